"""Readable differences between two revisions of an article (read-only, for the admin)."""

import difflib
import re
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from simple_history.utils import get_m2m_reverse_field_name

from .models import ARTICLE_HISTORY, Article

#: Fields shown in a comparison, in form order. Derived and bookkeeping fields are left out.
COMPARED_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    "language",
    "byline",
    "dateline",
    "status",
    "published_at",
    "source",
    "cited_source",
    "image_credit",
    "lead_image",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
]

# Words, runs of white space and single punctuation marks: the units a reader compares.
TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass
class FieldDiff:
    name: str
    label: str
    changed: bool
    html: str


def word_diff(old, new):
    """HTML of ``new`` against ``old``: removed words in <del>, added in <ins>, all escaped."""
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    parts = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    # format_html escapes the text; the pieces are already safe and are joined as they are.
    return _join(parts, "")


def _join(pieces, separator):
    return format_html_join(separator, "{}", ((piece,) for piece in pieces))


def _plain(value):
    if value is None or value == "":
        return "—"
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _m2m_ids(record, field):
    target = f"{get_m2m_reverse_field_name(field)}_id"
    return {getattr(row, target) for row in getattr(record, field.name).all()}


def revision_diff(old, new):
    """Field-by-field differences from historical record ``old`` to ``new``."""
    diffs = []
    related_ids = {}
    for name in COMPARED_FIELDS:
        field = Article._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            related_ids.setdefault(field.related_model, set()).update(
                {getattr(old, field.attname), getattr(new, field.attname)} - {None}
            )
    m2m_fields = ARTICLE_HISTORY.get_m2m_fields_from_model(Article)
    m2m_values = {}
    for field in m2m_fields:
        before, after = _m2m_ids(old, field), _m2m_ids(new, field)
        m2m_values[field.name] = (before, after)
        related_ids.setdefault(field.related_model, set()).update(before | after)
    names = {
        model: {pk: str(obj) for pk, obj in model._default_manager.in_bulk(ids).items()}
        for model, ids in related_ids.items()
        if ids
    }

    for name in COMPARED_FIELDS:
        field = Article._meta.get_field(name)
        before, after = getattr(old, field.attname), getattr(new, field.attname)
        if isinstance(field, models.FileField):
            before, after = str(before or ""), str(after or "")
        changed = before != after
        if isinstance(field, models.ForeignKey):
            lookup = names.get(field.related_model, {})
            before, after = lookup.get(before, before), lookup.get(after, after)
        elif field.choices:
            labels = dict(field.choices)
            before, after = labels.get(before, before), labels.get(after, after)
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            html = word_diff(before, after) if changed else escape(before or "—")
        elif changed:
            html = format_html("<del>{}</del> <ins>{}</ins>", _plain(before), _plain(after))
        else:
            html = escape(_plain(before))
        diffs.append(FieldDiff(name, str(field.verbose_name).capitalize(), changed, html))

    for field in m2m_fields:
        before, after = m2m_values[field.name]
        lookup = names.get(field.related_model, {})
        items = [
            *(format_html("<del>{}</del>", lookup.get(pk, pk)) for pk in sorted(before - after)),
            *(format_html("<ins>{}</ins>", lookup.get(pk, pk)) for pk in sorted(after - before)),
            *(escape(lookup.get(pk, pk)) for pk in sorted(before & after)),
        ]
        html = _join(items, ", ") if items else "—"
        label = str(field.verbose_name).capitalize()
        diffs.append(FieldDiff(field.name, label, before != after, html))
    return diffs
