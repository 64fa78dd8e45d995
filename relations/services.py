"""Writes on the entities that have side effects beyond one row: merging duplicates. And who
may change a row the public site shows (`may_change_public_rows`): the admin and the
spreadsheet import ask here.

The importer sometimes stores one real-world entity twice (an event under its full and its
short name, a person under two spellings). `entity_merge` folds the duplicates into the row
an editor keeps: everything that points at them moves to it, their names become its aliases
(so the importer recognises them afterwards), its empty fields are filled from theirs, their
public addresses lead to it (`relations.addresses`), and they are deleted, in one transaction.

What points at a model is read from its `_meta`, not listed here, so a relation added later
moves too. `_meta.related_objects` is not enough: it leaves out foreign keys declared with
`related_name="+"` (a signatory's party organization) and the link tables of
django-simple-history's revisions; `merge_references` reads them all. This app does not import
`articles`: the article links and revisions are found the same way.

A model whose rows link the duplicates may need to know its links moved: an article's open
form holds their ids. If its queryset has ``mark_relinked(by=...)`` (``ArticleQuerySet``
does: it moves the edit version on), the merge calls it on the rows it relinks, in one
UPDATE per relation.
"""

import logging
from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from .addresses import FormerAddress, KeepsFormerAddresses

logger = logging.getLogger("relations.merge")

MERGE_REFUSED = "You may not merge these: merging needs permission to change and delete them."
MERGE_PUBLIC_REFUSED = (
    "You may not merge these: one of them is on the public site, so an editor must merge them."
)
PUBLIC_ROW_LOCKED = "This {} is on the public site, so only an editor can change it."
PUBLIC_ROW_FLAG = (
    "To ask for a correction, tick “Needs review” and say what is wrong in the review note."
)
PUBLIC_ROW_REFUSED = "“{}” is on the public site; an editor must change it."


# -- a row the public site shows: changing it is publishing --


def may_change_public_rows(user) -> bool:
    """Whether `user` may change rows the public site shows (their model's `public_rows`).

    A change to such a row is on the site at once, unreviewed: publishing, which needs the
    permission to publish (Editors), as changing a published article does
    (`articles.services.article_editable_by`). The permission is named, not imported: this
    app does not import `articles`.
    """
    return bool(user and user.is_active and user.has_perm("articles.publish_article"))


def is_public(obj) -> bool:
    """Whether the public site shows the stored row `obj` (one query)."""
    public_rows = getattr(type(obj), "public_rows", None)
    if obj.pk is None or public_rows is None:
        return False
    return public_rows().filter(pk=obj.pk).exists()


@dataclass(frozen=True)
class Reference:
    """A foreign key `field` on `model` that points at the merged model."""

    model: type[models.Model]
    field: models.ForeignKey
    label: str
    # Rows that only link two others (a many-to-many table, a revision's copy of one): a
    # duplicate link is dropped. Other rows colliding on a unique key are merged themselves.
    link_only: bool
    # Sets of other fields that, with `field`, may hold each combination once.
    unique_with: tuple[tuple[str, ...], ...] = ()


@dataclass
class MergeResult:
    keep: models.Model
    merged: list[str]
    moved: dict[str, int] = field(default_factory=dict)
    filled: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def _is_revision_link(model) -> bool:
    """A link table of django-simple-history: one row per revision and linked row."""
    return model._meta.pk.name == "m2m_history_id"


def _many_to_many_of(through):
    owner = through._meta.auto_created
    return next(f for f in owner._meta.many_to_many if f.remote_field.through is through)


def _label(model, fk, target) -> str:
    """What an editor calls the rows of `model` that `fk` links to a `target`."""
    if _is_revision_link(model):
        owner = next(
            f.related_model
            for f in model._meta.concrete_fields
            if f.is_relation and f.name not in ("history", fk.name)
        )
        return f"{owner._meta.verbose_name} revisions ({fk.verbose_name})"
    if model._meta.auto_created:
        m2m = _many_to_many_of(model)
        owner = model._meta.auto_created
        if fk.name == m2m.m2m_reverse_field_name() or owner is not target:
            return f"{owner._meta.verbose_name_plural} ({m2m.verbose_name})"
        return str(m2m.verbose_name)
    plural = str(model._meta.verbose_name_plural)
    return plural if fk.name == target._meta.model_name else f"{plural} ({fk.verbose_name})"


def _unique_with(model, fk) -> tuple[tuple[str, ...], ...]:
    meta = model._meta
    groups = [tuple(fields) for fields in meta.unique_together]
    groups += [tuple(c.fields) for c in meta.total_unique_constraints]
    found = [tuple(n for n in group if n != fk.name) for group in groups if fk.name in group]
    if fk.unique:
        found.append(())
    if _is_revision_link(model):
        found.append(("history",))
    return tuple(dict.fromkeys(found))


def merge_references(model) -> list[Reference]:
    """Every foreign key in the project that points at `model`, hidden ones included."""
    found = []
    for rel in model._meta.get_fields(include_hidden=True):
        if not rel.auto_created or rel.concrete or rel.many_to_many:
            continue  # a many-to-many is moved through its link table's foreign keys
        fk = rel.field
        if not isinstance(fk, models.ForeignKey) or fk.target_field != model._meta.pk:
            raise ImproperlyConfigured(f"Merging {model.__name__} cannot move {rel!r}.")
        through = fk.model
        found.append(
            Reference(
                model=through,
                field=fk,
                label=_label(through, fk, model),
                link_only=bool(through._meta.auto_created) or _is_revision_link(through),
                unique_with=_unique_with(through, fk),
            )
        )
    return found


def merge_counts(model, pks) -> dict[int, dict[str, int]]:
    """{pk: {label: rows pointing at it}} for the rows `pks`: one query per reference."""
    counts = {pk: {} for pk in pks}
    for ref in merge_references(model):
        rows = (
            ref.model._default_manager.filter(**{f"{ref.field.attname}__in": list(pks)})
            .order_by()
            .values_list(ref.field.attname)
            .annotate(n=Count("pk"))
        )
        for pk, n in rows:
            counts[pk][ref.label] = counts[pk].get(ref.label, 0) + n
    return counts


def merge_conflicts(objects) -> list[str]:
    """Why `objects` cannot be one row, as messages for an editor (none if they can)."""
    if len(objects) < 2:
        return ["Select at least two rows to merge: the one to keep and its duplicates."]
    if len({type(obj) for obj in objects}) > 1:
        return ["Only rows of one kind can be merged."]
    first, *others = objects
    return [message for other in others if (message := first.merge_conflict(other))]


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


# A duplicate's review note asks about that row ("which summit is this?"); merging answers it,
# and the kept row's "Needs review" box (a BooleanField, never filled) would not show it.
NOT_FILLED = {"aliases", "review_note"}


def _fillable(model):
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not f.unique and not isinstance(f, models.BooleanField)
        and f.name not in NOT_FILLED and f.editable
    ]  # fmt: skip


def _fill(keep, duplicates) -> list[str]:
    """Fill the empty fields of `keep` from `duplicates` (first one wins), as far as the row
    stays valid: an event's end date from one duplicate may not fit another start date."""
    original = {}
    for dup in duplicates:
        for f in _fillable(type(keep)):
            value = getattr(dup, f.attname)
            if _is_empty(getattr(keep, f.attname)) and not _is_empty(value):
                original.setdefault(f.name, (f.attname, getattr(keep, f.attname)))
                setattr(keep, f.attname, value)
        if hasattr(keep, "merge_values_from"):
            keep.merge_values_from(dup)
    while True:
        try:
            keep.full_clean(validate_unique=False, validate_constraints=False)
            return list(original)
        except ValidationError as error:
            fields = set(getattr(error, "error_dict", {})) & set(original) or set(original)
            if not fields:
                raise
            for name in fields:
                attname, value = original.pop(name)
                setattr(keep, attname, value)


def _merged_aliases(keep, duplicates) -> list[str]:
    own = [getattr(keep, keep.name_field), getattr(keep, "abbreviation", "")]
    seen = {name.strip().casefold() for name in own if name}
    aliases = []
    candidates = list(keep.aliases or ())
    for dup in duplicates:
        candidates += [getattr(dup, dup.name_field), getattr(dup, "abbreviation", "")]
        candidates += list(dup.aliases or ())
    for name in candidates:
        name = (name or "").strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            aliases.append(name)
    return aliases


def _relinking_rows(ref: Reference, dup_pks):
    """The rows that ``ref`` links to ``dup_pks`` and that track being relinked (their
    queryset has ``mark_relinked``), as an unevaluated queryset, or None."""
    if _is_revision_link(ref.model):
        return None  # a revision is a record of the past, not something being edited
    if ref.model._meta.auto_created:  # a many-to-many table: its other side owns the link
        other = next(
            f for f in ref.model._meta.concrete_fields if f.is_relation and f is not ref.field
        )
        owner = other.related_model
        linked = ref.model._default_manager.filter(**{f"{ref.field.attname}__in": dup_pks})
        rows = owner._default_manager.filter(pk__in=linked.values(other.attname))
    else:
        rows = ref.model._default_manager.filter(**{f"{ref.field.attname}__in": dup_pks})
    return rows if hasattr(rows, "mark_relinked") else None


def _move(ref: Reference, *, keep, dup, moved: dict[str, int], by) -> None:
    """Point the rows of `ref` from `dup` at `keep`; a row that would then repeat one of
    `keep`'s (on a unique key) is dropped if it only links, else merged into that one."""
    manager = ref.model._default_manager
    rows = manager.filter(**{ref.field.attname: dup.pk})
    for others in ref.unique_with:
        twin = manager.filter(**{ref.field.attname: keep.pk}, **{n: OuterRef(n) for n in others})
        clashing = rows.filter(Exists(twin))
        if ref.link_only:
            clashing.delete()
            continue
        for row in clashing:
            existing = manager.get(
                **{ref.field.attname: keep.pk}, **{n: getattr(row, n) for n in others}
            )
            _fill(existing, [row])
            _absorb(keep=existing, duplicates=[row], moved={}, by=by)
    count = rows.update(**{ref.field.attname: keep.pk})
    if count:
        moved[ref.label] = moved.get(ref.label, 0) + count


def _absorb(*, keep, duplicates, moved, by) -> None:
    """Move everything pointing at `duplicates` to `keep`, delete them and save `keep`."""
    references = merge_references(type(keep))
    dup_pks = [dup.pk for dup in duplicates]
    for ref in references:
        # Before anything moves (a link that would repeat one of `keep`'s is deleted).
        if (rows := _relinking_rows(ref, dup_pks)) is not None:
            rows.mark_relinked(by=by)
    for dup in duplicates:
        for ref in references:
            _move(ref, keep=keep, dup=dup, moved=moved, by=by)
    for dup in duplicates:
        dup.delete()
    keep.save()


def entity_merge(*, keep, duplicates, by) -> MergeResult:
    """Fold `duplicates` into `keep` (rows of one entity model), for the user `by`.

    Raises ValidationError when the rows cannot be one (`merge_conflicts`) and
    PermissionDenied when `by` may not change and delete them, or when one is public and
    `by` may not change public rows (`may_change_public_rows`).
    """
    model = type(keep)
    opts = model._meta
    if not by.has_perms([f"{opts.app_label}.change_{opts.model_name}",
                         f"{opts.app_label}.delete_{opts.model_name}"]):  # fmt: skip
        raise PermissionDenied(MERGE_REFUSED)
    duplicates = [dup for dup in duplicates if dup.pk != keep.pk]
    if not may_change_public_rows(by) and (
        model.public_rows().filter(pk__in=[keep.pk, *(dup.pk for dup in duplicates)]).exists()
    ):
        raise PermissionDenied(MERGE_PUBLIC_REFUSED)
    problems = merge_conflicts([keep, *duplicates])
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        pks = [keep.pk, *(dup.pk for dup in duplicates)]
        rows = {
            row.pk: row for row in model._default_manager.select_for_update().filter(pk__in=pks)
        }
        if len(rows) != len(pks):
            raise ValidationError("One of the selected rows no longer exists: reload the list.")
        keep, duplicates = rows[keep.pk], [rows[dup.pk] for dup in duplicates]
        problems = merge_conflicts([keep, *duplicates])  # as stored, not as the caller read it
        if problems:
            raise ValidationError(problems)
        result = MergeResult(keep=keep, merged=[str(dup) for dup in duplicates])
        result.filled = _fill(keep, duplicates)
        before = set(keep.aliases or ())
        keep.aliases = _merged_aliases(keep, duplicates)
        result.aliases = [a for a in keep.aliases if a not in before]
        LogEntry.objects.log_actions(
            user_id=by.pk, queryset=duplicates, action_flag=DELETION,
            change_message=f"Merged into “{keep}” (id {keep.pk}).",
        )  # fmt: skip
        merged_pks = [dup.pk for dup in duplicates]  # deleting a row forgets its key
        # Their pages (and the addresses that led to them) lead to the kept row from now on.
        former_addresses_merge(keep=keep, duplicates=duplicates)
        _absorb(keep=keep, duplicates=duplicates, moved=result.moved, by=by)
        message = merge_message(result, opts, merged_pks)
        LogEntry.objects.log_actions(
            user_id=by.pk, queryset=[keep], action_flag=CHANGE, change_message=message,
            single_object=True,
        )  # fmt: skip
        transaction.on_commit(lambda: logger.info("%s by %s: %s", opts.label, by, message))
    return result


def merge_message(result: MergeResult, opts, pks) -> str:
    """The history line of the kept row."""
    names = ", ".join(f"“{name}” (id {pk})" for name, pk in zip(result.merged, pks, strict=True))
    parts = [f"Merged {names} into this {opts.verbose_name}."]
    if result.moved:
        moved = ", ".join(f"{label}: {n}" for label, n in sorted(result.moved.items()))
        parts.append(f"Moved {moved}.")
    if result.aliases:
        parts.append(f"Added aliases: {'; '.join(result.aliases)}.")
    if result.filled:
        parts.append(f"Filled: {', '.join(result.filled)}.")
    return " ".join(parts)


# -- moved addresses (`relations.addresses`) --
def former_addresses_record(*, target, addresses, using="default"):
    """`target` no longer answers at `addresses` ([(path, suffix)]): each now leads to it.

    A path leads to the row that left it last (an address two rows held in turn). Former
    addresses of `target` that are its current ones again are dropped: its page answers there.
    """
    content_type = ContentType.objects.db_manager(using).get_for_model(target)
    now = timezone.now()
    rows = [
        FormerAddress(
            old_path=path,
            content_type=content_type,
            object_id=target.pk,
            suffix=suffix,
            moved_at=now,
        )
        for path, suffix in addresses
    ]
    manager = FormerAddress.objects.db_manager(using)
    manager.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["old_path"],
        update_fields=["content_type", "object_id", "suffix", "moved_at"],
    )
    current = [path for path, _ in target.public_addresses()]
    if current:
        manager.filter(
            content_type=content_type, object_id=target.pk, old_path__in=current
        ).delete()


def former_addresses_merge(*, keep, duplicates, using="default"):
    """`duplicates` are being folded into `keep` (and deleted): their pages, and the addresses
    that led to them, lead to `keep`. Call it before the duplicates are deleted."""
    if not isinstance(keep, KeepsFormerAddresses) or not duplicates:
        return
    content_type = ContentType.objects.db_manager(using).get_for_model(keep)
    FormerAddress.objects.db_manager(using).filter(
        content_type=content_type, object_id__in=[dup.pk for dup in duplicates]
    ).update(object_id=keep.pk)
    left = [address for dup in duplicates for address in dup.public_addresses()]
    former_addresses_record(target=keep, addresses=left, using=using)
