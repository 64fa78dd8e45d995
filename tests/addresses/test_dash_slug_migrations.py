"""Migrations relations 0007 and articles 0023: slugs the old rule glued together at a dash or a
slash ("Almaty–Urumqi" -> `almatyurumqi`) move to the new rule's (`almaty-urumqi`), and the
addresses they leave answer 301, as an editor's change of slug would."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from articles.models import Article
from relations.addresses import FormerAddress
from relations.models import Event, Indicator
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

entities = import_module("relations.migrations.0007_dash_separated_slugs")
articles = import_module("articles.migrations.0023_dash_separated_slugs")

FORUM = "Almaty\u2013Urumqi Rail Forum"  # en dash


def migrate():
    entities.move_entity_slugs(apps, None)
    articles.move_slugs(apps, None)


def slug_of(row):
    return type(row).objects.values_list("slug", flat=True).get(pk=row.pk)


def former(row):
    return sorted(
        FormerAddress.objects.filter(
            content_type=ContentType.objects.get_for_model(row), object_id=row.pk
        ).values_list("old_path", "suffix")
    )


def moved(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, (old, response.status_code)
    assert response["Location"] == new
    assert client.get(new).status_code == 200


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        (FORUM, "almatyurumqi-rail-forum", "almaty-urumqi-rail-forum"),
        ("Aral\u2014Caspian water talks", "aralcaspian-water-talks", "aral-caspian-water-talks"),
        ("Freight \u22125% in Q3", "freight-5-in-q3", None),  # the minus sign at a word's start
        ("Grain and/or oil", "grain-andor-oil", "grain-and-or-oil"),
        ("<b>Almaty</b>\u2013Urumqi", "almatyurumqi", "almaty-urumqi"),
        ("Almaty \u2013 Urumqi", "almaty-urumqi", None),  # spaced: the same slug before
        ("Ch.Nomin", "chnomin", "ch-nomin"),  # an initial's point
        ("U.S. Chamber", "us-chamber", None),
    ],
)
def test_the_frozen_rules(text, old, new):
    assert entities.old_slugify(text) == old
    assert entities.new_slugify(text) == (new or old)


def test_the_new_frozen_rule_is_the_live_rule():
    from relations.slugs import SEPARATORS, slugify

    assert entities.SEPARATORS == SEPARATORS
    for text in [FORUM, "Қазақстан\u2014Моңғолия", "A\u2044B", "<i>x</i>/y", "Côte d’Ivoire",
                 "B.Battsetseg", "Б.Батцэцэг", "U.S.Chamber", "gov.kz"]:  # fmt: skip
        assert entities.new_slugify(text) == slugify(text)


def test_an_old_auto_slug_moves_and_its_page_and_feeds_answer_301(client):
    event = EventFactory(name=FORUM, slug="almatyurumqi-rail-forum")
    ArticleFactory(events=[event])

    migrate()

    assert slug_of(event) == "almaty-urumqi-rail-forum"
    assert former(event) == [
        ("/events/almatyurumqi-rail-forum/", ""),
        ("/events/almatyurumqi-rail-forum/feed/", "feed/"),
        ("/events/almatyurumqi-rail-forum/feed/atom/", "feed/atom/"),
    ]
    for suffix in ("", "feed/", "feed/atom/"):
        moved(
            client,
            f"/events/almatyurumqi-rail-forum/{suffix}",
            f"/events/almaty-urumqi-rail-forum/{suffix}",
        )


def test_the_numeric_suffix_is_kept():
    first = EventFactory(name=FORUM, slug="almatyurumqi-rail-forum")
    second = EventFactory(name=FORUM, slug="almatyurumqi-rail-forum-2")

    migrate()

    assert slug_of(first) == "almaty-urumqi-rail-forum"
    assert slug_of(second) == "almaty-urumqi-rail-forum-2"
    assert ("/events/almatyurumqi-rail-forum-2/", "") in former(second)


def test_a_new_slug_already_taken_gets_the_first_free_suffix():
    # The ASCII hyphen always separated: this row has had the slug the dash gives now.
    EventFactory(name="Almaty-Urumqi Rail Forum", slug="almaty-urumqi-rail-forum")
    EventFactory(name="Another forum", slug="almaty-urumqi-rail-forum-2")
    dashed = EventFactory(name=FORUM, slug="almatyurumqi-rail-forum")

    migrate()

    assert slug_of(dashed) == "almaty-urumqi-rail-forum-3"
    assert Event.objects.filter(slug__startswith="almaty-urumqi-rail-forum").count() == 3


def test_two_rows_wanting_the_same_new_slug_get_two(client):
    # The old rule gave them different slugs: "a-bc" and "ab-c" are both "a-b-c" now.
    one = PersonFactory(name="Anna-Maria\u2013Li", slug="anna-mariali")
    other = PersonFactory(name="Anna\u2013Maria-Li", slug="annamaria-li")

    migrate()

    assert {slug_of(one), slug_of(other)} == {"anna-maria-li", "anna-maria-li-2"}


def test_a_slug_an_editor_chose_is_left_alone():
    chosen = EventFactory(name=FORUM, slug="rail-forum")
    numbered_otherwise = EventFactory(name=FORUM, slug="almatyurumqi-rail-forum-x")
    ascii_named = EventFactory(name="Rail Forum 2025/26", slug="rail-forum-2025-26")

    migrate()

    assert slug_of(chosen) == "rail-forum"
    assert slug_of(numbered_otherwise) == "almatyurumqi-rail-forum-x"
    assert slug_of(ascii_named) == "rail-forum-2025-26"
    assert not FormerAddress.objects.exists()


def test_every_entity_with_a_page_moves_and_keeps_its_address(client):
    person = PersonFactory(name="Aigul Saparova\u2013Li", slug="aigul-saparovali")
    agreement = AgreementFactory(title="Almaty\u2014Urumqi Protocol", slug="almatyurumqi-protocol")
    organization = OrganizationFactory(
        name="Almaty\u2013Urumqi Chamber", slug="almatyurumqi-chamber"
    )
    source = SourceFactory(name="Almaty\u2013Urumqi Wire", slug="almatyurumqi-wire")
    ArticleFactory(
        people=[person], agreements=[agreement], organizations=[organization], source=source
    )

    migrate()

    moved(client, "/people/aigul-saparovali/", "/people/aigul-saparova-li/")
    moved(client, "/agreements/almatyurumqi-protocol/", "/agreements/almaty-urumqi-protocol/")
    for suffix in ("", "feed/", "feed/atom/"):
        moved(
            client,
            f"/organizations/almatyurumqi-chamber/{suffix}",
            f"/organizations/almaty-urumqi-chamber/{suffix}",
        )
    moved(client, "/sources/almatyurumqi-wire/", "/sources/almaty-urumqi-wire/")
    assert [slug_of(row) for row in (person, agreement, organization, source)] == [
        "aigul-saparova-li",
        "almaty-urumqi-protocol",
        "almaty-urumqi-chamber",
        "almaty-urumqi-wire",
    ]


def test_an_indicator_moves_without_an_address():
    indicator = Indicator.objects.create(
        name="Rail freight (export\u2013import)", slug="rail-freight-exportimport", unit="t"
    )

    migrate()

    assert slug_of(indicator) == "rail-freight-export-import"
    assert not FormerAddress.objects.exists()


def test_a_published_article_moves_and_its_dated_address_answers_301(client):
    article = ArticleFactory(
        title="Almaty\u2013Urumqi freight doubles",
        slug="almatyurumqi-freight-doubles",
        # Late evening in UTC is the next day in Almaty: the address holds the local date.
        published_at=timezone.make_aware(dt.datetime(2025, 9, 4, 22, 30), dt.UTC),
    )
    old = article.get_absolute_url()
    assert old == "/articles/2025/09/05/almatyurumqi-freight-doubles/"

    migrate()

    article.refresh_from_db()
    assert article.slug == "almaty-urumqi-freight-doubles"
    assert former(article) == [(old, "")]
    moved(client, old, article.get_absolute_url())


def test_an_article_never_seen_at_its_address_moves_without_one():
    draft = ArticleFactory(
        title="Almaty\u2013Urumqi draft",
        slug="almatyurumqi-draft",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    scheduled = ArticleFactory(
        title="Almaty\u2013Urumqi scheduled",
        slug="almatyurumqi-scheduled",
        published_at=timezone.now() + dt.timedelta(days=2),
    )

    migrate()

    assert (slug_of(draft), slug_of(scheduled)) == (
        "almaty-urumqi-draft",
        "almaty-urumqi-scheduled",
    )
    assert not FormerAddress.objects.exists()


def test_an_unpublished_article_keeps_the_address_its_readers_saw(client):
    # As Article.public_address: its publication time has passed, whatever its status now.
    article = ArticleFactory(
        title="Almaty\u2013Urumqi recall", slug="almatyurumqi-recall", status=Article.Status.DRAFT
    )

    migrate()

    [(path, _)] = former(Article.objects.get(pk=article.pk))
    assert path.endswith("/almatyurumqi-recall/")
    assert client.get(path).status_code == 404  # not public: nothing revealed


def test_a_path_recorded_for_an_earlier_row_leads_to_the_row_that_left_it_last(client):
    gone = EventFactory(name="Rail forum (first)", slug="rail-forum-first")
    event = EventFactory(name=FORUM, slug="almatyurumqi-rail-forum")
    ArticleFactory(events=[gone, event])
    FormerAddress.objects.create(
        old_path="/events/almatyurumqi-rail-forum/",
        content_type=ContentType.objects.get_for_model(Event),
        object_id=gone.pk,
    )

    migrate()

    assert FormerAddress.objects.get(old_path="/events/almatyurumqi-rail-forum/").object_id == (
        event.pk
    )
    moved(client, "/events/almatyurumqi-rail-forum/", "/events/almaty-urumqi-rail-forum/")


def test_an_address_the_row_returns_to_is_no_longer_a_former_one(client):
    # It once had the slug the new rule gives; an editor then set the old rule's.
    event = EventFactory(name=FORUM, slug="almaty-urumqi-rail-forum")
    ArticleFactory(events=[event])
    event.slug = "almatyurumqi-rail-forum"
    event.save()
    assert ("/events/almaty-urumqi-rail-forum/", "") in former(event)

    migrate()

    assert [path for path, _ in former(event)] == [
        "/events/almatyurumqi-rail-forum/",
        "/events/almatyurumqi-rail-forum/feed/",
        "/events/almatyurumqi-rail-forum/feed/atom/",
    ]
    assert client.get("/events/almaty-urumqi-rail-forum/").status_code == 200


def test_a_second_run_changes_nothing():
    EventFactory(name=FORUM, slug="almatyurumqi-rail-forum")
    migrate()
    before = list(FormerAddress.objects.values_list("old_path", "object_id", "moved_at"))

    migrate()

    assert list(FormerAddress.objects.values_list("old_path", "object_id", "moved_at")) == before


def test_the_migration_reads_only_rows_with_a_separator_and_writes_in_bulk(
    django_assert_max_num_queries,
):
    ArticleFactory.create_batch(30)  # no dash: not read
    for n in range(30):
        ArticleFactory(title=f"Almaty\u2013Urumqi note {n}", slug=f"almatyurumqi-note-{n}")

    # Articles: read, taken slugs, content type, update, addresses, their clean-up; sources:
    # the read. Not one query per row.
    with django_assert_max_num_queries(8):
        articles.move_slugs(apps, None)

    assert Article.objects.filter(slug__startswith="almaty-urumqi-note-").count() == 30
    assert FormerAddress.objects.count() == 30


def test_the_migrations_run_on_their_historical_models(client):
    """`migrate` hands the functions the models as the migrations know them (no methods, no
    `address_suffixes`), not the live ones the other tests use."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection).project_state(
        [("relations", "0007_dash_separated_slugs"), ("articles", "0023_dash_separated_slugs")]
    )
    event = EventFactory(name=FORUM, slug="almatyurumqi-rail-forum")
    article = ArticleFactory(
        title="Almaty\u2013Urumqi freight doubles",
        slug="almatyurumqi-freight-doubles",
        events=[event],
    )
    old = article.get_absolute_url()

    entities.move_entity_slugs(state.apps, None)
    articles.move_slugs(state.apps, None)

    assert slug_of(event) == "almaty-urumqi-rail-forum"
    moved(client, "/events/almatyurumqi-rail-forum/feed/", "/events/almaty-urumqi-rail-forum/feed/")
    moved(client, old, Article.objects.get(pk=article.pk).get_absolute_url())


def test_a_person_named_with_an_initial_moves_and_keeps_the_address(client):
    from tests.factories import PersonFactory

    person = PersonFactory(name="B.Battsetseg", slug="bbattsetseg")
    ArticleFactory(people=[person])

    migrate()

    assert slug_of(person) == "b-battsetseg"
    for suffix in ("", "feed/", "feed/atom/"):  # a person's feeds move with the page
        moved(client, f"/people/bbattsetseg/{suffix}", f"/people/b-battsetseg/{suffix}")
