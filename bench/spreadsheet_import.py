"""Spreadsheet import at scale: ArticleResource against a plain bulk_create of the same rows.

    DJANGO_DEBUG=1 .venv/bin/python bench/spreadsheet_import.py [--rows 10000] [--relations]
        [--repeat 3]

Runs against a fresh SQLite database in a temporary folder (or the database named by
DATABASE_URL, migrated beforehand, inside transactions that are rolled back). The same N CSV
rows (slug, date, title, status, body, source; with --relations also countries and people) are
1. parsed and written with `Article.objects.bulk_create` (body_html and word_count derived as
   `Article.save()` does; with --relations the link rows too), then rolled back;
2. imported through `ArticleResource().import_data()` (every row validated, one revision per
   row recorded), then rolled back.
The two alternate `--repeat` times, so a change in machine load hits both alike; the ratio is
taken from the medians of wall time and of this process's CPU time (on SQLite the database
works in this process too). Peak Python memory is measured in one more run of each under
tracemalloc, which slows everything and is therefore kept out of the timings.
"""

import argparse
import os
import statistics
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


def run(func, *, trace=False):
    """(wall seconds, CPU seconds, peak MiB or None, outcome) of `func`, rolled back."""
    from django.db import transaction

    if trace:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        with transaction.atomic():
            outcome = func()
            raise Rollback
    except Rollback:
        pass
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return wall, cpu, peak, outcome


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--relations", action="store_true", help="add countries and people")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if "DATABASE_URL" not in os.environ:
        call_command("migrate", verbosity=0)

    from import_export.formats.base_formats import CSV

    from articles.models import Article, Source
    from articles.rendering import plain_text, render_body, word_count
    from articles.resources import ArticleResource
    from relations.models import Country, Person

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
            body_html = render_body(body)
            objs.append(
                Article(
                    slug=row["slug"],
                    published_at=widget.clean(row["published_at"]),
                    title=row["title"],
                    status=row["status"],
                    body=body,
                    body_html=body_html,
                    plain_text=plain_text(body_html),
                    word_count=word_count(body),
                    source=source,
                )
            )
        created = Article.objects.bulk_create(objs, batch_size=1000)
        if args.relations:
            # The same links the resource writes: the file's countries and people.
            countries = list(Country.objects.filter(code__in=["KZ", "MN", "CN"]))
            people = list(Person.objects.filter(slug__in=["bench-person-a", "bench-person-b"]))
            for through, column, targets in (
                (Article.countries.through, "country_id", countries),
                (Article.people.through, "person_id", people),
            ):
                through.objects.bulk_create(
                    [
                        through(article_id=article.pk, **{column: target.pk})
                        for article in created
                        for target in targets
                    ],
                    batch_size=1000,
                )
        return f"{len(created)} created"

    def through_resource():
        dataset = CSV(encoding="utf-8").create_dataset(text)
        result = ArticleResource().import_data(dataset)
        assert not result.has_errors() and not result.has_validation_errors()
        return f"{result.totals['new']} created"

    jobs = {"plain bulk_create": plain_bulk_create, "ArticleResource.import_data": through_resource}
    times = {label: [] for label in jobs}
    for attempt in range(args.repeat):
        order = list(jobs) if attempt % 2 == 0 else list(reversed(jobs))
        for label in order:
            wall, cpu, _, outcome = run(jobs[label])
            times[label].append((wall, cpu))
            print(f"  run {attempt + 1} {label:<28} {wall:7.2f} s wall {cpu:7.2f} s CPU  {outcome}")
    peaks = {label: run(func, trace=True)[2] for label, func in jobs.items()}
    medians = {}
    for label, samples in times.items():
        wall = statistics.median(w for w, _ in samples)
        cpu = statistics.median(c for _, c in samples)
        medians[label] = (wall, cpu)
        print(
            f"{label:<28} median {wall:7.2f} s wall ({args.rows / wall:6.0f} rows/s), "
            f"{cpu:7.2f} s CPU, best {min(w for w, _ in samples):7.2f} s, "
            f"peak {peaks[label]:6.1f} MiB"
        )
    (base_wall, base_cpu), (res_wall, res_cpu) = medians.values()
    print(
        f"ratio resource / bulk_create: {res_wall / base_wall:.2f}x wall, "
        f"{res_cpu / base_cpu:.2f}x CPU"
    )


if __name__ == "__main__":
    main()
