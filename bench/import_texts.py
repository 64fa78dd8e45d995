"""Importer benchmark: articles per second end to end, and peak memory, as the archive grows.

    .venv/bin/python bench/import_texts.py                 # SQLite and PostgreSQL, 2,500/5,000/10,000
    .venv/bin/python bench/import_texts.py --engines sqlite --sizes 1000

Each measurement runs in a fresh process (peak RSS is per process) against a fresh database:
a temporary SQLite file, or the PostgreSQL database `nr_bench_import` (dropped and re-created;
PostgreSQL at 127.0.0.1:5432, user postgres, or BENCH_PG_URL). The process generates an archive
of plain-text files in the corpus's styles (our own sentences: digests of many articles with
date lines, single-article files, three date styles, four sources, Cyrillic texts), migrates,
then times `call_command("import_texts", folder)` alone. Memory: the process's peak resident
set size (ru_maxrss) after the import, and its growth over the peak before the import.
The process's CPU time is reported beside the wall time: on a shared 2-core machine other work
slows the wall clock, while CPU seconds per article (SQLite runs in-process) stay comparable.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/nr_bench_import")

# --------------------------------------------------------------------------------------------
# The archive

PEOPLE = [
    ("Deputy Minister of Foreign Affairs of Kazakhstan", "Aset Nurlanov"),
    ("Minister of Trade and Integration of Kazakhstan", "Berik Saparov"),
    ("Ambassador of Mongolia to Kazakhstan", "Batbold Ganzorig"),
    ("Foreign Minister of Uzbekistan", "Timur Rakhimov"),
    ("Vice Premier of China", "Wang Liqun"),
    ("Deputy Foreign Minister of Turkmenistan", "Merdan Orazov"),
    ("Chairman of the Investment Committee of Kazakhstan", "Daniyar Temirov"),
    ("Ambassador of Kazakhstan to Estonia", "Yerlan Baimukhan"),
]
PARTNERS = ["Mongolia", "China", "Uzbekistan", "Turkmenistan", "Estonia", "India", "Kyrgyzstan"]
TOPICS = ["rail transit", "water management", "digital trade", "energy security",
          "tourism routes", "grain exports", "customs procedures", "green hydrogen"]  # fmt: skip
SOURCES = [
    "press service of the Kazakh MFA reports",
    "Kazinform News Agency reports citing the Akorda press service",
    "Xinhua reports",
    "Qazinform News Agency reports",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


def _date_line(rng: random.Random, n: int) -> str:
    day, month, year = 1 + n % 28, 1 + (n // 28) % 12, 2020 + (n // 336) % 6
    style = n % 3
    if style == 0:
        return f"{day:02d}.{month:02d}.{year}"
    if style == 1:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{day} {MONTHS[month - 1]} {year}, {rng.randint(8, 20)}:{rng.randint(0, 59):02d}"


def _article(rng: random.Random, n: int) -> str:
    role, name = rng.choice(PEOPLE)
    partner, topic = rng.choice(PARTNERS), rng.choice(TOPICS)
    paragraphs = [
        f"{role} {name} held talks with a delegation from {partner} on {topic}, "
        f"{rng.choice(SOURCES)}.",
        f"The sides reviewed the schedule of joint projects for the coming year and agreed to "
        f"set up a working group on {topic} (meeting {n}).",
        f"{name.split()[-1]} noted that trade between Kazakhstan and {partner} keeps growing "
        "and invited partners to the next business forum in Astana.",
        "Both delegations expressed interest in expanding contacts between regions, "
        "universities and chambers of commerce.",
    ]
    title = f"Kazakhstan and {partner} discuss {topic}, session {n}"
    return f"{_date_line(rng, n)}\n{title}\n" + "\n".join(paragraphs) + "\n"


def _cyrillic(rng: random.Random, n: int) -> str:
    return (
        f"{1 + n % 28:02d}.{1 + n % 12:02d}.2025\nКазахстан и Монголия обсудили транзит, встреча {n}\n"
        "Стороны обсудили развитие транзитных перевозок и торговли, сообщает Казинформ.\n"
        "Участники договорились провести следующее заседание в Астане.\n"
    )


def generate(folder: Path, articles: int, *, seed: int = 7) -> int:
    """Write `articles` articles under `folder`: digests of 25 and single files. -> files."""
    rng = random.Random(seed)
    n, files = 0, 0
    while n < articles:
        files += 1
        sub = folder / f"{files // 200:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        if files % 3:  # two files in three are digests
            count = min(25, articles - n)
            text = "".join(_article(rng, n + k) for k in range(count))
        else:
            count = 1
            text = _cyrillic(rng, n) if files % 9 == 0 else _article(rng, n)
        (sub / f"{files:05d}.txt").write_text(text, encoding="utf-8")
        n += count
    return files


# --------------------------------------------------------------------------------------------
# One measurement (in its own process)


def _fresh_pg():
    import psycopg

    dbname = PG_URL.rsplit("/", 1)[1]
    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')


def measure(engine: str, articles: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",  # DEBUG keeps a log of queries: not what production runs
        DJANGO_SECRET_KEY="bench-only-" + "x" * 40,
        NEWSROOM_VAR_DIR=str(work / "var"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    (work / "var").mkdir()
    if engine == "postgresql":
        _fresh_pg()
        os.environ["DATABASE_URL"] = PG_URL
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    folder = work / "archive"
    files = generate(folder, articles)
    size = sum(p.stat().st_size for p in folder.rglob("*.txt"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out, err = open(os.devnull, "w"), open(os.devnull, "w")  # noqa: SIM115
    start, cpu_start = time.perf_counter(), time.process_time()
    call_command("import_texts", str(folder), stdout=out, stderr=err)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from articles.models import Article

    stored = Article.objects.count()
    return {
        "engine": engine,
        "articles": articles,
        "stored": stored,
        "files": files,
        "megabytes": round(size / 1e6, 1),
        "seconds": round(elapsed, 2),
        "articles_per_second": round(stored / elapsed),
        "cpu_seconds": round(cpu, 2),
        "articles_per_cpu_second": round(stored / cpu),
        "load_average": round(os.getloadavg()[0], 1),
        "peak_rss_mb": round(after / 1024, 1),
        "rss_growth_mb": round((after - before) / 1024, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[2500, 5000, 10000])
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "ARTICLES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]))))
        return
    print(f"{'engine':<11} {'articles':>8} {'files':>6} {'MB':>5} {'seconds':>8} "
          f"{'art/s':>6} {'CPU s':>6} {'art/CPU s':>9} {'peak RSS MB':>12} "
          f"{'RSS growth MB':>14} {'load avg':>8}")  # fmt: skip
    for engine in args.engines:
        for size in args.sizes:
            done = subprocess.run(
                [sys.executable, __file__, "--one", engine, str(size)],
                capture_output=True, text=True, check=True, cwd=REPO,
            )  # fmt: skip
            r = json.loads(done.stdout.strip().splitlines()[-1])
            assert r["stored"] == r["articles"], r
            print(f"{r['engine']:<11} {r['articles']:>8,} {r['files']:>6} {r['megabytes']:>5} "
                  f"{r['seconds']:>8} {r['articles_per_second']:>6} {r['cpu_seconds']:>6} "
                  f"{r['articles_per_cpu_second']:>9} {r['peak_rss_mb']:>12} "
                  f"{r['rss_growth_mb']:>14} {r['load_average']:>8}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
