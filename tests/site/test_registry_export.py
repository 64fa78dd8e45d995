"""/agreements/export.csv and /agreements/export.json: the public registry as open data.

The exports list what the registry lists (its gate, its filters, its order, every page), one
record per agreement; the CSV is safe to open in a spreadsheet and the JSON says the same."""

import csv
import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.urls import reverse

from relations.models import Agreement, Country, Organization, Signatory
from tests.factories import AgreementFactory, ArticleFactory, EventFactory, PersonFactory

CSV_URL = "/agreements/export.csv"
JSON_URL = "/agreements/export.json"

HEADER = [
    "title",
    "slug",
    "kind",
    "kind_label",
    "signed_on",
    "event",
    "event_starts_on",
    "event_url",
    "party_codes",
    "parties",
    "party_organizations",
    "signatories",
    "url",
    "articles",
]


def body(response):
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    text = body(response)
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with its byte-order mark
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0] == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in rows[1:]]


def json_document(response):
    return json.loads(body(response))


def publish_agreement(world, **fields):
    """An agreement the registry shows (published coverage links it)."""
    agreement = AgreementFactory(**fields)
    world.published.agreements.add(agreement)
    return agreement


def test_csv_export_holds_one_row_per_public_agreement_with_every_column(client, world):
    sco = Organization.objects.get(abbreviation="SCO")
    world.agreement.party_organizations.add(sco)
    Signatory.objects.create(
        agreement=world.agreement,
        person=world.president,
        role="President of Mongolia",
        party=world.mn,
    )
    Signatory.objects.create(
        agreement=world.agreement,
        person=PersonFactory(name="Observer Without Role"),
        party_organization=sco,
    )
    ArticleFactory(title="A second report", agreements=[world.agreement])  # published

    rows = csv_rows(client.get(CSV_URL))

    assert rows == [
        {
            "title": "Strategic Partnership Declaration",
            "slug": "strategic-partnership",
            "kind": "declaration",
            "kind_label": "Declaration",
            "signed_on": "2024-10-28",
            "event": "Kazakhstan–Mongolia state visit",
            "event_starts_on": "2024-10-28",
            "event_url": "http://testserver/events/kz-mn-state-visit/",
            "party_codes": "KZ; MN",
            "parties": "Kazakhstan; Mongolia",
            "party_organizations": f"{sco.name} (SCO)",
            "signatories": "Murat Nurtleu (Minister of Foreign Affairs, Kazakhstan); "
            "Ukhnaagiin Khurelsukh (President of Mongolia, Mongolia); "
            f"Observer Without Role ({sco.name} (SCO))",
            "url": "http://testserver/agreements/strategic-partnership/",
            # The world's published article and the second one; drafts, items in review,
            # archived and scheduled articles linking it are not counted.
            "articles": "2",
        }
    ]


def test_json_export_says_what_the_csv_says(client, world):
    memo = publish_agreement(
        world, title="Memorandum on Grain Transit", slug="grain-transit", signed_on=None
    )
    memo.parties.set([world.kz, world.cn])

    document = json_document(client.get(JSON_URL))
    rows = csv_rows(client.get(CSV_URL))

    assert set(document) == {"generated_at", "filters", "agreements", "count"}
    assert dt.datetime.fromisoformat(document["generated_at"]).tzinfo is not None
    assert document["filters"] == {"kind": None, "party": None, "year": None}
    assert document["count"] == 2 == len(document["agreements"])
    by_slug = {record["slug"]: record for record in document["agreements"]}
    assert by_slug["strategic-partnership"] == {
        "title": "Strategic Partnership Declaration",
        "slug": "strategic-partnership",
        "kind": "declaration",
        "kind_label": "Declaration",
        "signed_on": "2024-10-28",
        "event": {
            "name": "Kazakhstan–Mongolia state visit",
            "starts_on": "2024-10-28",
            "url": "http://testserver/events/kz-mn-state-visit/",
        },
        "parties": [{"code": "KZ", "name": "Kazakhstan"}, {"code": "MN", "name": "Mongolia"}],
        "party_organizations": [],
        "signatories": [
            {
                "name": "Murat Nurtleu",
                "role": "Minister of Foreign Affairs",
                "party": "Kazakhstan",
                "party_code": "KZ",
            }
        ],
        "url": "http://testserver/agreements/strategic-partnership/",
        "articles": 1,
    }
    # The same agreements, in the registry's order (the undated one last), with the same values.
    for record, row in zip(document["agreements"], rows, strict=True):
        assert row["title"] == record["title"]
        assert row["signed_on"] == (record["signed_on"] or "")
        assert row["party_codes"] == "; ".join(p["code"] for p in record["parties"])
        assert row["parties"] == "; ".join(p["name"] for p in record["parties"])
        assert row["url"] == record["url"]
        assert row["articles"] == str(record["articles"])
    registry = [a.title for a in client.get("/agreements/").context["agreements"]]
    assert [r["title"] for r in rows] == registry
    assert by_slug["grain-transit"]["signed_on"] is None
    assert by_slug["grain-transit"]["event"] is None
    assert by_slug["grain-transit"]["parties"] == [
        {"code": "CN", "name": "China"},
        {"code": "KZ", "name": "Kazakhstan"},
    ]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"kind": "memorandum"}, ["Grain memorandum"]),
        ({"party": "mn"}, ["Strategic Partnership Declaration"]),
        ({"party": "CN"}, ["Grain memorandum"]),
        ({"year": "2023"}, ["Grain memorandum"]),
        (
            {"kind": "declaration", "party": "kz", "year": "2024"},
            ["Strategic Partnership Declaration"],
        ),
        ({"kind": "treaty"}, []),
        (
            {"page": "2", "utm_source": "x"},
            ["Strategic Partnership Declaration", "Grain memorandum"],
        ),
    ],
)
def test_exports_list_what_the_registry_lists_for_its_filters(client, world, query, titles):
    memo = publish_agreement(
        world, title="Grain memorandum", kind="memorandum", signed_on=dt.date(2023, 5, 2)
    )
    memo.parties.set([world.kz, world.cn])

    page = [
        a.title
        for a in client.get(
            "/agreements/", {k: v for k, v in query.items() if k != "page"}
        ).context["agreements"]
    ]
    exported_csv = [r["title"] for r in csv_rows(client.get(CSV_URL, query))]
    exported_json = [a["title"] for a in json_document(client.get(JSON_URL, query))["agreements"]]

    assert exported_csv == exported_json == page == titles


def test_exports_list_undated_agreements_after_the_dated_ones(client, world):
    # Created first and titled first: only the order by date puts it last.
    publish_agreement(world, title="Accord without a date", signed_on=None)
    publish_agreement(world, title="Older accord", signed_on=dt.date(2020, 5, 4))
    expected = ["Strategic Partnership Declaration", "Older accord", "Accord without a date"]

    assert [r["title"] for r in csv_rows(client.get(CSV_URL))] == expected
    assert [a["title"] for a in json_document(client.get(JSON_URL))["agreements"]] == expected


def test_json_export_names_the_filters_it_applied(client, world):
    document = json_document(
        client.get(JSON_URL, {"kind": "declaration", "party": "mn", "year": "2024"})
    )

    assert document["filters"] == {"kind": "declaration", "party": "MN", "year": 2024}
    assert document["count"] == 1


def test_an_agreement_the_registry_hides_is_not_exported(client, world):
    """Linked by a draft only: the registry does not show it, nor do the files. An event only
    drafts link is not named either."""
    hidden = AgreementFactory(title="SECRET agreement from a draft")
    world.draft.agreements.add(hidden)
    planned = EventFactory(name="SECRET planned visit", slug="planned-visit")
    world.draft.events.add(planned)
    shown = publish_agreement(world, title="Transit protocol", kind="protocol", event=planned)

    csv_text = body(client.get(CSV_URL))
    json_text = body(client.get(JSON_URL))

    for text in (csv_text, json_text):
        assert "SECRET" not in text
        assert "planned-visit" not in text
        assert shown.title in text
    assert "SECRET agreement" not in client.get("/agreements/").content.decode()


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@"])
def test_csv_cells_that_would_run_as_formulas_are_neutralised(client, world, trigger):
    title = f'{trigger}HYPERLINK("http://evil.example","Click")'
    evil = publish_agreement(world, title=title, signed_on=dt.date(2025, 1, 1))
    Signatory.objects.create(
        agreement=evil, person=PersonFactory(name=f"{trigger}cmd|' /C calc'!A0"), role="=1+1"
    )

    row = csv_rows(client.get(CSV_URL))[0]
    record = json_document(client.get(JSON_URL))["agreements"][0]

    assert row["title"] == "'" + title
    assert row["signatories"] == f"'{trigger}cmd|' /C calc'!A0 (=1+1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())
    # JSON is data, not a spreadsheet: the text exactly as stored.
    assert record["title"] == title
    assert record["signatories"][0]["role"] == "=1+1"


def test_csv_quotes_separators_and_keeps_non_latin_text(client, world):
    publish_agreement(
        world,
        title='Соглашение "о транзите", Тоқаев\nsecond line',
        signed_on=dt.date(2025, 2, 1),
    )

    row = csv_rows(client.get(CSV_URL))[0]
    record = json_document(client.get(JSON_URL))["agreements"][0]

    assert row["title"] == record["title"] == 'Соглашение "о транзите", Тоқаев\nsecond line'


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_an_export_costs_the_same_queries_for_5_and_50_agreements(
    client, world, url, django_assert_num_queries
):
    def add(n, start):
        for i in range(start, start + n):
            agreement = publish_agreement(world, title=f"Bulk agreement {i}")
            agreement.parties.set([world.kz, world.mn])
            agreement.party_organizations.set(Organization.objects.filter(abbreviation="SCO"))
            Signatory.objects.create(agreement=agreement, person=world.minister, party=world.kz)

    def exported():
        response = client.get(url)
        return body(response)

    add(4, 0)  # with the world's agreement: 5
    with django_assert_num_queries(5) as five:
        text = exported()
    assert "Bulk agreement 3" in text
    add(45, 4)
    with django_assert_num_queries(len(five.captured_queries)):
        text = exported()
    assert "Bulk agreement 48" in text


def test_every_chunk_gets_its_own_parties_and_signatories(client, world, monkeypatch):
    """The export reads CHUNK_SIZE agreements at a time, each chunk with its prefetches."""
    monkeypatch.setattr("relations.exports.CHUNK_SIZE", 2)
    codes = ["CN", "KZ", "MN", "RU", "UZ"]
    for i, code in enumerate(codes):
        agreement = publish_agreement(
            world, title=f"Chunked agreement {i}", signed_on=dt.date(2020, 1, 1 + i)
        )
        agreement.parties.set(Country.objects.filter(code=code))
        Signatory.objects.create(
            agreement=agreement, person=PersonFactory(name=f"Signer {i}"), role=f"Envoy {i}"
        )

    rows = csv_rows(client.get(CSV_URL))[1:]  # after the world's 2024 declaration

    assert [(r["title"], r["party_codes"], r["signatories"]) for r in rows] == [
        (f"Chunked agreement {i}", codes[i], f"Signer {i} (Envoy {i})") for i in reversed(range(5))
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_export_streams_outside_any_transaction_as_in_production(client, world):
    """The rows are read after the view has returned, in autocommit as production runs (on
    PostgreSQL through a server-side cursor that must outlive each statement's transaction)."""
    response = client.get(JSON_URL)
    assert not connection.in_atomic_block

    document = json_document(response)

    assert [a["slug"] for a in document["agreements"]] == ["strategic-partnership"]
    assert document["count"] == 1


@pytest.mark.parametrize(
    ("url", "content_type"),
    [(CSV_URL, "text/csv; charset=utf-8"), (JSON_URL, "application/json")],
)
def test_exports_are_streamed_downloads_with_the_site_headers(client, world, url, content_type):
    response = client.get(url, {"party": "mn"})
    page = client.get("/agreements/")

    assert response.streaming
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="agreements-mn-')
    assert disposition.endswith(f'.{url.rsplit(".", 1)[1]}"')
    assert "no-cache" in response["Cache-Control"]
    for header in (
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Security-Policy",
    ):
        assert response[header] == page[header], header


def test_an_unfiltered_export_is_named_by_its_date(client, world):
    response = client.get(CSV_URL)

    assert response["Content-Disposition"].startswith('attachment; filename="agreements-20')


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_head_answers_the_headers_without_reading_the_registry(
    client, world, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):  # the filter's country choices
        response = client.head(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b""


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_exports_are_read_only(client, world, url, method):
    response = getattr(client, method)(url)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"year": "0"}, "greater than or equal to 1"),
        ({"year": "99999999999999999999"}, "less than or equal to 9999"),
        ({"year": "2024.5"}, "Enter a whole number"),
        ({"party": "zz"}, "Select a valid choice"),
        ({"kind": "<script>"}, "Select a valid choice"),
    ],
)
def test_a_refused_filter_is_a_400_naming_the_field_not_an_empty_file(client, world, query, error):
    (name,) = query
    as_csv = client.get(CSV_URL, query)
    as_json = client.get(JSON_URL, query)

    assert as_csv.status_code == 400
    assert as_csv["Content-Type"] == "text/plain; charset=utf-8"
    assert as_csv.content.decode().startswith(f"{name}: ")
    assert error in as_csv.content.decode()
    assert as_csv["X-Content-Type-Options"] == "nosniff"  # it quotes the value: never markup
    assert as_json.status_code == 400
    assert error in json.loads(as_json.content)["errors"][name][0]


def test_exports_answer_any_value_of_their_parameters(client, world):
    from tests.site.test_hostile_input import HOSTILE

    for url in (CSV_URL, JSON_URL):
        for name in ("kind", "party", "year", "page"):
            for value in HOSTILE:
                response = client.get(url, {name: value})
                expected = {400} if "\x00" in value else {200, 400}
                assert response.status_code in expected, (url, name, value[:40])
                if response.status_code == 200:
                    body(response)  # streams to the end without raising


def test_the_empty_registry_exports_a_header_and_an_empty_list(client, db):
    assert csv_rows(client.get(CSV_URL)) == []
    document = json_document(client.get(JSON_URL))
    assert document["count"] == 0
    assert document["agreements"] == []


def test_registry_page_links_to_the_exports_with_its_filters(client, world):
    response = client.get(
        "/agreements/", {"kind": "declaration", "party": "mn", "year": "", "page": "1"}
    )
    html = response.content.decode()

    csv_href = f"{reverse('relations:agreement-export-csv')}?kind=declaration&amp;party=mn"
    json_href = f"{reverse('relations:agreement-export-json')}?kind=declaration&amp;party=mn"
    assert f'href="{csv_href}"' in html
    assert f'href="{json_href}"' in html
    # The link is followed as a browser would: it exports what the page lists.
    exported = csv_rows(client.get(CSV_URL, {"kind": "declaration", "party": "mn"}))
    assert [r["title"] for r in exported] == [a.title for a in response.context["agreements"]]


def test_unfiltered_registry_links_to_the_whole_exports(client, world):
    html = client.get("/agreements/").content.decode()

    assert f'href="{CSV_URL}"' in html
    assert f'href="{JSON_URL}"' in html


def test_export_is_never_served_from_the_page_cache(client, world, settings):
    settings.PAGE_CACHE_SECONDS = 300
    first = client.get(CSV_URL)
    assert "Strategic Partnership Declaration" in body(first)

    # A change without the purge a commit would run: a stored copy would still be served.
    Agreement.objects.filter(pk=world.agreement.pk).update(title="Renamed declaration")
    again = client.get(CSV_URL)
    as_json = client.get(JSON_URL)

    assert "X-Page-Cache" not in again
    assert "Renamed declaration" in body(again)
    assert "Renamed declaration" in body(as_json)


def test_robots_keep_crawlers_out_of_the_export_files(client, db):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert "Disallow: /agreements/export." in lines
    assert "Disallow: /agreements/" not in lines
