"""Open-data exports of the agreement registry: CSV and JSON, one record per agreement.

Both formats are streamed: the agreements are read in chunks (`iterator(chunk_size=...)`, each
chunk with its parties, organizations and signatories prefetched), so an export of any size
costs the same few queries per chunk and holds one chunk in memory, never the whole list.

A record is built once (`agreement_record`, the JSON shape) and the CSV row is derived from it
(`csv_row`), so the two formats cannot drift apart. The CSV is for spreadsheets: every text cell
goes through `safe_cell` (no cell runs as a formula) and the file starts with a byte-order mark,
without which Excel reads UTF-8 as the local code page and garbles Cyrillic and Kazakh names.
The JSON carries the text exactly as stored.

Dates are the ones the texts give: `signed_on` is the document's own signing date and the
event's `starts_on` its own start, each empty when the coverage gives none. The registry page
dates a document signed at an undated event by the day a published article first reported the
event (`views.date_by_event`), and the year filter finds it by that day; the export writes no
such day, in `signed_on` or anywhere else: it is the newsroom's date of reporting, not a fact
about the document, and it moves as articles are published or withdrawn. So a year-filtered
export may list a document with neither date, listed where the registry lists it.
"""

import csv
import json

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import queries
from .models import Signatory
from .widgets import safe_cell

# Agreements read (and prefetched) per round of queries.
CHUNK_SIZE = 500
# Several values in one CSV cell.
SEPARATOR = "; "
BOM = "\ufeff"

# The CSV's columns, in order (README: "Open data").
COLUMNS = (
    "title",
    "slug",
    "kind",
    "kind_label",
    "signed_on",
    "event",
    "event_starts_on",
    "event_url",
    "party_codes",
    "parties",
    "party_organizations",
    "signatories",
    "url",
    "articles",
)


def published_coverage_count(relation):
    """The number of published articles linking the outer row through `relation` (a
    correlated COUNT on the entity's links: no query of its own)."""
    counted = (
        queries.published_articles()
        .filter(**{relation: OuterRef("pk")})
        .order_by()
        .values(relation)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def for_export(agreements):
    """`agreements` (already gated and filtered) with everything a record shows."""
    return agreements.annotate(coverage=published_coverage_count("agreements")).prefetch_related(
        "parties",
        "party_organizations",
        Prefetch(
            "signings",
            queryset=Signatory.objects.select_related(
                "person", "party", "party_organization"
            ).order_by("pk"),
        ),
    )


def _organization(org):
    return {"name": org.name, "abbreviation": org.abbreviation or None}


def _signatory(signing):
    party = signing.party or signing.party_organization
    return {
        "name": signing.person.name,
        "role": signing.role or None,
        "party": str(party) if party else None,
        "party_code": signing.party.code if signing.party else None,
    }


def agreement_record(agreement, request):
    """One agreement as the JSON export lists it. `agreement` comes from `for_export` over the
    registry's queryset (with its `event_is_public` annotation)."""
    event = None
    if agreement.event_is_public and agreement.event:
        event = {
            "name": agreement.event.name,
            # As far as it is known: "2025-01" for an event the coverage dates to a month.
            "starts_on": agreement.event.dates_iso()[0],
            "url": request.build_absolute_uri(agreement.event.get_absolute_url()),
        }
    return {
        "title": agreement.title,
        "slug": agreement.slug,
        "kind": agreement.kind,
        "kind_label": agreement.get_kind_display(),
        "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else None,
        "event": event,
        "parties": [{"code": c.code, "name": c.name} for c in agreement.parties.all()],
        "party_organizations": [_organization(o) for o in agreement.party_organizations.all()],
        "signatories": [_signatory(s) for s in agreement.signings.all()],
        "url": request.build_absolute_uri(agreement.get_absolute_url()),
        "articles": agreement.coverage,
    }


def _organization_text(org):
    return f"{org['name']} ({org['abbreviation']})" if org["abbreviation"] else org["name"]


def _signatory_text(signatory):
    details = ", ".join(filter(None, [signatory["role"], signatory["party"]]))
    return f"{signatory['name']} ({details})" if details else signatory["name"]


def csv_row(record):
    """The CSV cells of a record, in `COLUMNS` order: text neutralised for spreadsheets,
    several values joined with `SEPARATOR`, nothing as an empty cell."""
    event = record["event"] or {}
    text = {
        "title": record["title"],
        "slug": record["slug"],
        "kind": record["kind"],
        "kind_label": record["kind_label"],
        "signed_on": record["signed_on"],
        "event": event.get("name"),
        "event_starts_on": event.get("starts_on"),
        "event_url": event.get("url"),
        "party_codes": SEPARATOR.join(p["code"] for p in record["parties"]),
        "parties": SEPARATOR.join(p["name"] for p in record["parties"]),
        "party_organizations": SEPARATOR.join(
            _organization_text(o) for o in record["party_organizations"]
        ),
        "signatories": SEPARATOR.join(_signatory_text(s) for s in record["signatories"]),
        "url": record["url"],
    }
    return [
        record["articles"] if column == "articles" else safe_cell(text[column] or "")
        for column in COLUMNS
    ]


def records(agreements, request):
    for agreement in for_export(agreements).iterator(chunk_size=CHUNK_SIZE):
        yield agreement_record(agreement, request)


class _Echo:
    """A file-like object whose `write` hands back what it is given (Django's docs,
    "Streaming large CSV files"): the csv writer formats a row, the response streams it."""

    def write(self, value):
        return value


def csv_stream(agreements, request):
    """The CSV file, row by row: a byte-order mark and the header, then one row per agreement."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(COLUMNS)
    for record in records(agreements, request):
        yield writer.writerow(csv_row(record))


def json_stream(agreements, request, *, filters):
    """The JSON document, agreement by agreement:
    `{"generated_at", "filters", "agreements": [...], "count"}`.

    `count` comes last because it is counted while the list is streamed: it is always the
    length of the list, with no separate COUNT that a change in between could contradict.
    """

    def dump(value):
        return json.dumps(value, ensure_ascii=False)

    generated_at = timezone.now().replace(microsecond=0).isoformat()
    yield f'{{"generated_at": {dump(generated_at)}, "filters": {dump(filters)}, "agreements": ['
    count = 0
    for record in records(agreements, request):
        yield ("\n" if count == 0 else ",\n") + dump(record)
        count += 1
    yield f'\n], "count": {count}}}\n'
