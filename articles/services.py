"""Editorial writes: the workflow of an article, its revisions and its lead image.

Every route that changes an article (admin form, bulk actions, revision restore, and the
import screens through ``article_status_allowed``, ``transition_allowed`` and
``articles_transitions_record``) goes through these functions, so the
rules hold whatever button was or was not shown.
"""

import logging

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.utils import timezone
from simple_history.utils import get_m2m_reverse_field_name

from . import images, revisions
from .models import ARTICLE_HISTORY, Article, SendBack

logger = logging.getLogger("articles.workflow")

Status = Article.Status

#: What a user without ``articles.publish_article`` may set and may edit.
REPORTER_STATUSES = frozenset({Status.DRAFT, Status.REVIEW})

#: Moves between stored statuses; staying in the same status is always allowed.
TRANSITIONS = {
    Status.DRAFT: {Status.REVIEW, Status.PUBLISHED, Status.ARCHIVED},
    Status.REVIEW: {Status.DRAFT, Status.PUBLISHED, Status.ARCHIVED},
    Status.PUBLISHED: {Status.DRAFT, Status.REVIEW, Status.ARCHIVED},
    Status.ARCHIVED: {Status.DRAFT},
}

#: Fields a restore brings back. Workflow fields (status, publication time), the public
#: slug and the link between language editions stay as they are: a restore is about
#: content and never publishes, unpublishes, moves a live URL or takes the article out of
#: (or into) a story. A restored language that clashes with another edition's is refused
#: with the editions' message (Article.clean_editions).
RESTORED_FIELDS = [
    "title",
    "summary",
    "body",
    "language",
    "byline",
    "dateline",
    "source",
    "cited_source",
    "image_credit",
    "lead_image",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
]

PUBLISH_REFUSED = "Only editors can publish, unpublish, schedule or archive articles."
EDIT_REFUSED = "Only editors can change a published, scheduled or archived article."
TIME_REFUSED = "Only editors set or change the publication time (it schedules and backdates)."
SEND_BACK_REFUSED = "Only editors send an article back with a note."
UNDATED_IMPORT = (
    "Imported without a date: set the date it was first published before publishing it "
    "(publishing now would present an archive text as today's news)."
)
NOTE_WITHOUT_SEND_BACK = (
    "A note goes with sending an article in review back to draft: set the status to Draft, "
    "or leave the note empty."
)
SENT_BACK = "Sent back to draft"


class StaleArticle(Exception):
    """The article was saved by someone else since the edit started."""

    def __init__(self, current):
        self.current = current
        super().__init__(stale_message(current))


def stale_message(current):
    when = timezone.localtime(current.updated_at).strftime("%H:%M") if current.updated_at else "?"
    who = current.updated_by.get_username() if current.updated_by_id else "an import"
    return (
        f"Someone else saved this article at {when} (by {who}). Your changes are below; "
        "copy what you need, then reload."
    )


# -- permissions: one place for every route (admin, actions, importer, spreadsheets) --


def can_publish(user):
    """May publish, unpublish, schedule and archive."""
    return bool(user and user.is_active and user.has_perm("articles.publish_article"))


def may_import_texts(user) -> bool:
    """May use the admin's text-import screen.

    An import does more than store articles: it fills in and renames the people, events and
    agreements the texts name, and those the public site shows change at once, unreviewed.
    That is publishing (`relations.services.may_change_public_rows`), so the screen needs the
    permission to publish as well as the import permission (Editors have both).
    """
    return can_publish(user) and user.has_perm("articles.add_importrecord")


def article_status_allowed(user, status):
    """May ``user`` store an article in ``status``? Importers call this before writing."""
    return can_publish(user) or status in REPORTER_STATUSES


def article_editable_by(user, article):
    """Decided on the stored status: reporters edit drafts and articles in review only."""
    return can_publish(user) or article.status in REPORTER_STATUSES


def transition_allowed(old_status, new_status):
    return old_status == new_status or new_status in TRANSITIONS.get(old_status, ())


def can_send_back(user, article):
    """May ``user`` send ``article`` (as stored) back to draft with a note? Editors, from review.

    A reporter may still move their own article from review back to draft (to withdraw it),
    but that is no send-back: no note, nothing shown as "sent back"."""
    return can_publish(user) and article.status == Status.REVIEW


def is_send_back(before, after, by):
    """Is the move from ``before`` to ``after`` by ``by`` an editor's send-back?"""
    return (
        before is not None
        and before.status == Status.REVIEW
        and after.status == Status.DRAFT
        and can_publish(by)
    )


# -- writes --


def article_save_edit(*, article, by, expected_version=None, m2m=None, reason="", note=""):
    """Create or update ``article`` as edited by ``by`` (an admin form, usually).

    ``expected_version`` is the version the edit started from; a different stored version
    means someone saved in between and the edit is refused with ``StaleArticle``.
    ``m2m`` maps many-to-many field names to their new values, so the revision recorded
    for this save includes them. ``note`` goes with an editor's send-back (review to draft):
    what the reporter should fix.
    """
    with transaction.atomic():
        if article._state.adding:
            current = None
            if not article_status_allowed(by, article.status):
                raise PermissionDenied(PUBLISH_REFUSED)
            article.created_by = by
        else:
            current = _lock(article.pk)
            if expected_version is not None and current.version != expected_version:
                raise StaleArticle(current)
            _check_change(by, current, article.status)
            article.version = current.version
        stored_time = current.published_at if current is not None else None
        if article.published_at != stored_time and not can_publish(by):
            # A time set in review would schedule or backdate the editor's later "Publish".
            raise PermissionDenied(TIME_REFUSED)
        _check_note(current, article, by, note)
        article.updated_by = by
        old_renditions = _prepare_lead_image(article, current)
        article.full_clean()
        _save_with_revision(
            article, by=by, reason=reason or _edit_reason(current, article, by), m2m=m2m
        )
        _record_transition(article, current, by, note=note)
        _cleanup_renditions_on_commit(old_renditions, article)
    return article


def article_publish(*, article, by, at=None):
    """Publish now, or at ``at`` (a future time schedules it)."""
    if not can_publish(by):
        raise PermissionDenied(PUBLISH_REFUSED)
    if at is None and article.published_at is None and is_undated_import(article):
        raise ValidationError({"published_at": UNDATED_IMPORT})
    published_at = at or article.published_at or timezone.now()
    return _move(article, by=by, status=Status.PUBLISHED, published_at=published_at)


def is_undated_import(article):
    """An article the importer stored without a date (its text gave none; DESIGN.md: never
    published with an invented one). "Publish" stamps an article written here with the
    moment; this one needs its own date from an editor."""
    return article.fingerprint is not None and article.published_at is None


def article_schedule(*, article, by, at):
    """Publish at a future time; until then the public gate keeps it out of sight."""
    if not can_publish(by):
        raise PermissionDenied(PUBLISH_REFUSED)
    if at is None or at <= timezone.now():
        raise ValidationError({"published_at": "A scheduled time must be in the future."})
    return _move(article, by=by, status=Status.PUBLISHED, published_at=at)


def article_unpublish(*, article, by, to=Status.DRAFT):
    """Take a published (or scheduled) article off the site, back to draft or review."""
    if not can_publish(by):
        raise PermissionDenied(PUBLISH_REFUSED)
    if to not in REPORTER_STATUSES:
        raise ValidationError("An unpublished article goes back to draft or review.")
    return _move(article, by=by, status=to, require={Status.PUBLISHED})


def article_archive(*, article, by):
    if not can_publish(by):
        raise PermissionDenied(PUBLISH_REFUSED)
    return _move(article, by=by, status=Status.ARCHIVED)


def article_unarchive(*, article, by):
    """Bring an archived article back as a draft."""
    if not can_publish(by):
        raise PermissionDenied(PUBLISH_REFUSED)
    return _move(article, by=by, status=Status.DRAFT, require={Status.ARCHIVED})


def article_submit_for_review(*, article, by):
    return _move(article, by=by, status=Status.REVIEW, require={Status.DRAFT})


def article_send_back(*, article, by, note=""):
    """Return an article in review to draft, with a note to its reporter on what to fix.

    The note (which may be empty) is shown on the article's change page until the article
    leaves draft again, and is in its history."""
    if not can_publish(by):
        raise PermissionDenied(SEND_BACK_REFUSED)
    return _move(article, by=by, status=Status.DRAFT, require={Status.REVIEW}, note=note)


def article_transition_reason(*, before, article, by=None):
    """The revision reason of a write by ``by`` that moved ``article`` (None when it did not):
    an editor's review to draft is a send-back, as in the admin.

    ``before`` holds the stored ``status`` and ``published_at`` (an unsaved Article will do),
    or is None for a new article.
    """
    return _move_reason(before, article, by)


def articles_transitions_record(*, moves, by):
    """Audit moves written in bulk (spreadsheet import), as ``_move`` does for one article.

    ``moves`` are ``(article, before)`` pairs of saved articles, ``before`` as in
    ``article_transition_reason``. Each move gets its admin history entry and its line on
    the ``articles.workflow`` logger; the entries of one kind of move are one insert.
    Whether each move is allowed is the caller's to check first (``transition_allowed``,
    ``article_status_allowed``), before anything is written.
    """
    by_message = {}
    for article, before in moves:
        message = _move_reason(before, article, by)
        if message:
            by_message.setdefault(message, []).append(article)
    for message, articles in by_message.items():
        _log_many(articles, by, message, lines_on_commit=True)
    _resolve_send_backs(
        [
            article
            for article, before in moves
            if before is not None and before.status == Status.DRAFT != article.status
        ]
    )
    # An editor's send-back opens a note, as in the admin (a spreadsheet row has no text for
    # it), so that the draft is in the reporter's "sent back" list and on the desk.
    SendBack.objects.bulk_create(
        SendBack(article=article, note="", created_by=by)
        for article in by_message.get(SENT_BACK, ())
    )


def revisions_relations_copy(*, history_ids, using="default"):
    """Copy the relations the articles have now into their revisions ``history_ids``.

    For revisions written in bulk (``bulk_history_create``: the text importer, spreadsheet
    import), which record fields only: without this, such a revision holds no relations, and
    restoring it (or comparing with it) drops every link the article had.

    simple-history reads every relation table per saved row; here one INSERT ... SELECT per
    relation copies the link rows of the whole batch inside the database, instead of
    loading and re-inserting them through Python objects (a third of a spreadsheet import's
    time). Table and column names come from the models; the ids are parameters.
    """
    if not history_ids:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    history_meta = Article.history.model._meta
    placeholders = ", ".join(["%s"] * len(history_ids))
    for field, m2m_history in ARTICLE_HISTORY.m2m_models.items():
        through = field.remote_field.through._meta
        article_column = through.get_field(field.m2m_field_name()).column
        copied = [f.name for f in through.concrete_fields]
        into = [m2m_history._meta.get_field(name).column for name in copied]
        into.append(m2m_history._meta.get_field("history").column)
        selected = [f"link.{quote(through.get_field(name).column)}" for name in copied]
        selected.append(f"revision.{quote(history_meta.pk.column)}")
        # Identifiers from the models, values as parameters (bandit B608 reviewed).
        sql = (
            f"INSERT INTO {quote(m2m_history._meta.db_table)} "  # nosec B608
            f"({', '.join(quote(column) for column in into)}) "
            f"SELECT {', '.join(selected)} FROM {quote(through.db_table)} link "
            f"JOIN {quote(history_meta.db_table)} revision "
            f"ON revision.{quote(history_meta.get_field('id').column)} "
            f"= link.{quote(article_column)} "
            f"WHERE revision.{quote(history_meta.pk.column)} IN ({placeholders})"
        )
        with connection.cursor() as cursor:
            # Reviewed raw SQL: see the docstring.
            cursor.execute(sql, history_ids)  # nosemgrep: newsroom-no-raw-sql


def article_restore_revision(*, article, history_id, by):
    """Bring back the content of an earlier revision as a new revision.

    Allowed to whoever may edit the article as it is stored now, so a reporter cannot
    rewrite a published article through its history.

    A revision keeps only the ids of what it linked: links to rows deleted since (a person,
    an event, a source...) are left out, and a deleted source keeps the current one
    (``revisions.deleted_links`` names them for the editor).
    """
    with transaction.atomic():
        current = _lock(article.pk)
        if not article_editable_by(by, current):
            raise PermissionDenied(EDIT_REFUSED)
        record = current.history.filter(history_id=history_id).first()
        if record is None:
            raise ValidationError("That revision does not belong to this article.")
        deleted = revisions.deleted_links(record)
        earlier = record.instance
        for name in RESTORED_FIELDS:
            field = Article._meta.get_field(name)
            value = getattr(earlier, field.attname)
            if value not in deleted.get(name, {}):
                setattr(current, field.attname, value)
        m2m = {
            field.name: [
                pk
                for row in getattr(record, field.name).all()
                if (pk := getattr(row, f"{get_m2m_reverse_field_name(field)}_id"))
                not in deleted.get(field.name, {})
            ]
            for field in ARTICLE_HISTORY.get_m2m_fields_from_model(Article)
        }
        current.updated_by = by
        stored = Article.objects.get(pk=current.pk)
        old_renditions = _prepare_lead_image(current, stored)
        current.full_clean()
        stamp = timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")
        message = f"Restored revision {record.history_id} of {stamp}"
        _save_with_revision(current, by=by, reason=message, m2m=m2m)
        _log(current, by, message)
        _cleanup_renditions_on_commit(old_renditions, current)
    _copy_state(current, article)
    return current


# -- internals --


def _lock(pk):
    # SELECT ... FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction mode in
    # settings already holds the database write lock from BEGIN, so saves serialise.
    # No join: after waiting for a lock PostgreSQL re-reads the locked row, not joined ones.
    return Article.objects.select_for_update().get(pk=pk)


def _check_change(by, current, new_status):
    if not article_editable_by(by, current):
        raise PermissionDenied(EDIT_REFUSED)
    if new_status != current.status and not article_status_allowed(by, new_status):
        raise PermissionDenied(PUBLISH_REFUSED)
    if not transition_allowed(current.status, new_status):
        raise ValidationError(
            {
                "status": f"An article cannot go from {current.get_status_display().lower()} "
                f"to {Status(new_status).label.lower()}."
            }
        )


def _move(article, *, by, status, published_at=None, require=None, note=""):
    with transaction.atomic():
        current = _lock(article.pk)
        if require and current.status not in require:
            raise ValidationError(
                f"“{current}” is {current.get_status_display().lower()}; nothing to do."
            )
        _check_change(by, current, status)
        before = Article(status=current.status, published_at=current.published_at)
        current.status = status
        _check_note(before, current, by, note)
        if published_at is not None and published_at != current.published_at:
            current.published_at = published_at
            current.published_time_known = True  # the desk chose the moment
        current.updated_by = by
        current.full_clean()
        _save_with_revision(current, by=by, reason=_move_reason(before, current, by) or "")
        _record_transition(current, before, by, note=note)
    _copy_state(current, article)
    return current


def _copy_state(source, target):
    if source is not target:
        for name in (
            "status",
            "published_at",
            "published_time_known",
            "version",
            "updated_by_id",
            "updated_at",
        ):
            setattr(target, name, getattr(source, name))


def _save_with_revision(article, *, by, reason, m2m=None):
    """Save fields and many-to-many links, then record ONE revision holding both."""
    adding = article._state.adding
    article._history_user = by
    article._change_reason = (reason or "")[:100]
    article.skip_history_when_saving = True
    try:
        article.save()
        for name, values in (m2m or {}).items():
            getattr(article, name).set(values)
    finally:
        del article.skip_history_when_saving
    ARTICLE_HISTORY.create_historical_record(article, "+" if adding else "~")


def _edit_reason(current, article, by):
    """Why a form's save made a revision: a status change through the form is named as the
    bulk action making it would name it ("Published", "Sent for review"...)."""
    if current is None:
        return "Created"
    return _move_reason(current, article, by) or "Edited"


def _move_reason(before, after, by):
    """The transition's name, knowing who moved it: an editor's review to draft is a
    send-back, a reporter's a withdrawal ("Moved back to draft")."""
    if is_send_back(before, after, by):
        return SENT_BACK
    return _transition_message(before, after)


def _check_note(before, after, by, note):
    if not note:
        return
    if not is_send_back(before, after, by):
        if not can_publish(by):
            raise PermissionDenied(SEND_BACK_REFUSED)
        raise ValidationError(NOTE_WITHOUT_SEND_BACK)
    if len(note) > SendBack.NOTE_MAX_LENGTH:
        raise ValidationError(f"A note is at most {SendBack.NOTE_MAX_LENGTH} characters.")


def _transition_message(before, after):
    if after.status == Status.PUBLISHED:
        due = after.published_at and after.published_at > timezone.now()
        when = timezone.localtime(after.published_at).strftime("%Y-%m-%d %H:%M")
        if before is None or before.status != Status.PUBLISHED:
            return f"Scheduled for {when}" if due else "Published"
        if before.published_at != after.published_at:
            return f"Rescheduled for {when}" if due else f"Publication time set to {when}"
        return None
    if before is None or before.status == after.status:
        return None
    if before.status == Status.PUBLISHED:
        return f"Unpublished (now {after.get_status_display().lower()})"
    if after.status == Status.ARCHIVED:
        return "Archived"
    if before.status == Status.ARCHIVED:
        return "Restored from the archive as a draft"
    if after.status == Status.REVIEW:
        return "Sent for review"
    return f"Moved back to {after.get_status_display().lower()}"


def _record_transition(article, before, by, note=""):
    """Audit the move, keep a send-back's note, and resolve the notes of a draft that moves on."""
    message = _move_reason(before, article, by)
    if message == SENT_BACK:
        SendBack.objects.create(article=article, note=note, created_by=by)
        if note:
            message = f"{SENT_BACK}: {note}"
    elif before is not None and before.status == Status.DRAFT != article.status:
        _resolve_send_backs([article])
    if message:
        _log(article, by, message)


def _resolve_send_backs(articles):
    """The open notes of ``articles`` (which just left draft) are done with: one UPDATE."""
    if articles:
        SendBack.objects.filter(article__in=articles, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )


def _log(article, by, message):
    """Audit: an admin history entry and a log line, both naming the user."""
    _log_many([article], by, message)


def _log_many(articles, by, message, *, lines_on_commit=False):
    """``_log`` for several articles. With ``lines_on_commit`` the log lines wait for the
    transaction to commit: a spreadsheet import (or its preview) may still be rolled back,
    with the history entries, but a line once logged cannot be."""
    if by is not None and by.pk is not None:
        LogEntry.objects.log_actions(
            user_id=by.pk, queryset=articles, action_flag=CHANGE, change_message=message
        )
    who = by.get_username() if by is not None else "system"
    lines = [(message, article.pk, article.title, who) for article in articles]

    def write_lines():
        for line in lines:
            logger.info("%s: article %s “%s” by %s", *line)

    if lines_on_commit:
        transaction.on_commit(write_lines)
    else:
        write_lines()


def _prepare_lead_image(article, stored):
    """Sanitise a fresh upload and render its sizes once; return renditions to delete."""
    old_name = stored.lead_image.name if stored is not None else ""
    old_renditions = stored.lead_image_renditions if stored is not None else {}
    field_file = article.lead_image
    if field_file and not field_file._committed:
        clean = images.clean_upload(field_file.file)
        field_file.file, field_file.name = clean, clean.name
        article.lead_image_renditions = images.render_renditions(clean)
    elif not field_file:
        article.lead_image_renditions = {}
    elif field_file.name != old_name or not article.lead_image_renditions:
        with field_file.storage.open(field_file.name, "rb") as stored_file:
            article.lead_image_renditions = images.render_renditions(stored_file)
    else:
        return {}
    return old_renditions if old_renditions != article.lead_image_renditions else {}


def _cleanup_renditions_on_commit(old_renditions, article):
    if old_renditions:
        transaction.on_commit(lambda: images.delete_renditions(old_renditions))
