"""Readable differences between two revisions of an article (read-only, for the admin)."""

import difflib
import re
from dataclasses import dataclass

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
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
    "translation_of",
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


def _linked(record):
    """What ``record`` links that a restore brings back: {field name: (model, ids)}."""
    links = {}
    for name in COMPARED_FIELDS:
        if name == "translation_of":
            continue  # a restore keeps the article in the story it is in now (services)
        field = Article._meta.get_field(name)
        if isinstance(field, models.ForeignKey) and getattr(record, field.attname) is not None:
            links[name] = (field.related_model, {getattr(record, field.attname)})
    for field in ARTICLE_HISTORY.get_m2m_fields_from_model(Article):
        links[field.name] = (field.related_model, _m2m_ids(record, field))
    return links


def _deleted_names(model_ids):
    """{(model, pk): name} of deleted rows, as the admin logged them when deleting them.

    A revision keeps only the ids of what it linked; once a row is deleted its name survives
    only in the admin's log (rows deleted some other way have none).
    """
    if not model_ids:
        return {}
    types = ContentType.objects.get_for_models(*{model for model, _ in model_ids})
    models_by_type = {ct.pk: model for model, ct in types.items()}
    entries = LogEntry.objects.filter(
        action_flag=DELETION,
        content_type__in=types.values(),
        object_id__in={str(pk) for _, pk in model_ids},
    ).values_list("content_type_id", "object_id", "object_repr")
    names = {}
    for type_id, object_id, name in entries.order_by("action_time"):
        key = (models_by_type[type_id], object_id)
        names[key] = name  # the latest deletion of that id, should ids ever be reused
    return {(model, pk): names.get((model, str(pk))) for model, pk in model_ids}


def deleted_label(model, pk, name):
    """How a deleted link is named to an editor: `person “Name”`, or `person #12`."""
    kind = model._meta.verbose_name
    return f"{kind} “{name}”" if name else f"{kind} #{pk}"


def deleted_links(record):
    """What revision ``record`` links that has been deleted since: {field name: {pk: label}}.

    A restore cannot bring these back (their rows are gone): it restores the rest, and the
    editor is told which ones were left out.
    """
    links = _linked(record)
    wanted = {}
    for model, ids in links.values():
        wanted.setdefault(model, set()).update(ids)
    existing = {
        model: set(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        for model, ids in wanted.items()
        if ids
    }
    gone = {
        name: (model, ids - existing.get(model, set()))
        for name, (model, ids) in links.items()
        if ids - existing.get(model, set())
    }
    names = _deleted_names({(model, pk) for model, ids in gone.values() for pk in ids})
    return {
        name: {pk: deleted_label(model, pk, names[model, pk]) for pk in sorted(ids)}
        for name, (model, ids) in gone.items()
    }


def revision_diff(old, new, fields=COMPARED_FIELDS):
    """Field-by-field differences from historical record ``old`` to ``new``, in ``fields``
    (and the relations)."""
    diffs = []
    related_ids = {}
    for name in fields:
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
    # Links to rows deleted since: named as the admin logged them, and marked as deleted.
    missing = {(model, pk) for model, ids in related_ids.items() for pk in ids}
    missing = {(model, pk) for model, pk in missing if pk not in names.get(model, {})}
    for (model, pk), name in _deleted_names(missing).items():
        names.setdefault(model, {})[pk] = f"{name or f'#{pk}'} (deleted)"

    for name in fields:
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
