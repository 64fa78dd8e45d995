from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.html import format_html

from newsroom.admininput import CheckedInputAdminMixin

from . import queries, roles, services
from .addresses import FormerAddress, KeepsFormerAddresses
from .models import (
    NEWEST_SIGNED_FIRST,
    Agreement,
    Country,
    Event,
    Figure,
    Indicator,
    Organization,
    Person,
    Position,
    Signatory,
    partial_date,
)
from .models import as_written as decimal_as_written
from .resources import (
    AgreementResource,
    CountryResource,
    EventResource,
    OrganizationResource,
    PersonResource,
)
from .spreadsheets import SpreadsheetAdminMixin, SpreadsheetExportMixin

# What a user who may not change a public row may still change on it: a flag for an editor.
REVIEW_FIELDS = ("needs_review", "review_note")


def _public_on_request(request, key, compute):
    """`compute()`, once per request for `key`: the admin asks for a change permission
    several times while it builds one page."""
    cache = request.__dict__.setdefault("_public_rows_seen", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


class PublicRowsAdminMixin:
    """A row the public site shows (its model's `public_rows`) is not for users who may not
    publish (Reporters) to change: a change to it would be on the site unreviewed
    (`services.may_change_public_rows`). Rows only drafts link stay theirs to change.

    Where the model has review fields (`REVIEW_FIELDS`: people, events, agreements), they may
    still flag the row for an editor, with a note saying what is wrong; every other field is
    read-only to them. Elsewhere the change view shows the row as it does to a user with the
    view permission only, and refuses a POST (403). Adding rows is unaffected."""

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and self.public_row_locked(request, obj):
            return self.flaggable
        return allowed

    @property
    def flaggable(self):
        names = {f.name for f in self.opts.get_fields()}
        return all(name in names for name in REVIEW_FIELDS)

    def public_row_locked(self, request, obj):
        """Whether `obj` is public and `request.user` may not change public rows."""
        if services.may_change_public_rows(request.user):
            return False
        key = (obj._meta.label, obj.pk)
        return _public_on_request(request, key, lambda: services.is_public(obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.flaggable and self.public_row_locked(request, obj):
            fields = (
                flatten_fieldsets(self.fieldsets)
                if self.fieldsets
                else [f.name for f in self.opts.fields if f.editable]
            )
            readonly += [f for f in fields if f not in REVIEW_FIELDS and f not in readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and self.public_row_locked(request, obj):
            return {}  # the slug is read-only: nothing to fill in from the name
        return super().get_prepopulated_fields(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.public_row_locked(request, obj):
            text = services.PUBLIC_ROW_LOCKED.format(self.opts.verbose_name)
            if self.flaggable:
                text = f"{text} {services.PUBLIC_ROW_FLAG}"
            self.message_user(request, text, messages.INFO)
        return super().render_change_form(request, context, add, change, form_url, obj)


class PublicParentInlineMixin:
    """The rows of an inline are part of their parent's page (a public agreement's
    signatories): for users who may not change public rows they are read-only, and none are
    added, when the parent is public, or when one of them is public itself (a role a
    published article states, of a person no published article links). `fk_name` names the
    parent."""

    def inline_locked(self, request, parent):
        if parent is None or services.may_change_public_rows(request.user):
            return False
        key = (self.opts.label, "of", parent._meta.label, parent.pk)
        return _public_on_request(
            request,
            key,
            lambda: (
                services.is_public(parent)
                or self.model.public_rows().filter(**{self.fk_name: parent}).exists()
            ),
        )

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and not self.inline_locked(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and not self.inline_locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and not self.inline_locked(request, obj)


class MergeAdminMixin:
    """ "Merge selected …": fold duplicates the importer made into the row an editor keeps
    (`services.entity_merge`), after a confirmation page that shows what moves. For users who
    may change and delete the rows: Editors, not Reporters (the merge deletes rows and
    relinks published articles)."""

    actions = ["merge_selected"]
    merge_template = "admin/relations/merge_selected_confirmation.html"

    def has_merge_permission(self, request):
        # An action's `permissions` are alternatives; merging needs both.
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description="Merge selected %(verbose_name_plural)s", permissions=["merge"])
    def merge_selected(self, request, queryset):
        objects = list(queryset)
        refused = services.merge_conflicts(objects)
        if refused:
            self.message_user(request, " ".join(refused), messages.ERROR)
            return None
        keep = None
        if request.POST.get("post") == "yes":
            keep = next((o for o in objects if str(o.pk) == request.POST.get("keep")), None)
            if keep is not None:
                return self._merge(request, keep, [o for o in objects if o is not keep])
        counts = services.merge_counts(self.model, [o.pk for o in objects])
        labels = sorted({label for found in counts.values() for label in found})
        rows = [(obj, [counts[obj.pk].get(label, 0) for label in labels]) for obj in objects]
        default = self.merge_default(objects, counts)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {self.opts.verbose_name_plural}",
            "subtitle": None,
            "opts": self.opts,
            "objects_name": self.opts.verbose_name_plural,
            "labels": labels,
            "rows": rows,
            "default": default,
            "missing_choice": request.POST.get("post") == "yes" and keep is None,
            "moves_pages": issubclass(self.model, KeepsFormerAddresses),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.merge_template, context)

    def merge_default(self, objects, counts):
        """The row the confirmation page offers to keep: the one most coverage links, the one
        readers are likeliest to know."""
        label = self._articles_label()
        return max(objects, key=lambda o: (counts[o.pk].get(label, 0), -o.pk))

    def _articles_label(self):
        return next(
            (
                r.label
                for r in services.merge_references(self.model)
                if r.label.startswith("articles")
            ),
            "",
        )

    def _merge(self, request, keep, duplicates):
        try:
            result = services.entity_merge(keep=keep, duplicates=duplicates, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(getattr(error, "messages", None) or [str(error)])
            self.message_user(request, text, messages.ERROR)
            return None
        names = ", ".join(f"“{name}”" for name in result.merged)
        self.message_user(
            request,
            f"Merged {names} into “{result.keep}”; their names are now its aliases.",
            messages.SUCCESS,
        )
        return None


@admin.register(Country)
class CountryAdmin(CheckedInputAdminMixin, SpreadsheetExportMixin, admin.ModelAdmin):
    resource_classes = [CountryResource]
    list_display = ["name", "code", "official_name"]
    search_fields = ["name", "code", "official_name", "aliases"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["code", "name", "official_name", "slug"]}),
        ("Other names", {"fields": ["aliases"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # ISO reference data: removing a country would orphan coverage.
        return False

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None:
            # The ISO code is the country's identity: its public address (/countries/kz/),
            # the key spreadsheets and the importer find it by. Names may be edited.
            readonly = [*readonly, "code"]
        return readonly


def related_only_filter(empty_label, base=admin.RelatedOnlyFieldListFilter):
    """A filter on the related rows (those in use, by default), with the rows that have none
    under `empty_label` rather than the admin's "-"."""

    class Filter(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.empty_value_display = empty_label

    return Filter


@admin.register(Organization)
class OrganizationAdmin(
    MergeAdminMixin,
    CheckedInputAdminMixin,
    PublicRowsAdminMixin,
    SpreadsheetAdminMixin,
    admin.ModelAdmin,
):
    resource_classes = [OrganizationResource]
    list_display = ["name", "abbreviation", "member_count"]
    list_filter = [("members", related_only_filter("No member countries"))]
    search_fields = ["name", "abbreviation", "aliases"]
    prepopulated_fields = {"slug": ["abbreviation"]}
    autocomplete_fields = ["members"]
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("members"))

    @admin.display(description="members", ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count


class PositionInline(CheckedInputAdminMixin, PublicParentInlineMixin, admin.TabularInline):
    model = Position
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["country", "organization"]
    fields = ["title", "country", "organization", "started_on", "ended_on", "last_seen_on"]

    def get_queryset(self, request):
        # Each row is headed by the role's name, which names its person.
        return super().get_queryset(request).select_related("person")


@admin.register(Person)
class PersonAdmin(
    MergeAdminMixin,
    CheckedInputAdminMixin,
    PublicRowsAdminMixin,
    SpreadsheetAdminMixin,
    admin.ModelAdmin,
):
    resource_classes = [PersonResource]
    list_display = ["name", "country", "current_role", "needs_review"]
    list_filter = ["needs_review", ("country", related_only_filter("No country"))]
    list_select_related = ["country"]
    search_fields = ["name", "aliases", "positions__title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [PositionInline]
    ordering = ["name"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "bio"]}),
        ("Other spellings", {"fields": ["aliases"]}),
        ("Review", {"fields": ["needs_review", "review_note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("positions")

    @admin.display(description="latest role")
    def current_role(self, obj):
        positions = list(obj.positions.all())
        return positions[0].title if positions else ""


class SignatoryInline(CheckedInputAdminMixin, PublicParentInlineMixin, admin.TabularInline):
    model = Signatory
    fk_name = "agreement"
    extra = 0
    autocomplete_fields = ["person", "party", "party_organization"]


class DatedFilter(admin.SimpleListFilter):
    """Events the coverage gave no date for: the site lists them by their first report until
    an editor gives their dates."""

    title = "dates"
    parameter_name = "dated"

    def lookups(self, request, model_admin):
        return [("yes", "Given"), ("no", "Not given (listed by first report)")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(starts_on__isnull=self.value() == "no")
        return queryset


@admin.register(Event)
class EventAdmin(
    MergeAdminMixin,
    CheckedInputAdminMixin,
    PublicRowsAdminMixin,
    SpreadsheetAdminMixin,
    admin.ModelAdmin,
):
    resource_classes = [EventResource]
    list_display = ["name", "kind", "dates", "city", "host_country", "needs_review"]
    list_filter = [
        "kind",
        DatedFilter,
        "needs_review",
        ("host_country", related_only_filter("No host country")),
    ]
    list_select_related = ["host_country"]
    search_fields = ["name", "aliases", "city", "summary"]
    date_hierarchy = "starts_on"
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["host_country", "organization", "countries", "participants"]
    ordering = ["-starts_on"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "summary"]}),
        (
            "When and where",
            {"fields": ["starts_on", "ends_on", "dates_precision", "city", "host_country"]},
        ),
        ("Who", {"fields": ["organization", "countries", "participants"]}),
        ("Other names", {"fields": ["aliases"]}),
        ("Review", {"fields": ["needs_review", "review_note"]}),
    ]

    @admin.display(description="dates", ordering="starts_on")
    def dates(self, obj):
        """The dates as far as they are known ("January 2025")."""
        if obj.starts_on is None:
            return self.get_empty_value_display()
        end = obj.ends_on if obj.ends_on and obj.ends_on != obj.starts_on else None
        start = partial_date(obj.starts_on, obj.dates_precision, "j M Y")[1]
        return f"{start} – {date_format(end, 'j M Y')}" if end else start


@admin.register(Agreement)
class AgreementAdmin(
    MergeAdminMixin,
    CheckedInputAdminMixin,
    PublicRowsAdminMixin,
    SpreadsheetAdminMixin,
    admin.ModelAdmin,
):
    resource_classes = [AgreementResource]
    list_display = ["title", "kind", "status", "signed_on", "event", "party_codes", "needs_review"]
    list_filter = [
        "kind",
        "status",
        "needs_review",
        ("parties", related_only_filter("No party")),
    ]
    list_select_related = ["event"]
    search_fields = ["title", "aliases", "summary"]
    date_hierarchy = "signed_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["event", "parties", "party_organizations"]
    inlines = [SignatoryInline]
    # Undated last on both engines, as on the public pages; the order `agreement_signed_idx`
    # holds, so the list is still read from it on PostgreSQL.
    ordering = list(NEWEST_SIGNED_FIRST)
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "summary", "aliases"]}),
        ("Signing", {"fields": ["signed_on", "in_force_on", "event"]}),
        ("Parties", {"fields": ["parties", "party_organizations"]}),
        ("Review", {"fields": ["needs_review", "review_note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("parties")

    @admin.display(description="parties")
    def party_codes(self, obj):
        return ", ".join(c.code for c in obj.parties.all())


@admin.register(Indicator)
class IndicatorAdmin(CheckedInputAdminMixin, PublicRowsAdminMixin, admin.ModelAdmin):
    list_display = ["name", "unit"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class StatedFilter(admin.SimpleListFilter):
    """Figures no published article states are not shown publicly (`pair_figures`): those an
    editor entered, and those only drafts give. Link them from an article to publish them."""

    title = "stated by a published article"
    parameter_name = "stated"

    def lookups(self, request, model_admin):
        return [("yes", "Yes (shown publicly)"), ("no", "No (not shown publicly)")]

    def queryset(self, request, queryset):
        stated = queries.linked_by_published("figures")
        if self.value() == "yes":
            return queryset.filter(stated)
        if self.value() == "no":
            return queryset.filter(~stated)
        return queryset


@admin.register(Figure)
class FigureAdmin(CheckedInputAdminMixin, PublicRowsAdminMixin, admin.ModelAdmin):
    list_display = [
        "indicator",
        "country_a",
        "country_b",
        "year",
        "kind",
        "value_as_written",
        "public",
    ]
    list_filter = [StatedFilter, "indicator", "kind", "year"]
    list_select_related = ["indicator", "country_a", "country_b"]
    search_fields = ["indicator__name", "country_a__name", "country_b__name", "quote"]
    autocomplete_fields = ["indicator", "country_a", "country_b"]
    ordering = ["indicator", "-year"]

    @admin.display(description="value", ordering="value")
    def value_as_written(self, figure):
        return decimal_as_written(figure.value)

    def get_queryset(self, request):
        # What a figure's name shows, for the article form's picker (autocomplete) too.
        return (
            super()
            .get_queryset(request)
            .select_related("indicator", "country_a", "country_b")
            .annotate(is_public=queries.linked_by_published("figures"))
        )

    @admin.display(boolean=True, description="public", ordering="is_public")
    def public(self, figure):
        """Whether a published article states it (only then is it on the pair's page)."""
        return figure.is_public


@admin.register(Position)
class PositionAdmin(
    MergeAdminMixin, CheckedInputAdminMixin, PublicRowsAdminMixin, admin.ModelAdmin
):
    """Roles as stated. Two wordings of one role of one person ("Head of State" and
    "President") are merged here; the other wording stays in the aliases, which the importer
    reads."""

    list_display = ["title", "person", "country", "organization", "last_seen_on"]
    list_filter = [
        ("country", related_only_filter("No country")),
        ("organization", related_only_filter("No organization")),
    ]
    list_select_related = ["person", "country", "organization"]
    # A role is found by its holder too: "Khurelsukh" or his other spellings.
    search_fields = ["title", "aliases", "person__name", "person__aliases"]
    autocomplete_fields = ["person", "country", "organization"]
    ordering = ["person__name", "title"]

    def merge_default(self, objects, counts):
        # The wording the person's page would show for them as one office (the fullest, the
        # one naming the country), not the most linked: "President of Kazakhstan" over
        # "President" and "Head of State".
        title = roles.fullest_wording(objects)
        return next(o for o in objects if o.title == title)

    def get_queryset(self, request):
        # What a role's name shows (its person), for the article form's picker (autocomplete),
        # and the list's columns: a queryset that already selects related rows makes the
        # changelist skip `list_select_related`, which cost a query per row's country.
        return super().get_queryset(request).select_related(*self.list_select_related)


@admin.register(FormerAddress)
class FormerAddressAdmin(CheckedInputAdminMixin, admin.ModelAdmin):
    """What old addresses lead where. Written by the moves themselves (a new slug, a corrected
    date, a merge), so editors see and delete them but do not add or edit them."""

    list_display = ["old_path", "kind", "target_name", "current_address", "moved_at"]
    list_filter = [("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["old_path"]
    search_help_text = "Part of the old address (a slug, a date as 2025/03/14)."
    date_hierarchy = "moved_at"
    ordering = ["-moved_at", "-pk"]
    fields = ["old_path", "kind", "target_name", "current_address", "moved_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        # The rows led to, one query per kind of row on a page (not one per line).
        return (
            super().get_queryset(request).select_related("content_type").prefetch_related("target")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="kind", ordering="content_type")
    def kind(self, obj):
        return obj.content_type.name

    @admin.display(description="leads to")
    def target_name(self, obj):
        return str(obj.target) if obj.target is not None else "(deleted)"

    @admin.display(description="address now")
    def current_address(self, obj):
        page = obj.target.public_address() if obj.target is not None else None
        if page is None:
            return "—"
        address = page + obj.suffix
        return format_html('<a href="{}">{}</a>', address, address)
