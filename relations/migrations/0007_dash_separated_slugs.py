"""Slugs the old rule glued together at a dash, a slash or an initial's point follow the new
rule, and the addresses they leave lead to them.

`relations.slugs.slugify` dropped dashes and slashes as Django's `slugify` does, so
"Kazakhstan–Mongolia Commission" became `kazakhstanmongolia-commission`; now they separate
words (`kazakhstan-mongolia-commission`), as the point after an initial does ("B.Battsetseg",
once `bbattsetseg`, is `b-battsetseg`). A stored slug is in public URLs and is the identity
of a row in a spreadsheet without slugs, whose empty slugs are made from the names with the
live rule. So every stored slug that is what the old rule made from its row's name or title
(the base, or the base with the `-2`, `-3` ... `unique_slug` adds) and that the new rule makes
otherwise is moved to the new base, with its suffix (or the first free one, from `-2`, when
that slug is taken). A slug an editor chose is left alone. The addresses a row leaves are
recorded as `FormerAddress` rows, as `KeepsFormerAddresses.save()` records them (the page
and what the model's `address_suffixes` moves with it), and answer 301 through
`relations.middleware`.

Both rules are frozen here (the live one may change again); `articles` 0023 moves articles
and sources with these functions. Rows are written with `bulk_update`: no revision, no new
`updated_at` or version, no cache purge (cached pages expire within PAGE_CACHE_SECONDS; until
then the old address answers from the cache, then with the 301). Only rows whose name holds
one of the separators or a point are read. The reverse keeps the new slugs: they are valid,
and the recorded addresses keep the old links working.
"""

import re
import unicodedata

from django.db import migrations
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from unidecode import unidecode

# -- the slug rules as this migration found them (relations/slugs.py) ---------------------------

_KAZAKH = str.maketrans(
    {
        "ә": "a",
        "Ә": "A",
        "ғ": "g",
        "Ғ": "G",
        "қ": "k",
        "Қ": "K",
        "ң": "n",
        "Ң": "N",
        "ө": "o",
        "Ө": "O",
        "ұ": "u",
        "Ұ": "U",
        "ү": "u",
        "Ү": "U",
        "һ": "h",
        "Һ": "H",
        "і": "i",
        "І": "I",
    }
)

# What the new rule reads as a space: the dashes of Unicode 15.1 (Pd, but the ASCII hyphen),
# the minus sign, the slashes.
SEPARATORS = (
    "\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a\u2e3b"
    "\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead"
    "\u2212"
    "/\u2044\u2215\uff0f"
)
_SEPARATE = str.maketrans(dict.fromkeys(SEPARATORS, "-"))
# A point between an initial and a capitalised name ("B.Battsetseg") separates them too.
_INITIAL_POINT = re.compile(r"(?<=[^\W\d_])\.(?=[^\W\d_]{2})")


def _initials_separated(text):
    if "." not in text:
        return text
    return _INITIAL_POINT.sub(
        lambda m: "-" if text[m.end()].isupper() and text[m.end() + 1].islower() else ".", text
    )


def _latin(ch):
    if not ch.isalnum() or unicodedata.normalize("NFKD", ch).encode("ascii", "ignore"):
        return ch
    return unidecode(ch)


def _django_slugify(value):
    # django.utils.text.slugify (6.1), without allow_unicode.
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s]+", "-", value).strip("-_")


def old_slugify(text):
    """The rule before this migration: dashes and slashes dropped."""
    text = str(text)
    if "<" in text:
        text = strip_tags(text)
    if not text.isascii():
        text = "".join(_latin(ch) for ch in text.translate(_KAZAKH))
    return _django_slugify(text)


def new_slugify(text):
    """The rule from this migration on: dashes and slashes separate words."""
    text = str(text)
    if "<" in text:
        text = strip_tags(text)  # first: the slash of a closing tag separates nothing
    return old_slugify(_initials_separated(text).translate(_SEPARATE))


def moved_slug(slug, text, *, cut):
    """(new base, suffix) for a row whose `slug` is what the old rule made from `text` (its
    base cut to `cut` characters, as `unique_slug` cuts it, maybe with a `-<n>` suffix) when
    the new rule makes another base of it; None for any other row."""
    old_base = old_slugify(text)[:cut].strip("-")
    new_base = new_slugify(text)[:cut].strip("-")
    if not old_base or old_base == new_base:
        return None
    if slug == old_base:
        return new_base, ""
    numbered = re.fullmatch(re.escape(old_base) + r"(-(?:[2-9]|[1-9][0-9]+))", slug)
    return (new_base, numbered[1]) if numbered else None


# -- moving the rows -------------------------------------------------------------------------

BATCH = 500


def slugs_move(apps, label, *, source, page=None, suffixes=("",), page_fields=()):
    """Move the slugs of `label`'s rows ("relations.Event") the old rule made from their
    `source` field, and record the addresses they leave.

    `page(slug, *page_fields)` is the path of a row's public page with that slug (None: no
    public page, nothing to record); `suffixes` are the addresses below it that move with it.
    """
    Model = apps.get_model(label)
    cut = Model._meta.get_field("slug").max_length - 6  # as unique_slug cuts the base
    dashed = Q()
    for separator in (*SEPARATORS, "."):
        dashed |= Q(**{f"{source}__contains": separator})
    rows = (
        Model.objects.filter(dashed)
        .order_by("pk")
        .values_list("pk", source, "slug", *page_fields)
        .iterator(chunk_size=2000)
    )
    # Read all first, write afterwards: SQLite does not isolate a cursor from writes to the
    # table it reads. Only the rows that move are kept.
    moves = []
    for pk, text, slug, *values in rows:
        found = moved_slug(slug, text, cut=cut)
        if found is not None:
            moves.append((pk, slug, *found, values))
    if not moves:
        return 0

    # Every slug stored now counts as taken, those the moving rows leave too: the rows are
    # updated in batches, and a unique index is checked row by row.
    taken = set()
    moved = []
    for start in range(0, len(moves), BATCH):
        batch = moves[start : start + BATCH]
        wanted = [base + suffix for _, _, base, suffix, _ in batch]
        taken.update(Model.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        for pk, old, base, suffix, values in batch:
            new, n = base + suffix, 2
            while new in taken or (
                new != base + suffix and Model.objects.filter(slug=new).exists()
            ):
                new, n = f"{base}-{n}", n + 1
            taken.add(new)
            moved.append((pk, old, new, values))

    FormerAddress = apps.get_model("relations", "FormerAddress")
    content_type = None
    if page is not None:
        ContentType = apps.get_model("contenttypes", "ContentType")
        content_type, _ = ContentType.objects.get_or_create(
            app_label=Model._meta.app_label, model=Model._meta.model_name
        )
    now = timezone.now()
    for start in range(0, len(moved), BATCH):
        batch = moved[start : start + BATCH]
        Model.objects.bulk_update([Model(pk=pk, slug=new) for pk, _, new, _ in batch], ["slug"])
        if page is None:
            continue
        left, current, pks = [], [], []
        for pk, old, new, values in batch:
            old_page = page(old, *values)
            if old_page is None:
                continue
            pks.append(pk)
            current += [page(new, *values) + suffix for suffix in suffixes]
            left += [
                FormerAddress(
                    old_path=old_page + suffix,
                    content_type=content_type,
                    object_id=pk,
                    suffix=suffix,
                    moved_at=now,
                )
                for suffix in suffixes
            ]
        # As `former_addresses_record` does: a path leads to the row that left it last (a
        # path already recorded for a row that left it earlier now leads to this one, whose
        # page answered there since), and a row's former addresses that are its addresses
        # again are dropped.
        FormerAddress.objects.bulk_create(
            left,
            update_conflicts=True,
            unique_fields=["old_path"],
            update_fields=["content_type", "object_id", "suffix", "moved_at"],
        )
        FormerAddress.objects.filter(
            content_type=content_type, object_id__in=pks, old_path__in=current
        ).delete()
    return len(moved)


def entity_page(url_name):
    """The page of an entity with a slug. Recorded whether or not the public gate shows the
    row (the gates, `relations.queries`, need the live models): an address of a row the gate
    hides is harmless, as the middleware answers it only while the row is public."""
    return lambda slug: reverse(url_name, kwargs={"slug": slug})


ENTITIES = [
    # (model, field its slug is made from, its page, what moves with its page)
    (
        "relations.Organization",
        "name",
        "relations:organization-detail",
        ("", "feed/", "feed/atom/"),
    ),
    ("relations.Person", "name", "relations:person-detail", ("", "feed/", "feed/atom/")),
    ("relations.Event", "name", "relations:event-detail", ("", "feed/", "feed/atom/")),
    ("relations.Agreement", "title", "relations:agreement-detail", ("",)),
    ("relations.Indicator", "name", None, ()),  # no page
]


def move_entity_slugs(apps, schema_editor):
    for label, source, url_name, suffixes in ENTITIES:
        slugs_move(
            apps,
            label,
            source=source,
            page=entity_page(url_name) if url_name else None,
            suffixes=suffixes,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("relations", "0006_editors_manage_moved_addresses"),
    ]

    operations = [migrations.RunPython(move_entity_slugs, migrations.RunPython.noop)]
