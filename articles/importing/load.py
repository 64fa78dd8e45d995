"""Load stage of the plain-text importer: parsed and linked articles -> database rows.

The only stage that touches the database. One transaction per file: a file's articles, the
entities they bring and its `ImportRecord` are written together or not at all (a refused file
still gets an `ImportRecord` with status ``error``, written after the rollback).

Identity of an imported article (`Article.fingerprint`)
    sha256 of ``"<normalised title>|<ISO date or empty>"``. The title is normalised by
    NFKC, case folding, turning curly quotes into straight ones and every dash into a hyphen,
    then dropping punctuation and collapsing white space. So:

    - importing the same text again finds the same article (``unchanged``);
    - a corrected text (a typo fixed in the body, punctuation or quotes fixed in the title)
      finds the same article and updates it in place (``updated``);
    - a changed wording of the title or another date is another article.

    The body is not part of the identity, on purpose: a corrected body must update its article,
    not create a second one. The source is not either: a text that names no outlet in one run and
    gets ``--source`` in the next is still the same article.

Conflicts with editors
    `Article.save()` bumps `version` on every write; the importer records the version it wrote
    in `imported_version`. When they differ an editor has changed the article since the last
    import, and the import leaves it alone (``unchanged`` with ``conflict: true``).

Entities met again
    The same files give the same entities in any order. A later text fills what an earlier one
    left empty (an event's start, a span around its stored dates, city, host, participating
    countries and participants; a person's country), never replacing a value, and never on a
    row an editor has added or changed in the admin. A summit named without its year is the
    one of a known year in the same city, whichever text came first (`TextImporter._summit`).
    Same-titled agreements between other parties are separate rows
    (`link.agreements_fitting`).

Speed
    Entities are read once per run into dictionaries (and into the linker's `Gazetteer`); each
    file then costs a constant number of queries plus one per new entity: new articles are
    inserted with one `bulk_create` and their relations with one `bulk_create` per relation.
"""

import datetime
import hashlib
import logging
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Prefetch

from articles.caching import public_pages_purge_on_commit
from articles.models import ARTICLE_HISTORY, Article, ImportRecord, Source
from articles.services import revisions_relations_copy
from relations.models import (
    Agreement,
    Country,
    Event,
    Figure,
    Indicator,
    Organization,
    Person,
    Position,
    Signatory,
    unique_slug,
)
from relations.slugs import slug_base, slugify, transliterate

from . import link as link_stage
from . import parse as parse_stage
from .files import ImportFile, Skipped

logger = logging.getLogger(__name__)

NEWSROOM_TZ = ZoneInfo("Asia/Almaty")
NOON = datetime.time(12, 0)
CONFLICT_WARNING = "conflict: edited in the admin since the last import; not overwritten"
UNDATED_WARNING = "no publication date found: stored for review; set a date before publishing"
REPEAT_WARNING = "the same title and date appear earlier in this file: this copy was skipped"


def replaced_warning(other: str) -> str:
    """An article another file of the same import wrote in another version."""
    return (
        f"the same title and date are in {other} of this import, in another version: this "
        "file's version replaced it"
    )


_ATTEMPTS = 6
# `TextImporter.catch_up`: a file linked again may itself teach a name (a fuller spelling);
# the files before it are looked at again, this many times at most.
_CATCH_UP_ROUNDS = 3
_TEXTS_READ_AT_ONCE = 200
# An arbitrary constant: the PostgreSQL advisory lock that serialises importers' writes.
_PG_LOCK_KEY = 7_300_113

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                         "«": '"', "»": '"', "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
                         "―": "-", "−": "-"})  # fmt: skip
_PUNCT_RE = re.compile(r"[^\w\s]+")
_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_SPACE_RE = re.compile(r"\s+")


def normalise_title(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold().translate(_QUOTES)
    return _SPACE_RE.sub(" ", _PUNCT_RE.sub(" ", text)).strip()


def article_fingerprint(title: str, published: datetime.date | None) -> str:
    """The identity of an imported article: see the module docstring."""
    key = f"{normalise_title(title)}|{published.isoformat() if published else ''}"
    return hashlib.sha256(key.encode()).hexdigest()


def name_key(name: str) -> str:
    """Lookup key of a name: case, dots, hyphens and spacing do not matter (U.Khurelsukh)."""
    text = unicodedata.normalize("NFKC", name).casefold().translate(_QUOTES)
    return _SPACE_RE.sub(" ", re.sub(r"[.\-'\"`,]+", " ", text)).strip()


def person_key(name: str) -> str:
    """A person's lookup key: the linker's transliteration-proof key (Madiyev == Madiev)."""
    return link_stage.name_key(name) or name_key(name)


_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


def _transliterated(row) -> bool:
    """Whether a person's name is the importer's transliteration of a Cyrillic alias."""
    return any(
        _CYRILLIC_RE.search(alias) and transliterate(alias) == row.name for alias in row.aliases
    )


def _fullness(name: str) -> int:
    """How many whole words (not initials) a name has: Ukhnaagiin Khurelsukh > U.Khurelsukh."""
    return sum(1 for token in re.split(r"[\s.]+", name) if len(token) > 1)


def _plain_number(value: Decimal) -> str:
    """A decimal as written in a report: no exponent, no trailing zeros (123.9, 500)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def published_at_for(date: datetime.date | None, time: datetime.time | None):
    if date is None:
        return None
    # A time the text gave with its zone ("09:11 (GMT+5)") keeps it; any other is Astana's.
    zone = time.tzinfo if time is not None and time.tzinfo is not None else NEWSROOM_TZ
    return datetime.datetime.combine(date, time or NOON, tzinfo=zone)


def _clip(value: str | None, limit: int) -> str:
    return (value or "").strip()[:limit]


def _span(starts: datetime.date | None, ends: datetime.date | None):
    """(starts, ends) as an event may store them: no end without a start or before it."""
    if ends and (not starts or ends < starts):
        ends = None
    return starts, ends


def _edited_in_admin(model, pk: int) -> bool:
    """Whether an editor has added or changed the row in the admin. The change form and the
    spreadsheet import both leave a `LogEntry`; the importer writes none, so it is the record
    that tells an editor's values from the importer's own."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(pk),
        action_flag__in=(ADDITION, CHANGE),
    ).exists()


# --------------------------------------------------------------------------------------------
# What a run keeps in memory about the database


@dataclass
class _PersonRow:
    pk: int | None
    name: str
    aliases: list[str]
    needs_review: bool = False
    country_id: int | None = None


# Kinds of event a host receives one at a time (`TextImporter._same_visit`).
VISIT_KINDS = {Event.Kind.STATE_VISIT, Event.Kind.OFFICIAL_VISIT}


@dataclass(eq=False)
class _EventRow:
    """What the importer may fill in on an event (see `TextImporter._event_fill`), and what
    tells one summit from another (see `TextImporter._summit`)."""

    pk: int | None
    name: str
    starts: datetime.date | None = None
    ends: datetime.date | None = None
    city: str = ""
    host_id: int | None = None
    countries: set[int] = field(default_factory=set)
    participants: set[int] = field(default_factory=set)
    kind: str = ""
    org_id: int | None = None
    needs_review: bool = False
    precision: str = Event.Precision.DAY  # of `starts`: a month alone is its first day

    @property
    def year(self) -> int | None:
        """The year the event is known to be in: its start, or the year in its name (the
        importer names a summit with its year, "SCO Summit 2024", and without one when the
        text gives none, "SCO Summit in Astana")."""
        if self.starts:
            return self.starts.year
        found = _YEAR_RE.search(self.name)
        return int(found.group()) if found else None


@dataclass(eq=False)
class _AgreementRow:
    pk: int | None
    name: str
    parties: frozenset[str] = frozenset()  # alpha-2 codes: same-titled documents differ by them


@dataclass
class _Row:
    pk: int | None
    name: str


@dataclass(eq=False)
class _PositionRow:
    pk: int
    first: datetime.date | None
    last: datetime.date | None


@dataclass
class _Links:
    """The entities of one article: primary keys for the write, names for the report."""

    countries: dict[str, int | None] = field(default_factory=dict)
    people: dict[str, int | None] = field(default_factory=dict)
    organizations: dict[str, int | None] = field(default_factory=dict)
    events: dict[str, int | None] = field(default_factory=dict)
    agreements: dict[str, int | None] = field(default_factory=dict)
    positions: set[int] = field(default_factory=set)
    figure_ids: set[int] = field(default_factory=set)  # the figures the article states
    figures: list[dict] = field(default_factory=list)  # the report's entries
    warnings: list[str] = field(default_factory=list)
    settled: set[str] = field(default_factory=set)  # the linker's warnings the loader settled


class _Entities:
    """The entity tables as dictionaries, and the linker's gazetteer built from them.

    Loaded once per run and kept in step with every row the run writes. After another process
    has written (a concurrent import), `refresh()` reads only the rows that appeared since.
    """

    def __init__(self):
        self.gazetteer = link_stage.Gazetteer.default()
        self.countries: dict[str, int] = {}
        self.country_codes: dict[int, str] = {}
        self.organizations: dict[str, _Row] = {}
        self.people: dict[str, _PersonRow] = {}
        self.events: dict[str, _EventRow] = {}
        # Several documents may share a title ("Memorandum of Cooperation"): all are kept, and
        # `link.agreements_fitting` tells them apart by their parties.
        self.agreements: dict[str, list[_AgreementRow]] = {}
        self.indicators: dict[str, int] = {}
        self.positions: dict[tuple[int, str], _PositionRow] = {}
        self.sources: dict[str, Source] = {}
        self.source_aliases: dict[str, tuple[str, ...]] = {}
        self._high: dict[type, int] = {}
        for country in Country.objects.only("pk", "code", "name", "aliases"):
            self.countries[country.code] = country.pk
            self.country_codes[country.pk] = country.code
            self.gazetteer.add_country(country.code, country.name, tuple(country.aliases or ()))
        sources = list(Source.objects.all())
        builtin = _builtin_spellings(sources)
        for source in sources:
            self.sources[source.name] = source
            self.source_aliases[source.name] = tuple(
                dict.fromkeys([*(source.aliases or ()), *builtin.get(source.pk, ())])
            )
        self._load(0)

    def _load(self, after: dict | int):
        def since(model):
            start = after if isinstance(after, int) else after.get(model, 0)
            return model._default_manager.filter(pk__gt=start).order_by("pk")

        for org in since(Organization).only("pk", "name", "abbreviation", "aliases"):
            self._remember_organization(org.pk, org.name, org.abbreviation, org.aliases or ())
            self.gazetteer.add_organization(org.name, org.abbreviation, tuple(org.aliases or ()))
        for person in since(Person).only("pk", "name", "aliases", "needs_review", "country_id"):
            self._remember_person(
                _PersonRow(
                    person.pk,
                    person.name,
                    list(person.aliases or ()),
                    person.needs_review,
                    person.country_id,
                )
            )
            self.gazetteer.add_person(person.name, tuple(person.aliases or ()))
        for event in (
            since(Event)
            .only(
                "pk", "name", "aliases", "kind", "starts_on", "ends_on", "city", "host_country_id",
                "organization_id", "needs_review", "dates_precision",
            )
            .prefetch_related(
                Prefetch("countries", queryset=Country.objects.only("pk")),
                Prefetch("participants", queryset=Person.objects.only("pk")),
            )
        ):  # fmt: skip
            row = _EventRow(
                event.pk,
                event.name,
                event.starts_on,
                event.ends_on,
                event.city,
                event.host_country_id,
                {c.pk for c in event.countries.all()},
                {p.pk for p in event.participants.all()},
                event.kind,
                event.organization_id,
                event.needs_review,
                event.dates_precision,
            )
            # Its former names (kept as aliases when it was renamed) find it too.
            for name in (event.name, *(event.aliases or ())):
                self.events.setdefault(link_stage.event_key(name), row)
            self.gazetteer.add_event(
                event.name, event.kind, event.starts_on, event.ends_on, tuple(event.aliases or ())
            )
        for agreement in (
            since(Agreement)
            .only("pk", "title", "aliases")
            .prefetch_related(Prefetch("parties", queryset=Country.objects.only("pk", "code")))
        ):
            parties = frozenset(c.code for c in agreement.parties.all())
            row = _AgreementRow(agreement.pk, agreement.title, parties)
            for title in (agreement.title, *(agreement.aliases or ())):
                self.remember_agreement(title, row)
            self.gazetteer.add_agreement(
                agreement.title, tuple(agreement.aliases or ()), parties=parties
            )
        for indicator in since(Indicator).only("pk", "name"):
            self.indicators[indicator.name.casefold()] = indicator.pk
        for position in since(Position).only(
            "pk", "person_id", "title", "aliases", "first_seen_on", "last_seen_on"
        ):
            row = _PositionRow(position.pk, position.first_seen_on, position.last_seen_on)
            # Its other wordings (an editor's rename or merge) are this role too.
            for title in (position.title, *(position.aliases or ())):
                self.positions.setdefault((position.person_id, title), row)
        self._high = self._high_water()

    _WATCHED = (Organization, Person, Event, Agreement, Indicator, Position)

    @classmethod
    def _high_water(cls) -> dict:
        """The highest primary key of each entity table, in one query."""
        qn = connection.ops.quote_name
        sql = "SELECT " + ", ".join(
            f"(SELECT MAX({qn(m._meta.pk.column)}) FROM {qn(m._meta.db_table)})"  # nosec B608
            for m in cls._WATCHED
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
        return {m: top or 0 for m, top in zip(cls._WATCHED, row, strict=True)}

    def mark_seen(self):
        self._high = self._high_water()

    def refresh(self):
        """Read the rows another process added since this run last looked."""
        high = self._high_water()
        if high != self._high:
            self._load(self._high)

    def _remember_organization(self, pk, name, abbreviation, aliases):
        row = _Row(pk, name)
        for alias in (name, abbreviation, *aliases):
            if alias:
                self.organizations.setdefault(name_key(alias), row)

    def remember_agreement(self, title: str, row: _AgreementRow):
        rows = self.agreements.setdefault(link_stage.agreement_key(title), [])
        if row not in rows:
            rows.append(row)

    def _remember_person(self, row: _PersonRow):
        for alias in (row.name, *row.aliases):
            self.people[person_key(alias)] = row


# --------------------------------------------------------------------------------------------
# The run


@dataclass
class _Counts:
    files: int = 0
    errors: int = 0
    articles: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    figures: int = 0  # figures read from the texts (trade turnover by year)

    def as_dict(self):
        return dict(self.__dict__)


class _RetryFile(Exception):
    """Another importer wrote the same article first: read again and redo the file."""


class TextImporter:
    """Imports files one at a time. Use `texts_import()`; this class holds a run's state."""

    def __init__(self, *, status="published", default_source=None, dry_run=False, user=None,
                 can_publish=True, keep_texts=False):  # fmt: skip
        self.status = status
        self.dry_run = dry_run
        # A dry run keeps its files' texts for `catch_up` only when asked (its report keeps
        # the articles anyway): no ImportRecord holds them.
        self.keep_texts = dry_run and keep_texts
        self.user = user
        self.can_publish = can_publish
        self._entities: _Entities | None = None
        self.default_source = default_source
        self.counts = _Counts()
        self._dry_seen: set[str] = set()
        self._dry_figures: dict[tuple, Decimal] = {}
        self._dirty_positions: set[_PositionRow] = set()
        # Per file: whether an editor has worked on an event, and the participating countries
        # and participants to add to known events (written once, see _flush_events).
        self._edited_events: dict[int, bool] = {}
        self._new_event_links: dict[str, set[tuple[int, int]]] = {}
        # For `catch_up`: each file's last linking (a tick of `_tick`) and its place in the
        # report, by its ImportRecord; and what each linking taught the gazetteer, in order.
        self._tick = 0
        self._linked: dict[int, tuple[int, int]] = {}
        self._learned: list[tuple[int, str, str]] = []
        # A dry run's files by key (negative): their text, entry and articles' fingerprints.
        self._dry_files: dict[int, tuple[str, dict, frozenset[str]]] = {}
        # Which file of this run wrote each article last (`replaced_warning`), by fingerprint;
        # the file being written and what it wrote, recorded once its transaction commits.
        self._written_in: dict[str, str] = {}
        self._file_name = ""
        self._wrote: list[str] = []

    # -- state ---------------------------------------------------------------------------

    @property
    def entities(self) -> _Entities:
        if self._entities is None:
            self._entities = _Entities()
        return self._entities

    def _forget(self):
        """After a rollback the dictionaries may name rows that no longer exist: reload."""
        self._entities = None

    # -- files ---------------------------------------------------------------------------

    def import_file(self, item: ImportFile) -> dict:
        """Import one file; returns its entry of the JSON report. Never raises for bad input."""
        entry = {
            "path": item.name,
            "sha256": item.sha256,
            "encoding": None,
            "status": "ok",
            "error": None,
            "articles": [],
        }
        text = ""
        try:
            if item.error:
                raise parse_stage.ImportFileError(item.error)
            text, encoding = parse_stage.decode(item.data or b"")
            entry["encoding"] = encoding
            self._load_text(item, entry, text)
        except parse_stage.ImportFileError as exc:
            self._fail(entry, item, text, str(exc))
        except Exception as exc:
            logger.exception("importing %s failed", item.name)
            self._forget()
            self._fail(
                entry,
                item,
                text,
                f"unexpected error ({type(exc).__name__}): nothing from this file was stored; "
                "report it to the developers with the file",
            )
        self._count(entry)
        return entry

    def _load_text(self, item, entry, text, record=None):
        """Parse `text` and load it (`_load_file`), again if another importer wrote first."""
        parsed = None
        for attempt in range(_ATTEMPTS):
            try:
                if parsed is None:
                    parsed = parse_stage.parse_text(
                        text,
                        sources=self.entities.source_aliases or parse_stage.DEFAULT_SOURCES,
                        default_source=self.default_source,
                    )
                entry["articles"] = self._load_file(item, entry, text, parsed, record=record)
                return
            except (_RetryFile, OperationalError) as exc:
                if isinstance(exc, OperationalError) and "locked" not in str(exc):
                    raise
                # Another importer wrote first (or held SQLite's lock past its timeout):
                # the transaction is gone; read again and redo the file.
                self._forget()
                if attempt == _ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * 2**attempt)

    def _fail(self, entry, item, text, message):
        entry.update(status="error", error=" ".join(message.split())[:500], articles=[])
        if self.dry_run:
            return
        try:
            ImportRecord.objects.create(
                name=item.name[:500],
                sha256=item.sha256,
                size=item.size,
                encoding=entry["encoding"] or "",
                raw_text=text,
                # A file with no text kept (undecodable, binary) keeps its bytes instead.
                raw_bytes=None if text or not item.data else item.data,
                status=ImportRecord.Outcome.ERROR,
                error=entry["error"],
                report=entry,
                created_by=self.user,
            )
        except Exception:
            logger.exception("could not record the failed import of %s", item.name)

    def _count(self, entry, sign=1):
        """Add a file's entry to the totals (`sign=-1`: take it out again)."""
        c = self.counts
        c.files += sign
        if entry["status"] == "error":
            c.errors += sign
        for article in entry["articles"]:
            c.articles += sign
            setattr(c, article["action"], getattr(c, article["action"]) + sign)
            if article.get("conflict"):
                c.conflicts += sign
            c.figures += sign * len(article.get("figures", ()))

    def _load_file(self, item, entry, text, parsed, record=None) -> list[dict]:
        """Link and write one file's articles, and record the file (a new ImportRecord, or
        `record` when `catch_up` links the file again)."""
        if self.dry_run:
            return self._dry_load(entry, text, parsed, again=record)
        try:
            with transaction.atomic():
                self._lock()
                ents = self.entities
                ents.refresh()
                journal = ents.gazetteer.journal = []
                self._file_name = record.name if record is not None else item.name
                self._dirty_positions.clear()
                self._edited_events.clear()
                self._new_event_links.clear()
                linked = self._link_file(parsed, journal, write=True)
                self._flush_positions()
                self._flush_events()
                articles, entries = self._write_articles(linked)
                if record is not None:
                    _keep_first_actions(entries, record.report["articles"])
                entry["articles"] = entries
                messages = [f"{a['title']}: {w}" for a in entries for w in a.get("warnings", ())]
                if record is None:
                    record = ImportRecord.objects.create(
                        name=item.name[:500],
                        sha256=item.sha256,
                        size=item.size,
                        encoding=entry["encoding"] or "",
                        raw_text=text,
                        status=ImportRecord.Outcome.OK,
                        messages=messages,
                        report=entry,
                        created_by=self.user,
                    )
                    record.articles.add(*articles)
                else:
                    record.messages, record.report = messages, entry
                    record.save(update_fields=["messages", "report"])
                # Rows inserted in bulk send no signals: purge every page once, on commit.
                public_pages_purge_on_commit()
                # Still inside the lock: every row above the mark is known to this run.
                ents.mark_seen()
        except IntegrityError as exc:
            if "fingerprint" in str(exc).lower() or "unique" in str(exc).lower():
                raise _RetryFile from exc
            raise
        finally:
            if self._entities is not None:
                self._entities.gazetteer.journal = None
        self._written_in.update(dict.fromkeys(self._wrote, self._file_name))
        self._linked_now(record.pk, journal)
        return entries

    def _dry_load(self, entry, text, parsed, again=None) -> list[dict]:
        """`_load_file` for a dry run: link in memory, write nothing. With `keep_texts` the
        file is kept for `catch_up` (`again`: its key, when it is linked again)."""
        gazetteer = self.entities.gazetteer
        journal = gazetteer.journal = []
        try:
            linked = self._link_file(parsed, journal, write=False)
        finally:
            gazetteer.journal = None
        entries = [self._article_entry(p, pair, None)[0] for p, pair in linked]
        if again is not None:
            _keep_first_actions(entries, self._dry_files[again][1]["articles"])
        elif self.keep_texts:
            again = -1 - len(self._dry_files)
            prints = frozenset(article_fingerprint(p.title, p.published) for p in parsed)
            self._dry_files[again] = (text, entry, prints)
        if self.keep_texts:
            self._linked_now(again, journal)
        return entries

    def _linked_now(self, key: int, journal: list) -> None:
        """Record for `catch_up` that the file `key` was just linked, and what it taught."""
        self._tick += 1
        self._learned += [(self._tick, kind, name) for kind, name in journal]
        place = self._linked[key][1] if key in self._linked else self.counts.files
        self._linked[key] = (self._tick, place)

    def _link_file(self, parsed, journal, *, write: bool) -> list:
        """Link a file's articles in order; then once more each one that mentions a name an
        article after it in the file taught (`link_stage.Learned`): in a digest, the article
        that introduces a person may follow one that names them in passing."""
        linked, learned_after = [], []
        for p in parsed:
            linked.append((p, self._link(p, write=write)))
            learned_after.append(len(journal))  # what the article itself taught is before
        for k, p in enumerate(parsed):
            learned = link_stage.Learned()
            for kind, key in journal[learned_after[k] :]:
                learned.add(kind, key)
            if learned.mentioned_in(f"{p.title}\n{p.body}"):
                linked[k] = (p, self._link(p, write=write))
        return linked

    # -- catching up ------------------------------------------------------------------------

    def catch_up(self, report: list[dict], *, keep_articles: bool = True) -> int:
        """Link again the files that a later file of this run taught a name they mention, as
        a second run would; replace their entries in `report` (the run's file entries) and
        in the totals. Returns how many files were linked again.

        The linker links only the names it knows, and it learns from the files in order: a
        person named only in passing ("Meeting with Ukhnaagiin Khurelsukh") is linked once a
        text has introduced them with their role. Without this, the same folder imported
        twice would link more the second time, and which links an article got would depend
        on the order of the files. People and organizations are caught up; events and
        documents are matched by more than their names and are not (see README).

        An article that a later file of the run wrote too is left as that file wrote it: a
        file with one is not linked again. An entry keeps the first linking's action
        ("created" stays "created"); an article linked anew is "updated" where it was
        "unchanged". A dry run catches up the same way from the texts it kept (`keep_texts`),
        so that its report links what the import will.
        """
        if self.dry_run and not self.keep_texts:
            return 0
        relinked = set()
        for _round in range(_CATCH_UP_ROUNDS):
            due = self._due()
            if not due:
                break
            for pk in due:
                if self._relink(pk, report, keep_articles=keep_articles):
                    relinked.add(pk)
        return len(relinked)

    def _due(self) -> list[int]:
        """The files to link again (ImportRecords, or a dry run's keys), in the order they were
        linked: those that mention a name (`link_stage.Learned`) learned after their last
        linking. Walked from the last linked back, so that each file is sieved by what was
        learned after it."""
        if not self._learned:
            return []
        last = self._learned[-1][0]
        learned = link_stage.Learned()
        pending = len(self._learned)
        order = sorted(
            (pk for pk, (tick, _place) in self._linked.items() if tick < last),
            key=lambda pk: -self._linked[pk][0],
        )
        due = []
        for start in range(0, len(order), _TEXTS_READ_AT_ONCE):
            chunk = order[start : start + _TEXTS_READ_AT_ONCE]
            if self.dry_run:
                texts = {key: self._dry_files[key][0] for key in chunk}
            else:
                records = ImportRecord.objects.filter(pk__in=chunk)
                texts = dict(records.values_list("pk", "raw_text"))
            for pk in chunk:
                tick = self._linked[pk][0]
                while pending and self._learned[pending - 1][0] > tick:
                    pending -= 1
                    learned.add(*self._learned[pending][1:])
                if pk in texts and learned.mentioned_in(texts[pk]):  # (an editor may delete one)
                    due.append(pk)
        rewritten = self._rewritten_later(due)
        return sorted((pk for pk in due if pk not in rewritten), key=lambda pk: self._linked[pk][0])

    def _rewritten_later(self, pks: list[int]) -> set[int]:
        """Those of `pks` (files of this run) with an article that a file linked later in the
        run wrote too."""
        if not pks:
            return set()
        if self.dry_run:
            return {
                key for key in pks for other, (_text, _entry, prints) in self._dry_files.items()
                if self._linked[other][0] > self._linked[key][0]
                and prints & self._dry_files[key][2]
            }  # fmt: skip
        links = ImportRecord.articles.through.objects
        first = min(self._linked)
        mine = links.filter(importrecord_id__in=pks).values_list("importrecord_id", "article_id")
        by_article: dict[int, set[int]] = {}
        for pk, article in mine:
            by_article.setdefault(article, set()).add(pk)
        rewritten = set()
        others = links.filter(article_id__in=list(by_article), importrecord_id__gte=first)
        for other, article in others.values_list("importrecord_id", "article_id"):
            if other not in self._linked:
                continue
            for pk in by_article[article]:
                if self._linked[other][0] > self._linked[pk][0]:
                    rewritten.add(pk)
        return rewritten

    def _relink(self, pk: int, report: list[dict], *, keep_articles: bool) -> bool:
        try:
            if self.dry_run:
                text, first, prints = self._dry_files[pk]
                entry = {**first, "articles": []}
                self._load_text(None, entry, text, record=pk)
                self._dry_files[pk] = (text, entry, prints)
            else:
                record = ImportRecord.objects.get(pk=pk)
                first = record.report
                entry = {**first, "articles": []}
                self._load_text(None, entry, record.raw_text, record=record)
        except Exception:
            # What the first linking stored stands (the transaction is rolled back).
            logger.exception("linking import record %s again failed", pk)
            self._forget()
            return False
        self._count(first, -1)
        self._count(entry)
        place = self._linked[pk][1]
        report[place] = entry if keep_articles else {**entry, "articles": []}
        return True

    def _flush_positions(self):
        for row in self._dirty_positions:
            Position.objects.filter(pk=row.pk).update(
                first_seen_on=row.first, last_seen_on=row.last
            )
        self._dirty_positions.clear()

    def _flush_events(self):
        """Add the participating countries and participants found for known events: one
        insert per relation and file, however many articles name them."""
        for name, pairs in self._new_event_links.items():
            if not pairs:
                continue
            m2m = Event._meta.get_field(name)
            through, column = m2m.remote_field.through, m2m.m2m_reverse_name()
            through.objects.bulk_create(
                [through(event_id=event, **{column: other}) for event, other in sorted(pairs)],
                ignore_conflicts=True,
            )
        self._new_event_links.clear()

    def _event_edited(self, pk: int) -> bool:
        """`_edited_in_admin` for an event, asked once per file."""
        if pk not in self._edited_events:
            self._edited_events[pk] = _edited_in_admin(Event, pk)
        return self._edited_events[pk]

    @staticmethod
    def _lock():
        """Serialise importers' write transactions across processes. SQLite needs nothing:
        its IMMEDIATE transactions already admit one writer at a time."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])

    # -- linking and entities --------------------------------------------------------------

    def _link(self, parsed, *, write: bool):
        linked = link_stage.link_article(parsed, self.entities.gazetteer)
        links = _Links()
        ents = self.entities
        date = parsed.published
        for code in linked.countries:
            if code in ents.countries:
                links.countries[code] = ents.countries[code]
        for name in linked.organizations:
            row = self._organization(name, write=write)
            links.organizations[row.name] = row.pk
        sure_people: dict[str, _PersonRow] = {}  # who may be recorded as a participant
        for ref in linked.people:
            row = self._person(ref, write=write, title=parsed.title)
            links.people[row.name] = row.pk
            if getattr(ref, "confident", True):
                sure_people[ref.name] = row
            role = _clip(getattr(ref, "role", None), 300)
            if write and role and row.pk:
                links.positions.add(self._position(row.pk, role, ref, date))
        events: dict[str, _EventRow] = {}  # the article's own, by the names the text gives
        for ref in linked.events:
            row = self._event(ref, write=write, title=parsed.title, people=sure_people,
                              warnings=links.warnings)  # fmt: skip
            links.events[row.name] = row.pk
            events[link_stage.event_key(ref.name)] = row
        people = {ref.name: ref for ref in linked.people}
        fingerprint = article_fingerprint(parsed.title, parsed.published)
        for ref in linked.agreements:
            row = self._agreement(
                ref,
                links,
                write=write,
                title=parsed.title,
                people=people,
                events=events,
                article=fingerprint,
            )
            if row is not None:
                links.agreements[row.name] = row.pk
        for ref in getattr(linked, "figures", ()):
            self._figure(ref, links, write=write)
        return linked, links

    def _organization(self, name: str, *, write: bool) -> _Row:
        ents = self.entities
        # As stored, if longer than the column: a later run knows it only so.
        row = ents.organizations.get(name_key(name)) or ents.organizations.get(
            name_key(_clip(name, 200))
        )
        if row is None:
            row = _Row(None, name)
            if write:
                org = Organization.objects.create(
                    name=_clip(name, 200), slug=unique_slug(Organization, name)
                )
                row = _Row(org.pk, org.name)
            # A dry run learns it too, so that its report links what a real run would.
            ents.gazetteer.add_organization(row.name, "", ())
            ents.organizations[name_key(name)] = row
        return row

    def _person(self, ref, *, write: bool, title: str) -> _PersonRow:
        ents = self.entities
        name = ref.name.strip()
        aliases = [a for a in (getattr(ref, "aliases", None) or ()) if a and a != name]
        matched = ref.matched if isinstance(getattr(ref, "matched", None), str) else None
        confident = bool(getattr(ref, "confident", True))
        row = None
        for candidate in (matched, name, _clip(name, 200), *aliases):  # as stored, if longer
            if candidate and (row := ents.people.get(person_key(candidate))):
                break
        note = f"Linked by the importer without certainty in “{_clip(title, 200)}”: confirm."
        if row is None:
            row = _PersonRow(None, name, aliases, needs_review=not confident)
            if write:
                country_id = ents.countries.get((getattr(ref, "country", None) or "").upper())
                row.country_id = country_id
                person = Person.objects.create(
                    name=_clip(name, 200),
                    slug=unique_slug(Person, name),
                    aliases=aliases,
                    country_id=country_id,
                    needs_review=not confident,
                    review_note=note[:500] if not confident else "",
                )
                row.pk, row.name = person.pk, person.name
            # A dry run learns them too, so that its report links what a real run would.
            ents.gazetteer.add_person(row.name, tuple(aliases))
            ents._remember_person(row)
            return row
        changes = {}
        known = {a.casefold() for a in (row.name, *row.aliases)}
        spelled = not getattr(ref, "transliterated", False) and not _CYRILLIC_RE.search(name)
        if (
            spelled
            and name != row.name
            and _fullness(name) >= _fullness(row.name)
            and _transliterated(row)
        ):
            # A name first met in a Russian or Kazakh text (recorded as its transliteration,
            # "Erzhan Kosherbaev") takes the spelling a Latin-script text gives it ("Yerzhan
            # Kosherbayev"), whichever came first.
            ents.gazetteer.rename_person(row.name, name)
            row.aliases = [
                a for a in dict.fromkeys([*row.aliases, row.name, *aliases]) if a != name
            ]
            row.name = name
            changes = {"name": _clip(name, 200), "aliases": row.aliases}
        elif _fullness(name) > _fullness(row.name):
            # A fuller form of a known name (U.Khurelsukh, then Ukhnaagiin Khurelsukh). The
            # gazetteer's entry is renamed too: a second entry under the same surname would
            # make a later bare "Khurelsukh" in this run look like two people.
            ents.gazetteer.rename_person(row.name, name)
            former = row.name
            row.aliases = list(dict.fromkeys([*row.aliases, row.name, *aliases]))
            row.aliases = [a for a in row.aliases if a != name]
            row.name = name
            changes = {"name": _clip(name, 200), "aliases": row.aliases}
            if (
                confident
                and row.needs_review
                and len(former.split()) == 1
                and "." not in former
                and not (row.pk and _edited_in_admin(Person, row.pk))
            ):
                # Recorded from a bare surname ("President Tokayev"), to be confirmed: a full
                # name stated with certainty settles it, as it would had it come first (a bare
                # surname then links to the known person without doubt). An editor's flag stays.
                row.needs_review = False
                changes.update(needs_review=False, review_note="")
        else:
            new = [a for a in (name, *aliases) if a.casefold() not in known]
            if new:
                row.aliases = list(dict.fromkeys([*row.aliases, *new]))
                changes = {"aliases": row.aliases}
        if not confident and not row.needs_review:
            row.needs_review = True
            changes.update(needs_review=True, review_note=note[:500])
        if changes:
            ents._remember_person(row)
            if write and row.pk:
                Person.objects.filter(pk=row.pk).update(**changes)
            ents.gazetteer.add_person(row.name, tuple(row.aliases))
        if write and row.pk and confident:
            self._person_fill_country(row, getattr(ref, "country", None))
        return row

    def _person_fill_country(self, row: _PersonRow, code: str | None):
        """A person first met without a country ("the Head of State, <name>") gets the one a
        later text states with their role, so the order of the files does not matter. A
        country already stored is never replaced, and a person an editor has worked on keeps
        what the editor left, an empty country included."""
        country_id = self.entities.countries.get((code or "").upper())
        if country_id is None or row.country_id is not None:
            return
        row.country_id = country_id  # decided once per run, whatever the outcome below
        if not _edited_in_admin(Person, row.pk):
            Person.objects.filter(pk=row.pk, country__isnull=True).update(country_id=country_id)

    def _position(self, person_pk: int, role: str, ref, date) -> int:
        ents = self.entities
        row = ents.positions.get((person_pk, role))
        if row is None:
            org = getattr(ref, "organization", None)
            org_row = self._organization(org, write=True) if org else None
            position = Position.objects.create(
                person_id=person_pk,
                title=role,
                country_id=ents.countries.get((getattr(ref, "country", None) or "").upper()),
                organization_id=org_row.pk if org_row else None,
                first_seen_on=date,
                last_seen_on=date,
            )
            row = ents.positions[(person_pk, role)] = _PositionRow(position.pk, date, date)
        elif date and (
            row.first is None or row.last is None or date < row.first or date > row.last
        ):
            row.first = min(row.first or date, date)
            row.last = max(row.last or date, date)
            self._dirty_positions.add(row)  # written once per file, see _flush_positions
        return row.pk

    def _event(self, ref, *, write: bool, title: str, people: dict, warnings: list) -> _EventRow:
        """The event a reference names, created when new. ``people``: the article's people the
        linker is sure of, by their names in the text (the ones taking part are recorded)."""
        ents = self.entities
        matched = ref.matched if isinstance(getattr(ref, "matched", None), str) else None
        confident = bool(getattr(ref, "confident", True))
        starts, ends = _span(ref.starts_on, ref.ends_on)
        precision = getattr(ref, "precision", Event.Precision.DAY)
        if not starts:
            precision = Event.Precision.DAY
        city = _clip(getattr(ref, "city", None), 100)
        host_id = ents.countries.get((ref.host_country or "").upper())
        countries = {
            ents.countries[c]
            for c in (getattr(ref, "countries", None) or ())
            if c in ents.countries
        }
        taking_part = [people[n] for n in getattr(ref, "participants", ()) if n in people]
        participants = {p.pk for p in taking_part if p.pk}
        # The countries of the people who took part took part.
        countries |= {p.country_id for p in taking_part if p.country_id}
        fill = (starts, ends, precision, city, host_id, countries, participants)
        org_row = ents.organizations.get(name_key(ref.organization)) if ref.organization else None
        if ref.kind == Event.Kind.SUMMIT and city and org_row and org_row.pk:
            row = self._summit(ref, org_row.pk, city, title=title, warnings=warnings)
            if row is not None:
                if write and row.pk:
                    self._event_fill(row, *fill)
                return row
        for candidate in (matched, ref.name, _clip(ref.name, 300)):  # as stored, if longer
            if candidate and (row := ents.events.get(link_stage.event_key(candidate))):
                self._event_respell(row, ref, taking_part, write=write)
                # An unsure reference (no year) can only have matched an unsure event of the
                # same name: what it adds is as certain as what that event was created with.
                if write and row.pk:
                    self._event_fill(row, *fill)
                return row
        kind = ref.kind if ref.kind in Event.Kind.values else Event.Kind.OTHER
        if (row := self._same_visit(kind, host_id, starts, ends, countries)) is not None:
            ents.events[link_stage.event_key(ref.name)] = row
            if write and row.pk:
                self._event_fill(row, *fill)
            return row
        row = _EventRow(None, ref.name, starts, ends, city, host_id, countries, participants,
                        kind, org_row.pk if org_row else None, not confident,
                        precision)  # fmt: skip
        if write:
            org = self._organization(ref.organization, write=True) if ref.organization else None
            event = Event.objects.create(
                name=_clip(ref.name, 300),
                slug=unique_slug(Event, ref.name),
                kind=kind,
                starts_on=starts,
                ends_on=ends,
                dates_precision=precision,
                city=city,
                host_country_id=host_id,
                organization_id=org.pk if org else None,
                needs_review=not confident,
                review_note=(
                    ""
                    if confident
                    else f"Found by the importer in “{_clip(title, 200)}”: confirm it."[:500]
                ),
            )
            event.countries.add(*countries)
            if participants:
                Event.participants.through.objects.bulk_create(
                    [Event.participants.through(event_id=event.pk, person_id=pk)
                     for pk in participants]
                )  # fmt: skip
            row.pk, row.name, row.org_id = event.pk, event.name, event.organization_id
            ents.gazetteer.add_event(event.name, event.kind, event.starts_on, event.ends_on)
        ents.events[link_stage.event_key(ref.name)] = row
        return row

    def _same_visit(self, kind, host_id, starts, ends, countries: set[int]):
        """The one known visit of this kind to this host on overlapping days, or None.

        An editor (or the demo) records "Kazakhstan–Mongolia state visit, October 2024";
        a text names it "State visit of Kassym-Jomart Tokayev to Mongolia (2024)". A host
        receives one state or official visit at a time, so kind, host and days are the
        event, whatever it is called. Visitors, when both sides know them, must share a
        country besides the host. Nothing undated is matched (that depends on file order)."""
        if kind not in VISIT_KINDS or host_id is None or starts is None:
            return None
        ends = ends or starts
        visitors = countries - {host_id}
        same = [
            row
            for row in {id(row): row for row in self.entities.events.values()}.values()
            if row.kind == kind
            and row.host_id == host_id
            and row.starts is not None
            and row.starts <= ends
            and starts <= (row.ends or row.starts)
            and (not visitors or not (row.countries - {host_id}) or visitors & row.countries)
        ]
        return same[0] if len(same) == 1 else None

    def _summit(self, ref, org_id: int, city: str, *, title: str, warnings: list):
        """The known summit a reference names by its organization and city when the text
        gives its year on one side only, or None.

        A text without the year ("the SCO summit held in Astana", named "SCO Summit in Astana"
        by the linker) names the organization's one summit of a known year in that city. Taken
        the other way, a summit of a year ("SCO Summit 2024", in Astana) takes over the one
        recorded without a year in that city and gets its name. Neither is certain (one city
        may host several of an organization's summits): the match is reported among the
        file's warnings and the event is marked for review. When several summits fit, none is
        taken; two summits of different known years are never one. A day and month without a
        year are not matched on: a sentence's date is often another event's ("on the eve of
        the summit on July 2"), and an event recorded without a year has nowhere to keep it,
        so the result would depend on the order of the files."""
        ents = self.entities
        key = link_stage.event_key(ref.name)
        same_place = [
            row
            for row in {id(row): row for row in ents.events.values()}.values()
            if row.kind == Event.Kind.SUMMIT and row.org_id == org_id and row.city == city
        ]
        if not getattr(ref, "confident", True):
            dated = sorted((row for row in same_place if row.year is not None),
                           key=lambda row: row.name)  # fmt: skip
            if len(dated) == 1:
                (row,) = dated
                warnings.append(
                    f"event “{ref.name}”: the text gives no year; taken to be “{row.name}”, "
                    f"also held in {city}: confirm"
                )
                self._event_flag(
                    row, f"Linked by the importer to “{_clip(title, 200)}”, which names a "
                    f"summit in {city} without its year: confirm."
                )  # fmt: skip
                return row
            if dated:
                names = ", ".join(f"“{row.name}”" for row in dated)
                warnings.append(
                    f"event “{ref.name}”: the text gives no year, and {names} were all held "
                    f"in {city}: not linked to any of them"
                )
            return None
        year = ref.starts_on.year if ref.starts_on else None
        if year is None and (found := _YEAR_RE.search(ref.name)):
            year = int(found.group())
        if year is None or key in ents.events:
            return None
        # An organization holds one summit a year in a city: "SCO Summit 2024" in Astana is the
        # "SCO Astana Summit 2024" an editor recorded, whatever each calls it.
        same_year = [row for row in same_place if row.year == year]
        if len(same_year) == 1:
            ents.events[key] = same_year[0]
            return same_year[0]
        undated = [row for row in same_place if row.year is None]
        if len(undated) != 1 or (undated[0].pk and self._event_edited(undated[0].pk)):
            return None  # none, several, or an editor's row: the editor names it
        (row,) = undated
        former = row.name
        if ents.events.get(link_stage.event_key(former)) is row:
            del ents.events[link_stage.event_key(former)]
        row.name = _clip(ref.name, 300)
        row.needs_review = True
        ents.events[key] = row
        warnings.append(
            f"event “{row.name}”: taken to be “{former}”, recorded from a text without the year, "
            f"also held in {city}: confirm"
        )
        if row.pk and not self.dry_run:
            note = (
                f"Recorded without a year as “{former}”; “{_clip(title, 200)}” names "
                f"{row.name} in {city}, taken to be the same summit: confirm."
            )
            # The former name is the importer's stand-in, not a name to keep as an alias.
            Event.objects.filter(pk=row.pk, name=former).update(
                name=row.name, needs_review=True, review_note=note[:500]
            )
            ents.gazetteer.add_event(row.name, row.kind, row.starts, row.ends)
        return row

    def _event_respell(self, row: _EventRow, ref, taking_part: list, *, write: bool):
        """An event named after people ("Talks between <a> and <b> (date)") takes the spelling
        of their names as recorded now: one first named from a Russian text ("Erzhan
        Kosherbaev", transliterated) is renamed when an English one spells the person
        ("Yerzhan Kosherbayev"), so the name does not depend on the order of the files. Only
        when the two namings are one event's (same key) and the editor has not worked on it."""
        if row.name == ref.name or not taking_part:
            return
        if not all(person.name in ref.name for person in taking_part):
            return
        if all(person.name in row.name for person in taking_part):
            return  # already spelled as recorded (perhaps differently by the editor)
        former = row.name
        row.name = _clip(ref.name, 300)
        self.entities.events[link_stage.event_key(row.name)] = row
        if write and row.pk and not self._event_edited(row.pk):
            Event.objects.filter(pk=row.pk, name=former).update(name=row.name)
            self.entities.gazetteer.add_event(row.name, row.kind, row.starts, row.ends)

    def _event_flag(self, row: _EventRow, note: str):
        """Mark an event for review (once per run and row), unless an editor has worked on it."""
        if row.needs_review:
            return
        row.needs_review = True
        if row.pk and not self.dry_run and not self._event_edited(row.pk):
            Event.objects.filter(pk=row.pk, needs_review=False).update(
                needs_review=True, review_note=note[:500]
            )

    def _event_fill(self, row: _EventRow, starts, ends, precision, city, host_id,
                    countries: set[int], participants: set[int]):  # fmt: skip
        """Fill in what a later text knows about a known event, so that the same files give
        the same event in any order (the first text may give 1 September, the next 31 August
        to 1 September and the city).

        Only gaps are filled and nothing is taken back: a start date where there is none, a
        span that contains the stored dates (a single day widened to the days around it), the
        days of a month or year stored alone ("January 2025", then "15 January 2025"), a
        city and host where there is none, participating countries and participants added.
        Dates that disagree otherwise are left as stored. An event an editor has added or
        changed in the admin is the editor's: the importer leaves it as it is. Each write is
        guarded by the values it replaces, so a concurrent edit is not overwritten either."""
        changes = {}
        if starts and (
            row.starts is None or link_stage.refines(row.starts, row.precision, starts, precision)
        ):
            changes.update(starts_on=starts, ends_on=ends, dates_precision=precision)
        elif (
            starts
            and row.precision == precision == Event.Precision.DAY
            and ends
            and starts <= row.starts
            and (row.ends or row.starts) <= ends
            and (starts, ends) != (row.starts, row.ends)
        ):
            changes.update(starts_on=starts, ends_on=ends)
        if city and not row.city:
            changes["city"] = city
        if host_id and row.host_id is None:
            changes["host_country_id"] = host_id
        added = countries - row.countries
        joined = participants - row.participants
        if not changes and not added and not joined:
            return
        # The decision is made once per run and row: the row now holds what the text said.
        stored = {
            "starts_on": row.starts,
            "ends_on": row.ends,
            "dates_precision": row.precision,
            "city": row.city,
            "host_country_id": row.host_id,
        }
        row.starts = changes.get("starts_on", row.starts)
        row.ends = changes.get("ends_on", row.ends)
        row.precision = changes.get("dates_precision", row.precision)
        row.city = changes.get("city", row.city)
        row.host_id = changes.get("host_country_id", row.host_id)
        row.countries |= added
        row.participants |= joined
        if self._event_edited(row.pk):
            return
        if changes:
            Event.objects.filter(pk=row.pk, **stored).update(**changes)
        for name, pks in (("countries", added), ("participants", joined)):
            self._new_event_links.setdefault(name, set()).update((row.pk, pk) for pk in pks)

    def _agreement(
        self,
        ref,
        links: _Links,
        *,
        write: bool,
        title: str,
        people: dict,
        events: dict,
        article: str,
    ) -> _AgreementRow | None:
        """The agreement a reference names, created when new. None when several known
        documents fit it equally (the linker's warning says it was not linked), unless the
        article (``article``: its fingerprint) is already linked to one of them: a re-import
        keeps what an earlier import decided when only one document was known."""
        ents = self.entities
        matched = ref.matched if isinstance(getattr(ref, "matched", None), str) else None
        parties = frozenset(c.upper() for c in (ref.parties or ()))
        known = []
        for candidate in dict.fromkeys((matched, ref.title, _clip(ref.title, 500))):  # as stored
            if candidate:
                known += ents.agreements.get(link_stage.agreement_key(candidate), ())
        fitting = link_stage.agreements_fitting(list(dict.fromkeys(known)), parties)
        if (
            len(fitting) == 1
            and parties
            and not fitting[0].parties
            and not self._agreement_fill_parties(fitting[0], parties, write=write)
        ):
            # Its parties were recorded meanwhile (another import, an editor): decide again.
            return self._agreement(
                ref, links, write=write, title=title, people=people, article=article
            )
        if len(fitting) == 1:
            row = fitting[0]
            if write and row.pk:
                self._signatories(row.pk, ref, people)
            return row
        if fitting:
            kept = set(
                Article.agreements.through.objects.filter(
                    article__fingerprint=article,
                    agreement_id__in=[row.pk for row in fitting if row.pk],
                ).values_list("agreement_id", flat=True)
            )
            if len(kept) != 1:
                return None
            links.settled.add(link_stage.agreement_ambiguous(ref.title))
            return next(row for row in fitting if row.pk in kept)
        # New, or a same-titled document between other parties: its own row (and slug).
        row = _AgreementRow(None, ref.title, parties)
        if write:
            kind = ref.kind if ref.kind in Agreement.Kind.values else Agreement.Kind.OTHER
            event = None
            if getattr(ref, "event", None):
                key = link_stage.event_key(ref.event)
                event = events.get(key) or ents.events.get(key)
            confident = bool(getattr(ref, "confident", True))
            agreement = Agreement.objects.create(
                title=_clip(ref.title, 500),
                slug=unique_slug(Agreement, ref.title),
                kind=kind,
                signed_on=getattr(ref, "signed_on", None),
                event_id=event.pk if event else None,
                needs_review=not confident,
                review_note=(
                    ""
                    if confident
                    else f"Found by the importer in “{_clip(title, 200)}”: confirm it."[:500]
                ),
            )
            codes = [c for c in parties if c in ents.countries]
            agreement.parties.add(*[ents.countries[c] for c in codes])
            orgs = [self._organization(o, write=True).pk for o in (ref.organizations or ())]
            agreement.party_organizations.add(*orgs)
            row.pk, row.name = agreement.pk, agreement.title
            ents.gazetteer.add_agreement(agreement.title, (), parties=parties)
            self._signatories(agreement.pk, ref, people)
            if not confident:
                self._agreement_flag_namesakes(known, title)
        ents.remember_agreement(ref.title, row)
        return row

    @staticmethod
    def _agreement_flag_namesakes(namesakes: list[_AgreementRow], title: str):
        """A document recorded beside stored ones of its title but other parties is marked for
        review, and so are they: which came first is only the order of the files, and either
        may be the one misread. An editor's row is left as the editor left it."""
        note = (
            f"“{_clip(title, 200)}” names a document of this title between other parties, "
            "recorded as another document: confirm they are distinct."
        )[:500]
        for row in namesakes:
            if row.pk and not _edited_in_admin(Agreement, row.pk):
                Agreement.objects.filter(pk=row.pk, needs_review=False).update(
                    needs_review=True, review_note=note
                )

    def _agreement_fill_parties(self, row: _AgreementRow, parties: frozenset[str], *, write):
        """Record on a document stored without parties those of the one mention with parties
        that fits it, so that the files give the same documents in any order: a later mention
        of other parties becomes its own document instead of joining this one (and its
        signatories this one's), as it would if it had come first. Parties are only added.

        False when the document has parties after all (recorded since this run read it): the
        row now holds them and the caller decides again. The decision is made once per run and
        row; a document an editor has added or changed in the admin keeps the parties the
        editor left (none) in the database."""
        if row.pk:
            stored = frozenset(
                Agreement.parties.through.objects.filter(agreement_id=row.pk).values_list(
                    "country__code", flat=True
                )
            )
            if stored:
                self._agreement_parties(row, stored)
                return False
        self._agreement_parties(row, parties)
        if write and row.pk and not _edited_in_admin(Agreement, row.pk):
            ents = self.entities
            Agreement.parties.through.objects.bulk_create(
                [
                    Agreement.parties.through(agreement_id=row.pk, country_id=ents.countries[c])
                    for c in parties
                    if c in ents.countries
                ],
                ignore_conflicts=True,
            )
        return True

    def _agreement_parties(self, row: _AgreementRow, parties: frozenset[str]):
        """Set a known document's parties in memory, in the loader's lists and the linker's."""
        row.parties = parties
        ents = self.entities
        for key, rows in ents.agreements.items():
            if row in rows:
                ents.gazetteer.set_agreements(key, [(r.name, r.parties) for r in rows])

    def _signatories(self, agreement_pk: int, ref, people: dict):
        """Signatories are people of the article: each is as certain as the article's
        reference to them (a name given in full is not flagged for review)."""
        ents = self.entities
        rows = []
        for signatory in getattr(ref, "signatories", None) or ():
            person = signatory.person
            if isinstance(person, str):
                person = people.get(person) or link_stage.PersonRef(
                    name=person, matched=None, aliases=(), role=None, country=None,
                    organization=None, confident=False,
                )  # fmt: skip
            person_row = self._person(person, write=True, title=ref.title)
            party = getattr(signatory, "party", None)
            rows.append(
                Signatory(
                    agreement_id=agreement_pk,
                    person_id=person_row.pk,
                    role=_clip(getattr(signatory, "role", None), 300),
                    party_id=ents.countries.get(party.upper()) if party else None,
                )
            )
        if rows:
            Signatory.objects.bulk_create(rows, ignore_conflicts=True)

    def _figure(self, ref, links: _Links, *, write: bool):
        """Store a figure once. A figure already stored for the same indicator, pair, year and
        kind keeps its value (an editor may have corrected it; another text may differ): a
        different value in this text is reported as a warning, never written over it."""
        ents = self.entities
        codes = sorted({(ref.country_a or "").upper(), (ref.country_b or "").upper()})
        pks = [ents.countries.get(code) for code in codes]
        if len(codes) != 2 or not all(pks) or not ref.year:
            return
        try:
            value = Decimal(str(ref.value)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            return
        kind = ref.kind if ref.kind in Figure.Kind.values else Figure.Kind.ACTUAL
        links.figures.append(
            {
                "indicator": ref.indicator,
                "pair": codes,
                "year": ref.year,
                "kind": kind,
                "value": _plain_number(value),
                "unit": ref.unit,
            }
        )
        indicator_pk = ents.indicators.get(ref.indicator.casefold())
        if indicator_pk is None and write:
            indicator, _ = Indicator.objects.get_or_create(
                name=_clip(ref.indicator, 200),
                defaults={
                    "slug": unique_slug(Indicator, ref.indicator),
                    "unit": _clip(ref.unit, 50),
                },
            )
            indicator_pk = ents.indicators[ref.indicator.casefold()] = indicator.pk
        key = (ref.indicator.casefold(), *codes, ref.year, kind)
        figure = {
            "indicator_id": indicator_pk,
            "country_a_id": min(pks),
            "country_b_id": max(pks),
            "year": ref.year,
            "kind": kind,
        }
        stored_pk, stored = None, None
        if indicator_pk is not None:  # else a dry run, and no such indicator yet
            stored_pk, stored = Figure.objects.filter(**figure).values_list(
                "pk", "value"
            ).first() or (None, None)
        if stored is None and not write:
            stored = self._dry_figures.setdefault(key, value)
        if stored is None:
            links.figure_ids.add(
                Figure.objects.create(**figure, value=value, quote=ref.quote or "").pk
            )
        elif stored == value:
            if stored_pk:
                links.figure_ids.add(stored_pk)  # one more text states it
        else:
            links.warnings.append(
                f"figure: {ref.indicator} {codes[0]}-{codes[1]} {ref.year} ({kind}) is stored as "
                f"{_plain_number(stored)} {ref.unit}, this text says {_plain_number(value)}: "
                "kept the stored value; correct it in the admin if the text is right"
            )

    # -- articles --------------------------------------------------------------------------

    def _status_for(self, parsed, existing: Article | None) -> str:
        if parsed.published is None:
            return Article.Status.REVIEW
        if (
            parsed.title_inferred
            and self.status == Article.Status.PUBLISHED
            and (existing is None or existing.status != Article.Status.PUBLISHED)
        ):
            # A headline the importer cut from the first sentence is for an editor to check
            # (its warning says so) before readers see it, unless one already published it.
            return Article.Status.REVIEW
        if (
            existing is not None
            and existing.status == Article.Status.PUBLISHED
            and not self.can_publish
        ):
            return existing.status  # unpublishing is publishing's other half
        if self.status == Article.Status.PUBLISHED and not self.can_publish:
            return Article.Status.REVIEW
        return self.status

    def _article_values(self, parsed, existing: Article | None) -> dict:
        source = self.entities.sources.get(parsed.source or "")
        cited = self.entities.sources.get(parsed.cited_source or "")
        return {
            "title": _clip(parsed.title, 300),
            "body": parsed.body,
            "language": parsed.language if parsed.language in Article.Language.values else "en",
            "byline": _clip(parsed.byline, 200),
            "dateline": _clip(parsed.dateline, 100),
            "image_credit": _clip(parsed.image_credit, 200),
            "source_id": source.pk if source else None,
            "cited_source_id": cited.pk if cited else None,
            "status": self._status_for(parsed, existing),
            "published_at": published_at_for(parsed.published, parsed.published_time),
            "published_time_known": parsed.published_time is not None,
        }

    _M2M = ("countries", "people", "organizations", "events", "agreements")
    # Foreign keys taken from the run's dictionaries: they exist, no query per article to check.
    _KNOWN_ROWS = ["source", "cited_source", "created_by", "updated_by"]

    def _article_entry(self, parsed, linked_links, action):
        linked, links = linked_links
        warnings = [
            w
            for w in dict.fromkeys(
                [*parsed.warnings, *getattr(linked, "warnings", ()), *links.warnings]
            )
            if w not in links.settled
        ]
        if parsed.published is None and not any("date" in w for w in warnings):
            warnings.append(UNDATED_WARNING)
        fingerprint = article_fingerprint(parsed.title, parsed.published)
        conflict = False
        if action is None:  # a dry run: say what a real run would do
            action, conflict = self._dry_action(parsed, fingerprint, links)
            if conflict:
                warnings.append(CONFLICT_WARNING)
        entry = {
            "title": parsed.title,
            "title_inferred": parsed.title_inferred,
            "published": parsed.published.isoformat() if parsed.published else None,
            "language": parsed.language,
            "source": parsed.source,
            "cited_source": parsed.cited_source,
            "image_credit": parsed.image_credit,
            "countries": list(links.countries),
            "people": list(links.people),
            "organizations": list(links.organizations),
            "events": list(links.events),
            "agreements": list(links.agreements),
            "word_count": parsed.word_count,
            "action": action,
        }
        if links.figures:
            entry["figures"] = links.figures
        if warnings:
            entry["warnings"] = warnings
        if conflict:
            entry["conflict"] = True
        return entry, fingerprint

    def _dry_action(self, parsed, fingerprint, links) -> tuple[str, bool]:
        """-> (action, conflict) that a real run would report."""
        if fingerprint in self._dry_seen:
            return "unchanged", False
        self._dry_seen.add(fingerprint)
        existing = (
            Article.objects.filter(fingerprint=fingerprint).prefetch_related(*self._M2M).first()
        )
        if existing is None:
            return "created", False
        if existing.version != existing.imported_version:
            return "unchanged", True
        values = self._article_values(parsed, existing)
        same = all(getattr(existing, k) == v for k, v in values.items()) and all(
            {o.pk for o in getattr(existing, name).all()} == set(getattr(links, name).values())
            for name in self._M2M
        )
        return ("unchanged" if same else "updated"), False

    def _write_articles(self, linked: list) -> tuple[list[Article], list[dict]]:
        prints = [article_fingerprint(p.title, p.published) for p, _ in linked]
        existing = {
            a.fingerprint: a
            for a in Article.objects.select_for_update()
            .filter(fingerprint__in=set(prints))
            .prefetch_related(*self._M2M)
        }
        entries, new, updated, touched = [], [], [], []
        seen = set()
        for (parsed, link_pair), fingerprint in zip(linked, prints, strict=True):
            entry, _ = self._article_entry(parsed, link_pair, "unchanged")
            entries.append(entry)
            links = link_pair[1]
            if fingerprint in seen:
                entry.setdefault("warnings", []).append(REPEAT_WARNING)
                continue
            seen.add(fingerprint)
            article = existing.get(fingerprint)
            if article is None:
                article = Article(fingerprint=fingerprint, **self._article_values(parsed, None))
                new.append((article, links, entry))
                entry["action"] = "created"
                continue
            touched.append(article)
            if article.version != article.imported_version:
                entry["conflict"] = True
                entry.setdefault("warnings", []).append(CONFLICT_WARNING)
                continue
            values = self._article_values(parsed, article)
            relations = {
                name: set(filter(None, getattr(links, name).values())) for name in self._M2M
            }
            relations["positions"] = links.positions
            relations["figures"] = links.figure_ids
            same_fields = all(getattr(article, k) == v for k, v in values.items())
            same_relations = all(
                {o.pk for o in getattr(article, name).all()} == relations[name]
                for name in self._M2M
            )
            if same_fields and same_relations:
                continue
            for key, value in values.items():
                setattr(article, key, value)
            article.updated_by = self.user
            # save() bumps version; the import records the version it is about to write.
            article.imported_version = article.version + 1
            article.full_clean(
                exclude=self._KNOWN_ROWS, validate_unique=False, validate_constraints=False
            )
            # One revision holding the new fields and the new links (simple-history alone
            # records one at the save, with the old links, and one more per changed relation).
            article._history_user = self.user
            article.skip_history_when_saving = True
            try:
                article.save()
                for name, pks in relations.items():
                    getattr(article, name).set(pks)
            finally:
                del article.skip_history_when_saving
            ARTICLE_HISTORY.create_historical_record(article, "~")
            entry["action"] = "updated"
            updated.append(article)
            other = self._written_in.get(fingerprint)
            if other is not None and other != self._file_name:
                entry.setdefault("warnings", []).append(replaced_warning(other))
        self._wrote = [article.fingerprint for article in [*updated, *(a for a, _, _ in new)]]
        created = self._create_articles(new)
        return [*touched, *created], entries

    def _create_articles(self, new: list) -> list[Article]:
        if not new:
            return []
        articles = [article for article, _, _ in new]
        self._assign_slugs(articles)
        for article in articles:
            article.derive_fields()
            article.version = article.imported_version = 1
            article.created_by = article.updated_by = self.user
            article.full_clean(
                exclude=self._KNOWN_ROWS, validate_unique=False, validate_constraints=False
            )
        Article.objects.bulk_create(articles)
        revisions = Article.history.bulk_history_create(articles, default_user=self.user)
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            stated = {"positions": "positions", "figures": "figure_ids"}  # sets of pks
            for name in (*self._M2M, *stated):
                m2m = Article._meta.get_field(name)
                rows = []
                for article, links, _ in new:
                    if name in stated:
                        pks = getattr(links, stated[name])
                    else:
                        pks = getattr(links, name).values()
                    rows.extend((article.pk, pk) for pk in set(pks) if pk)
                if rows:
                    # The articles are new, so their links are too: plain inserts, in one
                    # statement per relation (model instances per row cost more than the row).
                    cursor.executemany(
                        f"INSERT INTO {qn(m2m.m2m_db_table())} "  # nosec B608
                        f"({qn(m2m.m2m_column_name())}, {qn(m2m.m2m_reverse_name())}) "
                        "VALUES (%s, %s)",
                        rows,
                    )
        # The "Created" revisions were written before the links: give them the links, or
        # restoring the imported version would unlink every country, person and event.
        if not connection.features.can_return_rows_from_bulk_insert:
            revisions = Article.history.filter(
                id__in=[a.pk for a in articles], history_type="+"
            ).only("pk")
        revisions_relations_copy(history_ids=[r.pk for r in revisions])
        return articles

    @staticmethod
    def _assign_slugs(articles: list[Article]):
        """Unique slugs in one query for the usual case (no clash), one more per clash: those
        `Article.save` gives (`unique_slug`), placeholder and all."""
        max_length = Article._meta.get_field("slug").max_length
        bases = [slug_base(a.title, max_length=max_length) for a in articles]
        taken = set(Article.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
        for article, base in zip(articles, bases, strict=True):
            slug, n = base, 2
            while slug in taken or (n > 2 and Article.objects.filter(slug=slug).exists()):
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            article.slug = slug


def _keep_first_actions(entries: list[dict], first: list[dict]) -> None:
    """A file linked again (`TextImporter.catch_up`) reports what the run did to each article:
    created stays created, and what the first linking changed stays updated."""
    if len(entries) != len(first):
        return
    for entry, before in zip(entries, first, strict=True):
        if before["action"] == "created" or entry["action"] == "unchanged":
            entry["action"] = before["action"]
        if before.get("conflict") and not entry.get("conflict"):  # a dry run asks only once
            entry["conflict"] = True
            entry.setdefault("warnings", []).append(CONFLICT_WARNING)


def texts_import(
    *,
    files: Iterable[ImportFile | Skipped],
    status: str = "published",
    default_source: str | None = None,
    dry_run: bool = False,
    user=None,
    can_publish: bool = True,
    on_file: Callable[[dict], None] | None = None,
    on_skipped: Callable[[Skipped], None] | None = None,
    keep_articles: bool = True,
) -> dict:
    """Import texts file by file and return the JSON report (DESIGN.md, `import_texts`).

    `files` is consumed lazily, so memory stays flat however long the archive is. `on_file`
    is called after each file (progress), `on_skipped` for what was left out on purpose.
    With `keep_articles=False` the report keeps only each file's outcome, not its articles
    (the human summary needs no more, and a long archive then runs in constant memory).
    """
    importer = TextImporter(
        status=status,
        default_source=default_source,
        dry_run=dry_run,
        user=user,
        can_publish=can_publish,
        keep_texts=keep_articles,
    )
    report_files = []
    for item in files:
        if isinstance(item, Skipped):
            if on_skipped:
                on_skipped(item)
            continue
        entry = importer.import_file(item)
        if on_file:
            on_file(entry)
        report_files.append(entry if keep_articles else {**entry, "articles": []})
    relinked = importer.catch_up(report_files, keep_articles=keep_articles)
    if relinked:
        logger.info("linked %d earlier files again: later ones introduced names they use", relinked)
    return {"dry_run": dry_run, "files": report_files, "totals": importer.counts.as_dict()}


def _builtin_spellings(sources: Iterable[Source]) -> dict[int, tuple[str, ...]]:
    """The parser's built-in spellings of the seeded sources (`parse.DEFAULT_SOURCES`, keyed by
    their seeded names), by primary key of the stored source they belong to.

    An editor may rename a seeded source ("MFA" -> "Ministry of Foreign Affairs of Kazakhstan
    (MFA)"); its built-in spellings must follow it. Each goes to the source that has the seeded
    name, else the one with the seeded slug (a rename keeps the slug: it is in public URLs),
    else one that keeps the seeded name as an alias (as a rename does).
    """
    sources = list(sources)
    found = {}
    for seeded, spellings in parse_stage.DEFAULT_SOURCES.items():
        key = name_key(seeded)
        source = (
            next((s for s in sources if name_key(s.name) == key), None)
            or next((s for s in sources if s.slug == slugify(seeded)), None)
            or next((s for s in sources if any(name_key(a) == key for a in s.aliases or ())), None)
        )
        if source is not None:
            found[source.pk] = (*found.get(source.pk, ()), *spellings)
    return found


def source_lookup(name: str) -> str | None:
    """The canonical name of a known source given its name or an alias, else None."""
    key = name_key(name)
    sources = list(Source.objects.all())
    builtin = _builtin_spellings(sources)
    for source in sources:
        names = (source.name, *(source.aliases or ()), *builtin.get(source.pk, ()))
        if any(name_key(n) == key for n in names):
            return source.name
    return None


__all__ = [
    "CONFLICT_WARNING",
    "TextImporter",
    "article_fingerprint",
    "normalise_title",
    "published_at_for",
    "source_lookup",
    "texts_import",
]
