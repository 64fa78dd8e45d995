"""Admin pieces that check a submitted key before it reaches a query.

A form, a list action or a URL can carry any text where a key belongs; what cannot be one
must be a form error or a message, never a traceback.

Django's `AutocompleteSelect` shows the chosen rows again when a form comes back with errors,
by looking up every submitted value as a key. A value that cannot be one (`x`, a key beyond
the column's range) made that lookup raise while the page rendered: a 500 instead of the
form's own "Select a valid choice" error. These widgets leave such values out of the lookup;
the form still refuses them. A many-to-many field's own check had the same flaw on SQLite
(a key beyond 64 bits overflowed in its `IN` query): `KeyCheckedMultipleChoiceField` refuses
such a key first. A list action applied to selected rows filtered by whatever came as the
selection: "x" raised inside the action (`KeyCheckedAdminMixin.response_action`). Every
ModelAdmin and inline takes `KeyCheckedAdminMixin` first in its bases.
"""

from django import forms
from django.contrib.admin import helpers, widgets
from django.core.exceptions import ValidationError


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


class KeyCheckedAdminMixin:
    """For a ModelAdmin or an inline: its `autocomplete_fields` use the widgets above, its
    many-to-many fields check their keys, and an action runs on the selected keys only."""

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
