"""Names in spreadsheets: an empty slug is made from a name in any script (a dash between
words separates them), and events carry their other names (aliases) like people and
organizations do."""

from importlib import import_module

import pytest
from django.apps import apps
from import_export.formats.base_formats import CSV

from articles.models import Article
from articles.resources import ArticleResource, SourceResource
from relations.models import Event, Organization, unique_slug
from relations.resources import (
    AgreementResource,
    EventResource,
    OrganizationResource,
    PersonResource,
)
from tests.factories import ArticleFactory, EventFactory, PersonFactory
from tests.spreadsheets.conftest import at, export_file, import_file, read_file

pytestmark = pytest.mark.django_db


def test_row_without_slug_and_a_cyrillic_name_gets_a_transliterated_slug():
    rows = "slug,name,abbreviation\n,Организация тюркских государств,ОТГ\n"

    first = import_file(OrganizationResource, CSV, rows)
    second = import_file(OrganizationResource, CSV, rows)

    assert not first.has_validation_errors() and not first.has_errors()
    assert first.totals["new"] == 1
    assert second.totals["skip"] == 1
    org = Organization.objects.get(name="Организация тюркских государств")
    assert org.slug == "organizatsiia-tiurkskikh-gosudarstv"


def test_row_without_slug_and_a_kazakh_name_gets_a_transliterated_slug():
    rows = "slug,name,kind\n,Астана халықаралық форумы,forum\n"

    result = import_file(EventResource, CSV, rows)

    assert result.totals["new"] == 1
    assert Event.objects.get().slug == "astana-khalykaralyk-forumy"


def test_row_without_slug_and_a_dash_in_its_name_gets_separated_words():
    rows = "slug,name,kind\n,Almaty\u2013Urumqi Rail Forum,forum\n"

    first = import_file(EventResource, CSV, rows)
    second = import_file(EventResource, CSV, rows)

    assert (first.totals["new"], second.totals["skip"]) == (1, 1)
    assert Event.objects.get().slug == "almaty-urumqi-rail-forum"


def test_row_without_slug_finds_the_stored_row_whose_glued_slug_was_migrated():
    """A slug made before dashes separated words ("almatyurumqi") is moved by relations 0007
    to the one a slugless row's name gives now, so the row updates it, not a second event."""
    event = EventFactory(
        name="Almaty\u2013Urumqi Rail Forum", slug="almatyurumqi-rail-forum", kind="other"
    )
    import_module("relations.migrations.0007_dash_separated_slugs").move_entity_slugs(apps, None)

    result = import_file(
        EventResource, CSV, "slug,name,kind\n,Almaty\u2013Urumqi Rail Forum,forum\n"
    )

    assert not result.has_validation_errors() and not result.has_errors()
    assert (result.totals["new"], result.totals["update"]) == (0, 1)
    assert Event.objects.get().pk == event.pk
    assert Event.objects.get().kind == "forum"


def test_article_row_without_slug_finds_the_stored_article_whose_glued_slug_was_migrated():
    article = ArticleFactory(
        title="Almaty\u2013Urumqi freight doubles",
        slug="almatyurumqi-freight-doubles",
        published_at=at(6, 9, 0),
    )
    import_module("articles.migrations.0023_dash_separated_slugs").move_slugs(apps, None)
    rows = (
        "slug,published_at,title,status,body\n"
        ",2025-09-06 09:00:00,Almaty\u2013Urumqi freight doubles,published,A corrected body.\n"
    )

    result = import_file(ArticleResource, CSV, rows)

    assert not result.has_validation_errors() and not result.has_errors()
    assert (result.totals["new"], result.totals["update"]) == (0, 1)
    stored = Article.objects.get()
    assert (stored.pk, stored.slug) == (article.pk, "almaty-urumqi-freight-doubles")
    assert stored.body == "A corrected body."


# Names as long as their columns allow, whose slugs are longer than a slug column holds: 250
# characters of Latin text, or Cyrillic that grows when transliterated (Щ -> Shch).
LONG_LATIN = " ".join(["Intergovernmental commission on trade"] * 7)[:250]
LONG_CYRILLIC = " ".join(["Щедрый щит"] * 20)[:200]
SHORT_CYRILLIC = " ".join(["Щедрый щит"] * 10)[:100]  # a source's name holds 100


@pytest.mark.parametrize(
    ("resource", "rows", "field", "name"),
    [
        (EventResource, "slug,name,kind\n,{},forum\n", "name", LONG_LATIN),
        (AgreementResource, "slug,title,kind\n,{},memorandum\n", "title", LONG_LATIN),
        (
            ArticleResource,
            "slug,published_at,title,status,body\n,2025-09-06 09:00:00,{},draft,Body.\n",
            "title",
            LONG_LATIN,
        ),
        (PersonResource, "slug,name\n,{}\n", "name", LONG_CYRILLIC),
        (OrganizationResource, "slug,name\n,{}\n", "name", LONG_CYRILLIC),
        (SourceResource, "name,slug,kind\n{},,other\n", "name", SHORT_CYRILLIC),
    ],
    ids=["event", "agreement", "article", "person", "organization", "source"],
)
def test_row_without_slug_and_a_very_long_name_imports_once_then_unchanged(
    resource, rows, field, name
):
    """The empty slug is the one saving the row without a slug gives its name (cut to leave
    room for a `-2`), however long the name is: once made, the row is found again."""
    model = resource._meta.model

    first = import_file(resource, CSV, rows.format(name))
    second = import_file(resource, CSV, rows.format(name))

    assert not first.has_validation_errors() and not first.has_errors()
    assert (first.totals["new"], second.totals["skip"]) == (1, 1)
    [stored] = model.objects.filter(**{field: name})
    slug_length = model._meta.get_field("slug").max_length
    assert stored.slug == unique_slug(model, name, max_length=slug_length, exclude_pk=stored.pk)


def test_row_without_slug_finds_the_long_named_row_an_editor_saved_without_one():
    event = EventFactory(name=LONG_LATIN)
    person = PersonFactory(name=LONG_CYRILLIC)

    events = import_file(EventResource, CSV, f"slug,name,kind\n,{LONG_LATIN},forum\n")
    people = import_file(PersonResource, CSV, f"slug,name,bio\n,{LONG_CYRILLIC},A bio.\n")

    assert (events.totals["new"], events.totals["update"]) == (0, 1)
    assert (people.totals["new"], people.totals["update"]) == (0, 1)
    assert Event.objects.get().pk == event.pk
    person.refresh_from_db()
    assert person.bio == "A bio."


def test_row_without_slug_reads_an_html_reference_in_its_name_as_its_character():
    """A cell typed as "Kazakh&ndash;Uzbek" is stored as typed; its slug is the en dash's."""
    rows = "slug,name,kind\n,Kazakh&ndash;Uzbek Joint Commission,talks\n"

    first = import_file(EventResource, CSV, rows)
    second = import_file(EventResource, CSV, rows)

    assert (first.totals["new"], second.totals["skip"]) == (1, 1)
    event = Event.objects.get()
    assert (event.name, event.slug) == (
        "Kazakh&ndash;Uzbek Joint Commission",
        "kazakh-uzbek-joint-commission",
    )


def test_event_aliases_are_exported_and_imported():
    EventFactory(name="25th SCO Summit", slug="sco-2025", aliases=["SCO Summit 2025", "Tianjin"])

    exported = read_file(CSV, export_file(EventResource, CSV))

    assert exported.dict[0]["aliases"] == "SCO Summit 2025;Tianjin"
    import_file(EventResource, CSV, "slug,aliases\nsco-2025,SCO Summit 2025;Tianjin summit\n")
    assert Event.objects.get().aliases == ["SCO Summit 2025", "Tianjin summit"]
