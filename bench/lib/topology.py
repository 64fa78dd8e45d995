"""The production shape on 127.0.0.1, for bench/scaleout and bench/faults.

Two gunicorn app processes (deploy/gunicorn.conf.py) on their own ports behind a generated
nginx config, the machine's PostgreSQL (a database of the bench's own) and Redis (DB 12).
Everything started here is stopped by `Topology.close()` (also on Ctrl-C: callers use it as a
context manager).
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def require_tools(*names):
    """Stop with one clear line when a program the bench drives is not installed."""
    missing = [
        name for name in names if not shutil.which(name) and not Path(f"/usr/sbin/{name}").exists()
    ]
    if missing:
        packages = " ".join("nginx-light" if name == "nginx" else name for name in missing)
        sys.exit(f"{Path(sys.argv[0]).name} needs {', '.join(missing)}: apt-get install {packages}")


PG_DB = "nr_scaleout"
REDIS_URL = "redis://127.0.0.1:6379/12"

NGINX_CONF = """\
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 2048; }}
http {{
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream newsroom {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://newsroom;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            proxy_connect_timeout 1s;
            proxy_read_timeout 30s;
            # A dead or restarting process refuses connections (error) or answers 502: try
            # the other one. Not 503: that is the app's honest "database unavailable", and
            # every process shares the database. POSTs are never retried (not idempotent).
            proxy_next_upstream error timeout http_502;
            proxy_next_upstream_tries 2;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message):
    print(message, file=sys.stderr, flush=True)


def fetch(url, *, timeout=10):
    """(status, body); status 0 for a connection failure."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - local
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except (OSError, urllib.error.URLError):
        return 0, ""


def app_env(tmp):
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-" + "s" * 48,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(tmp / "static"),
        "NEWSROOM_VAR_DIR": str(tmp / "var"),
        "AXES_ENABLED": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{PG_DB}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": "scaleout",
        "PAGE_CACHE_SECONDS": "300",
        "DATABASE_STATEMENT_TIMEOUT": "15000",
        "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "2"),
        "GUNICORN_THREADS": os.environ.get("GUNICORN_THREADS", "4"),
    }


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def database_ready(env, articles):
    """The bench database exists, is migrated and holds the generated archive."""
    probe = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", PG_DB, "-Atc",
         "SELECT count(*) FROM articles_article WHERE slug LIKE 'bench-%'"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    return (
        probe.returncode == 0 and probe.stdout.strip().isdigit() and int(probe.stdout) >= articles
    )


def prepare(tmp, *, articles, reuse):
    env = app_env(tmp)
    started = time.monotonic()
    if reuse and database_ready(env, articles):
        log(f"reusing database {PG_DB}")
        run([str(PYTHON), "manage.py", "migrate", "--verbosity", "0"], env)
    else:
        for sql in (f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)", f"CREATE DATABASE {PG_DB}"):
            run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql], env)
        run([str(PYTHON), "manage.py", "migrate", "--verbosity", "0"], env)
        log(f"generating {articles} articles (bench/site's generator)")
        run([str(PYTHON), str(ROOT / "bench" / "site"), "--generate", str(articles)], env,
            stdout=subprocess.DEVNULL)  # fmt: skip
        run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", PG_DB, "-c",
             "VACUUM ANALYZE"], env)  # fmt: skip
    run([str(PYTHON), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)
    subprocess.run(["redis-cli", "-n", "12", "flushdb"], capture_output=True)
    log(f"database ready in {time.monotonic() - started:.0f} s")
    return env


class Topology:
    def __init__(self, *, articles=50_000, reuse=False):
        self.tmp = Path(tempfile.mkdtemp(prefix="newsroom-scaleout-"))
        self.articles = articles
        self.reuse = reuse
        self.apps = []  # (port, Popen)
        self.nginx = None
        self.port = None

    def __enter__(self):
        try:
            self.env = prepare(self.tmp, articles=self.articles, reuse=self.reuse)
            for _ in range(2):
                self.start_app()
            self.start_nginx()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def app_urls(self):
        return [f"http://127.0.0.1:{port}" for port, _ in self.apps]

    def start_app(self, port=None):
        port = port or free_port()
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        proc = subprocess.Popen(
            [str(GUNICORN), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
            cwd=ROOT, env=env, start_new_session=True,
            stderr=open(self.tmp / f"gunicorn-{port}.log", "ab"),  # noqa: SIM115
        )  # fmt: skip
        self.apps.append((port, proc))
        self.wait_healthy(f"http://127.0.0.1:{port}")
        return port

    def kill_app(self, index, sig=signal.SIGKILL):
        port, proc = self.apps[index]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait()
        self.apps.pop(index)
        return port

    def start_nginx(self):
        self.port = free_port()
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port, _ in self.apps
        )
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.tmp / sub).mkdir(exist_ok=True)
        user = "user root;" if os.geteuid() == 0 else ""
        conf = self.tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(user=user, tmp=self.tmp, servers=servers, port=self.port))
        self.nginx = subprocess.Popen(
            [NGINX, "-p", str(self.tmp), "-c", str(conf), "-g", "daemon off;"],
            start_new_session=True,
        )
        self.wait_healthy(self.url)

    def wait_healthy(self, base, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if fetch(base + "/healthz", timeout=2)[0] == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"{base} did not become healthy")

    def close(self):
        if self.nginx and self.nginx.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.nginx.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.nginx.wait(10)
        for _, proc in self.apps:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for _, proc in self.apps:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
        self.apps = []
        shutil.rmtree(self.tmp, ignore_errors=True)


def read_urls(env):
    """URLs of every public page type, read from the bench database (JSON from a child)."""
    out = run([str(PYTHON), str(Path(__file__).with_name("urls.py"))], env,
              stdout=subprocess.PIPE, text=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])
