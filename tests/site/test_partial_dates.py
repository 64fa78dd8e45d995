"""An event the coverage dates to a month alone shows the month wherever its date is shown:
its page and structured data, the lists, the registry, the pair timeline and the export."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from relations.models import Event
from tests.factories import AgreementFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world):
    event = EventFactory(
        name="5th session of the Kazakh-Mongolian Commission",
        starts_on=dt.date(2025, 1, 1),
        ends_on=None,
        dates_precision="month",
        city="Ulaanbaatar",
    )
    event.countries.set([world.kz, world.mn])
    protocol = AgreementFactory(title="Session protocol", event=event, signed_on=None)
    protocol.parties.set([world.kz, world.mn])
    world.published.events.add(event)
    world.published.agreements.add(protocol)
    return event


def test_the_event_page_gives_the_month_in_words_and_in_its_data(client, session):
    html = client.get(session.get_absolute_url()).content.decode()

    assert '<dt>Dates</dt><dd><time datetime="2025-01">January 2025</time></dd>' in html
    assert '"startDate": "2025-01"' in html and '"endDate": "2025-01"' in html
    assert "1 January 2025" not in html


def test_the_lists_give_the_month(client, session):
    events = client.get("/events/").content.decode()
    assert '<time datetime="2025-01">January 2025</time>' in events

    registry = client.get("/agreements/").content.decode()
    row = registry[registry.index("Session protocol") :].split("</tr>")[0]
    assert 'at the event,</span> <time datetime="2025-01">Jan 2025</time>' in row

    document = client.get("/agreements/session-protocol/").content.decode()
    assert 'At the event, <time datetime="2025-01">January 2025</time>' in document

    country = client.get("/countries/mn/").content.decode()
    assert '<time datetime="2025-01">Jan 2025</time>' in country
    assert "1 Jan 2025" not in country


def test_the_pair_timeline_and_the_export_give_the_month(client, session):
    pair = client.get("/countries/kz/mn/").content.decode()
    entry = pair[: pair.index("5th session of the Kazakh-Mongolian Commission")][-400:]
    assert '<time datetime="2025-01">January 2025</time>' in entry

    response = client.get("/agreements/export.json")
    data = json.loads(b"".join(response.streaming_content))
    (protocol,) = [a for a in data["agreements"] if a["slug"] == "session-protocol"]
    assert protocol["event"]["starts_on"] == "2025-01"


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field", "message"),
    [
        (dt.date(2025, 1, 15), None, "starts_on", "A month alone is stored as its first day"),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 31), "ends_on", "Leave the end date empty"),
        (None, None, "starts_on", "Give the month"),
    ],
)
def test_a_month_alone_is_a_first_day_and_no_end(starts_on, ends_on, field, message):
    event = Event(name="Talks", slug="talks", starts_on=starts_on, ends_on=ends_on,
                  dates_precision="month")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_an_editor_sets_a_month_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:relations_event_add"),
        {"name": "Winter consultations", "slug": "winter-consultations", "kind": "talks",
         "starts_on": "2025-01-01", "dates_precision": "month"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(slug="winter-consultations")
    assert (event.starts_on, event.dates_precision) == (dt.date(2025, 1, 1), "month")

    listing = admin_client.get(reverse("admin:relations_event_changelist")).content.decode()
    assert '<td class="field-dates">Jan 2025</td>' in listing
