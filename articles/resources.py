"""Spreadsheet resources (django-import-export) for sources and articles.

Source rows are identified by name; article rows by slug and publication date (see
`ArticleInstanceLoader`). Relations are natural keys: countries by ISO code (`KZ;MN`), people,
organizations, events and agreements by slug, sources by name.
"""

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from import_export import fields
from import_export.instance_loaders import BaseInstanceLoader

from newsroom.db import refresh_statistics
from relations.models import Agreement, Event, Organization, Person
from relations.resources import NaturalKeyResource, country_field, slug_field
from relations.widgets import DateTimeWidget, NaturalForeignKeyWidget

from .caching import public_pages_purge_on_commit
from .models import ARTICLE_HISTORY, Article, Source
from .services import (
    TIME_REFUSED,
    article_transition_reason,
    articles_transitions_record,
    can_publish,
    revisions_relations_copy,
    transition_allowed,
)

#: New articles are inserted, and revisions recorded, this many rows at a time.
WRITE_BATCH = 500

PUBLISH_REFUSED = (
    "Only editors may publish, unpublish or change a published or archived article "
    "(permission articles.publish_article). Use status draft or review, or ask an editor "
    "to import this row."
)


def transition_refused(stored, wanted):
    stored, wanted = Article.Status(stored), Article.Status(wanted)
    message = f"An article cannot go from {stored.label.lower()} to {wanted.label.lower()}"
    if stored == Article.Status.ARCHIVED:
        return f"{message}: an archived article comes back as a draft (status draft) first."
    return f"{message}."


def may_publish(user):
    # No user means the command line: whoever runs manage.py already has the database.
    return user is None or can_publish(user)


class SourceResource(NaturalKeyResource):
    select_related = ("country",)

    country = country_field("country")

    class Meta:
        model = Source
        fields = ["name", "slug", "kind", "homepage", "country", "aliases", "description"]
        import_id_fields = ["name"]


def source_field(attribute):
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=NaturalForeignKeyWidget(Source, "name")
    )


def prepare_new_article(article):
    """What `Article.save()` derives for a new row, for rows inserted with `bulk_create`.

    Keep in step with `Article.save()` (tests/spreadsheets/test_scale.py compares the two).
    The slug is not derived here: a row without one is saved the ordinary way.
    """
    article.derive_fields()


class EditionWidget(NaturalForeignKeyWidget):
    """The edition an article translates, by slug: an article in the database, or one an
    earlier row of the same file creates (written first, as new rows wait to be inserted in
    batches), so a whole export moves into an empty database."""

    def __init__(self):
        super().__init__(Article, "slug")
        self.resource = None

    def clean(self, value, row=None, **kwargs):
        keys = self.keys(value)
        if keys and self.resource is not None and self.resource.pending_slug(keys[0]):
            self.resource.write_batch()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                f"No article has the slug '{keys[0]}': name an article already in the "
                "database or on an earlier row of this file, or leave the cell empty."
            ) from None


def local_date(value):
    return timezone.localtime(value).date() if value else None


class ArticleInstanceLoader(BaseInstanceLoader):
    """Finds an article by slug and the local date of its publication time.

    Slugs are unique here, but a file from another database may reuse a slug for a different
    story: requiring the date as well means such a row is refused instead of overwriting an
    unrelated article. A draft without a date matches the undated article with its slug.
    Every existing article the file names is loaded in one query.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.slug_field = resource.fields["slug"]
        self.date_field = resource.fields["published_at"]
        # A file without the column never gets here (`NaturalKeyResource.import_data`).
        slugs = {str(slug) for slug in dataset["slug"] if slug} if dataset else set()
        self.by_slug = {}
        queryset = resource.get_queryset()
        slug_list = sorted(slugs)
        for start in range(0, len(slug_list), 500):
            for article in queryset.filter(slug__in=slug_list[start : start + 500]):
                self.by_slug[article.slug] = article

    def get_instance(self, row):
        article = self.by_slug.get(self.slug_field.clean(row))
        if article is None:
            return None
        try:
            wanted = local_date(self.date_field.clean(row))
        except ValueError:
            return None  # the published_at column reports its own error
        stored = local_date(article.published_at)
        if wanted != stored:
            raise ValidationError(
                {
                    "slug": (
                        f"The slug '{article.slug}' belongs to the article of "
                        f"{stored or 'no date'}, not {wanted or 'no date'}. Give this article "
                        "another slug, or change that article's date in the admin."
                    )
                }
            )
        return article


class ArticleResource(NaturalKeyResource):
    slug_source = "title"

    published_at = fields.Field(
        attribute="published_at", column_name="published_at", widget=DateTimeWidget()
    )
    source = source_field("source")
    cited_source = source_field("cited_source")
    translation_of = fields.Field(
        attribute="translation_of", column_name="translation_of", widget=EditionWidget()
    )
    countries = country_field("countries", many=True)
    people = slug_field("people", Person, many=True)
    organizations = slug_field("organizations", Organization, many=True)
    events = slug_field("events", Event, many=True)
    agreements = slug_field("agreements", Agreement, many=True)

    class Meta:
        model = Article
        fields = [
            "slug",
            "published_at",
            "title",
            "status",
            "language",
            "translation_of",
            "summary",
            "body",
            "byline",
            "dateline",
            "source",
            "cited_source",
            "image_credit",
            "countries",
            "people",
            "organizations",
            "events",
            "agreements",
        ]
        import_id_fields = ["slug", "published_at"]
        instance_loader_class = ArticleInstanceLoader
        # Only to drop the library's savepoint around every row (two queries a row): this
        # resource does its own writing (save_instance, write_batch), through save() where
        # save() is needed, each database write in its own savepoint. The library's bulk
        # lists stay empty.
        use_bulk = True

    select_related = ("source", "cited_source", "translation_of")
    prefetch_related = ("countries", "people", "organizations", "events", "agreements")

    def get_queryset(self):
        # Each story's original before its translations (in the order they were written
        # otherwise), so a whole export imports in one pass: a row can only name an edition
        # of the database or of an earlier row (EditionWidget).
        return (
            super()
            .get_queryset()
            .order_by(
                Coalesce("translation_of", "pk"), F("translation_of").asc(nulls_first=True), "pk"
            )
        )

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._stored_status = None if new else instance.status
        # What the workflow's audit compares the row's outcome with (services).
        instance._before = (
            None if new else Article(status=instance.status, published_at=instance.published_at)
        )

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._slugs_in_file = set()
        self._new_articles = []  # awaiting one bulk insert
        self._revisions = []  # (article, history type) awaiting their revision
        self._batch_rows = []  # the row numbers of both, to name them if the batch fails
        self._saved = None  # the article the current row wrote or queued
        self._unnumbered = []  # (article, row result) of queued rows: ids come after insert
        self._moves = []  # (article, before) of written rows, for the workflow's audit
        self._editions_in_file = {}  # (original's id, language): slug, of rows linking one
        self.fields["translation_of"].widget.resource = self

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        stored = getattr(instance, "_stored_status", None)
        editorial = {Article.Status.DRAFT, Article.Status.REVIEW}
        if not may_publish(self.user) and (
            instance.status not in editorial or (stored is not None and stored not in editorial)
        ):
            errors["status"] = [ValidationError(PUBLISH_REFUSED, code="publish")]
        elif stored is not None and not transition_allowed(stored, instance.status):
            # The same moves as the form and the bulk actions (services.TRANSITIONS).
            message = transition_refused(stored, instance.status)
            errors["status"] = [ValidationError(message, code="transition")]
        before = getattr(instance, "_before", None)
        stored_time = before.published_at if before is not None else None
        if instance.published_at != stored_time and not may_publish(self.user):
            # As in the form: a time set by a reporter would schedule or backdate the
            # editor's later "Publish" (rows are matched by slug and day, not by the time).
            errors["published_at"] = [ValidationError(TIME_REFUSED, code="time")]
        if instance.slug in self._slugs_in_file:
            errors["slug"] = [ValidationError("This slug appears twice in the file.")]
        self._slugs_in_file.add(instance.slug)
        try:
            # Without the per-row queries of validate_unique and validate_constraints: the
            # instance loader already matched every slug of the file against the database
            # (a taken slug is found, never created twice), and every check constraint has a
            # twin that runs in Python (choices in clean_fields, the rest in Article.clean).
            # The database still enforces both on write. Sources found by the widget exist.
            instance.full_clean(
                exclude=[*errors, *self.resolved_foreign_keys(instance)],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors and instance.translation_of_id is not None:
            # Rows waiting for their batch are not in the database for clean_editions to see.
            edition = (instance.translation_of_id, instance.language)
            if self._editions_in_file.setdefault(edition, instance.slug) != instance.slug:
                errors["translation_of"] = [
                    ValidationError(
                        f"The row of '{self._editions_in_file[edition]}' already gives this "
                        f"story its {instance.get_language_display()} edition.",
                        code="language",
                    )
                ]
        if errors:
            raise ValidationError(errors)

    def pending_slug(self, slug):
        """Whether a new article of this file with that slug waits for its batch."""
        return any(article.slug == slug for article in self._new_articles)

    # Writing ---------------------------------------------------------------------------
    #
    # Every written row gets ONE revision holding its fields and relations (as
    # services._save_with_revision does for the admin), recorded in batches: simple-history
    # would otherwise write a revision per save and per changed relation, reading all five
    # relation tables for each (about 15 queries a row). New articles are inserted in batches
    # too, with what save() derives computed first; an article without a slug, and every
    # update (version bump, optimistic locking), still goes through save().

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            self.after_save_instance(instance, row, **kwargs)
            return  # a dry run that cannot be rolled back writes nothing
        before = getattr(instance, "_before", None)
        # The revision says what moved, as the bulk actions' revisions do.
        moved = article_transition_reason(before=before, article=instance, by=self.user)
        instance._change_reason = moved or "Imported from a spreadsheet"
        if is_create and instance.slug:
            prepare_new_article(instance)
            self._new_articles.append(instance)
        else:
            self._save_now(instance, is_create)
        self._revisions.append((instance, "+" if is_create else "~"))
        self._moves.append((instance, before))
        self._batch_rows.append(kwargs.get("row_number"))
        self._saved = instance
        self.after_save_instance(instance, row, **kwargs)
        if len(self._revisions) >= WRITE_BATCH:
            self.write_batch()

    def _save_now(self, article, is_create):
        relations = getattr(article, "_import_m2m", {})
        # Existing relations were prefetched by the instance loader: no query to compare.
        changed = {
            name: values
            for name, values in relations.items()
            if is_create
            or {obj.pk for obj in values} != {obj.pk for obj in getattr(article, name).all()}
        }
        article.skip_history_when_saving = True  # the batch records the revision
        try:
            # A failed write must not abort the whole transaction (PostgreSQL): the row
            # reports its error and the import goes on to find the others.
            with transaction.atomic(using=self.get_db_connection_name()):
                self.do_instance_save(article, is_create)
                for name, values in changed.items():
                    getattr(article, name).set(values)
        finally:
            del article.skip_history_when_saving

    def save_m2m(self, instance, row, **kwargs):
        pass  # written with the row (save_instance) or its batch (write_batch)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        saved, self._saved = self._saved, None
        if saved is not None and saved.pk is None:
            self._unnumbered.append((saved, row_result))

    def after_import(self, dataset, result, **kwargs):
        self.write_batch()
        super().after_import(dataset, result, **kwargs)
        # A spreadsheet can double the archive: fresh statistics for SQLite's planner once
        # the import is committed, if it changed the archive's size by a tenth (a preview
        # rolls back and never gets here).
        database = self.get_db_connection_name()
        transaction.on_commit(
            lambda: refresh_statistics(database, only_if_stale=True), using=database
        )

    def write_batch(self):
        articles, revisions, rows = self._new_articles, self._revisions, self._batch_rows
        moves = self._moves
        self._new_articles, self._revisions, self._batch_rows, self._moves = [], [], [], []
        if not revisions:
            return
        database = self.get_db_connection_name()
        try:
            with transaction.atomic(using=database):
                if articles:
                    Article.objects.using(database).bulk_create(articles)
                    self._insert_relations(articles, database)
                    # bulk_create sends no post_save: purge the public pages as save() would.
                    public_pages_purge_on_commit(using=database)
                self._record_revisions(revisions, database)
                # Publish, schedule, unpublish, archive: in the admin history and on the
                # articles.workflow logger, as when done by hand. A preview rolls them back.
                articles_transitions_record(moves=moves, by=self.user)
        except DatabaseError as error:
            numbers = [number for number in rows if number is not None]
            where = f"rows {min(numbers)} to {max(numbers)}" if numbers else "a batch of rows"
            raise ValueError(f"Could not write {where}: {error}") from error
        for article, row_result in self._unnumbered:
            row_result.object_id = article.pk
        self._unnumbered = []

    def _insert_relations(self, articles, database):
        names = {name for article in articles for name in getattr(article, "_import_m2m", {})}
        for name in sorted(names):
            field = Article._meta.get_field(name)
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            links = [
                through(**{source: article.pk, target: obj.pk})
                for article in articles
                for obj in article._import_m2m.get(name, ())
            ]
            through.objects.using(database).bulk_create(links, batch_size=WRITE_BATCH)

    def _record_revisions(self, revisions, database):
        if not connections[database].features.can_return_rows_from_bulk_insert:
            for article, history_type in revisions:
                article._history_user = self.user
                ARTICLE_HISTORY.create_historical_record(article, history_type, using=database)
            return
        records = []
        for history_type, update in (("+", False), ("~", True)):
            batch = [article for article, kind in revisions if kind == history_type]
            if batch:
                records += Article.history.bulk_history_create(
                    batch, update=update, default_user=self.user
                )
        revisions_relations_copy(history_ids=[record.pk for record in records], using=database)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.created_by_id is None and self.user is not None and instance.pk is None:
            instance.created_by = self.user
        if self.user is not None:
            instance.updated_by = self.user
