"""The admin's article form: carries its version and knows who is editing."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from . import images, services
from .models import Article, SendBack

# What a model choice field says of an id that is not (or no longer) there.
VANISHED_CHOICE = {"invalid_choice", "invalid_pk_value"}


def _time_of_day(value):
    return timezone.localtime(value).time() if value is not None else None


class ArticleAdminForm(forms.ModelForm):
    # The version the form was opened at; a different stored version means a lost update.
    # (Not named "version": Django refuses a non-editable model field in a form's fields.)
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # A plain file field: Django's ImageField would refuse bombs and fakes with a vague
    # "not an image"; images.clean_upload says what is wrong.
    lead_image = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="JPEG, PNG or WebP. Metadata such as GPS positions is removed on upload.",
    )

    # Shown to editors on an article in review (``services.can_send_back``); removed otherwise.
    send_back_note = forms.CharField(
        label="Note for the reporter",
        required=False,
        max_length=SendBack.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Sending it back to draft? Say what to fix. The reporter sees the note on "
        "this page until the article is sent for review again; it stays in the history.",
    )

    #: Set by ArticleAdmin.get_form: the user whose rights decide the status choices.
    user = None

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "language",
            "translation_of",
            "byline",
            "countries",
            "people",
            "organizations",
            "events",
            "agreements",
            "positions",
            "status",
            "published_at",
            "edit_version",
            "lead_image",
            "lead_image_alt",
            "lead_image_caption",
            "lead_image_credit",
            "source",
            "cited_source",
            "dateline",
            "image_credit",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edit_version"].initial = self.instance.version
        if "published_at" in self.fields:
            self.fields[
                "published_at"
            ].help_text = "Empty when publishing: now. A future time schedules the article."
        if self.instance.pk is None or not services.can_send_back(self.user, self.instance):
            del self.fields["send_back_note"]
        status = self.fields.get("status")
        if status is not None and not services.can_publish(self.user):
            # Only the widget is narrowed: a crafted "published" must still reach
            # clean_status and get its clear message, not a generic "invalid choice".
            status.widget.choices = [
                (value, label)
                for value, label in status.choices
                if value in services.REPORTER_STATUSES or value == self.instance.status
            ]
            status.help_text = "Editors publish and schedule; send the article for review."

    def clean_status(self):
        status = self.cleaned_data.get("status")
        stored = self._stored_status()
        if status != stored and not services.article_status_allowed(self.user, status):
            raise forms.ValidationError(
                "You cannot publish or archive: only editors can. Save it as a draft or "
                "send it for review.",
                code="publish_permission",
            )
        if stored is not None and not services.transition_allowed(stored, status):
            raise forms.ValidationError(
                f"An article cannot go from {Article.Status(stored).label.lower()} to "
                f"{Article.Status(status).label.lower()}.",
                code="transition",
            )
        return status

    def clean_lead_image(self):
        upload = self.cleaned_data.get("lead_image")
        if isinstance(upload, UploadedFile):
            return images.clean_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self._check_version(cleaned.get("edit_version"))
        if cleaned.get("send_back_note") and cleaned.get("status") != Article.Status.DRAFT:
            self.add_error("send_back_note", services.NOTE_WITHOUT_SEND_BACK)
        if (
            cleaned.get("status") == Article.Status.PUBLISHED
            and self._stored_status() != Article.Status.PUBLISHED  # a live one keeps its time
            and "published_at" in self.fields  # editable: an editor's form
            and "published_at" in cleaned
            and cleaned["published_at"] is None
            and services.can_publish(self.user)
        ):
            if services.is_undated_import(self.instance):
                self.add_error("published_at", services.UNDATED_IMPORT)
                return cleaned
            # "Published" with no time publishes now, as the list's "Publish" action does.
            cleaned["published_at"] = timezone.now().replace(microsecond=0)
            cleaned["published_time_known"] = True
            return cleaned
        if "published_at" in self.changed_data and "published_time_known" not in self.changed_data:
            # An editor who types a time knows it (unless they untick the box as well); one
            # who corrects only the day of a day-only text does not (the page would show the
            # importer's noon as if it were the time).
            before, after = self.initial.get("published_at"), cleaned.get("published_at")
            if before is None or _time_of_day(before) != _time_of_day(after):
                cleaned["published_time_known"] = True
        return cleaned

    def stored_state(self):
        """(status label, scheduled time or None) as stored: after a refused save the
        instance holds what was submitted, and the page must not say it is published."""
        status = self.initial.get("status", self.instance.status)
        when = self.initial.get("published_at", self.instance.published_at)
        if status == Article.Status.PUBLISHED and when is not None and when > timezone.now():
            return "Scheduled", when
        return Article.Status(status).label, None

    def _stored_status(self):
        # The instance is already the edited object for bound forms; the stored status
        # is what the form was built from.
        return self.initial.get("status") if self.instance.pk is not None else None

    def _check_version(self, version):
        current = Article.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            # In the admin's request transaction: hold the row until the save commits.
            current = current.select_for_update()
        current = current.first()
        if current is None:
            return
        if version is None or version != current.version:
            self._forget_vanished_choices()
            raise forms.ValidationError(services.stale_message(current), code="stale")

    def _forget_vanished_choices(self):
        """On a stale form, a linked row that no longer exists went in the save that made it
        stale (a merge deletes the duplicates it relinks): the stale message says what to do,
        and "Select a valid choice" beside the field would send the editor looking for it."""
        for name, errors in list(self._errors.items()):
            if isinstance(self.fields.get(name), forms.ModelChoiceField):
                errors.data[:] = [e for e in errors.data if e.code not in VANISHED_CHOICE]
                if not errors:
                    del self._errors[name]


class SendBackForm(forms.Form):
    """The note of the "Send back to draft" action's confirmation page."""

    note = forms.CharField(
        label="Note for the reporters",
        required=False,
        max_length=SendBack.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text="What to fix. Each article shows it on its page until it is sent for review "
        "again; it stays in the history.",
    )
