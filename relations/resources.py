"""Spreadsheet resources (django-import-export) for the reference and entity tables.

Rows are identified by natural keys, never database ids, so a file moves between databases:
Country by ISO code, everything else by slug. Relations are readable cells (`KZ;MN`, person
slugs, organization slugs). A cell that names a row we do not have is a row error.
"""

import logging

from diff_match_patch import diff_match_patch
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils.encoding import force_str
from django.utils.html import format_html, format_html_join
from import_export import fields, resources, results, widgets

from .models import Agreement, Country, Event, Organization, Person
from .services import PUBLIC_ROW_REFUSED, may_change_public_rows
from .slugs import slug_base
from .widgets import (
    BooleanWidget,
    DateTimeWidget,
    DateWidget,
    ListWidget,
    NaturalForeignKeyWidget,
    NaturalManyToManyWidget,
    TextWidget,
    restore_formula,
    safe_cell,
)


def _upper(key):
    return key.upper()


class RelationListField(fields.Field):
    """A many-to-many column; reads the row's values from an instance not yet written.

    A resource may hold new rows back to write them in batches (ArticleResource): until then
    the instance has no primary key, so its relations cannot be read from the database, and
    the admin's preview shows what the file's cell resolved to instead.
    """

    def get_value(self, instance):
        pending = getattr(instance, "_import_m2m", None)
        if instance.pk is None and pending is not None and self.attribute in pending:
            return pending[self.attribute]
        return super().get_value(instance)


def country_field(attribute, *, many=False):
    if many:
        widget = NaturalManyToManyWidget(Country, "code", normalise=_upper)
        return RelationListField(attribute=attribute, column_name=attribute, widget=widget)
    widget = NaturalForeignKeyWidget(Country, "code", normalise=_upper)
    return fields.Field(attribute=attribute, column_name=attribute, widget=widget)


def slug_field(attribute, model, *, many=False):
    field_class, widget_class = (
        (RelationListField, NaturalManyToManyWidget)
        if many
        else (fields.Field, NaturalForeignKeyWidget)
    )
    return field_class(
        attribute=attribute, column_name=attribute, widget=widget_class(model, "slug")
    )


class ClassedDiff(resources.Diff):
    """The preview's row diff, marked with classes instead of the inline colours that
    diff-match-patch's `diff_prettyHtml` writes (`<ins style="background:#e6ffe6;">`), which
    the site's Content Security Policy refuses; `css/admin.css` colours them. Each piece of
    text is escaped by `format_html`."""

    MARKUP = {
        diff_match_patch.DIFF_INSERT: '<ins class="diff-ins">{}</ins>',
        diff_match_patch.DIFF_DELETE: '<del class="diff-del">{}</del>',
        diff_match_patch.DIFF_EQUAL: '<span class="diff-same">{}</span>',
    }

    def as_html(self):
        dmp = diff_match_patch()
        cells = []
        for old, new in zip(self.left, self.right, strict=False):
            if old != new and self.new:
                old = ""
            diff = dmp.diff_main(force_str(old), force_str(new))
            dmp.diff_cleanupSemantic(diff)
            cells.append(
                format_html_join(
                    "", "{}", ((format_html(self.MARKUP[op], text),) for op, text in diff if text)
                )
            )
        return cells


class NoDiff:
    """Stands in for the library's row diff outside a preview, where nobody reads it.

    The diff exports every column of every row twice and renders HTML for each cell: on a
    real import that was a fifth of the time per row.
    """

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


def naming_the_choices(error, instance):
    """`error` with each "not a valid choice" saying which values are ("Value 'live' is not
    a valid choice." left an editor guessing at a spreadsheet's `status` or `kind`)."""
    if not hasattr(error, "error_dict"):
        return error
    opts = type(instance)._meta
    named = {}
    for name, errors in error.error_dict.items():
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:
            field = None
        named[name] = [
            ValidationError(
                f"{getattr(instance, field.attname)!r} is not a {field.verbose_name} here; "
                f"use one of: {', '.join(str(value) for value, _ in field.flatchoices)}.",
                code="invalid_choice",
            )
            if field is not None and field.choices and e.code == "invalid_choice"
            else e
            for e in errors
        ]
    return ValidationError(named)


def describe_invalid_row(invalid_row):
    """`row 3, column countries: Unknown country code 'XX' ...` for each error of a row."""
    lines = []
    for column, messages in invalid_row.error_dict.items():
        where = f"row {invalid_row.number}"
        if column != NON_FIELD_ERRORS:
            where += f", column {column}"
        lines.extend(f"{where}: {message}" for message in messages)
    return lines


logger = logging.getLogger(__name__)


class FileError(results.Error):
    """An error about a whole file, as an editor reads it: the message, no traceback.

    The library prints each such error's Python traceback on the import page; it is logged
    instead.
    """

    def __init__(self, error, *args, **kwargs):
        if error.__traceback__ is not None:
            logger.warning("spreadsheet import: %s", error, exc_info=error)
        super().__init__(error, *args, **kwargs)

    @property
    def traceback(self):
        return ""


#: Rows above the first data row in an exported file: its column names.
HEADER_ROWS = 1


class SheetResult(results.Result):
    """Numbers rows as a spreadsheet program does: the library counts data rows from 1, an
    editor looks the number up under a header row (see `NaturalKeyResource.import_row` too)."""

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + HEADER_ROWS, row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(number + HEADER_ROWS, row, errors)

    def row_errors(self):
        return [(i + 1 + HEADER_ROWS, row.errors) for i, row in enumerate(self.rows) if row.errors]


class NaturalKeyResource(resources.ModelResource):
    """What every Newsroom resource shares.

    - Exported text is safe to open: formula triggers get a `'` prefix, characters XLSX cannot
      hold are dropped. Imported cells are restored, so a round trip returns the stored text.
    - Related cells are resolved in one query per column (widgets are primed in
      `before_import`), and unknown keys are validation errors on their column.
    - An empty slug is derived from the name, so a file without slugs imports idempotently.
    - A file with any bad row imports nothing (`rollback_on_validation_errors`), and outside the
      admin's preview the bad rows are also reported as errors, so callers that only look at
      `has_errors()` (the library's `import` command) fail loudly instead of printing
      "Import finished".
    - A row that would change a row the public site shows (its model's `public_rows`) is bad
      when the importing user may not change public rows (Reporters): that is publishing.
      Unchanged rows are skipped before this check, so re-importing an export is fine. Without
      a user (the command line) nothing is refused.
    """

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        # XLSX gives None for an empty cell: text columns store it as "" like a form would,
        # with the line endings stored text has.
        "TextField": TextWidget,
        "BooleanField": BooleanWidget,
        "DateField": DateWidget,
        "DateTimeField": DateTimeWidget,
        "JSONField": ListWidget,
    }

    #: The model field an empty slug is made from.
    slug_source = "name"
    #: What an export reads besides the rows, so it costs the same few queries for any size.
    select_related = ()
    prefetch_related = ()

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None

    # Export -----------------------------------------------------------------------------

    def with_related(self, queryset):
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return queryset.prefetch_related(*self.prefetch_related)

    def get_queryset(self):
        return self.with_related(super().get_queryset())

    def filter_export(self, queryset, **kwargs):
        # The admin hands over its filtered changelist queryset, without our relations.
        return self.with_related(super().filter_export(queryset, **kwargs))

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and not isinstance(field.widget, widgets.NumberWidget):
            return safe_cell(value)
        return value

    # Import -----------------------------------------------------------------------------

    def get_error_result_class(self):
        return FileError

    def get_result_class(self):
        return SheetResult

    def import_row(self, row, instance_loader, **kwargs):
        # The number errors raised while saving a row carry (`SheetResult`).
        if kwargs.get("row_number") is not None:
            kwargs["row_number"] += HEADER_ROWS
        return super().import_row(row, instance_loader, **kwargs)

    def refused(self, message):
        """A result that imports nothing and says why, for a whole file."""
        result = self.get_result_class()()
        result.append_base_error(self.get_error_result_class()(ValueError(message)))
        return result

    def import_data(self, dataset, **kwargs):
        # Said in the desk's words before the library reads on: with no column names (a JSON
        # file of lists, say) it raised, a 500 in the admin; without the columns rows are
        # matched by it refused in its own terms ("import_id_fields").
        if not dataset.headers:
            return self.refused(
                "The file names no columns: a spreadsheet's first row, or the keys of each "
                "JSON object. Export this list to a spreadsheet to see them."
            )
        keys = [self.fields[name].column_name for name in self.get_import_id_fields()]
        if missing := [key for key in keys if key not in dataset.headers]:
            several = len(missing) > 1
            return self.refused(
                f"The file has no {'columns' if several else 'column'} {', '.join(missing)}: "
                f"each row is matched to a stored record by {'them' if several else 'it'}. "
                "Export this list to a spreadsheet to see the columns an import reads."
            )
        kwargs.setdefault("rollback_on_validation_errors", True)
        self._columns = set(dataset.headers)
        self._import_fields = None
        self._previewing = bool(kwargs.get("dry_run"))
        result = super().import_data(dataset, **kwargs)
        in_admin_preview = kwargs.get("dry_run") and kwargs.get("user") is not None
        if result.has_validation_errors() and not in_admin_preview:
            for invalid_row in result.invalid_rows:
                for line in describe_invalid_row(invalid_row):
                    result.append_base_error(self.get_error_result_class()(ValueError(line)))
        return result

    def get_import_fields(self):
        # Only the file's columns: an absent column is left alone anyway, and leaving it out
        # spares the preview's diff a query per relation per row. Worked out once per file:
        # the library asks several times per row.
        columns = getattr(self, "_columns", None)
        if columns is None:
            return super().get_import_fields()
        if self._import_fields is None:
            self._import_fields = [
                field for field in super().get_import_fields() if field.column_name in columns
            ]
        return self._import_fields

    def get_diff_class(self):
        # Only the admin's preview (a dry run) shows the diff.
        if getattr(self, "_previewing", True):
            return ClassedDiff
        return NoDiff

    def resolved_foreign_keys(self, instance):
        """Foreign keys this row set through a natural-key widget.

        The widget found each one in the database during this import, so `full_clean` need
        not query again (one `SELECT 1` per key per row) to check that it exists. Only for
        resources that also leave out uniqueness and constraint checks, which `exclude` would
        silently skip for these fields (ArticleResource; not Position or Signatory-like models
        with a unique constraint on a foreign key).
        """
        return [
            field.attribute
            for field in self.get_import_fields()
            if isinstance(field.widget, NaturalForeignKeyWidget)
            and getattr(instance, field.attribute, None) is not None
        ]

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self.normalise_dataset(dataset)
        self._public_rows = self.public_rows_named(dataset)
        for field in self.get_import_fields():
            prime = getattr(field.widget, "prime", None)
            if prime is not None and field.column_name in dataset.headers:
                prime(dataset[field.column_name])

    def public_rows_named(self, dataset):
        """{pk: name} of the stored public rows the file's keys name, which this import's user
        may not change; {} when the user may (or is None: the command line). One query."""
        model = self._meta.model
        keys = self.get_import_id_fields()
        if (
            self.user is None
            or may_change_public_rows(self.user)
            or not hasattr(model, "public_rows")
            or len(keys) != 1
        ):
            return {}
        field = self.fields[keys[0]]
        if field.column_name not in (dataset.headers or ()):
            return {}
        values = {value for value in dataset[field.column_name] if value not in (None, "")}
        named = model.public_rows().filter(**{f"{field.attribute}__in": values})
        return {row.pk: str(row) for row in named}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        name = getattr(self, "_public_rows", {}).get(instance.pk)
        if instance.pk is not None and name is not None:
            refused = ValidationError(PUBLIC_ROW_REFUSED.format(name), code="public")
            errors[NON_FIELD_ERRORS] = [*errors.get(NON_FIELD_ERRORS, []), refused]
        try:
            super().validate_instance(instance, errors, validate_unique)
        except ValidationError as error:
            raise naming_the_choices(error, instance) from None

    def normalise_dataset(self, dataset):
        """Undo export-time formula escaping and fill empty slugs, before rows are looked up."""
        headers = dataset.headers or []
        slug_at = headers.index("slug") if "slug" in headers else None
        source_at = headers.index(self.slug_source) if self.slug_source in headers else None
        max_length = self._meta.model._meta.get_field("slug").max_length
        for index in range(len(dataset)):
            row = [restore_formula(v) if isinstance(v, str) else v for v in dataset[index]]
            if slug_at is not None and source_at is not None and not row[slug_at]:
                # The base a row saved without a slug gets (`unique_slug`: the admin, the text
                # importer), so the file finds that row. No placeholder: a name that gives no
                # slug must not match whichever row holds `item`.
                name = str(row[source_at] or "")
                row[slug_at] = slug_base(name, max_length=max_length, placeholder="")
            dataset[index] = row

    def import_instance(self, instance, row, **kwargs):
        """Also check many-to-many cells now, so an unknown key is an error on its column.

        The library only reads them after saving the row, where a failure is a crash report.
        """
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Kept for resources that write relations themselves (see RelationListField).
        instance._import_m2m = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    instance._import_m2m[field.attribute] = field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)


class CountryResource(NaturalKeyResource):
    """ISO 3166 reference data, seeded by migration: exported for reference, never imported."""

    class Meta:
        model = Country
        fields = ["code", "name", "official_name", "slug", "aliases"]
        import_id_fields = ["code"]

    def import_data(self, dataset, **kwargs):
        return self.refused(
            "Countries are ISO 3166 reference data loaded by `migrate`; they cannot be "
            "imported. Edit a country's names in the admin."
        )


class OrganizationResource(NaturalKeyResource):
    prefetch_related = ("members",)

    members = country_field("members", many=True)

    class Meta:
        model = Organization
        fields = ["slug", "name", "abbreviation", "aliases", "homepage", "members"]
        import_id_fields = ["slug"]


class PersonResource(NaturalKeyResource):
    select_related = ("country",)

    country = country_field("country")

    class Meta:
        model = Person
        fields = ["slug", "name", "aliases", "country", "bio", "needs_review", "review_note"]
        import_id_fields = ["slug"]


class EventResource(NaturalKeyResource):
    select_related = ("host_country", "organization")
    prefetch_related = ("countries", "participants")

    host_country = country_field("host_country")
    organization = slug_field("organization", Organization)
    countries = country_field("countries", many=True)
    participants = slug_field("participants", Person, many=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "name",
            "aliases",
            "kind",
            "starts_on",
            "ends_on",
            "dates_precision",
            "city",
            "host_country",
            "organization",
            "countries",
            "participants",
            "summary",
            "needs_review",
            "review_note",
        ]
        import_id_fields = ["slug"]


class AgreementResource(NaturalKeyResource):
    slug_source = "title"
    select_related = ("event",)
    prefetch_related = ("parties", "party_organizations")

    event = slug_field("event", Event)
    parties = country_field("parties", many=True)
    party_organizations = slug_field("party_organizations", Organization, many=True)

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "signed_on",
            "in_force_on",
            "event",
            "parties",
            "party_organizations",
            "summary",
            "aliases",
            "needs_review",
            "review_note",
        ]
        import_id_fields = ["slug"]
