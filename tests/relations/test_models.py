import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from relations.models import Agreement, Country, Event, Figure, Indicator, Position
from tests.factories import AgreementFactory, EventFactory, PersonFactory, country

pytestmark = pytest.mark.django_db


def test_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(starts_on=dt.date(2025, 7, 4), ends_on=dt.date(2025, 7, 3))


def test_event_kind_is_constrained_to_its_choices():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(kind="party")


def test_agreement_cannot_enter_into_force_before_signing():
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementFactory(signed_on=dt.date(2025, 1, 2), in_force_on=dt.date(2025, 1, 1))


def test_country_code_is_stored_upper_case_and_checked():
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.filter(code="KZ").update(code="kz")


def test_country_pair_figure_is_stored_once_in_canonical_order():
    indicator = Indicator.objects.create(name="Trade turnover", unit="USD million")
    kz, mn = country("KZ"), country("MN")
    high, low = (kz, mn) if kz.pk > mn.pk else (mn, kz)
    figure = Figure.objects.create(
        indicator=indicator, country_a=high, country_b=low, year=2024, value=1
    )
    assert figure.country_a_id < figure.country_b_id
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(
            indicator=indicator, country_a=low, country_b=high, year=2024, value=2
        )


def test_people_who_share_a_name_get_distinct_slugs():
    first = PersonFactory(name="Aibek Serikov")
    second = PersonFactory(name="Aibek Serikov")
    assert first.slug == "aibek-serikov" and second.slug == "aibek-serikov-2"


def test_public_entities_have_urls():
    assert country("MN").get_absolute_url() == "/countries/mn/"
    assert EventFactory(name="SCO Summit").get_absolute_url() == "/events/sco-summit/"
    assert PersonFactory(name="Roman Vassilenko").get_absolute_url() == "/people/roman-vassilenko/"
    agreement = AgreementFactory(title="Roadmap 2025-2027")
    assert agreement.get_absolute_url() == "/agreements/roadmap-2025-2027/"


def _errors(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_event_ending_before_it_starts_is_refused_on_its_end_date():
    event = Event(
        name="Backwards Summit",
        slug="backwards",
        starts_on=dt.date(2025, 5, 5),
        ends_on=dt.date(2025, 5, 1),
    )

    assert _errors(event) == {"ends_on": ["The end date cannot be before the start date."]}


def test_event_with_an_end_but_no_start_is_refused_on_its_start_date():
    event = Event(name="Undated Summit", slug="undated", ends_on=dt.date(2025, 5, 1))

    assert _errors(event) == {
        "starts_on": ["Give the start date too: an event with an end date needs one."]
    }


def test_agreement_in_force_before_signing_is_refused_on_its_in_force_date():
    agreement = Agreement(
        title="Roadmap on grain transit",
        slug="grain-roadmap",
        signed_on=dt.date(2025, 3, 2),
        in_force_on=dt.date(2025, 3, 1),
    )

    assert _errors(agreement) == {
        "in_force_on": ["An agreement cannot enter into force before it is signed."]
    }


def test_position_ending_before_it_starts_is_refused_on_its_end_date():
    position = Position(
        person=PersonFactory(),
        title="Ambassador to Mongolia",
        started_on=dt.date(2024, 1, 10),
        ended_on=dt.date(2023, 12, 31),
    )

    assert _errors(position) == {"ended_on": ["A role cannot end before it starts."]}


def test_dates_in_order_or_open_ended_pass():
    person = PersonFactory()
    Event(name="Open Forum", slug="open-forum", starts_on=dt.date(2025, 5, 1)).full_clean()
    Event(
        name="Same Day", slug="same-day", starts_on=dt.date(2025, 5, 1), ends_on=dt.date(2025, 5, 1)
    ).full_clean()
    Agreement(
        title="Unsigned plan", slug="unsigned-plan", in_force_on=dt.date(2025, 1, 1)
    ).full_clean()
    Position(person=person, title="Envoy", ended_on=dt.date(2025, 1, 1)).full_clean()


def test_entity_text_is_stored_with_lf_line_endings():
    """As articles' text is: a bio typed in a browser (CRLF) compares equal to the same bio
    read back from a spreadsheet."""
    person = PersonFactory(bio="Diplomat.\r\n\r\nAmbassador since 2020.")
    event = EventFactory(summary="Talks.\rLunch.")

    person.refresh_from_db()
    event.refresh_from_db()
    assert person.bio == "Diplomat.\n\nAmbassador since 2020."
    assert event.summary == "Talks.\nLunch."
