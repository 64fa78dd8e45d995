"""Forms of the admin import screen."""

import re

from django import forms
from django.conf import settings

from articles.models import Article, Source

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern for multiple uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.zip"}))
        # An empty file is the importer's to report (one line, with the rest of the batch).
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label="Text files",
        help_text="One or more .txt files, or a .zip archive of .txt files.",
    )
    source = forms.ModelChoiceField(
        queryset=Source.objects.order_by("name"),
        required=False,
        to_field_name="name",
        empty_label="(none: only what the texts name)",
        help_text="The source to assume when a text does not name one.",
    )
    status = forms.ChoiceField(
        choices=[(Article.Status.PUBLISHED, "Published"), (Article.Status.DRAFT, "Draft")],
        initial=Article.Status.PUBLISHED,
        help_text="Articles without a date always go to review. Without the publish "
        "permission, articles go to review instead of being published.",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            name = upload.name.lower()
            if not name.endswith((".txt", ".zip")):
                raise forms.ValidationError(
                    f"{upload.name}: only .txt files and .zip archives can be imported."
                )
        total = sum(upload.size for upload in files)
        if total > settings.IMPORT_MAX_ZIP_BYTES:
            raise forms.ValidationError(
                f"The upload is too large ({total:,} bytes; the limit is "
                f"{settings.IMPORT_MAX_ZIP_BYTES:,}): import it in parts."
            )
        return files


class ImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=TOKEN_RE, widget=forms.HiddenInput)
