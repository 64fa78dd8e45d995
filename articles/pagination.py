"""Keyset (seek) pagination on (published_at, id), newest first.

A deep page costs what the first page costs: the database seeks into the
(-published_at, -id) index instead of counting past an OFFSET, so page 2,000 of a
50,000-article archive answers as fast as page 1. Links carry a cursor naming the last
(or first) row shown: `?before=<cursor>` walks back in time, `?after=<cursor>` forward.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def encode_cursor(article):
    micros = (article.published_at - EPOCH) // dt.timedelta(microseconds=1)
    return f"{micros}-{article.pk}"


def decode_cursor(value):
    """(published_at, pk) from a cursor, or None when it is malformed."""
    micros, sep, pk = (value or "").partition("-")
    if not sep or not micros.isdigit() or not pk.isdigit():
        return None
    try:
        return EPOCH + dt.timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:
        return None


# The leading inequality on published_at alone gives the planner an index range to seek into;
# the OR alone (which the tie-break needs) made PostgreSQL scan from the newest row.
def seek_before(at, pk):
    return Q(published_at__lte=at) & (Q(published_at__lt=at) | Q(pk__lt=pk))


def seek_after(at, pk):
    return Q(published_at__gte=at) & (Q(published_at__gt=at) | Q(pk__gt=pk))


def seeking(queryset, condition):
    """`queryset` filtered by the seek `condition`, placed first in its WHERE clause.

    The public gate (`published_at <= now`) is already in `queryset`. Given two upper bounds
    on published_at, SQLite bounds its index range by the first one it meets, so page 2,000
    walked the index from the newest article down to the cursor (5 ms at 50,000 articles,
    0.02 ms with the cursor's bound first). PostgreSQL uses the tighter bound either way.
    """
    kept = len(queryset.query.where.children)
    qs = queryset.filter(condition)
    where = qs.query.where
    if where.connector == "AND" and not where.negated:
        where.children[:] = where.children[kept:] + where.children[:kept]
    return qs


@dataclass
class KeysetPage:
    items: list = field(default_factory=list)
    next_cursor: str | None = None  # older articles
    prev_cursor: str | None = None  # newer articles

    @property
    def has_next(self):
        return self.next_cursor is not None

    @property
    def has_previous(self):
        return self.prev_cursor is not None

    @property
    def has_other_pages(self):
        return self.has_next or self.has_previous


def keyset_page(queryset, *, before=None, after=None, size=20):
    """One page of `queryset` (ordered here newest first) in a single query.

    One extra row is fetched to learn whether another page follows, so no COUNT is run.
    """
    before_key, after_key = decode_cursor(before), decode_cursor(after)
    if after_key is not None:
        at, pk = after_key
        rows = list(
            seeking(queryset, seek_after(at, pk)).order_by("published_at", "pk")[: size + 1]
        )
        more_newer = len(rows) > size
        items = list(reversed(rows[:size]))
        return KeysetPage(
            items=items,
            next_cursor=encode_cursor(items[-1]) if items else None,
            prev_cursor=encode_cursor(items[0]) if items and more_newer else None,
        )
    qs = queryset.order_by("-published_at", "-pk")
    if before_key is not None:
        at, pk = before_key
        qs = seeking(qs, seek_before(at, pk))
    rows = list(qs[: size + 1])
    items = rows[:size]
    return KeysetPage(
        items=items,
        next_cursor=encode_cursor(items[-1]) if len(rows) > size else None,
        # A page reached with ?before= has newer articles above it by construction.
        prev_cursor=encode_cursor(items[0]) if before_key is not None and items else None,
    )
