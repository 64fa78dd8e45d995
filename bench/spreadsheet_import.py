"""Spreadsheet import at scale: ArticleResource against a plain bulk_create of the same rows.

    DJANGO_DEBUG=1 .venv/bin/python bench/spreadsheet_import.py [--rows 10000] [--relations]

Runs against a fresh SQLite database in a temporary folder (or the database named by
DATABASE_URL, inside a transaction that is rolled back). The same N CSV rows (slug, date,
title, status, body, source; with --relations also countries and people) are
1. parsed and written with `Article.objects.bulk_create` (body_html and word_count derived as
   `Article.save()` does), then rolled back;
2. imported through `ArticleResource().import_data()` (every row validated, history recorded),
   then rolled back.
Prints rows per second, peak Python memory (tracemalloc) and the ratio of the two times.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["NEWSROOM_VAR_DIR"] = tempfile.mkdtemp(prefix="nr-bench-")


class Rollback(Exception):
    pass


def make_csv(rows, relations):
    header = "slug,published_at,title,status,body,source"
    if relations:
        header += ",countries,people"
    lines = [header]
    for n in range(rows):
        day = 1 + n % 28
        line = (
            f"bench-story-{n},2025-08-{day:02d} 10:{n % 60:02d}:00,Bench story number {n},"
            f"published,Ministers met in Astana on day {day}. They discussed transit {n}.,Akorda"
        )
        if relations:
            line += ",KZ;MN;CN,bench-person-a;bench-person-b"
        lines.append(line)
    return "\n".join(lines) + "\n"


def measure(label, rows, func):
    from django.db import transaction

    tracemalloc.start()
    started = time.perf_counter()
    try:
        with transaction.atomic():
            outcome = func()
            raise Rollback
    except Rollback:
        pass
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<34} {elapsed:8.2f} s  {rows / elapsed:9.0f} rows/s  "
        f"peak {peak / 2**20:7.1f} MiB  {outcome}"
    )
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--relations", action="store_true", help="add countries and people")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if "DATABASE_URL" not in os.environ:
        call_command("migrate", verbosity=0)

    from import_export.formats.base_formats import CSV

    from articles.models import Article, Source
    from articles.rendering import render_body, word_count
    from articles.resources import ArticleResource
    from relations.models import Person

    Person.objects.get_or_create(slug="bench-person-a", defaults={"name": "Bench Person A"})
    Person.objects.get_or_create(slug="bench-person-b", defaults={"name": "Bench Person B"})
    text = make_csv(args.rows, args.relations)
    print(
        f"{args.rows} rows, {len(text) / 2**20:.1f} MiB of CSV, "
        f"{connection.vendor}, relations={'yes' if args.relations else 'no'}"
    )

    def plain_bulk_create():
        dataset = CSV(encoding="utf-8").create_dataset(text)
        source = Source.objects.get(name="Akorda")
        widget = ArticleResource.fields["published_at"].widget
        objs = []
        for row in dataset.dict:
            body = row["body"]
            objs.append(
                Article(
                    slug=row["slug"],
                    published_at=widget.clean(row["published_at"]),
                    title=row["title"],
                    status=row["status"],
                    body=body,
                    body_html=render_body(body),
                    word_count=word_count(body),
                    source=source,
                )
            )
        return f"{len(Article.objects.bulk_create(objs, batch_size=1000))} created"

    def through_resource():
        dataset = CSV(encoding="utf-8").create_dataset(text)
        result = ArticleResource().import_data(dataset)
        assert not result.has_errors() and not result.has_validation_errors()
        return f"{result.totals['new']} created"

    baseline = measure("plain bulk_create", args.rows, plain_bulk_create)
    resource = measure("ArticleResource.import_data", args.rows, through_resource)
    print(f"ratio resource / bulk_create: {resource / baseline:.1f}x")


if __name__ == "__main__":
    main()
