"""An article's links to countries, events, people, agreements and organizations, read for
its public page in one query.

The SQL is built once from the models' metadata (quoted identifiers); the article's id is
the only value and goes in as a parameter. It stands in for five `prefetch_related` queries
that were about half of the article page's time.
"""

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection

from relations.models import Agreement, Country, Event, Organization, Person


@dataclass(frozen=True)
class LinkedEntity:
    """How `linked_entities` reads one kind of link."""

    target: str  # the link table's foreign key to the entity
    label: str  # what the page shows
    key: str  # what its URL needs
    build: Callable
    order: Callable
    extra: str = ""
    day: str = ""


def _undated_last(day):
    return -(day.toordinal() if day else 0)


LINKED_ENTITIES = {
    "countries": LinkedEntity(
        "country", "name", "code",
        build=lambda pk, label, key, extra, day: Country(pk=pk, name=label, code=key),
        order=lambda c: c.name,
    ),
    "events": LinkedEntity(
        "event", "name", "slug", day="starts_on",
        build=lambda pk, label, key, extra, day: Event(pk=pk, name=label, slug=key, starts_on=day),
        order=lambda e: (_undated_last(e.starts_on), e.name),
    ),
    "people": LinkedEntity(
        "person", "name", "slug",
        build=lambda pk, label, key, extra, day: Person(pk=pk, name=label, slug=key),
        order=lambda p: p.name,
    ),
    "agreements": LinkedEntity(
        "agreement", "title", "slug", day="signed_on",
        build=lambda pk, label, key, extra, day: Agreement(
            pk=pk, title=label, slug=key, signed_on=day
        ),
        order=lambda g: (_undated_last(g.signed_on), g.title),
    ),
    "organizations": LinkedEntity(
        "organization", "name", "slug", extra="abbreviation",
        build=lambda pk, label, key, extra, day: Organization(
            pk=pk, name=label, slug=key, abbreviation=extra
        ),
        order=lambda o: o.name,
    ),
}  # fmt: skip


@functools.cache
def _linked_entities_sql():
    """The UNION ALL behind `Article.linked_entities`, built once from the models' tables."""
    from .models import Article  # this module is imported by the models module

    quote = connection.ops.quote_name
    parts = []
    for relation, spec in LINKED_ENTITIES.items():
        m2m = Article._meta.get_field(relation)
        link = m2m.remote_field.through._meta
        entity = m2m.related_model._meta
        fk = quote(link.get_field(spec.target).column)
        article_fk = quote(m2m.m2m_column_name())
        columns = [
            f"'{relation}'",
            "e.id",
            f"e.{quote(spec.label)}",
            f"e.{quote(spec.key)}",
            f"e.{quote(spec.extra)}" if spec.extra else "''",
            f"e.{quote(spec.day)}" if spec.day else "NULL",
        ]
        # Identifiers from the models' metadata, quoted; the article's id is a parameter.
        parts.append(
            f"SELECT {', '.join(columns)} FROM {quote(link.db_table)} l "  # nosec B608
            f"JOIN {quote(entity.db_table)} e ON e.id = l.{fk} WHERE l.{article_fk} = %s"
        )
    return " UNION ALL ".join(parts)


def linked_entities(article):
    """What the article links, for its page: `{"countries": [...], "events": [...],
    "people": [...], "agreements": [...], "organizations": [...]}`, each in its model's order.

    One query (a UNION over the five link tables) instead of five prefetches, which were
    about half of the article page's time. The instances carry what the page shows and
    links to (name or title, slug or code, the date it is ordered by), nothing else.
    """
    with connection.cursor() as cursor:
        cursor.execute(_linked_entities_sql(), [article.pk] * len(LINKED_ENTITIES))
        rows = cursor.fetchall()
    found = {relation: [] for relation in LINKED_ENTITIES}
    for relation, pk, label, key, extra, day in rows:
        if isinstance(day, str):  # SQLite hands back the ISO text
            day = dt.date.fromisoformat(day)
        found[relation].append(LINKED_ENTITIES[relation].build(pk, label, key, extra, day))
    for relation, spec in LINKED_ENTITIES.items():
        found[relation].sort(key=spec.order)
    return found
