import datetime as dt

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from newsroom.admininput import CheckedInputAdminMixin, DateRangeFilter
from newsroom.adminpaging import DeferredJoinPaginator
from newsroom.filters import utc_instant
from relations.admin import related_only_filter
from relations.models import Country, Figure, Position
from relations.spreadsheets import SpreadsheetAdminMixin

from . import revisions, services
from .forms import ArticleAdminForm, SendBackForm
from .models import ARTICLE_HISTORY, Article, ImportRecord, SendBack, Source
from .resources import ArticleResource, SourceResource
from .search import admin_search_words, admin_text_filter, admin_text_search_filter

# The import records list shows a refused file's reason cut to this: a whole one pushed the
# list's last columns off a laptop's screen.
ERROR_COLUMN_CHARS = 100


@admin.register(Source)
class SourceAdmin(CheckedInputAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [SourceResource]
    list_display = ["name", "kind", "country", "article_count"]
    list_filter = ["kind"]
    list_select_related = ["country"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    ordering = ["name"]

    def get_queryset(self, request):
        # One count per listed source from the source_id index, not a join and GROUP BY
        # over every article (which the paginator's count repeated): 86 to 17 ms at 50,000
        # articles on PostgreSQL.
        articles = (
            Article.objects.filter(source=OuterRef("pk"))
            .order_by()
            .values("source")
            .annotate(n=Count("*"))
            .values("n")
        )
        return (
            super().get_queryset(request).annotate(_article_count=Coalesce(Subquery(articles), 0))
        )

    @admin.display(description="articles", ordering="_article_count")
    def article_count(self, obj):
        return obj._article_count


class YearListFilter(admin.SimpleListFilter):
    """The local years from the first to the latest value of `field` (a DateTimeField), read
    from its index. Django's `date_hierarchy` lists the years with a DISTINCT over every row:
    14-25 ms at 50,000 articles on PostgreSQL and 200 ms on SQLite, growing with the archive."""

    field = None

    def lookups(self, request, model_admin):
        # Two index seeks. One query with MIN and MAX together is a whole-index scan on SQLite,
        # which applies its min/max shortcut only to a lone aggregate (5.5 ms at 50,000
        # articles, most of the list's SQL time).
        values = (
            model_admin.get_queryset(request)
            .prefetch_related(None)
            .filter(**{f"{self.field}__isnull": False})
            .values_list(self.field, flat=True)
        )
        first = values.order_by(self.field).first()
        if first is None:
            return []
        last = values.order_by(f"-{self.field}").first()
        first, last = (timezone.localtime(value).year for value in (first, last))
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if not self.value().isdigit() or not 1 <= int(self.value()) <= 9999:
            raise IncorrectLookupParameters(f"Not a year: {self.value()!r}")
        year = int(self.value())
        # The first instants of this year and the next, local time; a year at either end of
        # the calendar has no bound there (no timestamp can hold it).
        bounds = {}
        for lookup, y in (("gte", year), ("lt", year + 1)):
            if y <= 9999 and (start := utc_instant(dt.datetime(y, 1, 1))) is not None:
                bounds[f"{self.field}__{lookup}"] = start
        return queryset.filter(**bounds)


def year_filter(field, title):
    """A YearListFilter over `field`, listed as "By <title>" (`?<field>_year=2025`)."""
    return type(
        "YearListFilter",
        (YearListFilter,),
        {"field": field, "title": title, "parameter_name": f"{field}_year"},
    )


class ArticleStatusFilter(admin.SimpleListFilter):
    """Status as editors think of it: a published article due later is "Scheduled"."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("published", "Published (live)"),
            ("archived", "Archived"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        if value == "published":
            # The public gate, written so that no index serves the time: a published
            # article always has one (a constraint), and SQLite would otherwise pick the
            # (status, published_at) index for the range and sort the whole status by change
            # time, rather than read the list's page from (status, updated_at).
            return queryset.filter(status=Article.Status.PUBLISHED).exclude(
                published_at__gt=timezone.now()
            )
        if value in {"draft", "review", "archived"}:
            return queryset.filter(status=value)
        return queryset


class CountryFilter(admin.SimpleListFilter):
    """The countries some article is about, A to Z (`?country=mn`), and the articles about
    none.

    Django's own filter on the many-to-many field read every article's countries for its
    list (20-28 ms a page at 50,000 articles, growing with the archive), then joined and
    de-duplicated the whole coverage of the chosen country to show 100 rows (60 ms). One
    index probe per country lists them, and one per article tests them, walking the list's
    own order."""

    title = "country"
    parameter_name = "country"
    NONE = "none"

    def lookups(self, request, model_admin):
        links = Article.countries.through.objects.filter(country=OuterRef("pk"))
        used = Country.objects.filter(Exists(links)).order_by("name")
        return [*((c.code.lower(), c.name) for c in used), (self.NONE, "No country")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        links = Article.countries.through.objects.filter(article=OuterRef("pk"))
        if value == self.NONE:
            return queryset.filter(~Exists(links))
        return queryset.filter(Exists(links.filter(country__code=value.upper())))


class SentBackFilter(admin.SimpleListFilter):
    """Drafts an editor sent back with a note, not yet sent for review again."""

    title = "sent back"
    parameter_name = "sent_back"

    def lookups(self, request, model_admin):
        return [("yes", "Sent back, to fix")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status=Article.Status.DRAFT, sent_back=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(CheckedInputAdminMixin, SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [ArticleResource]
    form = ArticleAdminForm
    object_history_template = "admin/articles/article/object_history.html"
    object_history_list_template = "admin/articles/article/object_history_list.html"
    list_display = [
        "title",
        "status_badge",
        "published",
        # The list's order (last change first) next to the dates: on a laptop's width the
        # last columns are past the edge.
        "changed",
        "source",
        "country_codes",
        "language",
    ]
    list_display_links = ["title"]
    list_filter = [
        ArticleStatusFilter,
        SentBackFilter,
        "language",
        # Every source, and the articles that name none under "No source".
        ("source", related_only_filter("No source", base=admin.RelatedFieldListFilter)),
        # The countries articles are about (only those some article names).
        CountryFilter,
        ("published_at", DateRangeFilter),
        year_filter("published_at", "year published"),
    ]
    list_select_related = ["source"]
    # The body is searched through the full-text index instead (`get_search_results`).
    search_fields = ["title", "slug", "summary"]
    search_help_text = (
        "Words in the title, slug or summary (any part of a word), or in the text (whole "
        "words, any form: \u201cpension\u201d finds \u201cpensions\u201d)."
    )
    ordering = ["-updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "translation_of",
        "source",
        "cited_source",
        "countries",
        "people",
        "organizations",
        "events",
        "agreements",
        "positions",
        "figures",
    ]
    readonly_fields = ["editions", "word_count", "fingerprint", "created_at", "updated_at"]
    actions = [
        "publish_selected",
        "unpublish_selected",
        "archive_selected",
        "submit_for_review_selected",
        "send_back_selected",
    ]
    list_per_page = 50
    show_full_result_count = False
    paginator = DeferredJoinPaginator
    fieldsets = [
        ("Content", {"fields": ["title", "slug", "summary", "body", "language", "byline"]}),
        ("Language editions", {"fields": ["translation_of", "editions"]}),
        (
            "Relations",
            {
                "fields": [
                    "countries",
                    "people",
                    "organizations",
                    "events",
                    "agreements",
                    "positions",
                    "figures",
                ]
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "send_back_note",
                    "published_at",
                    "published_time_known",
                    "edit_version",
                ]
            },
        ),
        (
            "Lead image",
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                ]
            },
        ),
        (
            "Provenance",
            {
                "fields": [
                    "source",
                    "cited_source",
                    "dateline",
                    "image_credit",
                    "fingerprint",
                    "word_count",
                    "created_at",
                    "updated_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "figures":  # a figure's name shows its indicator and countries
            kwargs["queryset"] = Figure.objects.select_related(
                "indicator", "country_a", "country_b"
            )
        elif db_field.name == "positions":  # a role's name shows its person
            kwargs["queryset"] = Position.objects.select_related("person")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        # `sent_back`: has an open send-back note (the list's badge and filter), read with
        # the rows through the note's partial index, not a query per row.
        open_notes = SendBack.objects.filter(article=OuterRef("pk"), resolved_at__isnull=True)
        return (
            super()
            .get_queryset(request)
            .annotate(sent_back=Exists(open_notes))
            .prefetch_related("countries")
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            # The form's initial roles and figures, and a read-only view's lists of them, are
            # named with their person, indicator and countries: read together, not one query
            # per row.
            prefetch_related_objects(
                [obj],
                Prefetch("positions", queryset=Position.objects.select_related("person")),
                Prefetch(
                    "figures",
                    queryset=Figure.objects.select_related("indicator", "country_a", "country_b"),
                ),
            )
        return obj

    def get_search_results(self, request, queryset, search_term):
        """Title, slug and summary as Django matches them (trigram-indexed: on PostgreSQL by
        migration 0009, on SQLite by 0025's FTS5 table), or the whole text through the
        full-text index (`articles.search`, every status). A LIKE over every body read the
        whole table three times a search: 2 s at 50,000 articles on PostgreSQL. The text's
        condition stays on the same table (no subquery), so PostgreSQL can OR the four index
        scans."""
        results = admin_text_filter(queryset, admin_search_words(search_term))
        if results is None:
            results, may_have_duplicates = super().get_search_results(
                request, queryset, search_term
            )
        else:
            may_have_duplicates = False
        text_matches = admin_text_search_filter(queryset, search_term)
        if text_matches is not None:
            results |= text_matches
        return results, may_have_duplicates

    # -- permissions: the server decides, whatever the page shows --

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            return services.article_editable_by(request.user, obj)
        return allowed

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            # Setting the time schedules or backdates: publishing, for editors only
            # (services.article_save_edit refuses it too).
            readonly = [*readonly, "published_at"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = set()
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only view: the hidden version only exists on an editable form.
            hidden.add("edit_version")
        if obj is None or not services.can_send_back(request.user, obj):
            hidden.add("send_back_note")  # the form has it on the same condition
        if hidden:
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
                for name, opts in fieldsets
            ]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # a fresh class per request (modelform_factory)
        return form

    # -- saving goes through the workflow services --

    def save_model(self, request, obj, form, change):
        m2m = {
            field.name: form.cleaned_data[field.name]
            for field in obj._meta.many_to_many
            if field.name in form.cleaned_data
        }
        services.article_save_edit(
            article=obj,
            by=request.user,
            expected_version=form.cleaned_data.get("edit_version") if change else None,
            m2m=m2m,
            note=form.cleaned_data.get("send_back_note", ""),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # The open note, to whoever opens the draft (its reporter, above all). Read with
            # the stored status: after a refused save `obj` holds what was posted.
            context["send_back"] = (
                SendBack.objects.open().filter(article=obj.pk).select_related("created_by").first()
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        # The relations were saved by article_save_edit, inside the same revision.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    # -- bulk actions --

    def _run_action(self, request, queryset, service, done):
        succeeded, refused = 0, []
        for article in queryset:
            try:
                service(article=article, by=request.user)
            except (ValidationError, PermissionDenied) as exc:
                reason = "; ".join(getattr(exc, "messages", None) or [str(exc)])
                refused.append(f"“{article}”: {reason}")
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{done}: {succeeded} article(s).", messages.SUCCESS)
        for line in refused:
            self.message_user(request, f"Not changed — {line}", messages.WARNING)

    @admin.action(
        description="Publish (or schedule, if the time is in the future)", permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        self._run_action(request, queryset, services.article_publish, "Published or scheduled")

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._run_action(request, queryset, services.article_unpublish, "Unpublished")

    @admin.action(description="Archive", permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._run_action(request, queryset, services.article_archive, "Archived")

    @admin.action(description="Send for review", permissions=["change"])
    def submit_for_review_selected(self, request, queryset):
        self._run_action(request, queryset, services.article_submit_for_review, "Sent for review")

    @admin.action(description="Send back to draft, with a note", permissions=["publish"])
    def send_back_selected(self, request, queryset):
        """A confirmation page first (as Django's "delete selected" has) where the editor
        writes the note the selected articles' reporters will see; then the send-back."""
        form = SendBackForm(request.POST if "send_back" in request.POST else None)
        if form.is_valid():
            note = form.cleaned_data["note"]

            def send_back(*, article, by):
                return services.article_send_back(article=article, by=by, note=note)

            self._run_action(request, queryset, send_back, "Sent back to draft")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Send back to draft",
            "opts": self.opts,
            "articles": queryset.order_by("title"),
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/articles/article/send_back_confirmation.html", context
        )

    # -- revisions: compare and restore --

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        urls = [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
        ]
        # Before simple-history's "<id>/history/<version>/" pattern, which would take "compare".
        return urls + super().get_urls()

    def _article_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self._article_or_404(request, object_id)
        entries = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Article), object_id=str(obj.pk)
            )
            .select_related("user")
            .order_by("-action_time")[:100]
        )
        context = {
            "log_entries": entries,
            "compare_url": reverse("admin:articles_article_compare", args=[obj.pk]),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, extra_context=context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # Relations are compared on the compare page: diffing them here costs queries per row.
        m2m = [f.name for f in ARTICLE_HISTORY.get_m2m_fields_from_model(Article)]
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=m2m, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def compare_view(self, request, object_id):
        obj = self._article_or_404(request, object_id)
        records = list(
            obj.history.select_related("history_user").order_by("-history_date", "-history_id")
        )
        by_id = {str(record.history_id): record for record in records}
        chosen = [by_id.get(request.GET.get(key, "")) for key in ("a", "b")]
        if None in chosen:
            chosen = records[1:2] + records[:1] if len(records) > 1 else records * 2
        if not chosen:
            raise Http404("This article has no revisions yet.")
        old, new = sorted(chosen, key=lambda r: (r.history_date, r.history_id))
        diffs = revisions.revision_diff(old, new)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare revisions: {obj}",
            "opts": self.opts,
            "original": obj,
            "records": records,
            "old": old,
            "new": new,
            "diffs": diffs,
            "changed_count": sum(d.changed for d in diffs),
            "can_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Restore through the workflow service instead of simple-history's raw revert form."""
        obj = self._article_or_404(request, object_id)
        record = (
            obj.history.filter(history_id=version_id).select_related("history_user").first()
            if version_id.isdigit()  # the URL takes any text there
            else None
        )
        if record is None:
            raise Http404("No such revision.")
        can_restore = self.has_change_permission(request, obj)
        # Links to rows deleted since this revision: a restore leaves them out.
        deleted = [
            label
            for labels in revisions.deleted_links(record).values()
            for label in labels.values()
        ]
        if request.method == "POST":
            if not can_restore:
                raise PermissionDenied
            try:
                services.article_restore_revision(
                    article=obj, history_id=record.history_id, by=request.user
                )
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Restored the revision of {timezone.localtime(record.history_date):%Y-%m-%d %H:%M}.",
                    messages.SUCCESS,
                )
                if deleted:
                    self.message_user(
                        request,
                        f"Not restored, deleted since: {', '.join(deleted)}.",
                        messages.WARNING,
                    )
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        latest = obj.history.order_by("-history_date", "-history_id").first()
        # Only what a restore brings back: the status, time and address stay as they are,
        # so showing them as changes would promise what the button does not do.
        restored = [f for f in revisions.COMPARED_FIELDS if f in services.RESTORED_FIELDS]
        diffs = revisions.revision_diff(latest, record, fields=restored)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Restore an earlier revision: {obj}",
            "opts": self.opts,
            "original": obj,
            "record": record,
            "latest": latest,
            "diffs": diffs,
            "changed_count": sum(d.changed for d in diffs),
            "can_restore": can_restore,
            "deleted": deleted,
        }
        return TemplateResponse(request, "admin/articles/article/restore.html", context)

    # -- display --

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj):
        label = obj.get_status_display()
        if obj.is_scheduled():
            label = "Scheduled"
        elif obj.status == Article.Status.DRAFT and getattr(obj, "sent_back", False):
            return format_html(
                '<span class="status status-draft status-sent-back">{}, sent back</span>', label
            )
        return format_html('<span class="status status-{}">{}</span>', obj.status, label)

    @admin.display(description="published", ordering="published_at")
    def published(self, obj):
        """The day, with the time only when the source gave one: the noon the importer
        assumes for a day alone is not a time to show."""
        if obj.published_at is None:
            return None  # the admin's empty value
        fmt = "j M Y, H:i" if obj.published_time_known else "j M Y"
        return date_format(timezone.localtime(obj.published_at), fmt)

    @admin.display(description="changed", ordering="updated_at")
    def changed(self, obj):
        """When the article was last saved (the list's default order, newest first)."""
        return date_format(timezone.localtime(obj.updated_at), "j M Y, H:i")

    @admin.display(description="editions of this story")
    def editions(self, obj):
        """The story's other editions, each linked to its change page (one query)."""
        editions = (
            obj.editions(
                Article.objects.only(
                    "title", "language", "status", "published_at", "translation_of"
                )
            )
            if obj and obj.pk
            else []
        )
        if not editions:
            return (
                "None yet. To add one, open the other edition and choose this article in its "
                "“Edition of” field."
            )
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li>{}: <a href="{}" lang="{}">{}</a> ({}){}</li>',
                (
                    (
                        edition.get_language_display(),
                        reverse("admin:articles_article_change", args=[edition.pk]),
                        edition.language,
                        edition.title,
                        "scheduled"
                        if edition.is_scheduled()
                        else edition.get_status_display().lower(),
                        " — the original" if edition.pk == obj.translation_of_id else "",
                    )
                    for edition in editions
                ),
            ),
        )

    @admin.display(description="countries")
    def country_codes(self, obj):
        return " ".join(c.code for c in obj.countries.all())


class EncodingFilter(admin.SimpleListFilter):
    """The encodings files were read in, and "none" for the files refused before any was
    found (Django's own filter gave those an empty, unnamed link)."""

    title = "encoding"
    parameter_name = "encoding"
    NONE = "none"

    def lookups(self, request, model_admin):
        found = (
            model_admin.get_queryset(request)
            .order_by("encoding")
            .values_list("encoding", flat=True)
            .distinct()
        )
        return [(value or self.NONE, value or "None (not read)") for value in found]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(encoding="" if value == self.NONE else value)


@admin.register(ImportRecord)
class ImportRecordAdmin(CheckedInputAdminMixin, admin.ModelAdmin):
    # A refused file's one-line reason beside it: the desk sees what to fix without opening
    # each record.
    list_display = ["name", "status", "short_error", "encoding", "size", "created_at", "created_by"]
    list_filter = ["status", EncodingFilter, year_filter("created_at", "year imported")]
    list_select_related = ["created_by"]
    search_fields = ["name", "sha256", "error"]
    ordering = ["-created_at"]
    show_full_result_count = False
    paginator = DeferredJoinPaginator
    change_list_template = "admin/articles/importrecord/change_list.html"

    def get_urls(self):
        def import_view(request):
            # Imported here: the importer (and its gazetteer) loads only when someone imports.
            from .importing.views import import_texts_view

            return import_texts_view(request, model_admin=self)

        return [
            path(
                "import/",
                self.admin_site.admin_view(import_view),
                name="articles_importrecord_import",
            ),
            path(
                "<path:object_id>/file/",
                self.admin_site.admin_view(self.file_view),
                name="articles_importrecord_file",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="error", ordering="error")
    def short_error(self, obj):
        """The reason, cut to fit the list's width (the record's page has it whole)."""
        return Truncator(obj.error).chars(ERROR_COLUMN_CHARS)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "may_import_texts": services.may_import_texts(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        # The kept bytes (up to IMPORT_MAX_FILE_BYTES a row) are read only to be downloaded.
        kept = ExpressionWrapper(Q(raw_bytes__isnull=False), output_field=BooleanField())
        return super().get_queryset(request).defer("raw_bytes").annotate(bytes_kept=kept)

    def get_readonly_fields(self, request, obj=None):
        fields = [f.name for f in self.model._meta.fields if f.name != "raw_bytes"]
        return [*fields, "kept_file", "articles"]

    @admin.display(description="file as received")
    def kept_file(self, obj):
        if not getattr(obj, "bytes_kept", False):
            return "—"
        url = reverse("admin:articles_importrecord_file", args=[obj.pk])
        return format_html('<a href="{}" download>Download {}</a>', url, obj.download_name())

    def file_view(self, request, object_id):
        """The bytes of a refused file, as received, to anyone who may view its record."""
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        if not self.has_view_permission(request, record):
            raise PermissionDenied
        data = ImportRecord.objects.values_list("raw_bytes", flat=True).get(pk=record.pk)
        if data is None:
            raise Http404
        response = HttpResponse(bytes(data), content_type="application/octet-stream")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=record.download_name()
        )
        return response

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
