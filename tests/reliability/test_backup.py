"""backup_site / restore_site: a restored empty database serves the same site."""

import json
import sqlite3
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles.management.commands.restore_site import database_empty
from articles.models import Article
from tests.factories import AgreementFactory, ArticleFactory, EventFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def natural_dump():
    """Articles, entities and their history, as staff scripts would export them."""
    out = StringIO()
    call_command(
        "dumpdata",
        "articles",
        "relations",
        natural_foreign=True,
        natural_primary=True,
        indent=None,
        stdout=out,
    )
    return sorted(json.dumps(row, sort_keys=True) for row in json.loads(out.getvalue()))


@pytest.fixture
def site(settings):
    people = [PersonFactory(name="Murat Nurtleu"), PersonFactory(name="Luvsannamsrain Oyun-Erdene")]
    article = ArticleFactory(
        title="Kazakhstan and Mongolia sign a transit roadmap",
        countries=["KZ", "MN"],
        people=people,
        events=[EventFactory(name="Astana summit")],
        agreements=[AgreementFactory(title="Roadmap on transit")],
    )
    article.summary = "Edited after publication."
    article.save()  # a second history row
    media = settings.MEDIA_ROOT / "articles" / "2025" / "07"
    media.mkdir(parents=True)
    (media / "photo.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    return article


def test_a_restored_database_holds_the_same_articles_entities_and_history(site, tmp_path):
    before = natural_dump()
    history = Article.history.filter(id=site.pk).count()
    call_command("backup_site", output=str(tmp_path / "backup"), stdout=StringIO())
    database_empty(connection)

    call_command("restore_site", str(tmp_path / "backup"), stdout=StringIO())

    assert natural_dump() == before
    assert history >= 2
    assert Article.history.filter(id=site.pk).count() == history


def test_the_restored_site_serves_the_article_page(site, tmp_path, client):
    call_command("backup_site", output=str(tmp_path / "backup"), stdout=StringIO())
    database_empty(connection)

    call_command("restore_site", str(tmp_path / "backup"), stdout=StringIO())
    response = client.get(site.get_absolute_url())

    assert response.status_code == 200
    assert "Kazakhstan and Mongolia sign a transit roadmap" in response.content.decode()


def test_a_backup_older_than_the_cache_table_restores_to_a_caching_site(
    site, tmp_path, client, settings
):
    # Without Redis the page cache is a table of the database (settings.py); backups written
    # before it existed lack it.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "restored_cache",
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    call_command("backup_site", output=str(tmp_path / "backup"), stdout=StringIO())
    database_empty(connection)

    call_command("restore_site", str(tmp_path / "backup"), stdout=StringIO())

    assert client.get(site.get_absolute_url())["X-Page-Cache"] == "miss"
    second = client.get(site.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert "Kazakhstan and Mongolia sign a transit roadmap" in second.content.decode()


def test_cached_pages_stay_out_of_the_backup(site, tmp_path, client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "backed_up_cache",
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    call_command("createcachetable", verbosity=0)
    client.get(site.get_absolute_url())
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM backed_up_cache")
        assert cursor.fetchone()[0] > 1  # the page and its generations

    call_command("backup_site", output=str(tmp_path / "backup"), stdout=StringIO())

    if connection.vendor == "sqlite":
        dump = sqlite3.connect(tmp_path / "backup" / "database.sqlite3")
        try:
            assert dump.execute("SELECT COUNT(*) FROM backed_up_cache").fetchone() == (0,)
            assert dump.execute("SELECT COUNT(*) FROM articles_article").fetchone() == (1,)
        finally:
            dump.close()
    else:
        listing = subprocess.run(
            ["pg_restore", "--list", str(tmp_path / "backup" / "database.dump")],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert "TABLE public backed_up_cache" in listing
        assert "TABLE DATA public backed_up_cache" not in listing
        assert "TABLE DATA public articles_article" in listing
    # The emptied (and, on SQLite, vacuumed) copy restores to a working site.
    database_empty(connection)
    call_command("restore_site", str(tmp_path / "backup"), stdout=StringIO())
    response = client.get(site.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Kazakhstan and Mongolia sign a transit roadmap" in response.content.decode()


def test_media_files_come_back_with_the_database(site, tmp_path, settings):
    photo = settings.MEDIA_ROOT / "articles" / "2025" / "07" / "photo.jpg"
    call_command("backup_site", output=str(tmp_path / "backup"), stdout=StringIO())
    photo.unlink()
    database_empty(connection)

    call_command("restore_site", str(tmp_path / "backup"), stdout=StringIO())

    assert photo.read_bytes() == b"\xff\xd8 not really a jpeg"


def test_restore_refuses_a_database_that_is_not_empty(site, tmp_path):
    call_command("backup_site", output=str(tmp_path / "backup"), stdout=StringIO())
    Article.objects.filter(pk=site.pk).update(title="Changed since the backup")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_site", str(tmp_path / "backup"), stdout=StringIO())

    assert Article.objects.get(pk=site.pk).title == "Changed since the backup"


def test_restore_with_force_replaces_a_database_that_is_not_empty(site, tmp_path):
    call_command("backup_site", output=str(tmp_path / "backup"), stdout=StringIO())
    Article.objects.filter(pk=site.pk).update(title="Changed since the backup")

    call_command("restore_site", str(tmp_path / "backup"), force=True, stdout=StringIO())

    assert Article.objects.get(pk=site.pk).title == "Kazakhstan and Mongolia sign a transit roadmap"


def test_a_damaged_backup_is_refused_before_anything_is_dropped(site, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup_site", output=str(backup), stdout=StringIO())
    dump = next(p for p in backup.iterdir() if p.name.startswith("database"))
    dump.write_bytes(dump.read_bytes()[:-10])

    with pytest.raises(CommandError, match="checksum"):
        call_command("restore_site", str(backup), force=True, stdout=StringIO())

    assert Article.objects.filter(pk=site.pk).exists()
