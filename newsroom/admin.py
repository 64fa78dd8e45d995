"""The project's own admin registrations: django-axes' login records, with checked dates.

Axes registers its lists of access attempts and logs with Django's date filter and date
drill-down, which raised on a date at the calendar's ends (`?attempt_time__gte=0001-01-01`,
`?attempt_time__year=9999`). They are registered again here with the checks every other list
has (`newsroom.admininput`), and the deep-page paginator the article list has
(`newsroom.adminpaging`). This app comes after `axes` in INSTALLED_APPS.
"""

from django.contrib import admin
from django.db import models

from .admininput import CheckedInputAdminMixin, DateRangeFilter
from .adminpaging import DeferredJoinPaginator


def with_checked_dates(model_admin):
    """`model_admin`'s class with the input checks, its date filters as `DateRangeFilter`."""

    def checked(spec):
        if isinstance(spec, str) and isinstance(
            model_admin.model._meta.get_field(spec), models.DateTimeField
        ):
            return (spec, DateRangeFilter)
        return spec

    return type(
        type(model_admin).__name__,
        (CheckedInputAdminMixin, type(model_admin)),
        {
            "list_filter": [checked(spec) for spec in model_admin.list_filter],
            # Login records accumulate: their deep pages read keys first.
            "paginator": DeferredJoinPaginator,
        },
    )


for model, model_admin in list(admin.site._registry.items()):
    if model._meta.app_label == "axes":
        admin.site.unregister(model)
        admin.site.register(model, with_checked_dates(model_admin))
