"""A small world for the public site: Kazakhstan, Mongolia and China, a state visit with the
agreements signed there, people with roles, and articles in every status."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache, caches
from django.utils import timezone

from articles.models import Article, Source
from relations.models import Figure, Indicator, Signatory
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    PersonFactory,
    PositionFactory,
    country,
)


@dataclass
class World:
    kz: object
    mn: object
    cn: object
    visit: object
    agreement: object
    president: object
    minister: object
    source: object
    published: object
    draft: object
    review: object
    archived: object
    scheduled: object


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    # Public pages are cached whole: every test starts (and ends) with an empty cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    kz, mn, cn = country("KZ"), country("MN"), country("CN")
    president = PersonFactory(name="Ukhnaagiin Khurelsukh", slug="khurelsukh", country=mn)
    minister = PersonFactory(name="Murat Nurtleu", slug="nurtleu", country=kz)
    role = PositionFactory(
        person=president, title="President of Mongolia", first_seen_on=dt.date(2024, 10, 28)
    )
    visit = EventFactory(
        name="Kazakhstan–Mongolia state visit",
        slug="kz-mn-state-visit",
        kind="state_visit",
        starts_on=dt.date(2024, 10, 28),
        ends_on=dt.date(2024, 10, 29),
        city="Ulaanbaatar",
        host_country=mn,
    )
    visit.countries.set([kz, mn])
    visit.participants.set([president, minister])
    agreement = AgreementFactory(
        title="Strategic Partnership Declaration",
        slug="strategic-partnership",
        kind="declaration",
        signed_on=dt.date(2024, 10, 28),
        event=visit,
    )
    agreement.parties.set([kz, mn])
    Signatory.objects.create(
        agreement=agreement, person=minister, role="Minister of Foreign Affairs", party=kz
    )
    indicator = Indicator.objects.create(name="Trade turnover", unit="USD million")
    figures = [
        Figure.objects.create(
            indicator=indicator, country_a=kz, country_b=mn, year=year, value=Decimal(value)
        )
        for year, value in [(2022, "450.5"), (2023, "520.0"), (2024, "610.25")]
    ]
    source = Source.objects.get(name="Kazinform")
    now = timezone.now()
    links = {
        "countries": ["KZ", "MN"],
        "events": [visit],
        "people": [president],
        "agreements": [agreement],
        # Every article states the role and the figures: the published one makes them public.
        "positions": [role],
        "figures": figures,
    }
    published = ArticleFactory(
        title="Kazakhstan and Mongolia sign a pension agreement",
        summary="The presidents met in Ulaanbaatar.",
        published_at=now - dt.timedelta(days=2),
        source=source,
        cited_source=Source.objects.get(name="MFA"),
        **links,
    )
    return World(
        kz=kz,
        mn=mn,
        cn=cn,
        visit=visit,
        agreement=agreement,
        president=president,
        minister=minister,
        source=source,
        published=published,
        draft=ArticleFactory(title="SECRET draft about Mongolia", status="draft", **links),
        review=ArticleFactory(title="SECRET review about Mongolia", status="review", **links),
        archived=ArticleFactory(title="SECRET archived about Mongolia", status="archived", **links),
        scheduled=ArticleFactory(
            title="SECRET scheduled about Mongolia",
            published_at=now + dt.timedelta(days=3),
            **links,
        ),
    )


def bulk_articles(world, n, *, start=0):
    """`n` published articles linked to everything the world has, written in a few queries."""
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Bulk report {i}",
            slug=f"bulk-report-{i}",
            body="Trade and transit were discussed.",
            body_html="<p>Trade and transit were discussed.</p>",
            plain_text="Trade and transit were discussed.",
            status=Article.Status.PUBLISHED,
            published_at=now - dt.timedelta(days=3, minutes=i),
            source=world.source,
            cited_source=world.source,
        )
        for i in range(start, start + n)
    )
    if not all(a.pk for a in articles):  # backends that do not return ids from bulk_create
        articles = list(Article.objects.filter(slug__startswith="bulk-report-"))
    through = Article.countries.through
    through.objects.bulk_create(
        through(article_id=a.pk, country_id=c.pk)
        for a in articles
        for c in (world.kz, world.mn, world.cn)
    )
    Article.events.through.objects.bulk_create(
        Article.events.through(article_id=a.pk, event_id=world.visit.pk) for a in articles
    )
    Article.people.through.objects.bulk_create(
        Article.people.through(article_id=a.pk, person_id=world.president.pk) for a in articles
    )
    Article.agreements.through.objects.bulk_create(
        Article.agreements.through(article_id=a.pk, agreement_id=world.agreement.pk)
        for a in articles
    )
    return articles


# -- the page cache, for tests of what a change purges --


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()


def warm(client, *urls):
    """Each URL's page is in the page cache (the second request a hit)."""
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
