"""Deep pages of the admin's article list: Django's OFFSET paginator against the deferred join.

    DATABASE_URL=... .venv/bin/python bench/admin_pages.py

Runs against the database DATABASE_URL names, which must hold a large archive: the one
`bench/site --generate 50000` builds (migrated, then ANALYZE). Logs in through the test client
as a superuser it creates if missing (`bench-admin`), with production settings unless
DJANGO_DEBUG is set, and times each list page (median of 7 after one warm-up) twice in the same
process: first with `newsroom.adminpaging.DEFERRED_FROM` past every page (Django's own single
query), then as configured. Prints a Markdown table.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("AXES_ENABLED", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from newsroom import adminpaging  # noqa: E402

LIST = "/admin/articles/article/"
URLS = [LIST, f"{LIST}?p=500", f"{LIST}?p=999", f"{LIST}?status=published",
        f"{LIST}?status=published&p=999"]  # fmt: skip
CONFIGURED = adminpaging.DEFERRED_FROM


def median_ms(client, url, rounds=7):
    client.get(url)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: is the archive there?")
    return statistics.median(times)


def main():
    user_model = get_user_model()
    user = user_model.objects.filter(username="bench-admin").first()
    if user is None:
        user = user_model.objects.create_superuser("bench-admin", "bench@example.com", None)
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    timings = {}
    for mode, threshold in (("offset", 10**12), ("deferred", CONFIGURED)):
        adminpaging.DEFERRED_FROM = threshold
        timings[mode] = [median_ms(client, url) for url in URLS]
    print("| page | OFFSET | keys first |\n|---|---:|---:|")
    for url, before, after in zip(URLS, timings["offset"], timings["deferred"], strict=True):
        print(f"| `{url}` | {before:.1f} ms | {after:.1f} ms |")


if __name__ == "__main__":
    main()
