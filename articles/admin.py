from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import Article, ImportRecord, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "article_count"]
    list_filter = ["kind"]
    list_select_related = ["country"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description="articles", ordering="_article_count")
    def article_count(self, obj):
        return obj._article_count


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "status_badge",
        "published_at",
        "source",
        "language",
        "country_codes",
        "updated_at",
    ]
    list_display_links = ["title"]
    list_filter = ["status", "language", "source", "published_at"]
    list_select_related = ["source"]
    search_fields = ["title", "slug", "summary", "body"]
    date_hierarchy = "published_at"
    ordering = ["-updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "source",
        "cited_source",
        "countries",
        "people",
        "organizations",
        "events",
        "agreements",
        "positions",
    ]
    readonly_fields = ["word_count", "fingerprint", "created_at", "updated_at", "version"]
    list_per_page = 50
    show_full_result_count = False
    fieldsets = [
        ("Content", {"fields": ["title", "slug", "summary", "body", "language", "byline"]}),
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
                ]
            },
        ),
        ("Publishing", {"fields": ["status", "published_at"]}),
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
                    "version",
                    "created_at",
                    "updated_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj):
        label = obj.get_status_display()
        if obj.is_scheduled():
            label = "Scheduled"
        return format_html('<span class="status status-{}">{}</span>', obj.status, label)

    @admin.display(description="countries")
    def country_codes(self, obj):
        return " ".join(c.code for c in obj.countries.all())


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "encoding", "size", "created_at", "created_by"]
    list_filter = ["status", "encoding"]
    list_select_related = ["created_by"]
    search_fields = ["name", "sha256", "error"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["articles"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
