"""Restore a backup written by backup_site into an empty database (and the media folder).

The manifest's checksums are verified before anything is written; a database that already
holds tables is refused unless --force, which first drops everything in it.
"""

import json
import sqlite3
import subprocess  # runs pg_restore with fixed arguments, no shell  # nosec B404
import tarfile
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from .backup_site import (
    FORMAT,
    MANIFEST,
    MEDIA_ARCHIVE,
    PG_DUMP,
    SQLITE_DUMP,
    pg_environment,
    pg_tool,
    sha256_of,
)


def database_is_empty(connection):
    return not connection.introspection.table_names(include_views=True)


def database_empty(connection):
    """Drop every table (and the FTS/search objects with them)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    else:
        connection.ensure_connection()
        blank = sqlite3.connect(":memory:")
        try:
            blank.backup(connection.connection)
        finally:
            blank.close()
    connection.close()


class Command(BaseCommand):
    help = "Restore a backup_site folder into an empty database and the media folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by backup_site.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Drop everything in a non-empty database before restoring.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, folder, force, database, **options):
        source = Path(folder)
        manifest = self._verified_manifest(source)
        connection = connections[database]
        if manifest["vendor"] != connection.vendor:
            raise CommandError(
                f"This backup is of a {manifest['vendor']} database; the configured database "
                f"is {connection.vendor}. Restore it into a {manifest['vendor']} database."
            )
        if not database_is_empty(connection):
            if not force:
                raise CommandError(
                    "The database is not empty: restore into a new, empty database, or pass "
                    "--force to drop everything in this one first."
                )
            database_empty(connection)

        if connection.vendor == "postgresql":
            self._restore_postgresql(connection, source / PG_DUMP)
        else:
            self._restore_sqlite(connection, source / SQLITE_DUMP)
        connection.close()  # forget anything this process knew about the old database
        ContentType.objects.clear_cache()
        media_files = self._extract_media(source / MEDIA_ARCHIVE, Path(settings.MEDIA_ROOT))
        # Every cached page describes the database that was just replaced. Without Redis the
        # cache is a table of that database, which an older backup may lack.
        call_command("createcachetable", database=database, verbosity=0)
        caches["default"].clear()
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {connection.vendor} database and {media_files} media files "
                f"from {source} (backup of {manifest['created_at']})"
            )
        )

    def _verified_manifest(self, source):
        try:
            manifest = json.loads((source / MANIFEST).read_text())
        except FileNotFoundError as exc:
            raise CommandError(f"{source} has no {MANIFEST}: is it a backup_site folder?") from exc
        if manifest.get("format") != FORMAT:
            raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
        for name, expected in manifest["files"].items():
            path = source / name
            if not path.is_file() or sha256_of(path) != expected["sha256"]:
                raise CommandError(
                    f"{path} is missing or does not match its checksum: the backup is damaged."
                )
        return manifest

    def _restore_postgresql(self, connection, dump):
        env = pg_environment(connection.settings_dict)
        command = [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
        command += ["--single-transaction", "--dbname", env.get("PGDATABASE", ""), str(dump)]
        connection.close()
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")

    def _restore_sqlite(self, connection, dump):
        connection.ensure_connection()
        backup = sqlite3.connect(dump)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()

    def _extract_media(self, archive, root):
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "r:gz") as tar:
            members = [m for m in tar.getmembers() if m.isfile()]
            # The "data" filter refuses absolute paths, "..", links and devices.
            tar.extractall(root, members=members, filter="data")  # nosec B202
        return len(members)
