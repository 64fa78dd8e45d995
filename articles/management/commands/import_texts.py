"""`manage.py import_texts PATH [PATH ...]`: the plain-text importer's command line.

The options, the exit status and the `--json` report are a contract (DESIGN.md): staff scripts
read stdout, so with `--json` nothing but the report goes there; progress and logs go to stderr.
"""

import json
import logging
import sys
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importing.files import collect, is_zip_name, missing_paths
from articles.importing.load import source_lookup, texts_import
from newsroom.db import refresh_statistics

logger = logging.getLogger(__name__)

EXIT_FILE_FAILED = 1
EXIT_USAGE = 2


def _count_files(paths) -> int | None:
    """How many texts the paths hold, for the progress bar; None when an archive is unreadable."""
    total = 0
    for given in paths:
        path = Path(given)
        if path.is_dir():
            total += sum(1 for p in path.rglob("*.txt") if p.is_file())
        elif is_zip_name(given):
            try:
                with zipfile.ZipFile(path) as archive:
                    total += sum(1 for n in archive.namelist() if n.lower().endswith(".txt"))
            except (OSError, zipfile.BadZipFile):
                return None
        else:
            total += 1
    return total


class Command(BaseCommand):
    help = (
        "Import plain-text articles from files, folders (recursively, .txt files in name order) "
        "and .zip archives. Exit status: 0 every file read, 1 some file failed, 2 usage error."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A file, folder or .zip.")
        parser.add_argument("--dry-run", action="store_true", help="Parse and link, write nothing.")
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print the JSON report on stdout and nothing else there.",
        )
        parser.add_argument(
            "--status",
            choices=["published", "draft"],
            default="published",
            help="Status of imported articles (default: published). Undated ones go to review.",
        )
        parser.add_argument(
            "--source", metavar="NAME", help="The source to assume when a text names none."
        )

    def handle(self, *args, **options):
        paths = options["paths"]
        missing = missing_paths(paths)
        if missing:
            raise CommandError(
                f"no such file or folder: {', '.join(missing)}", returncode=EXIT_USAGE
            )
        source = None
        if options["source"]:
            source = source_lookup(options["source"])
            if source is None:
                raise CommandError(
                    f"unknown source {options['source']!r}: give a source's name or alias "
                    "(see Sources in the admin)",
                    returncode=EXIT_USAGE,
                )
        as_json = options["json"]
        stderr = getattr(self.stderr, "_out", sys.stderr)
        progress = tqdm(
            total=_count_files(paths),
            unit="file",
            desc="import" if not options["dry_run"] else "dry run",
            file=stderr,
            disable=None,  # no bar when stderr is not a terminal (cron, CI, pipes)
            dynamic_ncols=True,
        )
        articles = 0

        def on_file(entry):
            nonlocal articles
            articles += len(entry["articles"])
            progress.update(1)
            progress.set_postfix(articles=articles, refresh=False)
            if entry["status"] == "error":
                logger.warning("%s: %s", entry["path"], entry["error"])

        def on_skipped(skipped):
            logger.info("%s: %s", skipped.name, skipped.message)

        try:
            report = texts_import(
                files=collect(paths),
                status=options["status"],
                default_source=source,
                dry_run=options["dry_run"],
                on_file=on_file,
                on_skipped=on_skipped,
                keep_articles=as_json,
            )
        finally:
            progress.close()
        totals = report["totals"]
        if not options["dry_run"] and (totals["created"] or totals["updated"]):
            # An archive import may change what SQLite's planner should expect.
            refresh_statistics(only_if_stale=True)

        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self._summary(report)
        if totals["errors"]:
            raise CommandError(
                f"{totals['errors']} of {totals['files']} files could not be imported "
                "(the others were); see the report",
                returncode=EXIT_FILE_FAILED,
            )

    def _summary(self, report):
        for entry in report["files"]:
            if entry["status"] == "error":
                self.stdout.write(self.style.ERROR(f"error  {entry['path']}: {entry['error']}"))
        t = report["totals"]
        prefix = "Dry run, nothing written: would import" if report["dry_run"] else "Imported"
        line = (
            f"{prefix} {t['files'] - t['errors']} of {t['files']} files: {t['articles']} articles "
            f"({t['created']} created, {t['updated']} updated, {t['unchanged']} unchanged"
            + (f", {t['conflicts']} edited in the admin and left alone" if t["conflicts"] else "")
            + ")."
        )
        self.stdout.write(self.style.SUCCESS(line) if not t["errors"] else line)
