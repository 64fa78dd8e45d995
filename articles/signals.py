"""Housekeeping signal handlers (connected in ArticlesConfig.ready): page-cache purges and the
SQLite full-text triggers. No domain rules live here."""

import threading

from django.db import connections, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from newsroom.db import refresh_statistics

from .caching import public_pages_purge, public_pages_purge_on_commit
from .models import Article
from .search import SQLITE_INDEXES

# What public pages show: articles and sources, and every entity of `relations`.
PUBLIC_APPS = {"articles", "relations"}
# Written alongside public data but never shown on their own.
PRIVATE_MODELS = {"articles.importrecord", "articles.importrecord_articles"}
# An article's own links: changing them touches that article's page and the lists only.
ARTICLE_LINKS = {Article._meta.get_field(name).remote_field.through for name in (
    "countries", "people", "organizations", "events", "agreements", "positions", "figures",
)}  # fmt: skip


def _is_public(model):
    meta = model._meta
    return (
        meta.app_label in PUBLIC_APPS
        and meta.label_lower not in PRIVATE_MODELS
        # django-simple-history's audit rows accompany a save that purges already.
        and not meta.model_name.startswith("historical")
    )


@receiver(post_save, dispatch_uid="articles.purge_public_pages_on_save")
@receiver(post_delete, dispatch_uid="articles.purge_public_pages_on_delete")
def purge_public_pages_on_write(sender, instance, using="default", raw=False, **kwargs):
    if raw or not _is_public(sender):
        return
    if sender is not Article:
        public_pages_purge_on_commit(using=using)  # an entity or source: every page
        return
    stored = instance.stored_value("slug")  # saved over, as the handler runs inside save()
    if stored is None and not kwargs.get("created", False) and kwargs.get("signal") is post_save:
        # An update whose previous URL is unknown (the slug was never loaded): purge all.
        public_pages_purge_on_commit(using=using)
    else:
        public_pages_purge_on_commit(using=using, articles={instance.slug, stored} - {None})
    deleted = kwargs.get("signal") is post_delete
    if (deleted or instance.edition_changed()) and not (
        kwargs.get("created") and instance.translation_of_id is None
    ):
        # The other editions' pages name this one ("Also in", alternates): those of the
        # story it belongs to now and of the one it left, if any.
        previous = instance.stored_value("translation_of_id")
        _purge_editions_on_commit(using=using, originals={instance.original_id, previous})


# The stories (their originals' ids) written in the current transaction, per thread and
# database: one query finds their editions when it commits (an import of 500 rows asks
# once, not 500 times). What a rolled-back transaction leaves here is purged with the next
# commit: a purge too many is harmless, one too few is not.
_edition_writes = threading.local()


def _purge_editions_on_commit(*, using, originals):
    _edition_writes.__dict__.setdefault(using, set()).update(originals - {None})
    transaction.on_commit(lambda: _purge_pending_editions(using), using=using)


def _purge_pending_editions(using):
    stories = sorted(_edition_writes.__dict__.pop(using, ()))
    slugs = set()
    for start in range(0, len(stories), 500):  # SQLite caps query parameters
        batch = stories[start : start + 500]
        has_editions = Exists(Article.objects.filter(translation_of=OuterRef("pk")))
        # The originals among them that have editions, and those editions: an article on
        # its own has no other page to purge.
        slugs.update(
            Article.objects.using(using)
            .filter((has_editions & Q(pk__in=batch)) | Q(translation_of__in=batch))
            .order_by()
            .values_list("slug", flat=True)
        )
    if slugs:
        public_pages_purge(articles=slugs)


@receiver(m2m_changed, dispatch_uid="articles.purge_public_pages_on_links")
def purge_public_pages_on_links(sender, instance, action, reverse, using="default", **kwargs):
    if not action.startswith("post_") or not _is_public(sender):
        return
    if sender in ARTICLE_LINKS and not reverse:
        public_pages_purge_on_commit(using=using, articles=[instance.slug])
    else:
        public_pages_purge_on_commit(using=using)


@receiver(post_migrate, dispatch_uid="articles.restore_sqlite_search_triggers")
def restore_sqlite_search_triggers(sender, using="default", **kwargs):
    """Re-create the FTS5 indexes' sync triggers if a later migration rebuilt articles_article.

    SQLite alters a table by copying it into a new one, which drops its triggers; an index
    would then silently stop following edits. Rebuilding it afterwards catches up.
    """
    if sender.label != "articles":
        return
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, type FROM sqlite_master WHERE tbl_name = 'articles_article'")
        present = {name for name, kind in cursor.fetchall() if kind == "trigger"}
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in cursor.fetchall()}
        for table, triggers in SQLITE_INDEXES.items():
            if table not in tables or set(triggers) <= present:
                continue  # its migration not applied (yet), or nothing lost
            for statement in triggers.values():
                cursor.execute(statement)
            # A constant table name from articles.search.  # nosec B608
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")  # nosec B608


@receiver(post_migrate, dispatch_uid="articles.refresh_statistics")
def refresh_statistics_after_migrate(sender, using="default", **kwargs):
    """Statistics for SQLite's planner once the schema is in place (`newsroom.db`)."""
    if sender.label == "articles":
        refresh_statistics(using)


@receiver(post_migrate, dispatch_uid="articles.purge_public_pages_after_migrate")
def purge_public_pages_after_migrate(sender, plan=None, **kwargs):
    """A migration may change what pages show (a data migration moves slugs, re-derives
    teasers) without a save that purges: every cached page goes stale once `migrate` has
    applied one. A `migrate` with nothing to apply leaves the cache warm."""
    if sender.label == "articles" and plan:
        public_pages_purge()
