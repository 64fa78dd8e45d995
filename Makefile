# Newsroom: `make run` to try it, `make test` to check it. Every target is idempotent.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
AXE := node_modules/axe-core/axe.min.js
export DJANGO_DEBUG ?= 1

# Django 6 needs Python 3.12+: a working python3.13/python3.12 on PATH, else one under pyenv.
find_python = $(firstword $(foreach p,python3.13 python3.12 python3,$(shell command -v $(p) >/dev/null 2>&1 && $(p) -c 'import sys; assert sys.version_info >= (3, 12); print(sys.executable)' 2>/dev/null)) $(foreach v,3.14 3.13 3.12,$(wildcard $(shell pyenv root 2>/dev/null)/versions/$(v).*/bin/python$(v) $(HOME)/.pyenv/versions/$(v).*/bin/python$(v))))

.PHONY: help install run test test-fast lint browser-deps demo clean

help:
	@echo "make run      set everything up and serve http://127.0.0.1:8000 (SQLite)"
	@echo "make test     lint and run the whole test suite"
	@echo "make install  create .venv and install the project with its dev extra"

install: $(STAMP)

$(STAMP): pyproject.toml
	@set -e; \
	if [ ! -x $(PY) ]; then \
	  python="$(call find_python)"; \
	  if [ -z "$$python" ]; then \
	    echo "Newsroom needs Python 3.12 or newer: install python3.13 (or pyenv install 3.13) and run make again." >&2; exit 1; \
	  fi; \
	  echo "Creating $(VENV) with $$python"; \
	  "$$python" -m venv $(VENV); \
	fi; \
	$(PY) -m pip install --quiet --upgrade pip; \
	$(PY) -m pip install --quiet -e ".[dev]"; \
	touch $(STAMP)

# Browser tests need Debian's Chromium and axe-core from npm (never `playwright install`).
browser-deps: $(AXE)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium (Debian package) for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	  else echo "Browser tests need Chromium: sudo apt-get install chromium fonts-liberation" >&2; exit 1; fi; }
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing a Java runtime (Debian package) for the HTML checker (vnu.jar)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "The HTML check needs Java: sudo apt-get install default-jre-headless" >&2; exit 1; fi; }

$(AXE):
	@command -v npm >/dev/null 2>&1 || { echo "Browser tests need npm (Node.js) for axe-core" >&2; exit 1; }
	@npm install --silent --no-audit --no-fund --no-save axe-core@4.10 >/dev/null

var:
	@mkdir -p var/media

run: install var
	@$(PY) manage.py migrate --verbosity 0
	@$(PY) manage.py load_demo
	@$(PY) manage.py ensure_admin
	@$(PY) manage.py runserver 127.0.0.1:8000

lint: install var
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check --quiet .
	@DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  DJANGO_ALLOWED_HOSTS=newsroom.example $(PY) manage.py check --deploy --fail-level WARNING
	@$(PY) manage.py makemigrations --check --dry-run --verbosity 0
	@# bandit prints "nosec encountered (B608), but no failed test" for each line of a multi-line
	@# f-string it did flag (PyCQA/bandit#1204): noise, not a finding.
	@$(VENV)/bin/bandit --quiet --recursive articles relations newsroom --exclude '*/migrations/*' --severity-level medium
	@# Local rules only (.semgrep/): no registry, no metrics, works offline.
	@$(VENV)/bin/semgrep scan --config .semgrep --metrics=off --disable-version-check --error --quiet articles relations newsroom templates

test: install browser-deps lint
	@$(VENV)/bin/pytest -q -n 2 --create-db

# Without the browser tests, for a quick loop.
test-fast: install
	@$(VENV)/bin/pytest -q -n 2 -m "not browser"

clean:
	rm -rf $(VENV) node_modules var/db.sqlite3
