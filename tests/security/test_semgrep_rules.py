"""The local semgrep rules (.semgrep/) pass on the project and catch what they forbid."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BAD_PYTHON = """
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.html import format_html
from django.utils.safestring import mark_safe

def view(request, qs, Article, name):
    a = mark_safe(name)
    b = format_html(f"<b>{name}</b>")
    Article.objects.raw("select 1")
    qs.extra(where=["1=1"])
    RawSQL("select 1", [])
    with connection.cursor() as cursor:
        cursor.execute("select 1")
"""
BAD_TEMPLATE = "{{ article.body|safe }}\n{% autoescape off %}{{ x }}{% endautoescape %}\n"


def _semgrep():
    found = shutil.which("semgrep", path=str(Path(sys.executable).parent)) or shutil.which(
        "semgrep"
    )
    assert found, "semgrep is a dev dependency: pip install -e '.[dev]'"
    return found


def _scan(cwd, *targets):
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [_semgrep(), "scan", "--config", str(ROOT / ".semgrep"), "--metrics=off"]
        + ["--disable-version-check", "--quiet", "--json", *targets],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(result.stdout)
    return sorted((r["check_id"].rsplit(".", 1)[-1], r["path"]) for r in report["results"])


def test_project_code_and_templates_pass_the_local_rules():
    assert _scan(ROOT, "articles", "relations", "newsroom", "templates") == []


def test_the_rules_catch_unsafe_html_and_raw_sql_outside_reviewed_files(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "articles" / "views.py").write_text(BAD_PYTHON)
    (tmp_path / "templates" / "page.html").write_text(BAD_TEMPLATE)

    findings = {rule for rule, _ in _scan(tmp_path, "articles", "templates")}

    assert findings == {
        "newsroom-no-mark-safe",
        "newsroom-no-format-html-preformatted",
        "newsroom-no-raw-sql",
        "newsroom-no-safe-filter",
    }
