"""Old addresses keep working: a page that moved (a new slug, a corrected date, a merge)
answers its old address with a 301 to where it is now, as long as the public gate shows it,
and never where a page answers."""

import datetime as dt

import pytest
from django.core.cache import caches
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.models import Article
from relations.addresses import FormerAddress
from relations.services import entity_merge
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

ADDRESSES_MIDDLEWARE = "relations.middleware.FormerAddressMiddleware"


def moved(client, old, new):
    """`old` answers a permanent redirect to `new`, where a page answers."""
    response = client.get(old)
    assert response.status_code == 301, (old, response.status_code)
    assert response["Location"] == new
    assert client.get(new).status_code == 200
    return response


def renamed(article, slug, by):
    article.slug = slug
    return article_services.article_save_edit(article=article, by=by)


# -- articles -------------------------------------------------------------------------------


def test_an_article_with_a_new_slug_answers_its_old_address_with_a_301(client, editor):
    article = ArticleFactory(title="Astana hosts transit talks", slug="transit-talks")
    old = article.get_absolute_url()

    renamed(article, "astana-transit-talks", editor)

    assert article.get_absolute_url().endswith("/astana-transit-talks/")
    moved(client, old, article.get_absolute_url())


def test_a_corrected_publication_date_answers_the_old_dated_address(client, editor):
    article = ArticleFactory(published_at=timezone.now() - dt.timedelta(days=3))
    old = article.get_absolute_url()

    article.published_at -= dt.timedelta(days=30)
    article_services.article_save_edit(article=article, by=editor)

    assert article.get_absolute_url() != old
    moved(client, old, article.get_absolute_url())


def test_a_new_time_on_the_same_day_keeps_the_address_and_records_nothing(editor):
    local = timezone.localtime(timezone.now() - dt.timedelta(days=3)).replace(hour=9)
    article = ArticleFactory(published_at=local)

    article.published_at = local.replace(hour=15)
    article_services.article_save_edit(article=article, by=editor)

    assert not FormerAddress.objects.exists()


def test_an_address_nobody_could_see_leaves_no_redirect(editor):
    undated = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    scheduled = ArticleFactory(published_at=timezone.now() + dt.timedelta(days=2))

    renamed(undated, "undated-draft-renamed", editor)
    renamed(scheduled, "scheduled-renamed", editor)
    scheduled.published_at += dt.timedelta(days=1)
    article_services.article_save_edit(article=scheduled, by=editor)

    assert not FormerAddress.objects.exists()


def test_an_article_renamed_while_unpublished_keeps_its_readers_links(client, editor):
    # Taken off the site for a correction, renamed, published again: the links readers made
    # while it was first live lead to it again.
    article = ArticleFactory(slug="first-title")
    old = article.get_absolute_url()
    article_services.article_unpublish(article=article, by=editor)
    article.refresh_from_db()
    renamed(article, "corrected-title", editor)

    assert client.get(old).status_code == 404  # not public now: nothing revealed

    article_services.article_publish(article=article, by=editor)
    moved(client, old, article.get_absolute_url())


@pytest.mark.parametrize("action", ["article_archive", "article_unpublish"])
def test_a_moved_article_that_is_no_longer_public_is_a_404_at_its_old_address(
    client, editor, action
):
    article = ArticleFactory(title="Withdrawn story", slug="withdrawn-story")
    old = article.get_absolute_url()
    renamed(article, "withdrawn-story-corrected", editor)
    getattr(article_services, action)(article=article, by=editor)

    response = client.get(old)

    assert response.status_code == 404
    assert "Page not found" in response.text  # the site's own page
    assert "withdrawn-story-corrected" not in response.text
    assert "Location" not in response


def test_an_address_moved_twice_leads_straight_to_the_latest(client, editor):
    article = ArticleFactory(slug="a-title")
    first = article.get_absolute_url()
    renamed(article, "b-title", editor)
    second = article.get_absolute_url()
    renamed(article, "c-title", editor)

    moved(client, first, article.get_absolute_url())
    moved(client, second, article.get_absolute_url())


def test_an_article_moved_back_answers_at_its_first_address_and_leaves_no_loop(client, editor):
    article = ArticleFactory(slug="a-title")
    first = article.get_absolute_url()
    renamed(article, "b-title", editor)
    second = article.get_absolute_url()
    renamed(article, "a-title", editor)

    assert client.get(first).status_code == 200
    moved(client, second, first)
    assert list(FormerAddress.objects.values_list("old_path", flat=True)) == [second]


def test_a_new_article_that_takes_the_old_address_is_served_there(client, editor):
    when = timezone.now() - dt.timedelta(days=2)
    article = ArticleFactory(slug="grain-corridor", published_at=when)
    old = article.get_absolute_url()
    renamed(article, "grain-corridor-opens", editor)

    newcomer = ArticleFactory(title="A different story", slug="grain-corridor", published_at=when)

    assert newcomer.get_absolute_url() == old
    response = client.get(old)
    assert response.status_code == 200
    assert "A different story" in response.text


def test_a_failed_save_records_no_address(editor):
    ArticleFactory(slug="taken")
    article = ArticleFactory(slug="mine")

    article.slug = "taken"
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()

    assert not FormerAddress.objects.exists()


def test_the_query_string_is_kept(client, editor):
    article = ArticleFactory(slug="old-slug")
    old = article.get_absolute_url()
    renamed(article, "new-slug", editor)

    response = client.get(old, {"utm_source": "partner", "ref": "a b"})

    assert response["Location"] == f"{article.get_absolute_url()}?utm_source=partner&ref=a+b"


def test_the_query_string_cannot_send_the_reader_off_site(client, editor):
    article = ArticleFactory(slug="old-slug")
    old = article.get_absolute_url()
    renamed(article, "new-slug", editor)

    response = client.get(f"{old}?//evil.example/")

    assert response["Location"].startswith(f"{article.get_absolute_url()}?")


def test_head_is_redirected_and_other_methods_are_not(client, editor):
    article = ArticleFactory(slug="old-slug")
    old = article.get_absolute_url()
    renamed(article, "new-slug", editor)

    assert client.head(old).status_code == 301
    assert client.post(old).status_code == 405


def test_deleting_the_article_deletes_its_former_addresses(editor):
    article = ArticleFactory(slug="old-slug")
    renamed(article, "new-slug", editor)
    assert FormerAddress.objects.count() == 1

    article.delete()

    assert not FormerAddress.objects.exists()


# -- entities -------------------------------------------------------------------------------


def test_a_person_with_a_new_slug_answers_the_old_address(client):
    person = PersonFactory(name="Murat Nurtleu", slug="nurtleu")
    ArticleFactory(people=[person])
    old = person.get_absolute_url()

    person.slug = "murat-nurtleu"
    person.save()

    moved(client, old, "/people/murat-nurtleu/")


def test_a_slug_changed_in_the_admin_leaves_the_old_address_leading_to_the_page(client, editor):
    person = PersonFactory(name="Murat Nurtleu", slug="nurtleu", country=None)
    ArticleFactory(people=[person])
    client.force_login(editor)

    response = client.post(
        reverse("admin:relations_person_change", args=[person.pk]),
        {"name": "Murat Nurtleu", "slug": "murat-nurtleu", "country": "", "bio": "",
         "aliases": "", "review_note": "",
         "positions-TOTAL_FORMS": "0", "positions-INITIAL_FORMS": "0"},
    )  # fmt: skip
    client.logout()

    assert response.status_code == 302
    moved(client, "/people/nurtleu/", "/people/murat-nurtleu/")


@pytest.mark.parametrize(
    ("factory", "link", "name", "before", "after", "prefix"),
    [
        (EventFactory, "events", "Astana International Forum", "aif",
         "astana-international-forum", "/events/"),
        (PersonFactory, "people", "Roman Vassilenko", "vassilenko", "roman-vassilenko",
         "/people/"),
    ],
)  # fmt: skip
def test_an_entity_with_a_new_slug_moves_its_page_and_feeds(
    client, factory, link, name, before, after, prefix
):
    row = factory(name=name, slug=before)
    ArticleFactory(**{link: [row]})

    row.slug = after
    row.save()

    for suffix in ("", "feed/", "feed/atom/"):
        moved(client, f"{prefix}{before}/{suffix}", f"{prefix}{after}/{suffix}")


def test_an_agreement_and_a_source_with_new_slugs_answer_the_old_addresses(client):
    agreement = AgreementFactory(title="Transit Roadmap", slug="roadmap")
    source = SourceFactory(name="Steppe Wire", slug="steppe-wire")
    ArticleFactory(agreements=[agreement], source=source)

    agreement.slug, source.slug = "transit-roadmap", "steppe-wire-agency"
    agreement.save()
    source.save()

    moved(client, "/agreements/roadmap/", "/agreements/transit-roadmap/")
    for suffix in ("", "feed/", "feed/atom/"):
        moved(client, f"/sources/steppe-wire/{suffix}", f"/sources/steppe-wire-agency/{suffix}")


@pytest.fixture
def hidden_envoy():
    """A person only a draft mentions, who left the slug `envoy` (the address is recorded)."""
    person = PersonFactory(name="Unpublished Envoy", slug="envoy")
    ArticleFactory(people=[person], status=Article.Status.DRAFT)
    person.slug = "unpublished-envoy"
    person.save()
    assert FormerAddress.objects.filter(old_path="/people/envoy/").exists()
    return person


def test_an_entity_the_gate_hides_is_a_404_at_its_old_address(client, hidden_envoy):
    assert client.get("/people/envoy/").status_code == 404


# -- merges ---------------------------------------------------------------------------------


def test_a_merged_away_person_answers_with_the_kept_persons_page(client, superuser):
    keep = PersonFactory(name="Roman Vassilenko", slug="vassilenko")
    duplicate = PersonFactory(name="R. Vasilenko", slug="r-vasilenko")
    ArticleFactory(people=[keep, duplicate])

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    moved(client, "/people/r-vasilenko/", "/people/vassilenko/")


def test_a_merged_away_event_answers_its_page_and_feeds(client, superuser):
    keep = EventFactory(name="CICA Summit 2026", slug="cica-summit-2026")
    duplicate = EventFactory(name="CICA summit", slug="cica-summit")
    ArticleFactory(events=[keep])

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    for suffix in ("", "feed/", "feed/atom/"):
        moved(client, f"/events/cica-summit/{suffix}", f"/events/cica-summit-2026/{suffix}")


def test_addresses_that_led_to_a_merged_away_row_lead_to_the_kept_row(client, superuser):
    keep = AgreementFactory(title="Water Agreement", slug="water-agreement")
    duplicate = AgreementFactory(title="Water deal", slug="water-deal")
    ArticleFactory(agreements=[keep])
    duplicate.slug = "water-deal-2025"
    duplicate.save()

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)
    keep.slug = "water-agreement-2025"
    keep.save()

    for old in (
        "/agreements/water-deal/",
        "/agreements/water-deal-2025/",
        "/agreements/water-agreement/",
    ):
        moved(client, old, "/agreements/water-agreement-2025/")


# -- list filters ---------------------------------------------------------------------------


def test_a_person_filter_given_a_left_slug_leads_to_the_current_one(client):
    person = PersonFactory(name="Murat Nurtleu", slug="nurtleu")
    article = ArticleFactory(title="Nurtleu in Beijing", people=[person])

    person.slug = "murat-nurtleu"
    person.save()

    response = client.get("/articles/?person=nurtleu&q=beijing")
    assert response.status_code == 301
    assert response["Location"] == "/articles/?person=murat-nurtleu&q=beijing"
    assert response["Cache-Control"] == "public, max-age=60"
    followed = client.get(response["Location"])
    assert [a.title for a in followed.context["articles"]] == [article.title]


def test_the_other_parameters_keep_their_values_and_order(client):
    person = PersonFactory(slug="nurtleu")
    ArticleFactory(people=[person])
    person.slug = "murat-nurtleu"
    person.save()

    response = client.get("/articles/?q=Astana+talks&country=kz&person=+nurtleu+&date_after=")

    assert response.status_code == 301
    assert response["Location"] == (
        "/articles/?q=Astana+talks&country=kz&person=murat-nurtleu&date_after="
    )


@pytest.mark.parametrize(
    ("name", "factory", "path"),
    [
        ("event", EventFactory, "/events/{}/"),
        ("agreement", AgreementFactory, "/agreements/{}/"),
        ("organization", OrganizationFactory, "/organizations/{}/"),
        ("source", SourceFactory, "/sources/{}/"),
    ],
)
def test_every_filter_that_takes_a_slug_follows_it(client, name, factory, path):
    entity = factory(slug="old-slug")
    if name == "source":
        ArticleFactory(source=entity)
    else:
        ArticleFactory(**{f"{entity._meta.model_name}s": [entity]})
    entity.slug = "new-slug"
    entity.save()
    assert FormerAddress.objects.filter(old_path=path.format("old-slug")).exists()

    response = client.get(f"/articles/?{name}=old-slug")

    assert response.status_code == 301
    assert response["Location"] == f"/articles/?{name}=new-slug"
    assert client.get(response["Location"]).context["articles"]


def test_two_left_slugs_are_replaced_in_one_redirect(client):
    person, event = PersonFactory(slug="nurtleu"), EventFactory(slug="aif")
    ArticleFactory(people=[person], events=[event])
    person.slug, event.slug = "murat-nurtleu", "astana-international-forum"
    person.save()
    event.save()

    response = client.get("/articles/?event=aif&person=nurtleu")

    assert (
        response["Location"] == "/articles/?event=astana-international-forum&person=murat-nurtleu"
    )


def test_a_filter_given_a_merged_away_slug_leads_to_the_kept_row(client, superuser):
    keep = PersonFactory(name="Roman Vassilenko", slug="vassilenko")
    duplicate = PersonFactory(name="R. Vasilenko", slug="r-vasilenko")
    ArticleFactory(people=[keep, duplicate])

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    response = client.get("/articles/?person=r-vasilenko")
    assert response.status_code == 301
    assert response["Location"] == "/articles/?person=vassilenko"


def test_an_unknown_slug_is_still_described_beside_its_field(client):
    ArticleFactory(people=[PersonFactory(slug="nurtleu")])

    response = client.get("/articles/?person=nobody-known")

    assert response.status_code == 200
    assert list(response.context["articles"]) == []
    assert "No person has this name or slug." in response.text


def test_a_slug_left_by_an_entity_the_gate_hides_is_not_followed(client, hidden_envoy):
    response = client.get("/articles/?person=envoy")

    assert response.status_code == 200
    assert "No person has this name or slug." in response.text
    assert "unpublished-envoy" not in response.text


def test_a_slug_another_entity_took_since_is_the_new_ones(client):
    first = PersonFactory(name="First holder", slug="nurtleu")
    ArticleFactory(people=[first])
    first.slug = "first-holder"
    first.save()
    second = PersonFactory(name="Second holder", slug="nurtleu")
    ArticleFactory(title="About the second", people=[second])

    response = client.get("/articles/?person=nurtleu")

    assert response.status_code == 200
    assert [a.title for a in response.context["articles"]] == ["About the second"]


def formeraddress_queries(client, url, settings):
    settings.PAGE_CACHE_SECONDS = 0
    status, sql = queries_for(client, url)
    return status, [q for q in sql if "relations_formeraddress" in q]


def test_filters_naming_rows_ask_for_no_moved_address(client, settings):
    person, source = PersonFactory(name="Murat Nurtleu", slug="nurtleu"), SourceFactory()
    ArticleFactory(people=[person], source=source)

    for query in (f"person=nurtleu&source={source.slug}", "person=murat+nurtleu", "q=astana"):
        assert formeraddress_queries(client, f"/articles/?{query}", settings) == (200, [])


def test_a_value_naming_nothing_costs_one_query_more(client, settings):
    ArticleFactory()

    status, lookups = formeraddress_queries(client, "/articles/?person=nobody-known", settings)
    assert (status, len(lookups)) == (200, 1)
    # A name is no slug: no address could hold it.
    assert formeraddress_queries(client, "/articles/?person=Nobody+Known", settings) == (200, [])


def test_a_left_slug_costs_one_query_more(client, settings):
    person = PersonFactory(slug="nurtleu")
    ArticleFactory(people=[person])
    person.slug = "murat-nurtleu"
    person.save()

    status, lookups = formeraddress_queries(client, "/articles/?person=nurtleu", settings)

    assert (status, len(lookups)) == (301, 1)


# -- cost -----------------------------------------------------------------------------------


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    return status, [q["sql"] for q in captured.captured_queries]


def test_a_404_costs_one_query_more_and_other_pages_nothing(client, editor, settings):
    settings.PAGE_CACHE_SECONDS = 0  # count the pages' own queries, every time
    article = ArticleFactory(slug="a-page")
    urls = [article.get_absolute_url(), "/articles/", "/people/nobody/", "/no/such/page/"]
    with_middleware = {url: queries_for(client, url) for url in urls}
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != ADDRESSES_MIDDLEWARE]
    without = {url: queries_for(Client(), url) for url in urls}  # a client loads it once

    for url in urls[:2]:
        assert with_middleware[url][0] == 200
        assert len(with_middleware[url][1]) == len(without[url][1])
    for url in urls[2:]:
        status, sql = with_middleware[url]
        assert status == 404
        added = sql[len(without[url][1]) :]
        assert len(sql) == len(without[url][1]) + 1
        assert "relations_formeraddress" in added[0]


def test_a_redirect_costs_two_queries_after_the_404(client, editor, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory(slug="old-slug")
    old = article.get_absolute_url()
    renamed(article, "new-slug", editor)

    status, sql = queries_for(client, old)

    assert status == 301
    # The article page's own lookup, then the former address and its row through the gate.
    assert len(sql) == 3
    assert "relations_formeraddress" in sql[1]
    assert "articles_article" in sql[2]


# -- caches ---------------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()


def test_a_cached_page_at_the_old_address_gives_way_to_the_redirect(
    client, editor, commit, page_cache
):
    article = ArticleFactory(slug="old-slug")
    old = article.get_absolute_url()
    client.get(old)
    assert client.get(old)["X-Page-Cache"] == "hit"

    with commit():
        renamed(article, "new-slug", editor)

    moved(client, old, article.get_absolute_url())


def test_a_redirect_is_not_stored_and_browsers_keep_it_a_minute(client, editor, commit, page_cache):
    article = ArticleFactory(slug="old-slug")
    old = article.get_absolute_url()
    with commit():
        renamed(article, "new-slug", editor)

    first, second = client.get(old), client.get(old)

    assert second.status_code == 301
    assert "X-Page-Cache" not in second
    assert first["Cache-Control"] == "public, max-age=60"


def test_a_redirect_stops_at_once_when_its_article_is_withdrawn(client, editor, commit, page_cache):
    article = ArticleFactory(slug="old-slug")
    old = article.get_absolute_url()
    with commit():
        renamed(article, "new-slug", editor)
    assert client.get(old).status_code == 301

    with commit():
        article_services.article_archive(article=article, by=editor)

    assert client.get(old).status_code == 404


def test_a_redirect_gives_way_at_once_to_a_new_article_at_the_address(
    client, editor, commit, page_cache
):
    when = timezone.now() - dt.timedelta(days=2)
    article = ArticleFactory(slug="old-slug", published_at=when)
    old = article.get_absolute_url()
    with commit():
        renamed(article, "new-slug", editor)
    assert client.get(old).status_code == 301

    with commit():
        ArticleFactory(title="The newcomer", slug="old-slug", published_at=when)

    response = client.get(old)
    assert response.status_code == 200
    assert "The newcomer" in response.text


def test_a_row_refreshed_after_someone_elses_move_records_the_address_it_then_leaves(client):
    person = PersonFactory(slug="first")
    ArticleFactory(people=[person])
    other_copy = type(person).objects.get(pk=person.pk)
    other_copy.slug = "second"
    other_copy.save()

    person.refresh_from_db()
    person.slug = "third"
    person.save()

    moved(client, "/people/first/", "/people/third/")
    moved(client, "/people/second/", "/people/third/")


def test_every_row_with_an_address_remembers_where_it_is():
    """The snapshot a save compares with (`stored_fields`) holds every field of the address."""
    from django.apps import apps

    from relations.addresses import KeepsFormerAddresses

    models = [m for m in apps.get_models() if issubclass(m, KeepsFormerAddresses)]
    assert len(models) >= 6
    for model in models:
        assert set(model.address_fields) <= set(model.stored_fields), model


def test_a_partial_reload_updates_only_what_it_read(db):
    """A deferred slug, read later, becomes known; the rest of the snapshot is kept."""
    from relations.models import Person

    person = Person.objects.create(name="Aigerim Example", slug="aigerim-example")
    loaded = Person.objects.defer("slug").get(pk=person.pk)
    assert loaded.stored_values(["slug"]) is None  # not loaded: unknown
    assert loaded.slug == "aigerim-example"  # Django reads it now (refresh_from_db)
    assert loaded.stored_values(["slug"]) == {"slug": "aigerim-example"}
    loaded.slug = "aigerim-renamed"
    loaded.save()
    assert loaded.stored_value("slug") == "aigerim-renamed"
