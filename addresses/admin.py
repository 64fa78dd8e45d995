from django.contrib import admin
from django.utils.html import format_html

from newsroom.admininput import CheckedInputAdminMixin

from .models import FormerAddress


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
