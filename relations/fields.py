"""A list of alternative names stored as JSON and edited as one name per line."""

from django import forms
from django.db import models


class AliasesFormField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(v).strip() for v in value if str(v).strip()]
        text = super().to_python(value) or ""
        seen = []
        for line in text.replace(";", "\n").splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.append(line)
        return seen


class AliasesField(models.JSONField):
    """Other spellings of a name: transliterations, abbreviations, demonyms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        defaults = {
            "form_class": AliasesFormField,
            "help_text": self.help_text or "One name per line.",
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)
