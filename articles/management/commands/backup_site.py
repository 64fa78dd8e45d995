"""Back up the site: the database (pg_dump custom format, or SQLite's online backup) and the
media files, with a manifest of checksums that restore_site verifies before touching anything.
"""

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess  # runs pg_dump with fixed arguments, no shell  # nosec B404
import tarfile
from pathlib import Path

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"
FORMAT = 1


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pg_environment(settings_dict):
    """libpq environment for pg_dump/pg_restore: the password never appears in argv."""
    env = {**os.environ}
    options = settings_dict.get("OPTIONS", {})
    for key, var in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    env["PGCONNECT_TIMEOUT"] = str(options.get("connect_timeout", 10))
    return env


def _regexp(pattern, value):
    return value is not None and re.search(pattern, str(value)) is not None


def cache_tables():
    """The tables of the database caches in the settings (the page cache without Redis):
    their rows are copies of pages, not data, and stay out of backups."""
    return sorted(
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    )


def pg_tool(name):
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} is not installed: install the PostgreSQL client tools.")
    return path


class Command(BaseCommand):
    help = "Write a backup (database dump + media archive + manifest) into an empty folder."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Folder to create (must be empty).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output, database, **options):
        target = Path(output)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} is not empty: give a new folder for each backup.")
        target.mkdir(parents=True, exist_ok=True)
        connection = connections[database]

        if connection.vendor == "postgresql":
            dump = target / PG_DUMP
            self._dump_postgresql(connection, dump)
        elif connection.vendor == "sqlite":
            dump = target / SQLITE_DUMP
            self._dump_sqlite(connection, dump)
        else:
            raise CommandError(f"No backup method for {connection.vendor}.")

        media = target / MEDIA_ARCHIVE
        media_files = self._archive_media(Path(settings.MEDIA_ROOT), media)

        recorder = MigrationRecorder(connection)
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "vendor": connection.vendor,
            "django": django.get_version(),
            "migrations": sorted(f"{app}.{name}" for app, name in recorder.applied_migrations()),
            "media_files": media_files,
            "files": {
                path.name: {"sha256": sha256_of(path), "bytes": path.stat().st_size}
                for path in (dump, media)
            },
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {connection.vendor} database and {media_files} media files "
                f"to {target}"
            )
        )

    def _dump_postgresql(self, connection, dump):
        env = pg_environment(connection.settings_dict)
        command = [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
        command += [f"--exclude-table-data={table}" for table in cache_tables()]
        command += ["--file", str(dump)]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")

    def _dump_sqlite(self, connection, dump):
        # The online backup API copies a consistent snapshot while the site keeps running.
        connection.ensure_connection()
        destination = sqlite3.connect(dump)
        try:
            connection.connection.backup(destination)
            existing = {row[0] for row in destination.execute("SELECT name FROM sqlite_master")}
            emptied = [table for table in cache_tables() if table in existing]
            for table in emptied:  # names from the settings, not from a request
                destination.execute(f'DELETE FROM "{table}"')  # nosec B608
            if emptied:
                destination.commit()
                # Give the copy's freed pages back. VACUUM copies every row again, through
                # CHECK constraints one of which calls REGEXP (a function Django's connections
                # define, not SQLite).
                destination.create_function("REGEXP", 2, _regexp, deterministic=True)
                destination.execute("VACUUM")
        finally:
            destination.close()

    def _archive_media(self, root, archive):
        count = 0
        with tarfile.open(archive, "w:gz") as tar:
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        tar.add(path, arcname=str(path.relative_to(root)), recursive=False)
                        count += 1
        return count
