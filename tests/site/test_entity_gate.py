"""Events, people and agreements are public only once a published article links them; roles and
figures once a published article states them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Source
from relations.models import Figure, Indicator
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    PersonFactory,
    PositionFactory,
)

UNPUBLISHED = {
    "draft": {"status": "draft"},
    "review": {"status": "review"},
    "archived": {"status": "archived"},
    "scheduled": {"published_at": "future"},
}


def unpublished(state):
    """An article factory's keyword arguments for `state` (a scheduled one is due in 3 days),
    or none (a published article) for a state not in UNPUBLISHED."""
    kwargs = dict(UNPUBLISHED.get(state, {}))
    if kwargs.get("published_at") == "future":
        kwargs["published_at"] = timezone.now() + dt.timedelta(days=3)
    return kwargs


def hidden_world(state):
    kwargs = unpublished(state)
    event = EventFactory(name="Planned secret visit", slug="planned-secret-visit")
    person = PersonFactory(name="Secret Envoy", slug="secret-envoy")
    agreement = AgreementFactory(title="Secret accord", slug="secret-accord")
    article = ArticleFactory(
        title="Unpublished story",
        countries=["KZ", "MN"],
        events=[event],
        people=[person],
        agreements=[agreement],
        **kwargs,
    )
    event.countries.set(article.countries.all())
    return article, event, person, agreement


@pytest.mark.parametrize("state", list(UNPUBLISHED))
def test_entities_linked_only_by_unpublished_articles_are_hidden(client, world, state):
    _, event, person, agreement = hidden_world(state)
    for entity in (event, person, agreement):
        assert client.get(entity.get_absolute_url()).status_code == 404
    assert client.get(f"/events/{event.slug}/feed/").status_code == 404
    pages = ["/events/", "/people/", "/agreements/", "/countries/mn/", "/countries/kz/mn/",
             "/sitemap.xml"]  # fmt: skip
    for url in pages:
        html = client.get(url).content.decode()
        for secret in ("Planned secret visit", "Secret Envoy", "Secret accord", "secret-"):
            assert secret not in html, (url, secret)


def test_entities_appear_once_a_linked_article_is_published(client, world):
    article, event, person, agreement = hidden_world("draft")
    article.status = "published"
    article.published_at = timezone.now() - dt.timedelta(hours=1)
    article.save()
    for entity in (event, person, agreement):
        assert client.get(entity.get_absolute_url()).status_code == 200
    assert "Planned secret visit" in client.get("/events/").content.decode()
    assert "Secret accord" in client.get("/agreements/").content.decode()
    assert "/events/planned-secret-visit/" in client.get("/sitemap.xml").content.decode()


# Roles and figures are statements: public once a published article states them.


def stated_in(state, world):
    """A new role of a public person and a new figure of a public pair, stated only by an
    article in `state` (or by a published one)."""
    kwargs = unpublished(state)
    role = PositionFactory(person=world.president, title="Special envoy to the Pacific")
    figure = Figure.objects.create(
        indicator=Indicator.objects.get(name="Trade turnover"),
        country_a=world.kz,
        country_b=world.mn,
        year=2019,
        value=Decimal("777.7"),
        quote="Trade reached 777.7 million dollars in 2019.",
    )
    article = ArticleFactory(
        title="A story about a new envoy",
        body=f"The president named an envoy.\n\n{figure.quote}",
        countries=["KZ", "MN"],
        people=[world.president],
        positions=[role],
        figures=[figure],
        **kwargs,
    )
    return article, role, figure


@pytest.mark.parametrize("state", list(UNPUBLISHED))
def test_roles_and_figures_stated_only_by_unpublished_articles_are_hidden(client, world, state):
    stated_in(state, world)
    person_page = client.get(world.president.get_absolute_url()).content.decode()
    # The person is public (a published article links them), their published role shows...
    assert "President of Mongolia" in person_page
    # ...but not the role only an unpublished article states, nor in the JSON-LD.
    assert "Special envoy" not in person_page
    pair_page = client.get("/countries/kz/mn/").content.decode()
    assert "610.25" in pair_page
    assert "777.7" not in pair_page
    assert "2019" not in pair_page


def test_roles_and_figures_show_once_an_article_stating_them_is_published(
    client, world, django_capture_on_commit_callbacks
):
    article, role, figure = stated_in("draft", world)
    article.status = "published"
    article.published_at = timezone.now() - dt.timedelta(hours=1)
    article.save()
    person_page = client.get(world.president.get_absolute_url()).content.decode()
    assert "Special envoy to the Pacific" in person_page
    # The latest stated role is the person's job title.
    assert '"jobTitle": "Special envoy to the Pacific"' in person_page
    pair_page = client.get("/countries/kz/mn/").content.decode()
    assert ">777.7<" in pair_page
    assert "Trade reached 777.7 million dollars in 2019." in pair_page
    # Withdrawn, or deleted, it takes them with it (the cached pages are purged on commit).
    with django_capture_on_commit_callbacks(execute=True):
        article.status = "archived"
        article.save()
    assert "Special envoy" not in client.get(world.president.get_absolute_url()).content.decode()
    assert "777.7" not in client.get("/countries/kz/mn/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.status = "published"
        article.save()
    assert ">777.7<" in client.get("/countries/kz/mn/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert "777.7" not in client.get("/countries/kz/mn/").content.decode()
    assert "Special envoy" not in client.get(world.president.get_absolute_url()).content.decode()


def test_a_role_shows_when_published_coverage_stated_it_not_a_drafts_dates(client, world):
    role = PositionFactory(
        person=world.president, title="Chair of the summit", first_seen_on=dt.date(2001, 1, 1)
    )
    stated = timezone.make_aware(dt.datetime(2025, 3, 4, 10))
    ArticleFactory(people=[world.president], positions=[role], published_at=stated)
    ArticleFactory(people=[world.president], positions=[role], status="draft",
                   published_at=timezone.make_aware(dt.datetime(2026, 1, 1, 10)))  # fmt: skip
    html = client.get(world.president.get_absolute_url()).content.decode()
    row = html[html.index("Chair of the summit") :].split("</tr>")[0]
    assert "4 Mar 2025" in row
    assert "2001" not in row and "2026" not in row


@pytest.mark.parametrize("state", list(UNPUBLISHED))
def test_a_source_only_unpublished_articles_use_is_not_public(client, world, state):
    kwargs = unpublished(state)
    wire = Source.objects.create(name="Secret Wire", slug="secret-wire")
    cited = Source.objects.create(name="Quiet Bulletin", slug="quiet-bulletin")
    ArticleFactory(source=wire, cited_source=cited, **kwargs)
    for source in (wire, cited):
        assert client.get(source.get_absolute_url()).status_code == 404
    for url in ["/articles/", "/sitemap.xml", "/articles/?source=secret-wire"]:
        html = client.get(url).content.decode()
        assert "Secret Wire" not in html and "secret-wire/" not in html, url
        assert "Quiet Bulletin" not in html and "quiet-bulletin" not in html, url


def test_a_source_is_public_once_a_published_article_comes_from_or_cites_it(client, world):
    wire = Source.objects.create(name="Secret Wire", slug="secret-wire")
    cited = Source.objects.create(name="Quiet Bulletin", slug="quiet-bulletin")
    ArticleFactory(source=wire, cited_source=cited)
    for source in (wire, cited):
        assert client.get(source.get_absolute_url()).status_code == 200
    assert (
        '<option value="secret-wire">Secret Wire</option>'
        in client.get("/articles/").content.decode()
    )
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/sources/secret-wire/" in sitemap and "/sources/quiet-bulletin/" in sitemap


def test_a_figures_quote_from_an_unpublished_text_is_not_shown(client, world):
    """A figure keeps the sentence of the first text that gave it. When that text is a draft
    and a published one states the same value in other words, the figure is public, but the
    draft's sentence is not."""
    figure = Figure.objects.create(
        indicator=Indicator.objects.get(name="Trade turnover"),
        country_a=world.kz,
        country_b=world.mn,
        year=2018,
        value=Decimal("55.5"),
        quote="Trade was 55.5 million dollars in 2018, a confidential draft line says.",
    )
    ArticleFactory(status="draft", body=figure.quote, figures=[figure])
    published = ArticleFactory(body="In 2018 trade reached 55.5 million dollars.", figures=[figure])
    html = client.get("/countries/kz/mn/").content.decode()
    assert ">55.5<" in html
    assert "confidential draft line" not in html
    # Quoted once a published article says it.
    published.body += "\\n\\n" + figure.quote
    published.save()
    cache.clear()
    assert "confidential draft line" in client.get("/countries/kz/mn/").content.decode()
