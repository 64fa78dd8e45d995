"""The editorial core: sources, articles and the records of imports."""

import datetime
import functools
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Substr
from django.db.models.query import ModelIterable
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from relations.addresses import KeepsFormerAddresses
from relations.fields import AliasesField
from relations.models import (
    Agreement,
    Country,
    Event,
    Figure,
    KeepsFormerNames,
    Organization,
    Person,
    Position,
    SluggedModel,
    normalise_text_fields,
    unique_slug,
)

from .links import linked_entities
from .rendering import plain_text, render_body, word_count


class SourceKind(models.TextChoices):
    PRESS_SERVICE = "press_service", "Press service"
    NEWS_AGENCY = "news_agency", "News agency"
    MINISTRY = "ministry", "Ministry"
    GOVERNMENT = "government", "Government"
    NEWSPAPER = "newspaper", "Newspaper"
    OTHER = "other", "Other"


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Sources a published article comes from or cites. The others (a wire that only a
        draft names, a seeded outlet nothing uses yet) have no public page, sitemap entry or
        filter choice."""
        published = Article.objects.published().order_by()
        return self.filter(
            models.Exists(published.filter(source=models.OuterRef("pk")))
            | models.Exists(published.filter(cited_source=models.OuterRef("pk")))
        )


class Source(KeepsFormerNames, SluggedModel, KeepsFormerAddresses):
    """An outlet that publishes or is cited: a press service, an agency, a ministry."""

    Kind = SourceKind

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    homepage = models.URLField(blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )
    aliases = AliasesField(help_text="Other spellings and phrases naming it, one per line.")
    description = models.TextField(blank=True)

    objects = SourceQuerySet.as_manager()
    # Its feeds move with its page (a new slug, a merge): `relations.addresses`.
    address_suffixes = ("", "feed/", "feed/atom/")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)

    def get_absolute_url(self):
        return reverse("articles:source-detail", kwargs={"slug": self.slug})

    @classmethod
    def public_rows(cls):
        return cls.objects.public()


# What an article card (and a pair timeline entry, a search hit) shows, and what its URL needs.
CARD_FIELDS = ("title", "slug", "summary", "language", "status", "published_at", "source__name")
# A card without a summary shows the opening of the text: this many characters are read.
LEAD_CHARS = 280


class CardIterable(ModelIterable):
    """Articles for a list of cards, each with `country_names` (alphabetical).

    The names of the whole batch come from one query on the links. A `prefetch_related`
    gave the same answer in the same number of queries, but built a related manager and a
    Country instance per link: about half of a list page's ORM time, for names only.
    """

    def __iter__(self):
        articles = list(super().__iter__())
        names = {article.pk: [] for article in articles}
        if names:
            links = (
                Article.countries.through.objects.filter(article_id__in=list(names))
                .order_by("country__name")
                .values_list("article_id", "country__name")
            )
            for article_id, name in links:
                names[article_id].append(name)
        for article in articles:
            article.country_names = names[article.pk]
        yield from articles


# Values no real article URL part holds, to find where each part goes in a reversed URL.
_URL_MARKERS = {"year": 1357924, "month": 2468135, "day": 3579246, "slug": "slugmarker7531"}


@functools.lru_cache(maxsize=8)
def detail_url_format(script_prefix):
    """The `articles:detail` URL as a `str.format` pattern, reversed once per script prefix.

    A list page links every card and a sitemap 50,000 articles: `reverse()` walks the
    resolver and checks the result against the pattern each time (about a tenth of a card's
    cost). The parts are digits and a slug, which `reverse()` would not quote either.
    """
    url = reverse("articles:detail", kwargs=_URL_MARKERS)
    url = url.replace("{", "{{").replace("}", "}}")
    for name, marker in _URL_MARKERS.items():
        url = url.replace(str(marker), f"{{{name}}}")
    return url


@receiver(setting_changed)
def _forget_detail_url_format(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # as Django forgets its own URL caches
        detail_url_format.cache_clear()


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one public gate: published, and its publication time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def editions_of(self, *originals):
        """Every edition of the stories whose original editions have these ids: the
        originals and the articles that translate them (`Article.translation_of`)."""
        return self.filter(Q(pk__in=originals) | Q(translation_of__in=originals))

    def for_listing(self):
        """Published articles with what a list of cards shows (their source, `country_names`),
        newest first, in two queries however many are listed.

        Only the columns a card shows are read (`CARD_FIELDS`): the bodies are most of a row,
        and a list of 20 cards would otherwise fetch and decode about 60 KB it never shows.
        A caller that needs more asks for it (`.defer(None)` reads every column). A card
        without a summary (most imported texts have none) shows the opening of the text
        instead, as `lead`: its first `LEAD_CHARS` characters, read only for those rows.
        """
        qs = (
            self.published()
            .select_related("source")
            .only(*CARD_FIELDS)
            .annotate(
                lead=Case(
                    When(summary="", then=Substr("plain_text", 1, LEAD_CHARS)), default=Value("")
                )
            )
            .order_by("-published_at", "-pk")
        )
        qs._iterable_class = CardIterable
        return qs

    def mark_relinked(self, *, by):
        """These articles' links were changed outside their forms (a merge moved them from
        deleted duplicates to the row kept): a new version, by ``by``, in one UPDATE.

        A form opened before holds the deleted rows' ids; with the version moved on, its save
        is refused with the stale-edit message (``services.stale_message``), not with "select
        a valid choice" for a row the editor never touched. Called by
        ``relations.services.entity_merge`` through the queryset of each model it relinks.
        """
        return self.update(
            version=models.F("version") + 1, updated_at=timezone.now(), updated_by=by
        )


def lead_image_path(instance, filename):
    return f"articles/{timezone.now():%Y/%m}/{filename}"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class ArticleLanguage(models.TextChoices):
    EN = "en", "English"
    RU = "ru", "Russian"
    KK = "kk", "Kazakh"


#: Each language named in itself, as a reader of that language looks for it ("Also in").
LANGUAGE_ENDONYMS = {
    ArticleLanguage.EN: "English",
    ArticleLanguage.RU: "Русский",
    ArticleLanguage.KK: "Қазақша",
}

SELF_EDITION = "An article cannot be an edition of itself."

#: What a page showing an article as another one's edition shows of it (title, language,
#: address, whether it is live): a save that changes none of these leaves the other
#: editions' pages as they are (articles.signals).
EDITION_FIELDS = ("title", "slug", "language", "status", "published_at", "translation_of_id")


# Kept at module level (the class attribute becomes a manager) so services can record
# ONE revision after a save and its many-to-many changes, not one per changed relation.
ARTICLE_HISTORY = HistoricalRecords(
    excluded_fields=[
        "body_html",
        "plain_text",
        "word_count",
        "lead_image_renditions",
        "updated_at",
    ],
    m2m_fields=["countries", "people", "organizations", "events", "agreements"],
)


class Article(KeepsFormerAddresses, models.Model):
    Status = ArticleStatus

    # Its public address holds its slug and its publication date. Also remembered as stored:
    # what other editions' pages show of it (the page cache purges the old URL of a new slug
    # too, and the editions' pages when one of these changes: articles.signals).
    address_fields = ("slug", "published_at")
    stored_fields = EDITION_FIELDS

    Language = ArticleLanguage

    # Content
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    body = models.TextField(help_text="Markdown. Raw HTML is removed when the page is rendered.")
    body_html = models.TextField(blank=True, editable=False)
    # The text as a reader reads it: what search indexes and quotes (articles.search), so a
    # hit's snippet shows no Markdown marks and a link's address neither matches nor shows.
    plain_text = models.TextField(blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    language = models.CharField(max_length=2, choices=Language, default=Language.EN)
    # Language editions of one story: each translation points to the story's original, which
    # points nowhere. One level only (an original is never itself a translation), so an
    # edition's siblings are one query (`editions`) and a story is never a chain to walk.
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        # An original is not deleted from under its editions (unlink them first), unless
        # they are deleted with it.
        on_delete=models.RESTRICT,
        related_name="translations",
        db_index=False,  # article_one_edition_per_language's index starts with it
        verbose_name="edition of",
        help_text="The same story in another language. Choose any of its editions: the link is "
        "kept to the story's original. Leave it empty on the original itself.",
    )
    byline = models.CharField(max_length=200, blank=True)
    dateline = models.CharField(max_length=100, blank=True)

    # Publishing
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="A future time schedules the article."
    )
    published_time_known = models.BooleanField(
        "time of day known",
        default=True,
        help_text="Untick when the source gives only the day: the page then shows the day "
        "alone, not the time the importer had to assume (noon).",
    )
    # Optimistic locking: a save must carry the version it was edited from.
    version = models.PositiveIntegerField(default=1, editable=False)

    # Provenance
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    cited_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="citing_articles"
    )
    image_credit = models.CharField(max_length=200, blank=True)
    fingerprint = models.CharField(  # noqa: DJ001 - NULL marks "not imported", unique when set
        max_length=64, null=True, blank=True, editable=False, help_text="Identity of an import."
    )
    imported_version = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Version last written by an import."
    )

    # Lead image
    lead_image = models.ImageField(upload_to=lead_image_path, blank=True)
    lead_image_alt = models.CharField("alt text", max_length=300, blank=True)
    lead_image_caption = models.CharField("caption", max_length=300, blank=True)
    lead_image_credit = models.CharField("credit", max_length=200, blank=True)
    lead_image_renditions = models.JSONField(default=dict, blank=True, editable=False)

    # Relations
    countries = models.ManyToManyField(Country, blank=True, related_name="articles")
    people = models.ManyToManyField(Person, blank=True, related_name="articles")
    organizations = models.ManyToManyField(Organization, blank=True, related_name="articles")
    events = models.ManyToManyField(Event, blank=True, related_name="articles")
    agreements = models.ManyToManyField(Agreement, blank=True, related_name="articles")
    positions = models.ManyToManyField(
        Position, blank=True, related_name="articles", help_text="Roles this article states."
    )
    # Like roles, a figure is public once a published article states it (relations.queries).
    figures = models.ManyToManyField(
        Figure, blank=True, related_name="articles", help_text="Figures this article states."
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    history = ARTICLE_HISTORY

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [("publish_article", "Can publish, unpublish and schedule articles")]
        indexes = [
            # The latest published articles' ids from the index alone: the front page's and
            # the pages' "latest N" aggregates read a thousand of them before any row.
            models.Index(
                fields=["status", "-published_at", "-id"], name="article_status_pub_id_idx"
            ),
            models.Index(fields=["-published_at", "-id"], name="article_pub_idx"),
            # "Is this article live?" answered from the index alone: coverage counts and
            # aggregates probe thousands of articles by id, and the rows carry their bodies.
            models.Index(fields=["id", "status", "published_at"], name="article_live_idx"),
            # A source's published articles, newest first, and whether it has any: with the
            # status in it, an unused source is one seek (it walked every published article's
            # date on SQLite, 150 ms at 50,000 articles, for `Source.objects.public()`).
            models.Index(
                fields=["source", "status", "-published_at"], name="article_source_live_idx"
            ),
            # A source's page lists what cites it. Few articles name a cited source, so the
            # plain foreign-key index is mostly NULLs and SQLite's statistics called it
            # unselective: it walked the date index instead (50 ms twice at 50,000 articles).
            # With the status in it for the same reason as the source's index above.
            models.Index(
                fields=["cited_source", "status", "-published_at"],
                condition=Q(cited_source__isnull=False),
                name="article_cited_live_idx",
            ),
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
            # The admin's list by status, last changed first (the review queue, the drafts):
            # without it SQLite sorted every article of the status, bodies and all. The
            # publication time rides along so that the live list's deep pages read their keys
            # from the index alone (`newsroom.adminpaging`): "live" checks it on every row.
            models.Index(
                fields=["status", "-updated_at", "-id", "published_at"],
                name="article_status_updated_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=ArticleLanguage.values),
                name="article_language_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(lead_image="") | ~Q(lead_image_alt=""),
                name="article_image_has_alt",
            ),
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=Q(fingerprint__isnull=False),
                name="article_unique_fingerprint",
            ),
            # One edition per language among an original's translations; that they differ
            # from the original's language, and that an original is not itself a
            # translation, take other rows to check (Article.clean_editions).
            # Partial: most articles are no translation, and an index full of NULLs looks
            # unselective to SQLite's statistics, which would then read an article's editions
            # by walking every published article.
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="article_one_edition_per_language",
                violation_error_message="This story already has an edition in that language.",
            ),
            models.CheckConstraint(
                condition=~Q(translation_of=models.F("pk")),
                name="article_not_own_edition",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            max_length = self._meta.get_field("slug").max_length
            self.slug = unique_slug(Article, self.title, max_length=max_length, exclude_pk=self.pk)
        self.derive_fields()
        if not self._state.adding and self.pk is not None:
            # Every write of an existing row is a new version: stale forms and imports
            # compare against it (see services.article_save_edit and the importer).
            self.version = (self.version or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "version" not in update_fields:
                kwargs["update_fields"] = {*update_fields, "version"}
            try:
                super().save(*args, **kwargs)
            except Exception:
                self.version -= 1  # the row was not written: keep the version it still has
                raise
            return
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The public page of a live article. Any other (a draft, in review, scheduled or
        archived, dated or not) has no public page yet: staff get its preview, so the admin's
        "View on site" never leads to a 404. Public pages, feeds and sitemaps list only live
        articles."""
        if not self.is_live():
            return reverse("articles:preview", kwargs={"pk": self.pk})
        return self.public_url()

    def public_url(self):
        """The dated public address, live or not (None without a publication time): what
        the page will be, or was."""
        if self.published_at is None:
            return None
        local = timezone.localtime(self.published_at)
        return detail_url_format(get_script_prefix()).format(
            year=local.year, month=f"{local.month:02d}", day=f"{local.day:02d}", slug=self.slug
        )

    @classmethod
    def public_rows(cls):
        return cls.objects.published()

    def public_address(self):
        """The dated address once its publication time has come (None before): where readers
        found it while it was live. An article taken back to draft or archived keeps it, for
        the links its readers made then; a scheduled or undated one was never seen there."""
        if self.published_at is None or self.published_at > timezone.now():
            return None
        return self.public_url()

    def excerpt(self, words):
        """The summary, or the first `words` words of the text as a reader sees it (no tags,
        no Markdown marks, no entities)."""
        return self.summary or Truncator(plain_text(self.body_html)).words(words)

    @property
    def description(self):
        """For the page's meta description, OpenGraph and structured data."""
        return self.excerpt(40)

    def linked_entities(self):
        """What the article links, for its page (`articles.links`): one query, not five."""
        return linked_entities(self)

    # -- language editions --

    @property
    def original_id(self):
        """The id of the story's original edition (its own when it is the original)."""
        return self.translation_of_id or self.pk

    def editions(self, queryset=None):
        """The story's other editions (from `queryset`, every article by default), in the
        order of the languages: one query, whichever edition asks."""
        if self.original_id is None:
            return []
        queryset = Article.objects.all() if queryset is None else queryset
        order = list(ArticleLanguage.values)
        # Unordered: ordered by date, SQLite may walk the date index to save sorting two rows.
        found = list(queryset.editions_of(self.original_id).exclude(pk=self.pk).order_by())
        return sorted(found, key=lambda a: (order.index(a.language), a.pk))

    @property
    def language_endonym(self):
        return LANGUAGE_ENDONYMS.get(self.language, self.get_language_display())

    def edition_changed(self):
        """Whether this save may change what the story's other editions' pages show."""
        stored = self.stored_values(EDITION_FIELDS)
        if stored is None or self._state.adding:
            return True
        return any(getattr(self, name) != value for name, value in stored.items())

    def clean_editions(self):
        """The story's editions stay one per language, around one original.

        A link to a translation is kept to its original (editors may pick any edition). Asks
        the database only when the link or the language may have changed, so imports that
        rewrite an article's text pay nothing for it.
        """
        if self.translation_of_id is not None and self.translation_of_id == self.pk:
            raise ValidationError({"translation_of": SELF_EDITION}, code="self")
        stored = self.stored_values(("language", "translation_of_id"))
        if self.pk is None and self.translation_of_id is None:
            return  # a new article on its own
        if stored is not None and all(
            getattr(self, name) == value for name, value in stored.items()
        ):
            return  # its story and language are as stored
        if self.translation_of_id is not None:
            target = (
                Article.objects.filter(pk=self.translation_of_id)
                .values_list("translation_of", flat=True)
                .first()
            )
            if target is not None:
                self.translation_of_id = target  # a translation's original
            if self.translation_of_id == self.pk:
                raise ValidationError({"translation_of": SELF_EDITION}, code="self")
        others = Article.objects.editions_of(self.original_id)
        if self.pk is not None:
            # Its own translations too: an original cannot become another's translation.
            others = (others | Article.objects.filter(translation_of=self.pk)).exclude(pk=self.pk)
        others = list(others.only("title", "language", "translation_of"))
        own = [a for a in others if self.pk is not None and a.translation_of_id == self.pk]
        if self.translation_of_id is not None and own:
            names = ", ".join(f"“{a.title}”" for a in own[:3])
            raise ValidationError(
                {
                    "translation_of": f"This article is the original of other editions "
                    f"({names}): link them to the other story first, then this one."
                },
                code="original",
            )
        for other in others:
            if other.language == self.language:
                field = "translation_of" if self.translation_of_id else "language"
                raise ValidationError(
                    {
                        field: f"This story already has its {self.get_language_display()} "
                        f"edition: “{other.title}”. Editions of one story are in different "
                        "languages."
                    },
                    code="language",
                )

    def derive_fields(self):
        """Fields computed from others, once per write. Bulk inserts (the importer, spreadsheet
        import) call this for rows that never pass through `save()`.

        First the stored forms every route must agree on, so that writing the same content by
        another route (a spreadsheet round trip above all) compares equal and changes nothing:
        text with LF line endings, and the publication time to the second, as a spreadsheet
        holds it (the "Publish" action stamped `timezone.now()` with its microseconds).
        """
        normalise_text_fields(self)
        if isinstance(self.published_at, datetime.datetime) and self.published_at.microsecond:
            self.published_at = self.published_at.replace(microsecond=0)
        self.body_html = render_body(self.body)
        self.plain_text = plain_text(self.body_html)
        self.word_count = word_count(self.body)
        if not self.lead_image_credit and self.image_credit:
            # The importer keeps the photo credit printed in the text; it is the image's.
            self.lead_image_credit = self.image_credit

    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.published_at:
            raise ValidationError({"published_at": "A published article needs a publication time."})
        if self.lead_image and not self.lead_image_alt.strip():
            raise ValidationError(
                {"lead_image_alt": "Describe the image for readers who cannot see it."}
            )
        self.clean_editions()


class SendBackQuerySet(models.QuerySet):
    def open(self):
        """Notes the reporter has still to act on: not resolved, and the article still a
        draft (a route that moves it on without the workflow services, such as a re-import,
        does not leave an old note on show)."""
        return self.filter(resolved_at__isnull=True, article__status=Article.Status.DRAFT)


class SendBack(models.Model):
    """An editor's return of an article in review to draft, with a note on what to fix.

    Open until the article leaves draft again (sent for review, usually): the article's change
    page shows the open note to whoever opens it, and the admin list's "Sent back" filter
    finds those drafts. Resolved notes are kept, with the admin's history entries.
    """

    NOTE_MAX_LENGTH = 2000

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="send_backs")
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = SendBackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # "Has this article an open note?": the list's filter asks it of every draft.
            models.Index(
                fields=["article", "-created_at"],
                condition=Q(resolved_at__isnull=True),
                name="sendback_open_idx",
            ),
        ]

    def __str__(self):
        return f"Sent back: {self.article_id} at {self.created_at:%Y-%m-%d %H:%M}"


class ImportRecord(models.Model):
    """One file given to the importer: its raw text is kept so nothing is ever lost."""

    class Outcome(models.TextChoices):
        OK = "ok", "OK"
        ERROR = "error", "Error"

    name = models.CharField(max_length=500, help_text="The path or file name as given.")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    encoding = models.CharField(max_length=20, blank=True)
    raw_text = models.TextField(blank=True)
    # The bytes of a file the importer refused (undecodable, binary): it has no text to keep,
    # so its bytes are. Kept in the row, written with it, and at most IMPORT_MAX_FILE_BYTES
    # (an oversized file's bytes are never read). A file that was read keeps its text above.
    raw_bytes = models.BinaryField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Outcome, default=Outcome.OK)
    error = models.CharField(max_length=500, blank=True)
    messages = models.JSONField(default=list, blank=True)
    report = models.JSONField(default=dict, blank=True)
    articles = models.ManyToManyField(Article, blank=True, related_name="import_records")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["sha256"], name="importrecord_sha_idx"),
            models.Index(fields=["-created_at"], name="importrecord_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["ok", "error"]), name="importrecord_status_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def download_name(self) -> str:
        """A file name for the kept bytes: the last part of the name as given (a path, or a
        zip archive's ``archive.zip:folder/member.txt``)."""
        last = re.split(r"[\\/:]", self.name)[-1].strip()
        return last or f"import-{self.pk}.txt"
