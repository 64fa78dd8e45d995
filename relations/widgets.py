"""django-import-export widgets that name related rows by natural key and refuse unknown ones.

The library's own `ForeignKeyWidget` raises `DoesNotExist` (reported as a crash, not as a row's
column error) and its `ManyToManyWidget` silently drops keys it cannot find. A spreadsheet cell
that names a country, person or agreement we do not have is a mistake the editor must see, so
these widgets raise `ValueError` naming the cell's unknown keys; the resource turns that into a
validation error on the column.

Both widgets can be primed with every key of a column before the rows are read, so an import
costs one query per related column instead of one per row.
"""

import datetime as dt
import re

from django.utils import timezone
from import_export import widgets

from .models import lf_line_endings

# A cell starting with one of these is run as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (so XLSX) cannot hold; openpyxl refuses the whole file when it meets one.
ILLEGAL_XML_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise_formula(text):
    """Prefix `'` so a spreadsheet shows the cell as text instead of running it.

    Also prefixed: text that already starts with `'` followed by a trigger or another `'`, so
    `restore_formula` can undo exactly what was done and a round trip returns the stored text.
    """
    if not text:
        return text
    if text[0] in FORMULA_TRIGGERS or (
        text[0] == "'" and len(text) > 1 and text[1] in (*FORMULA_TRIGGERS, "'")
    ):
        return "'" + text
    return text


def restore_formula(text):
    """Undo `neutralise_formula`; a spreadsheet's own `'=...` text cells mean the same."""
    if len(text) > 1 and text[0] == "'" and text[1] in (*FORMULA_TRIGGERS, "'"):
        return text[1:]
    return text


def safe_cell(value):
    """An exported text cell that no spreadsheet runs and every format can hold."""
    return neutralise_formula(ILLEGAL_XML_CHARACTERS.sub("", value))


class _PrimedLookup:
    """Looks rows of `model` up by `field`, in batches when primed."""

    def __init__(self, model, field, normalise=None):
        self.model = model
        self.field = field
        self.normalise = normalise or (lambda key: key)
        self._cache = {}

    def split(self, value, separator=None):
        if value is None:
            return []
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a numeric-looking key read back from XLSX
        text = str(value)
        parts = text.split(separator) if separator else [text]
        keys = []
        for part in parts:
            key = self.normalise(part.strip())
            if key and key not in keys:
                keys.append(key)
        return keys

    def prime(self, keys):
        wanted = [key for key in set(keys) if key not in self._cache]
        for start in range(0, len(wanted), 500):  # SQLite caps query parameters
            batch = wanted[start : start + 500]
            for obj in self.model._default_manager.filter(**{f"{self.field}__in": batch}):
                self._cache[getattr(obj, self.field)] = obj

    def resolve(self, keys, column_label):
        self.prime(keys)
        missing = [key for key in keys if key not in self._cache]
        if missing:
            names = ", ".join(f"'{key}'" for key in missing)
            opts = self.model._meta
            if opts.label == "relations.Country":
                # Countries are reference data: they can be exported but never imported.
                remedy = (
                    "use a country's ISO 3166 alpha-2 code (the Countries list in the admin "
                    "shows them all)"
                )
            else:
                remedy = f"create it first (import {opts.verbose_name_plural} before this file)"
            raise ValueError(
                f"Unknown {opts.verbose_name} {self.field} {names}: {remedy} or correct the "
                f"{column_label} cell."
            )
        return [self._cache[key] for key in keys]


class NaturalForeignKeyWidget(widgets.ForeignKeyWidget):
    """One related row named by a natural key (a source's name, a country's code)."""

    def __init__(self, model, field, normalise=None, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.lookup = _PrimedLookup(model, field, normalise)

    def keys(self, value):
        return self.lookup.split(value)

    def prime(self, values):
        self.lookup.prime([key for value in values for key in self.keys(value)])

    def clean(self, value, row=None, **kwargs):
        keys = self.keys(value)
        if not keys:
            return None
        return self.lookup.resolve(keys, "reference")[0]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class NaturalManyToManyWidget(widgets.ManyToManyWidget):
    """Several related rows in one cell, by natural key: `KZ;MN`, `person-a;person-b`."""

    def __init__(self, model, field, separator=";", normalise=None, **kwargs):
        super().__init__(model, separator=separator, field=field, **kwargs)
        self.lookup = _PrimedLookup(model, field, normalise)

    def keys(self, value):
        return self.lookup.split(value, self.separator)

    def prime(self, values):
        self.lookup.prime([key for value in values for key in self.keys(value)])

    def clean(self, value, row=None, **kwargs):
        return self.lookup.resolve(self.keys(value), "list")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        # A list: the row's values before they are written (RelationListField).
        items = value if isinstance(value, list | tuple) else value.all()
        # Sorted, so the same set always makes the same cell (stable diffs between exports).
        return self.separator.join(sorted(str(getattr(item, self.field)) for item in items))


class ListWidget(widgets.Widget):
    """A list of names (aliases) as one `;`-separated cell rather than a JSON literal."""

    separator = ";"

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return []
        names = []
        for part in str(value).split(self.separator):
            part = part.strip()
            if part and part not in names:
                names.append(part)
        return names

    def render(self, value, obj=None, **kwargs):
        return self.separator.join(value or [])


class TextWidget(widgets.CharWidget):
    """A text cell, with the line endings every stored text has (`lf_line_endings`).

    A CSV file or a workbook written on Windows holds CRLF; read as it came, the same text
    would compare unequal to the stored one and every such row would be an update.
    """

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        return lf_line_endings(value) if isinstance(value, str) else value


class BooleanWidget(widgets.BooleanWidget):
    """Yes or no in the spellings people type, in English, Russian and Kazakh.

    The library's widget reads anything but `1`/`true` as False, so a `yes`, `Y` or `да`
    silently cleared a "needs review" flag. Anything not listed here is a row error. An empty
    cell is the field's default. Spreadsheet programs in Russian and Kazakh write their
    booleans as ИСТИНА/ЛОЖЬ and АҚИҚАТ/ЖАЛҒАН.
    """

    YES = frozenset({"1", "true", "yes", "y", "да", "д", "иә", "ия", "истина", "ақиқат"})
    NO = frozenset({"0", "false", "no", "n", "нет", "н", "жоқ", "ложь", "жалған"})
    EMPTY = frozenset({"", "null", "none"})
    ACCEPTED = "true or false (also yes/no, y/n, 1/0, да/нет, иә/жоқ)"

    def clean(self, value, row=None, **kwargs):
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)  # a number cell read back from XLSX
        text = str(value).strip().casefold()
        if text in self.EMPTY:
            return None
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(f"'{value}' is not a yes or no: write {self.ACCEPTED}.")


class DateWidget(widgets.DateWidget):
    """A date; XLSX hands dates back as midnight datetimes, which would never compare equal."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            # The library's message names no format; the first is the one exports use.
            raise ValueError(
                f"'{value}' is not a date: write it as YYYY-MM-DD (2025-09-05)."
            ) from None


class DateTimeWidget(widgets.DateTimeWidget):
    """A local date and time to the second.

    Publication times are stored to the second (`Article.derive_fields`), and spreadsheets
    keep times as fractions of a day, so the value read back from XLSX may be a few
    microseconds off: it is rounded to the second.
    """

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and "T" in value:
            value = value.replace("T", " ")
        try:
            result = super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                f"'{value}' is not a date and time: write it as YYYY-MM-DD HH:MM:SS or "
                f"YYYY-MM-DD HH:MM (2025-09-05 14:30), in {timezone.get_current_timezone_name()} "
                "time."
            ) from None
        if result is None:
            return None
        if result.microsecond:
            result = (result + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        return result

    def render(self, value, obj=None, **kwargs):
        if isinstance(value, dt.datetime):
            value = value.replace(microsecond=0)
            if kwargs.get("force_native_type"):
                return timezone.localtime(value).replace(tzinfo=None)
        return super().render(value, obj, **kwargs)
