"""Admin pieces that check a submitted key or date before it reaches a query.

A form, a list action or a URL can carry any text where a key or a date belongs; what cannot
be one must be a form error or a message, never a traceback.

Django's `AutocompleteSelect` shows the chosen rows again when a form comes back with errors,
by looking up every submitted value as a key. A value that cannot be one (`x`, a key beyond
the column's range) made that lookup raise while the page rendered: a 500 instead of the
form's own "Select a valid choice" error. These widgets leave such values out of the lookup;
the form still refuses them. A many-to-many field's own check had the same flaw on SQLite
(a key beyond 64 bits overflowed in its `IN` query): `KeyCheckedMultipleChoiceField` refuses
such a key first. A list action applied to selected rows filtered by whatever came as the
selection: "x" raised inside the action (`CheckedInputAdminMixin.response_action`).

Dates: Django's date filter and date drill-down (`date_hierarchy`) passed on bounds that no
timestamp or date can hold. `?published_at__gte=0001-01-01` is local midnight of the year 1,
which is in the year 0 in UTC east of Greenwich; `?starts_on__year=9999` ends in the year
10000. Both raised. `DateRangeFilter` and `CheckedDatesChangeList` answer them as Django
answers any bad filter: back to the list with `?e=1`.

Text: browsers submit a textarea with CRLF line endings, while text is stored with LF
(`relations.models.lf_line_endings`); read as it came, every multi-line field of a form saved
unchanged counted as changed ("Changed Body." in the history). `TextareaField` reads it as
stored.

Every ModelAdmin and inline takes `CheckedInputAdminMixin` first in its bases.
"""

import datetime as dt

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers, widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import models

from relations.models import lf_line_endings

from .filters import utc_instant


def is_key(field, value):
    """Whether `value` can be a value of the model field `field` (its type and range)."""
    try:
        field.clean(value, None)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class KeyedValuesMixin:
    def optgroups(self, name, value, attrs=None):
        related = self.field.remote_field
        opts = related.model._meta
        target = opts.get_field(getattr(related, "field_name", None) or opts.pk.attname)
        return super().optgroups(name, [v for v in value if is_key(target, v)], attrs)


class AutocompleteSelect(KeyedValuesMixin, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(KeyedValuesMixin, widgets.AutocompleteSelectMultiple):
    pass


class KeyCheckedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        opts = self.queryset.model._meta
        target = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for pk in value:
            if not is_key(target, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class DateRangeFilter(admin.DateFieldListFilter):
    """Django's "Any date / Today / Past 7 days ..." filter, refusing a bound no timestamp
    can hold (`?published_at__gte=0001-01-01`, local midnight of the year 1 east of UTC):
    Django's filter passed it on, and the query raised OverflowError."""

    def queryset(self, request, queryset):
        field = forms.DateTimeField()
        for name, values in self.used_parameters.items():
            if name not in (self.lookup_kwarg_since, self.lookup_kwarg_until):
                continue  # __isnull: True or False
            for value in values:  # Django passes each parameter's values as a list
                try:
                    moment = field.to_python(value)
                except ValidationError as exc:
                    raise IncorrectLookupParameters(exc) from exc
                if moment is not None and utc_instant(moment) is None:
                    raise IncorrectLookupParameters(f"No time can hold {value!r}")
        return super().queryset(request, queryset)


class CheckedDatesChangeList(ChangeList):
    """A changelist whose date drill-down refuses a year, month or day at the calendar's
    ends: the end of 9999 is in the year 10000 (ValueError), and an aware start in the year 1
    east of UTC cannot be stored (OverflowError when the query is compiled)."""

    def get_filters(self, request):
        try:
            filters = super().get_filters(request)
        except (ValueError, OverflowError) as exc:
            raise IncorrectLookupParameters(exc) from exc
        if self.date_hierarchy:
            lookups = filters[2]
            for name in (f"{self.date_hierarchy}__gte", f"{self.date_hierarchy}__lt"):
                for value in lookups.get(name, ()):
                    if isinstance(value, dt.datetime) and utc_instant(value) is None:
                        raise IncorrectLookupParameters(f"No time can hold {value}")
        return filters


class TextareaField(forms.CharField):
    """A textarea's text with the line endings it is stored with."""

    def to_python(self, value):
        value = super().to_python(value)
        return lf_line_endings(value) if isinstance(value, str) else value


class CheckedInputAdminMixin:
    """For a ModelAdmin or an inline: its `autocomplete_fields` use the widgets above, its
    many-to-many fields check their keys, an action runs on the selected keys only, its
    list's date drill-down checks its dates, and its text areas read LF line endings."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", TextareaField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_changelist(self, request, **kwargs):
        return CheckedDatesChangeList

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", KeyCheckedMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset, *args, **kwargs):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        keys = [pk for pk in selected if is_key(self.opts.pk, pk)]
        if keys != selected:
            # None left reads as nothing selected: Django's own message says so.
            request.POST = request.POST.copy()
            request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, keys)
        return super().response_action(request, queryset, *args, **kwargs)
