"""Spreadsheet import and export in the admin (django-import-export), with Newsroom's limits.

Every admin with spreadsheets mixes in `SpreadsheetAdminMixin` (import and export) or
`SpreadsheetExportMixin` (export only, for reference data), and lists its resources in
`resource_classes`. What they add to the library:

- CSV, XLSX and JSON only. CSV as spreadsheet programs save it: UTF-8 (with or without a
  byte-order mark) or Windows-1251 (Excel's "CSV" on a Russian system) when it reads as
  Russian or Kazakh, or KZ-1048 when it reads as Kazakh (`relations.charsets`), separated by commas or semicolons (Excel where the decimal mark is a
  comma). Any other file is refused with advice, never guessed at: a guess that reads a
  Western file's "Côte" as "Cфte" renames the rows its slugs match.
- Import needs both the model's add and change permissions (an import creates and updates
  rows); export needs the permission named by `IMPORT_EXPORT_EXPORT_PERMISSION_CODE`. Everyone
  else gets 403 from the URLs, and sees neither the buttons nor the export action. A row that
  would change a row the public site shows is refused for users who may not publish
  (`resources.NaturalKeyResource`), and with it the whole file.
- Files over `IMPORT_EXPORT_FORMATS_MAX_BYTES` are refused by the upload form.
- A confirmed import that turns out to fail (the data changed since the preview) says so
  instead of the library's unconditional "Import finished".
"""

import json
import zipfile

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import Action, ActionLocation, IncorrectLookupParameters
from django.contrib.auth import get_permission_codename
from django.core.exceptions import FieldError, PermissionDenied
from django.core.management import CommandError
from django.forms import ValidationError
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from import_export.admin import ExportActionMixin, ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from openpyxl.utils.exceptions import InvalidFileException

from .charsets import WIDE_BOMS, kazakh_code_page, windows_1251_misreading
from .resources import describe_invalid_row


class UnreadableFile(CommandError, ValueError):
    """A file that is not text in an encoding we read; the message says what to do.

    A CommandError so that the `import` command prints the message, not a traceback.
    """


class DecodedText:
    """A text format that reads the upload as bytes and decodes it itself.

    The library decodes with one fixed encoding before the format sees the file, and a file
    in another encoding only got "'UnicodeDecodeError' encountered while trying to read file".
    A file is read as UTF-8 (a byte-order mark is dropped) or refused with `ADVICE`; a format
    may name an 8-bit `FALLBACK` for files that are not UTF-8, with a test of its reading.
    """

    ACCEPTED = "UTF-8"
    ADVICE = "Save it as UTF-8 and upload it again."
    #: (Python codec, a function giving why a decoded text is not in it, or None), or None.
    FALLBACK = None

    def get_read_mode(self):
        return "rb"

    def decode(self, data):
        if isinstance(data, str):
            return data
        # UTF-16 and UTF-32 are refused rather than read: nothing a spreadsheet program offers
        # as "CSV" writes them, and the accepted encodings stay the two the advice can name.
        name = next((name for bom, name in WIDE_BOMS if data.startswith(bom)), None)
        if name:
            raise self.unreadable(f"it is {name}")
        if b"\x00" in data:
            # UTF-16 or UTF-32 without a byte-order mark: its English text is valid UTF-8.
            raise self.unreadable("it has NUL bytes, as UTF-16 text does")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        if self.FALLBACK:
            encoding, misreading = self.FALLBACK
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise self.unreadable() from None
            if encoding == "cp1251" and kazakh_code_page(data):
                return data.decode("kz1048")
            reason = misreading(text)
            if reason is None:
                return text
            raise self.unreadable(reason)
        raise self.unreadable()

    def unreadable(self, reason=""):
        reason = f" ({reason})" if reason else ""
        return UnreadableFile(f"This file is not {self.ACCEPTED} text{reason}. {self.ADVICE}")

    def create_dataset(self, in_stream, **kwargs):
        return super().create_dataset(self.decode(in_stream), **kwargs)


class CSV(DecodedText, base_formats.CSV):
    """CSV as spreadsheet programs write it, in UTF-8 or Windows-1251, with `,` or `;`."""

    ACCEPTED = "UTF-8 or Windows-1251"
    ADVICE = (
        'Save it from your spreadsheet program as "CSV UTF-8" (or as XLSX) and upload it again.'
    )
    # Excel's "CSV" on a Russian system. Tried after UTF-8 only: Windows-1251 would "decode"
    # UTF-8 bytes into nonsense.
    FALLBACK = ("cp1251", windows_1251_misreading)
    DELIMITERS = (",", ";")

    def create_dataset(self, in_stream, **kwargs):
        text = self.decode(in_stream)
        if "delimiter" not in kwargs:
            kwargs["delimiter"] = self.delimiter(text)
        return super().create_dataset(text, **kwargs)

    def delimiter(self, text):
        """The separator the first row (the column names) uses most; commas on a tie.

        Column names hold neither character, so the header row tells reliably where a
        sniffer reading the cells (commas in every sentence) would guess.
        """
        header = text.partition("\n")[0]
        return max(self.DELIMITERS, key=header.count)


class JSON(DecodedText, base_formats.JSON):
    """JSON is UTF-8 by definition; a byte-order mark is tolerated."""


SPREADSHEET_FORMATS = [CSV, base_formats.XLSX, JSON]


class LimitedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.IMPORT_EXPORT_FORMATS_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"This file is {filesizeformat(upload.size)}; files over "
                f"{filesizeformat(limit)} are refused. Split it into smaller files.",
                code="too_big",
            )
        return upload


class SpreadsheetExportMixin(ExportActionMixin):
    """Export of the filtered changelist (button) and of selected rows (action)."""

    formats = SPREADSHEET_FORMATS
    # Keep each admin's own change form: exporting one row from it is not needed.
    change_form_template = None
    show_change_form_export = False

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Skips the library's override: written before Django 6.1's `action_location`, its
        # old signature makes Django switch off every change-form action of this admin.
        actions = super(ExportActionMixin, self).get_actions(
            request, action_location=action_location
        )
        if action_location == ActionLocation.CHANGE_LIST and self.has_export_permission(request):
            description = "Export selected %(verbose_name_plural)s"
            actions["export_admin_action"] = Action(
                func=type(self).export_admin_action,
                name="export_admin_action",
                description=description,
                plural_description=description,
                locations=[ActionLocation.CHANGE_LIST],
            )
        return actions

    def get_valid_export_item_pks(self, request):
        # Selected rows may only come from what this user's changelist shows (and this
        # replaces the library's deprecated default, which allowed the whole table).
        return self.get_export_queryset(request).values_list("pk", flat=True)

    def export_admin_action(self, request, queryset):
        if not self.has_export_permission(request):
            raise PermissionDenied
        return super().export_admin_action(request, queryset)

    def export_action(self, request):
        # The export page filters by its address as the list does; the library lets a filter
        # the list does not have raise. Back to the list with a message, rather than a 500 or
        # a silent export of every row.
        try:
            return super().export_action(request)
        except (IncorrectLookupParameters, FieldError):
            messages.error(
                request,
                "That export address has filters this list does not have. Choose the "
                "filters on the list, then export.",
            )
            opts = self.opts
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            )


READ_ADVICE = (
    "Check that the format chosen below is the file's (CSV, XLSX or JSON), or save the file "
    "again from your spreadsheet program, and upload it again."
)


def unreadable_message(error):
    """One line for an editor on why an uploaded spreadsheet could not be read."""
    if isinstance(error, UnreadableFile):
        return str(error)
    if isinstance(error, json.JSONDecodeError):
        return (
            f"This file is not valid JSON ({error.msg.lower()} at line {error.lineno}, column "
            f"{error.colno}). {READ_ADVICE}"
        )
    if isinstance(error, zipfile.BadZipFile | InvalidFileException):
        return f"This file is not an Excel workbook (.xlsx). {READ_ADVICE}"
    return f"This file could not be read as a table of rows. {READ_ADVICE}"


class SpreadsheetAdminMixin(ImportExportMixin, SpreadsheetExportMixin):
    import_form_class = LimitedImportForm
    # Our text formats read bytes and decode them themselves (DecodedText).
    from_encoding = None

    def add_data_read_fail_error_to_form(self, form, e):
        # The library's message named the exception ("'BadZipFile' encountered while trying
        # to read file"): an editor is told what the file is not, and what to do.
        form.add_error("import_file", unreadable_message(e))

    def has_import_permission(self, request):
        opts = self.opts
        return all(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("add", "change")
        )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            lines = [str(error.error) for error in result.base_errors]
            for invalid_row in result.invalid_rows:
                lines.extend(describe_invalid_row(invalid_row))
            for number, errors in result.row_errors():
                lines.extend(f"row {number}: {error.error}" for error in errors)
            messages.error(
                request,
                "Nothing was imported: " + "; ".join(dict.fromkeys(lines)),
            )
            return HttpResponseRedirect(
                reverse(
                    "admin:{}_{}_changelist".format(*self.get_model_info()),
                    current_app=self.admin_site.name,
                )
            )
        return super().process_result(result, request)
