"""The world the articles describe: countries, organizations, people, events, agreements, figures.

`articles` depends on this app, never the reverse: coverage of an entity is reached through
the related names the article model declares (`country.articles`, `person.articles`, ...).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OrderBy, Q
from django.urls import reverse
from django.utils.formats import date_format

from .addresses import KeepsFormerAddresses
from .fields import AliasesField
from .slugs import slug_base


class ChecksValidatedFields:
    """Lets `clean()` skip a check that reads a field `full_clean` was told to leave out.

    A form leaves out a field it refused ("Enter a valid date."), and a spreadsheet row one
    with an error of its own: the instance still holds the stored value, or none, and a check
    reading it added a second, wrong error ("Give the start date too" beside a start date that
    was given but mistyped). Django's own constraint checks skip such fields the same way."""

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        self._left_out = frozenset(exclude or ())
        try:
            return super().full_clean(exclude, validate_unique, validate_constraints)
        finally:
            del self._left_out

    def left_out(self, *names):
        return not getattr(self, "_left_out", frozenset()).isdisjoint(names)


def check_date_order(instance, first, last, message):
    """Refuse `last` before `first` on the `last` field, before the constraint saying the same
    (which would name only itself, with no field): forms and spreadsheet rows both run this
    through `full_clean`. Not when either was left out (`ChecksValidatedFields`)."""
    if instance.left_out(first, last):
        return
    start, end = getattr(instance, first), getattr(instance, last)
    if start is not None and end is not None and end < start:
        raise ValidationError({last: message}, code="date_order")


def unique_slug(model, text, *, max_length=200, exclude_pk=None):
    """A slug for `text` that no other row of `model` uses yet (`name`, `name-2`, ...)."""
    base = slug_base(text, max_length=max_length)
    slug, n = base, 2
    others = model._default_manager.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def lf_line_endings(text):
    """`text` with every line ending as LF, the one form text is stored in.

    Browsers submit a textarea with CRLF, a CSV file may carry either, text imports give LF:
    stored as it came, the same text compared unequal, and a spreadsheet round trip rewrote
    (and versioned) every article last edited in a browser.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise_text_fields(instance):
    """Store the text fields of `instance` with LF line endings (`lf_line_endings`)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and "\r" in value:
                setattr(instance, field.attname, lf_line_endings(value))


class SluggedModel(models.Model):
    """Fills an empty slug from the model's display name on save, and stores text with LF
    line endings whatever route it came by."""

    slug_source_field = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                type(self),
                getattr(self, self.slug_source_field),
                max_length=self._meta.get_field("slug").max_length,
                exclude_pk=self.pk,
            )
        normalise_text_fields(self)
        super().save(*args, **kwargs)


def kind_conflict(row, other, one) -> str:
    """Why two rows with a `kind` cannot be merged ("" when they can): their kinds differ,
    "other" fitting any kind. `one` names what they would be ("one event")."""
    if len({row.kind, other.kind} - {"other"}) > 1:
        return (
            f"“{row}” is a {row.get_kind_display().lower()} and “{other}” a "
            f"{other.get_kind_display().lower()}: give them one kind first if they are {one}."
        )
    return ""


class KeepsFormerNames(models.Model):
    """A renamed row keeps its former name among its aliases.

    The importer recognises entities by their names and aliases, and the archive keeps calling
    them what it always did: when an editor renames "SCO Summit 2025" to "25th SCO Summit
    (Tianjin)", re-importing the archive must still find the event, not create "SCO Summit
    2025" again and move its articles onto the new row. Whatever renames it (the admin, a
    spreadsheet, the shell), the name it was read with is kept on save. An editor who wants
    the old name forgotten deletes the alias afterwards.
    """

    #: The field that names the row (and that the importer matches).
    name_field = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.keep_former_name() and update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "aliases"}
        super().save(*args, **kwargs)
        self._stored_name = getattr(self, self.name_field)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_name = instance.__dict__.get(cls.name_field)
        return instance

    def keep_former_name(self) -> bool:
        """Add the name the row was read with to its aliases if it was renamed since.
        -> whether the aliases changed."""
        former = (getattr(self, "_stored_name", None) or "").strip()
        current = (getattr(self, self.name_field) or "").strip()
        if not former or former.casefold() == current.casefold():
            return False
        aliases = list(self.aliases or ())
        if any(alias.casefold() == former.casefold() for alias in aliases):
            return False
        self.aliases = [*aliases, former]
        return True


class CountryQuerySet(models.QuerySet):
    def by_code(self, code):
        return self.get(code=code.upper())


class Country(SluggedModel):
    """An ISO 3166-1 country, keyed by its alpha-2 code."""

    code = models.CharField("ISO alpha-2 code", max_length=2, unique=True)
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    aliases = AliasesField(help_text="Other names, long forms and demonyms, one per line.")

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        indexes = [models.Index(fields=["name"], name="country_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_alpha2_upper"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = (self.code or "").upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("relations:country-detail", kwargs={"code": self.code.lower()})

    def natural_key(self):
        return (self.code,)


class Organization(KeepsFormerNames, SluggedModel, KeepsFormerAddresses):
    # Its feeds live under its page (/organizations/<slug>/feed/) and move with it.
    address_suffixes = ("", "feed/", "feed/atom/")

    name = models.CharField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=30, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = AliasesField()
    homepage = models.URLField(blank=True)
    members = models.ManyToManyField(
        Country, blank=True, related_name="organizations", verbose_name="member countries"
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["abbreviation"], name="organization_abbr_idx")]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def get_absolute_url(self):
        return reverse("relations:organization-detail", kwargs={"slug": self.slug})

    @classmethod
    def public_rows(cls):
        from .queries import public_organizations  # queries import this module

        return public_organizations()

    def merge_conflict(self, other) -> str:
        """Why `other` cannot be merged with this row ("" when it can: `entity_merge`)."""
        return ""


class Person(KeepsFormerNames, SluggedModel, KeepsFormerAddresses):
    # Its feeds live under its page (/people/<slug>/feed/) and move with it.
    address_suffixes = ("", "feed/", "feed/atom/")

    name = models.CharField(max_length=200, help_text="Canonical name in Latin script.")
    slug = models.SlugField(max_length=200, unique=True)
    aliases = AliasesField(help_text="Transliterations and initials, one per line.")
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    bio = models.TextField(blank=True)
    needs_review = models.BooleanField(
        default=False, help_text="Created or matched by the importer without certainty."
    )
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["name"], name="person_name_idx"),
            models.Index(
                fields=["needs_review"],
                name="person_review_idx",
                condition=Q(needs_review=True),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("relations:person-detail", kwargs={"slug": self.slug})

    @classmethod
    def public_rows(cls):
        from .queries import public_people  # queries import this module

        return public_people()

    def merge_conflict(self, other) -> str:
        """Why `other` cannot be merged with this row ("" when it can: `entity_merge`).
        Two people of different countries who share a name are two people; an editor who
        knows a country is wrong clears it first."""
        if self.country_id and other.country_id and self.country_id != other.country_id:
            return (
                f"“{self}” and “{other}” are of different countries: clear the wrong country "
                "first if they are one person."
            )
        return ""


class Position(ChecksValidatedFields, KeepsFormerNames, models.Model):
    """A role a person held, as stated in coverage (`Deputy Minister of Foreign Affairs`).

    The importer finds a role by its person and title, or one of its `aliases`: an editor who
    renames a role ("Head of State" -> "President") or merges two wordings of it keeps the
    other wording there, and a re-import links it rather than stating it anew.
    """

    name_field = "title"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(max_length=300, help_text="The role as stated.")
    aliases = AliasesField(
        help_text="Other wordings of this role in coverage, one per line: the importer links "
        "them to this role."
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="positions"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="positions"
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    first_seen_on = models.DateField(
        null=True, blank=True, help_text="Date of the earliest coverage stating this role."
    )
    last_seen_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "-last_seen_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["person", "title"], name="position_unique_title"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="position_ends_after_start",
            ),
        ]

    def __str__(self):
        # Several people hold "President" or "Deputy Minister": pickers and revisions must
        # tell whose role it is. Where many are shown (the admin's pickers and lists), they
        # are read with their person (`select_related`).
        return f"{self.title} ({self.person.name})"

    @classmethod
    def public_rows(cls):
        """Roles a published article states (only those are on their person's page)."""
        from .queries import linked_by_published  # queries import this module

        return cls.objects.filter(linked_by_published("positions"))

    def clean(self):
        check_date_order(self, "started_on", "ended_on", "A role cannot end before it starts.")

    def merge_conflict(self, other) -> str:
        """Why `other` cannot be merged with this role ("" when it can: `entity_merge`)."""
        if other.person_id != self.person_id:
            return (
                f"“{other}” and “{self}” are roles of different people: merge the people "
                "first if they are one."
            )
        return ""

    def merge_values_from(self, other):
        """Merging two people who both held this role, or two wordings of one role: it was
        seen over both spans."""
        wordings = [*(self.aliases or ()), *(other.aliases or ())]
        self.aliases = [w for w in dict.fromkeys(wordings) if w != self.title]
        firsts = [d for d in (self.first_seen_on, other.first_seen_on) if d]
        lasts = [d for d in (self.last_seen_on, other.last_seen_on) if d]
        self.first_seen_on = min(firsts, default=None)
        self.last_seen_on = max(lasts, default=None)


class EventKind(models.TextChoices):
    SUMMIT = "summit", "Summit"
    STATE_VISIT = "state_visit", "State visit"
    OFFICIAL_VISIT = "official_visit", "Official visit"
    TALKS = "talks", "Talks"
    MEETING = "meeting", "Meeting"
    FORUM = "forum", "Forum"
    BRIEFING = "briefing", "Briefing"
    PHONE_CALL = "phone_call", "Telephone conversation"
    OTHER = "other", "Other"


class DatePrecision(models.TextChoices):
    """How much of a date the coverage gives. A month or a year alone is stored as its first
    day, and shown as the month or the year ("held in January 2025")."""

    DAY = "day", "To the day"
    MONTH = "month", "Month only"
    YEAR = "year", "Year only"


def partial_date(day, precision, day_format="j F Y"):
    """(ISO text, label) of `day` as far as `precision` knows it: ("2025-01", "January 2025")
    for a month alone; the label of a day in `day_format`."""
    if day is None:
        return None, ""
    if precision == DatePrecision.YEAR:
        return f"{day:%Y}", f"{day:%Y}"
    if precision == DatePrecision.MONTH:
        short = "M" in day_format
        return f"{day:%Y-%m}", date_format(day, "M Y" if short else "F Y")
    return day.isoformat(), date_format(day, day_format)


class Event(ChecksValidatedFields, KeepsFormerNames, SluggedModel, KeepsFormerAddresses):
    Kind = EventKind
    Precision = DatePrecision

    # Its feeds live under its page (/events/<slug>/feed/) and move with it.
    address_suffixes = ("", "feed/", "feed/atom/")

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = AliasesField(
        help_text="Other names this event is known by, one per line (a former name is kept here)."
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    dates_precision = models.CharField(
        "dates given",
        max_length=5,
        choices=Precision,
        default=Precision.DAY,
        help_text="When the coverage gives only a month or a year, set it here and the start "
        "date to its first day (1 January 2025 for “January 2025”), with no end date.",
    )
    city = models.CharField(max_length=100, blank=True)
    host_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_events"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="events", verbose_name="participating countries"
    )
    participants = models.ManyToManyField(Person, blank=True, related_name="events")
    summary = models.TextField(blank=True)
    needs_review = models.BooleanField(default=False)
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        indexes = [
            models.Index(fields=["-starts_on", "name"], name="event_start_idx"),
            models.Index(fields=["kind"], name="event_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=False, ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
            ),
            # A month or a year alone: a start (its first day) and no end.
            models.CheckConstraint(
                condition=Q(dates_precision=DatePrecision.DAY)
                | Q(
                    dates_precision__in=[DatePrecision.MONTH, DatePrecision.YEAR],
                    starts_on__isnull=False,
                    ends_on__isnull=True,
                ),
                name="event_partial_date_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("relations:event-detail", kwargs={"slug": self.slug})

    @classmethod
    def public_rows(cls):
        from .queries import public_events  # queries import this module

        return public_events()

    def merge_conflict(self, other) -> str:
        """Why `other` cannot be merged with this row ("" when it can: `entity_merge`): a
        summit and a telephone call are two events ("other" fits any kind)."""
        return kind_conflict(self, other, "one event")

    @property
    def start_label(self):
        """The start as far as it is known, in words: "28 October 2024", "January 2025"."""
        return partial_date(self.starts_on, self.dates_precision)[1]

    def dates_iso(self):
        """(start, end) in ISO 8601 as far as they are known: "2025-01" for a month alone."""
        start, _label = partial_date(self.starts_on, self.dates_precision)
        end = self.ends_on.isoformat() if self.ends_on else start
        return start, end

    def clean(self):
        self._clean_precision()
        if self.ends_on is not None and self.starts_on is None and not self.left_out("starts_on"):
            raise ValidationError(
                {"starts_on": "Give the start date too: an event with an end date needs one."},
                code="date_order",
            )
        check_date_order(
            self, "starts_on", "ends_on", "The end date cannot be before the start date."
        )

    def _clean_precision(self):
        if self.dates_precision == DatePrecision.DAY or self.left_out(
            "dates_precision", "starts_on", "ends_on"
        ):
            return
        what = "month" if self.dates_precision == DatePrecision.MONTH else "year"
        if self.starts_on is None:
            raise ValidationError(
                {"starts_on": f"Give the {what}: its first day as the start date."},
                code="partial_date",
            )
        first = self.starts_on.replace(day=1)
        if what == "year":
            first = first.replace(month=1)
        if self.starts_on != first:
            raise ValidationError(
                {"starts_on": f"A {what} alone is stored as its first day: {first:%Y-%m-%d}."},
                code="partial_date",
            )
        if self.ends_on is not None:
            raise ValidationError(
                {"ends_on": f"Leave the end date empty when only the {what} is known."},
                code="partial_date",
            )


class AgreementKind(models.TextChoices):
    AGREEMENT = "agreement", "Agreement"
    MEMORANDUM = "memorandum", "Memorandum"
    DECLARATION = "declaration", "Declaration"
    ROADMAP = "roadmap", "Roadmap"
    PLAN = "plan", "Plan"
    STATEMENT = "statement", "Statement"
    PROTOCOL = "protocol", "Protocol"
    RESOLUTION = "resolution", "Resolution"
    PROGRAMME = "programme", "Programme"
    STRATEGY = "strategy", "Strategy"
    TREATY = "treaty", "Treaty"
    OTHER = "other", "Other"


class AgreementStatus(models.TextChoices):
    SIGNED = "signed", "Signed"
    ADOPTED = "adopted", "Adopted"
    IN_FORCE = "in_force", "In force"
    PROPOSED = "proposed", "Proposed"
    EXPIRED = "expired", "Expired"


# Agreements newest first, the undated after every dated one on both engines: a plain
# "-signed_on" put them first on PostgreSQL (NULL sorts highest there) and last on SQLite.
# `agreement_signed_idx` holds this order.
NEWEST_SIGNED_FIRST = (F("signed_on").desc(nulls_last=True), "title")


class NullsLastIndex(models.Index):
    """An index whose descending columns put NULLs last on both engines, as ORDER BY
    `F(...).desc(nulls_last=True)` does, so that order is read from it.

    PostgreSQL puts NULLs first in a descending index and reads one in NULLS LAST order only
    when the index says so. SQLite takes no NULLS in CREATE INDEX, and its descending order
    puts NULLs last already (NULL sorts lowest there): the columns are plain DESC.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        index = self
        if schema_editor.connection.vendor == "sqlite":
            index = self.clone()
            index.expressions = tuple(
                OrderBy(e.expression, descending=True)
                if isinstance(e, OrderBy) and e.descending and e.nulls_last
                else e
                for e in self.expressions
            )
        return super(NullsLastIndex, index).create_sql(model, schema_editor, using, **kwargs)


class Agreement(ChecksValidatedFields, KeepsFormerNames, SluggedModel, KeepsFormerAddresses):
    slug_source_field = name_field = "title"

    Kind = AgreementKind

    Status = AgreementStatus

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.AGREEMENT)
    status = models.CharField(max_length=20, choices=Status, default=Status.SIGNED)
    signed_on = models.DateField(null=True, blank=True)
    in_force_on = models.DateField(null=True, blank=True)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements"
    )
    parties = models.ManyToManyField(
        Country, blank=True, related_name="agreements", verbose_name="party countries"
    )
    party_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="agreements", verbose_name="party organizations"
    )
    signatories = models.ManyToManyField(
        Person, through="Signatory", blank=True, related_name="agreements_signed"
    )
    summary = models.TextField(blank=True)
    aliases = AliasesField(help_text="Other titles this document is known by, one per line.")
    needs_review = models.BooleanField(default=False)
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = list(NEWEST_SIGNED_FIRST)
        indexes = [
            NullsLastIndex(
                F("signed_on").desc(nulls_last=True), F("title"), name="agreement_signed_idx"
            ),
            models.Index(fields=["kind"], name="agreement_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values), name="agreement_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values), name="agreement_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(in_force_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(in_force_on__gte=F("signed_on")),
                name="agreement_in_force_after_signing",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("relations:agreement-detail", kwargs={"slug": self.slug})

    @classmethod
    def public_rows(cls):
        from .queries import public_agreements  # queries import this module

        return public_agreements()

    def merge_conflict(self, other) -> str:
        """Why `other` cannot be merged with this row ("" when it can: `entity_merge`): a
        memorandum and the agreement it prepares are two documents ("other" fits any kind)."""
        return kind_conflict(self, other, "one document")

    def clean(self):
        check_date_order(
            self,
            "signed_on",
            "in_force_on",
            "An agreement cannot enter into force before it is signed.",
        )


class Signatory(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="signings")
    role = models.CharField(max_length=300, blank=True, help_text="The role as stated.")
    party = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    party_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name_plural = "signatories"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person"], name="signatory_unique_person"),
        ]

    def __str__(self):
        return self.role or "signatory"

    @classmethod
    def public_rows(cls):
        """Signatories of public agreements: their pages list who signed."""
        return cls.objects.filter(agreement__in=Agreement.public_rows())


class Indicator(SluggedModel):
    """A measured quantity between two countries, such as trade turnover."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    unit = models.CharField(max_length=50, help_text="e.g. USD million")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def public_rows(cls):
        """Indicators of public figures: a pair's page names them over their values."""
        return cls.objects.filter(
            models.Exists(Figure.public_rows().filter(indicator=models.OuterRef("pk")))
        )


def as_written(value):
    """A decimal without the zeros its column pads it with: 35.30 -> "35.3", 120.00 -> "120"
    (the figure as the quote gives it)."""
    return format(value.normalize(), "f")


class FigureKind(models.TextChoices):
    ACTUAL = "actual", "Actual"
    TARGET = "target", "Target"


class Figure(models.Model):
    """One value of an indicator for a pair of countries in a year, with its quote."""

    Kind = FigureKind

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="figures")
    country_a = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+")
    country_b = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.ACTUAL)
    value = models.DecimalField(max_digits=16, decimal_places=2)
    quote = models.TextField(blank=True, help_text="The sentence the figure comes from.")

    class Meta:
        ordering = ["indicator", "year"]
        indexes = [models.Index(fields=["country_a", "country_b"], name="figure_pair_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(country_a__lt=F("country_b")), name="figure_pair_stored_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FigureKind.values), name="figure_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["indicator", "country_a", "country_b", "year", "kind"],
                name="figure_unique_value",
            ),
        ]

    def __str__(self):
        # Where many are shown (the admin's pickers), they are read with their indicator and
        # countries (`select_related`).
        kind = "" if self.kind == FigureKind.ACTUAL else f" ({self.get_kind_display().lower()})"
        pair = f"{self.country_a.code}-{self.country_b.code}"
        return f"{self.indicator} {pair} {self.year}{kind}: {as_written(self.value)}"

    def save(self, *args, **kwargs):
        if self.country_a_id and self.country_b_id and self.country_a_id > self.country_b_id:
            self.country_a_id, self.country_b_id = self.country_b_id, self.country_a_id
        super().save(*args, **kwargs)

    @classmethod
    def public_rows(cls):
        """Figures a published article states (only those are on the pair's page)."""
        from .queries import linked_by_published  # queries import this module

        return cls.objects.filter(linked_by_published("figures"))
