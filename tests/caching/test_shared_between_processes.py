"""Without Redis the page cache still spans processes: it lives in the database.

Separate processes on one SQLite file, as deployed: gunicorn with two workers serves the
site, and an article is withdrawn from a `manage.py shell` beside it (as `import_texts` or
a second worker would). A per-process cache kept serving the withdrawn article from the
workers' memory until its entries expired.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TITLE = "Caspian ferry schedule agreed"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def site_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "PAGE_CACHE_SECONDS")
    }
    env.update(
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        NEWSROOM_VAR_DIR=str(tmp_path),
        PAGE_CACHE_SECONDS="300",
    )
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def gunicorn(site_env):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "newsroom.wsgi:application",
            "--workers", "2",
            "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning",
        ],
        cwd=REPO, env=site_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).close()  # noqa: S310 - local
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("gunicorn did not start: " + process.stderr.read().decode())
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(10)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local
        return response.headers["X-Page-Cache"], response.read().decode()


def test_a_withdrawal_in_another_process_reaches_every_workers_pages(site_env, gunicorn):
    manage(site_env, "migrate", "--verbosity", "0")
    manage(
        site_env, "shell", "-c",
        "from tests.factories import ArticleFactory; "
        f"ArticleFactory(title={TITLE!r})",
    )  # fmt: skip

    first = get(gunicorn + "/articles/")
    later = [get(gunicorn + "/articles/") for _ in range(6)]
    assert first == ("miss", first[1]) and TITLE in first[1]
    # Both workers answer from the one cache: nobody renders the page a second time.
    assert {status for status, _ in later} == {"hit"}

    manage(
        site_env, "shell", "-c",
        "from articles.models import Article; "
        f"article = Article.objects.get(title={TITLE!r}); "
        "article.status = Article.Status.ARCHIVED; article.save()",
    )  # fmt: skip

    after = [get(gunicorn + "/articles/") for _ in range(6)]
    assert after[0][0] == "miss"
    assert not [status for status, page in after if TITLE in page]
