"""The load stage: entities created once and reused, people renamed to their fuller form,
positions dated by coverage, unsure links flagged, queries bounded, zip archives made safe."""

import datetime
import io
import json
import zipfile
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.importing import files, link, load
from articles.importing.files import ImportFile
from articles.importing.load import texts_import
from articles.models import Article, ImportRecord
from relations.models import Agreement, Event, Figure, Person, Position, Signatory

pytestmark = pytest.mark.django_db
D = datetime.date


def article_text(n: int, day: int = 1, body: str = "") -> str:
    return f"2025-03-{day:02d}\nKazakhstan and Mongolia hold talks on rail transit, round {n}\n" + (
        body
        or "Deputy Minister of Foreign Affairs of Kazakhstan Alibek Kuantyrov met Mongolian "
        "Ambassador Dashzegvi Amarbaysgalan in Astana, Kazinform reports.\n"
        "Kuantyrov and Amarbaysgalan discussed rail freight and the Kazakh-Mongolian "
        "business council.\n"
    )


def digest(start: int, count: int) -> bytes:
    return "".join(article_text(n, 1 + n % 28) for n in range(start, start + count)).encode()


def run_bytes(*named: tuple[str, bytes], **kwargs) -> dict:
    items = [files.from_bytes(name, data) for name, data in named]
    return texts_import(files=items, **kwargs)


def linked_as(monkeypatch, **refs):
    """Make the link stage return these references (the loader's behaviour under test)."""

    def fake(parsed, gazetteer):
        return link.LinkedArticle(
            article=parsed,
            countries=refs.get("countries", ()),
            organizations=refs.get("organizations", ()),
            people=refs.get("people", ()),
            events=refs.get("events", ()),
            agreements=refs.get("agreements", ()),
            figures=refs.get("figures", ()),
        )

    monkeypatch.setattr(link, "link_article", fake)


def person(name, matched=None, aliases=(), role=None, confident=True, country="KZ"):
    return link.PersonRef(name, matched, tuple(aliases), role, country, None, confident)


# ------------------------------------------------------------------------------------------
# People and positions


def test_same_person_across_files_is_one_person():
    run_bytes(("a.txt", article_text(1, 1).encode()), ("b.txt", article_text(2, 9).encode()))
    assert Person.objects.filter(name="Alibek Kuantyrov").count() == 1
    assert Article.objects.count() == 2
    assert all(a.people.filter(name="Alibek Kuantyrov").exists() for a in Article.objects.all())


def test_position_is_reused_and_dated_by_first_and_last_coverage():
    run_bytes(("a.txt", article_text(1, 12).encode()), ("b.txt", article_text(2, 3).encode()))
    run_bytes(("c.txt", article_text(3, 20).encode()))
    position = Position.objects.get(person__name="Alibek Kuantyrov")
    assert position.title == "Deputy Minister of Foreign Affairs of Kazakhstan"
    assert (position.first_seen_on, position.last_seen_on) == (D(2025, 3, 3), D(2025, 3, 20))
    assert position.country.code == "KZ"
    assert position.articles.count() == 3


def test_fuller_name_renames_the_person_and_keeps_the_short_form_as_alias(monkeypatch):
    linked_as(monkeypatch, people=(person("U.Khurelsukh"),))
    run_bytes(("a.txt", article_text(1).encode()))
    linked_as(
        monkeypatch,
        people=(person("Ukhnaagiin Khurelsukh", matched="U.Khurelsukh"),),
    )
    run_bytes(("b.txt", article_text(2).encode()))
    (only,) = Person.objects.all()
    assert only.name == "Ukhnaagiin Khurelsukh"
    assert "U.Khurelsukh" in only.aliases
    assert Article.objects.filter(people=only).count() == 2


def test_shorter_spelling_of_a_known_person_becomes_an_alias(monkeypatch):
    linked_as(monkeypatch, people=(person("Zhaslan Madiyev"),))
    run_bytes(("a.txt", article_text(1).encode()))
    linked_as(monkeypatch, people=(person("Zhaslan Madiev", matched="Zhaslan Madiyev"),))
    run_bytes(("b.txt", article_text(2).encode()))
    (only,) = Person.objects.all()
    assert only.name == "Zhaslan Madiyev" and "Zhaslan Madiev" in only.aliases


def test_unsure_person_is_flagged_for_an_editor(monkeypatch):
    linked_as(monkeypatch, people=(person("Khush Choksi", confident=False),))
    run_bytes(("a.txt", article_text(1).encode()))
    flagged = Person.objects.get()
    assert flagged.needs_review is True
    assert "Kazakhstan and Mongolia hold talks" in flagged.review_note


def test_two_people_sharing_a_surname_stay_two(monkeypatch):
    linked_as(monkeypatch, people=(person("Murat Nurtleu"), person("Aigul Nurtleu")))
    run_bytes(("a.txt", article_text(1).encode()))
    assert Person.objects.count() == 2


# ------------------------------------------------------------------------------------------
# Events, agreements, figures


def test_events_agreements_signatories_and_figures_are_stored(monkeypatch):
    event = link.EventRef(
        "State visit to Mongolia (2024)", "state_visit", D(2024, 10, 28), D(2024, 10, 29),
        "Ulaanbaatar", "MN", None, ("KZ", "MN"), None, True,
    )  # fmt: skip
    agreement = link.AgreementRef(
        "Roadmap on Trade for 2025-2027", "roadmap", D(2024, 10, 28), ("KZ", "MN"), (),
        (link.SignatoryRef("Serik Zhumangarin", "Minister of Trade", "KZ"),),
        "State visit to Mongolia (2024)", None, True,
    )  # fmt: skip
    figure = link.FigureRef(
        "Trade turnover", "MN", "KZ", 2023, "actual", Decimal("550.5"), "USD million",
        "Trade reached USD 550.5 million in 2023.",
    )  # fmt: skip
    linked_as(
        monkeypatch, countries=("KZ", "MN"), events=(event,), agreements=(agreement,),
        figures=(figure,),
    )  # fmt: skip
    run_bytes(("a.txt", article_text(1).encode()))
    stored_event = Event.objects.get()
    assert (stored_event.kind, stored_event.city, stored_event.host_country.code) == (
        "state_visit", "Ulaanbaatar", "MN",
    )  # fmt: skip
    stored = Agreement.objects.get()
    assert (stored.kind, stored.event, stored.signed_on) == (
        "roadmap",
        stored_event,
        D(2024, 10, 28),
    )
    assert sorted(stored.parties.values_list("code", flat=True)) == ["KZ", "MN"]
    signing = Signatory.objects.get()
    assert (signing.person.name, signing.role, signing.party.code) == (
        "Serik Zhumangarin", "Minister of Trade", "KZ",
    )  # fmt: skip
    stored_figure = Figure.objects.get()
    assert (stored_figure.value, stored_figure.year) == (Decimal("550.50"), 2023)
    assert stored_figure.country_a.pk < stored_figure.country_b.pk


def test_same_agreement_named_two_ways_is_one_agreement(monkeypatch):
    def agreement(title):
        return link.AgreementRef(title, "plan", None, ("KZ", "MN"), (), (), None, None, True)

    linked_as(monkeypatch, agreements=(agreement("2025-2027 Cooperation Plan"),))
    run_bytes(("a.txt", article_text(1).encode()))
    linked_as(monkeypatch, agreements=(agreement("Cooperation Plan for 2025-2027"),))
    run_bytes(("b.txt", article_text(2).encode()))
    assert Agreement.objects.count() == 1
    assert Article.objects.filter(agreements__isnull=False).count() == 2


# ------------------------------------------------------------------------------------------
# Atomicity, records, dry runs


def test_a_failing_file_leaves_no_entities_behind(monkeypatch):
    def boom(self, new):
        raise RuntimeError("failure after the entities were written")

    monkeypatch.setattr(load.TextImporter, "_create_articles", boom)
    report = run_bytes(("a.txt", article_text(1).encode()))
    assert report["files"][0]["status"] == "error"
    assert not Person.objects.exists() and not Position.objects.exists()
    assert not Article.objects.exists()
    assert ImportRecord.objects.get().status == "error"


def test_entities_created_after_a_failed_file_are_still_created_once(monkeypatch):
    calls = {"n": 0}
    real = load.TextImporter._create_articles

    def first_fails(self, new):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("first file fails")
        return real(self, new)

    monkeypatch.setattr(load.TextImporter, "_create_articles", first_fails)
    run_bytes(("a.txt", article_text(1).encode()), ("b.txt", article_text(2).encode()))
    assert Person.objects.filter(name="Alibek Kuantyrov").count() == 1
    assert Article.objects.count() == 1


def test_dry_run_writes_no_entities():
    report = run_bytes(("a.txt", digest(0, 3)), dry_run=True)
    assert report["totals"]["created"] == 3
    assert not Person.objects.exists() and not ImportRecord.objects.exists()


def test_import_record_keeps_messages_and_report():
    report = run_bytes(("a.txt", b"Diplomats meet\nThe diplomats met in Astana, Xinhua reports.\n"))
    record = ImportRecord.objects.get()
    assert record.status == "ok" and record.encoding == "utf-8"
    assert record.report == json.loads(json.dumps(report["files"][0]))
    assert any("date" in m for m in record.messages)


def test_fingerprint_ignores_case_quotes_dashes_and_spacing():
    a = load.article_fingerprint("Kazakhstan – Mongolia: “Strategic  Partnership”", D(2024, 1, 2))
    b = load.article_fingerprint('kazakhstan - mongolia: "strategic partnership"', D(2024, 1, 2))
    c = load.article_fingerprint('kazakhstan - mongolia: "strategic partnership"', D(2024, 1, 3))
    assert a == b != c


# ------------------------------------------------------------------------------------------
# Queries: constant per file, not per article or mention


def test_queries_do_not_grow_with_mentions_or_articles(django_assert_max_num_queries):
    run_bytes(("warm.txt", digest(0, 2)))  # the entities now exist
    with CaptureQueriesContext(connection) as small:
        run_bytes(("small.txt", digest(100, 5)))
    with CaptureQueriesContext(connection) as large:
        run_bytes(("large.txt", digest(200, 40)))
    # 8x the articles (and mentions): a few more queries for slugs and positions at most.
    assert len(large.captured_queries) <= len(small.captured_queries) + 5
    with django_assert_max_num_queries(40):
        run_bytes(("more.txt", digest(300, 40)))


# ------------------------------------------------------------------------------------------
# Zip archives (on the command line)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def run_zip(tmp_path, data: bytes) -> tuple[dict, int]:
    path = tmp_path / "batch.zip"
    path.write_bytes(data)
    out = StringIO()
    code = 0
    try:
        call_command("import_texts", str(path), "--json", stdout=out, stderr=StringIO())
    except CommandError as error:
        code = error.returncode
    return json.loads(out.getvalue()), code


def test_zip_path_imports_txt_members_in_name_order(tmp_path):
    report, code = run_zip(
        tmp_path,
        zip_bytes({"b.txt": article_text(2).encode(), "a.txt": article_text(1).encode(),
                   "cover.jpg": b"\xff\xd8"}),
    )  # fmt: skip
    assert code == 0
    assert [f["path"] for f in report["files"]] == [
        f"{tmp_path}/batch.zip:a.txt",
        f"{tmp_path}/batch.zip:b.txt",
    ]
    assert Article.objects.count() == 2


def test_zip_member_with_path_traversal_is_refused(tmp_path):
    report, code = run_zip(
        tmp_path,
        zip_bytes({"../evil.txt": article_text(1).encode(), "/etc/x.txt": b"x",
                   "ok.txt": article_text(2).encode()}),
    )  # fmt: skip
    assert code == 1
    outcome = {f["path"].split(":")[-1]: f["error"] for f in report["files"]}
    assert outcome["ok.txt"] is None
    assert outcome["../evil.txt"].startswith("unsafe file name")
    assert outcome["/etc/x.txt"].startswith("unsafe file name")
    assert Article.objects.count() == 1


def test_zip_with_too_many_members_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_ZIP_MEMBERS = 3
    report, code = run_zip(tmp_path, zip_bytes({f"{n}.txt": b"x" for n in range(4)}))
    assert code == 1
    (file,) = report["files"]
    assert file["error"].startswith("zip archive has too many files")
    assert not Article.objects.exists()


def test_zip_bomb_is_refused_on_declared_size(tmp_path, settings):
    settings.IMPORT_MAX_FILE_BYTES = 10_000
    report, code = run_zip(tmp_path, zip_bytes({"bomb.txt": b"a" * 5_000_000}))
    assert code == 1
    assert report["files"][0]["error"].startswith("file too large")


def test_zip_total_unpacked_size_is_capped(tmp_path, settings):
    settings.IMPORT_MAX_ZIP_BYTES = 10_000
    report, _ = run_zip(tmp_path, zip_bytes({f"{n}.txt": b"a" * 4_000 for n in range(5)}))
    assert report["files"][0]["error"].startswith("zip archive too large when unpacked")


def test_zip_member_lying_about_its_size_is_stopped_while_reading(settings):
    settings.IMPORT_MAX_FILE_BYTES = 1_000
    data = bytearray(zip_bytes({"liar.txt": b"a" * 50_000}))
    # Forge the declared sizes (local header and central directory) down to 10 bytes.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature) + offset
        data[at : at + 4] = (10).to_bytes(4, "little")
    items = list(files.iter_zip("liar.zip", io.BytesIO(bytes(data))))
    assert len(items) == 1 and isinstance(items[0], ImportFile)
    assert items[0].error and items[0].data is None


def test_a_text_that_gives_only_its_day_is_stored_without_a_known_time(client):
    dated = article_text(1, 5)
    timed = "18 March 2025, 18:20\nKazakhstan and Mongolia sign a rail protocol\n" + (
        "The transport ministers signed the protocol in Astana, Kazinform reports.\n"
    )
    run_bytes(("day.txt", dated.encode()), ("time.txt", timed.encode()))
    day_only = Article.objects.get(title__endswith="round 1")
    with_time = Article.objects.get(title="Kazakhstan and Mongolia sign a rail protocol")
    assert (day_only.published_time_known, with_time.published_time_known) == (False, True)

    html = client.get(day_only.get_absolute_url()).content.decode()
    # The day alone: not the noon the importer had to assume.
    assert '<time datetime="2025-03-05">5 March 2025</time>' in html
    assert "12:00" not in html
    assert '"datePublished": "2025-03-05"' in html
    html = client.get(with_time.get_absolute_url()).content.decode()
    assert "18 March 2025, 18:20" in html
