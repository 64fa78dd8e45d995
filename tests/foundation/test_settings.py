"""Settings come from the environment; production values are safe (checked in subprocesses)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x" * 20 + "-long-random-production-secret-" + "y" * 20


def run_env(**env):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    return {**base, **env}


def run(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=run_env(**env), capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip


def settings_value(expr, **env):
    code = f"import newsroom.settings as s; print({expr})"
    result = run(code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("entry_point", ["newsroom.wsgi", "newsroom.asgi"])
def test_the_app_refuses_to_start_without_secret_key_when_not_debugging(entry_point):
    result = run(f"import {entry_point}", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_app_starts_with_a_secret_key():
    result = run("import newsroom.wsgi", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=SECRET)
    assert result.returncode == 0, result.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT, env=run_env(DJANGO_DEBUG="0"), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_debug_is_off_unless_asked_for():
    assert settings_value("s.DEBUG", DJANGO_SECRET_KEY=SECRET) == "False"
    assert settings_value("s.DEBUG", DJANGO_DEBUG="1") == "True"


def test_sqlite_under_var_by_default():
    name = settings_value("s.DATABASES['default']['NAME']", DJANGO_DEBUG="1")
    assert name.endswith("var/db.sqlite3")


def test_sqlite_connections_are_kept_between_requests():
    # Reopening the file per request cost more than a small page (docs/PERFORMANCE.md).
    kept = "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS']"
    assert settings_value(kept, DJANGO_DEBUG="1") == "60 False"
    assert settings_value(kept, DJANGO_DEBUG="1", DATABASE_CONN_MAX_AGE="0") == "0 False"


def test_database_url_switches_to_postgresql():
    out = settings_value(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.DATABASES['default']['HOST'], s.DATABASES['default']['OPTIONS']['connect_timeout']",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom",
    )
    assert out == "django.db.backends.postgresql newsroom 127.0.0.1 3"


@pytest.mark.parametrize(
    ("env", "options"),
    [
        ({}, "-c jit=off"),
        ({"DATABASE_STATEMENT_TIMEOUT": "15000"}, "-c jit=off -c statement_timeout=15000"),
        ({"DATABASE_JIT": "on"}, "-c jit=on"),
    ],
)
def test_postgresql_runs_without_jit_unless_asked(env, options):
    """JIT compiling the pages' short queries (high cost estimates from their correlated
    subqueries) cost more than running them."""
    out = settings_value(
        "s.DATABASES['default']['OPTIONS']['options']",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom",
        **env,
    )
    assert out == options


@pytest.mark.django_db
def test_the_postgresql_connection_has_jit_off():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting; the suite runs again on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_redis_url_switches_the_cache_to_redis():
    out = settings_value(
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']",
        DJANGO_DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert out == "newsroom.cache.ResilientRedisCache redis://127.0.0.1:6379/3"


def test_production_values_are_secure():
    out = settings_value(
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000",
        DJANGO_SECRET_KEY=SECRET,
    )
    assert out == "True True True True"


@pytest.mark.parametrize("opt_out", ["0"])
def test_https_redirect_can_be_turned_off_for_a_tls_terminating_proxy(opt_out):
    out = settings_value(
        "s.SECURE_SSL_REDIRECT", DJANGO_SECRET_KEY=SECRET, DJANGO_SECURE_SSL_REDIRECT=opt_out
    )
    assert out == "False"


def test_deploy_check_passes_with_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": "newsroom.example",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
