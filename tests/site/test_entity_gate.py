"""Events, people and agreements are public only once a published article links them."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AgreementFactory, ArticleFactory, EventFactory, PersonFactory

UNPUBLISHED = {
    "draft": {"status": "draft"},
    "review": {"status": "review"},
    "archived": {"status": "archived"},
    "scheduled": {"published_at": "future"},
}


def hidden_world(state):
    kwargs = dict(UNPUBLISHED[state])
    if kwargs.get("published_at") == "future":
        kwargs["published_at"] = timezone.now() + dt.timedelta(days=3)
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
    pages = ["/events/", "/agreements/", "/countries/mn/", "/countries/kz/mn/", "/sitemap.xml"]
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
