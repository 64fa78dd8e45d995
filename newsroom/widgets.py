"""Form widgets for the public pages."""

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


@functools.lru_cache(maxsize=128)
def _options(choices, selected):
    """The `<option>`s for `choices` (a tuple of (value, label)) with `selected` marked.

    A pure function of its arguments, so a process may keep the answer: a select of 249
    countries costs about 5 ms to escape and join, and changes only when the list does.
    """
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) in selected else "", label) for value, label in choices),
    )


class PlainSelect(forms.Select):
    """A `<select>` built in Python rather than with a template per `<option>`.

    Django renders every option through its own template include (about 0.1 ms each), so a
    list of 249 countries cost most of an uncached list page. Same markup, a fraction of the
    time. No optgroups (the public filters have none).
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        choices = tuple((str(v), str(label)) for v, label in self.choices)
        selected = frozenset(str(v) for v in self.format_value(value))
        return format_html(
            "<select{}>{}</select>", flatatt(final_attrs), _options(choices, selected)
        )


class PlainInputMixin:
    """An `<input>` built in Python, with the markup of Django's `input.html` template."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = {"type": self.input_type, "name": name}
        value = self.format_value(value)
        if value is not None:
            final_attrs["value"] = value
        final_attrs.update(self.build_attrs(self.attrs, attrs))
        return format_html("<input{}>", flatatt(final_attrs))


class PlainTextInput(PlainInputMixin, forms.TextInput):
    pass


class PlainNumberInput(PlainInputMixin, forms.NumberInput):
    pass


class PlainDateInput(PlainInputMixin, forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        """A date input holds an ISO date or nothing (HTML). What the reader typed is shown back
        as that date, read as the form reads it; text that is no date (the form says so beside
        the field) is left out, as a browser would drop it."""
        value = super().format_value(value)
        if not isinstance(value, str) or not value:
            return value
        try:
            return forms.DateField().to_python(value).isoformat()
        except ValidationError:
            return None
