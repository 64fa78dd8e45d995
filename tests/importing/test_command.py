"""`manage.py import_texts`: the command's contract (DESIGN.md) end to end, on files on disk."""

import datetime
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ImportRecord
from tests.corpus import CORPUS, needs_corpus

REPO = Path(__file__).resolve().parents[2]
D = datetime.date

pytestmark = pytest.mark.django_db

# Our own texts (never the corpus's sentences).
DATED = """Kazakhstan and Mongolia Review Transit Cooperation
05.03.2025
The foreign ministries of Kazakhstan and Mongolia reviewed rail transit through Zamyn-Uud, \
press service of the Kazakh MFA reports.
Both sides agreed to prepare a new schedule of consultations.
"""
SECOND = """Astana hosts a round table on water diplomacy
2025-04-17
Experts from five countries met in Astana to discuss shared rivers, Kazinform News Agency reports.
The round table closed with a call for joint monitoring stations.
"""
UNDATED = """Diplomats discuss a new consular agreement
Consular officers met in Astana to discuss visa facilitation for students, Xinhua reports.
The talks will continue next month.
"""
# An old Windows file: Russian, Windows-1251.
CP1251 = "Казахстан и Монголия обсудили транзит\n05.03.2025\nСтороны обсудили транзит грузов через Алтай.\n".encode(
    "cp1251"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def run(*args) -> tuple[dict, StringIO]:
    """Run the command with --json; -> (report, stderr). Raises CommandError on exit 1/2."""
    out, err = StringIO(), StringIO()
    call_command("import_texts", *map(str, args), "--json", stdout=out, stderr=err)
    return json.loads(out.getvalue()), err


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# ------------------------------------------------------------------------------------------
# The shared corpus

EXPECTED = [
    ("000", "Kazakhstan and Mongolia Discuss Expansion of Investment Cooperation", D(2025, 9, 5), "MFA"),
    ("000", "Kazakhstan and United States Discuss Expansion of Investment Cooperation", D(2025, 9, 3), "MFA"),
    ("000", "Kazakhstan and Estonia Strengthen Bilateral Partnership", D(2025, 9, 3), "MFA"),
    ("000", "8th meeting of Kazakhstan - China Business Council kicks off in Beijing", D(2025, 9, 2), "Kazinform"),
    ("000", "20 key documents signed following 2025 SCO Summit in Tianjin", D(2025, 9, 1), "Kazinform"),
    ("000", "Tokayev says Kazakhstan supports creation of SCO security centers", D(2025, 9, 1), "Kazinform"),
    ("000", "Tokayev extends Constitution Day greetings to Slovak President", D(2025, 9, 1), "Kazinform"),
    ("000", "Carrying forward Shanghai Spirit for peace and shared prosperity", D(2025, 8, 31), "Xinhua"),
    ("000", "Key things to know about SCO Tianjin Summit", D(2025, 8, 31), "Xinhua"),
    ("001", "The Kazakh Ministry of Foreign Affairs hosted a briefing for international journalists", None, None),
    ("002", "Kazakhstan Explores Cooperation Opportunities with Mongolia, Turkmenistan, and India", None, None),
    ("003", "President of Kazakhstan’s visit upgrades bilateral relations to ‘Strategic Partnership’", D(2024, 10, 31), None),
    ("004", "Prime Minister of the Republic of Kazakhstan Olzhas Bektenov took part in the joint meeting", D(2025, 11, 18), None),
]  # fmt: skip


@pytest.fixture
def corpus_report():
    report, _ = run(CORPUS)
    return report


@needs_corpus
def test_corpus_report_has_every_article_title_date_and_source(corpus_report):
    found = [
        (Path(f["path"]).name[:3], a["title"], a["published"], a["source"])
        for f in corpus_report["files"]
        for a in f["articles"]
    ]
    expected = [(p, t, d.isoformat() if d else None, s) for p, t, d, s in EXPECTED]
    assert found == expected
    assert corpus_report["totals"] == {
        "files": 5, "errors": 0, "articles": 13, "created": 13, "updated": 0, "unchanged": 0,
        "conflicts": 0, "figures": 3,
    }  # fmt: skip


@needs_corpus
def test_corpus_articles_are_stored_with_their_title_date_and_source(corpus_report):
    stored = {
        a.title: (
            a.published_at.astimezone(datetime.UTC).date() if a.published_at else None,
            a.source.name if a.source else None,
            a.status,
        )
        for a in Article.objects.select_related("source")
    }
    assert len(stored) == len(EXPECTED)
    # Undated texts and headlines the importer made up wait in review for an editor.
    inferred = {
        a["title"] for f in corpus_report["files"] for a in f["articles"] if a["title_inferred"]
    }
    assert EXPECTED[-1][1] in inferred  # dated, and still in review
    for _, title, date, source in EXPECTED:
        published_at_date, stored_source, status = stored[title]
        assert stored_source == source
        assert status == ("published" if date and title not in inferred else "review")
        if date:
            article = Article.objects.get(title=title)
            assert (
                article.published_at.astimezone(
                    datetime.timezone(datetime.timedelta(hours=5))
                ).date()
                == date
            )


@needs_corpus
def test_corpus_keeps_cited_source_and_image_credit(corpus_report):
    article = Article.objects.get(title__startswith="20 key documents signed")
    assert article.cited_source.name == "Akorda"
    assert article.image_credit == "Akorda"


@needs_corpus
def test_corpus_published_time_is_the_page_time_in_almaty(corpus_report):
    article = Article.objects.get(title__startswith="Prime Minister of the Republic")
    local = article.published_at.astimezone(datetime.timezone(datetime.timedelta(hours=5)))
    assert (local.date(), local.hour, local.minute) == (D(2025, 11, 18), 18, 20)


@needs_corpus
def test_corpus_reimport_changes_nothing(corpus_report):
    before = list(Article.objects.order_by("pk").values_list("pk", "slug", "version", "updated_at"))
    report, _ = run(CORPUS)
    actions = {a["action"] for f in report["files"] for a in f["articles"]}
    assert actions == {"unchanged"}
    assert report["totals"]["unchanged"] == 13
    assert (
        list(Article.objects.order_by("pk").values_list("pk", "slug", "version", "updated_at"))
        == before
    )


@needs_corpus
def test_corpus_keeps_one_import_record_per_file_with_its_raw_text(corpus_report):
    records = ImportRecord.objects.order_by("name")
    assert records.count() == 5
    first = records.first()
    raw = sorted(CORPUS.glob("*.txt"))[0].read_bytes()
    assert first.raw_text.strip() and first.size == len(raw)
    assert first.articles.count() == 9
    assert first.report["articles"][0]["title"].startswith("Kazakhstan and Mongolia")


# ------------------------------------------------------------------------------------------
# The report's shape

ARTICLE_KEYS = {
    "title": str, "title_inferred": bool, "published": (str, type(None)), "language": str,
    "source": (str, type(None)), "cited_source": (str, type(None)),
    "image_credit": (str, type(None)), "countries": list, "people": list,
    "organizations": list, "events": list, "agreements": list, "word_count": int,
    "action": str,
}  # fmt: skip
OPTIONAL_ARTICLE_KEYS = {"warnings": list, "conflict": bool}


def test_json_report_has_exactly_the_contract_keys_and_types(tmp_path):
    write(tmp_path, "a.txt", DATED)
    write(tmp_path, "b.txt", UNDATED)
    report, _ = run(tmp_path)
    assert set(report) == {"dry_run", "files", "totals"}
    assert report["dry_run"] is False
    assert set(report["totals"]) >= {
        "files",
        "errors",
        "articles",
        "created",
        "updated",
        "unchanged",
    }
    assert all(isinstance(v, int) for v in report["totals"].values())
    for file in report["files"]:
        assert set(file) == {"path", "sha256", "encoding", "status", "error", "articles"}
        assert file["status"] == "ok" and file["error"] is None and file["encoding"] == "utf-8"
        assert len(file["sha256"]) == 64
        for article in file["articles"]:
            assert (
                set(ARTICLE_KEYS) <= set(article) <= set(ARTICLE_KEYS) | set(OPTIONAL_ARTICLE_KEYS)
            )
            for key, kind in {**ARTICLE_KEYS, **OPTIONAL_ARTICLE_KEYS}.items():
                if key in article:
                    assert isinstance(article[key], kind), key
            assert article["action"] in {"created", "updated", "unchanged"}


def test_path_in_report_is_as_given_and_sha256_is_of_the_bytes(tmp_path):
    import hashlib

    path = write(tmp_path, "a.txt", DATED)
    report, _ = run(path)
    (file,) = report["files"]
    assert file["path"] == str(path)
    assert file["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_json_output_is_only_the_report_on_stdout(tmp_path):
    write(tmp_path, "a.txt", DATED)
    out = StringIO()
    call_command("import_texts", str(tmp_path), "--json", stdout=out, stderr=StringIO())
    json.loads(out.getvalue())  # nothing but the report: it parses as a whole


def test_human_summary_without_json(tmp_path):
    write(tmp_path, "a.txt", DATED)
    out = StringIO()
    call_command("import_texts", str(tmp_path), stdout=out, stderr=StringIO())
    assert "Imported 1 of 1 files: 1 articles (1 created, 0 updated, 0 unchanged)" in out.getvalue()


def test_human_summary_counts_a_file_linked_again_once(tmp_path):
    """The first file names a person the second introduces: it is linked again after the
    second (`TextImporter.catch_up`), and counted once, as created."""
    later = Path(__file__).resolve().parent / "texts" / "later"
    order = Path(__file__).resolve().parent / "texts" / "order"
    write(tmp_path, "1.txt", (later / "a_culture_weeks.txt").read_text())
    write(tmp_path, "2.txt", (order / "c_culture_mongolia.txt").read_text())
    out, err = StringIO(), StringIO()
    call_command("import_texts", str(tmp_path), stdout=out, stderr=err)
    assert "Imported 2 of 2 files: 2 articles (2 created, 0 updated, 0 unchanged)" in out.getvalue()
    weeks = Article.objects.get(title="Mongolian culture weeks open in Astana")
    assert list(weeks.people.values_list("name", flat=True)) == ["Nyamdorjiin Sarangerel"]
    assert ImportRecord.objects.count() == 2


# ------------------------------------------------------------------------------------------
# Options


def test_dry_run_writes_nothing_and_says_what_a_real_run_would_do(tmp_path):
    write(tmp_path, "a.txt", DATED)
    report, _ = run(tmp_path, "--dry-run")
    assert report["dry_run"] is True
    assert report["files"][0]["articles"][0]["action"] == "created"
    assert not Article.objects.exists() and not ImportRecord.objects.exists()


def test_dry_run_after_an_import_reports_unchanged(tmp_path):
    write(tmp_path, "a.txt", DATED)
    run(tmp_path)
    report, _ = run(tmp_path, "--dry-run")
    assert report["files"][0]["articles"][0]["action"] == "unchanged"


def test_status_draft_stores_drafts(tmp_path):
    write(tmp_path, "a.txt", DATED)
    run(tmp_path, "--status", "draft")
    assert Article.objects.get().status == "draft"


def test_default_status_is_published_at_noon_almaty_when_no_time(tmp_path):
    write(tmp_path, "a.txt", DATED)
    run(tmp_path)
    article = Article.objects.get()
    assert article.status == "published"
    assert article.published_at == datetime.datetime(2025, 3, 5, 7, 0, tzinfo=datetime.UTC)


def test_undated_article_goes_to_review_with_a_warning_and_null_date(tmp_path):
    write(tmp_path, "a.txt", UNDATED)
    report, _ = run(tmp_path)
    (entry,) = report["files"][0]["articles"]
    assert entry["published"] is None
    assert any("date" in w for w in entry["warnings"])
    article = Article.objects.get()
    assert (article.status, article.published_at) == ("review", None)


UNTITLED = """05.03.2025
The foreign ministries of Kazakhstan and Mongolia reviewed rail transit through Zamyn-Uud \
on Wednesday, the press service of the Kazakh MFA reports.
Both sides agreed to prepare a new schedule of consultations.
"""


def test_a_dated_text_without_a_headline_waits_in_review_for_an_editor(tmp_path):
    write(tmp_path, "a.txt", UNTITLED)
    report, _ = run(tmp_path)
    (entry,) = report["files"][0]["articles"]
    assert entry["title_inferred"] is True and entry["published"] == "2025-03-05"
    assert any("title inferred" in w for w in entry["warnings"])
    article = Article.objects.get()
    assert article.status == "review"
    assert article.published_at is not None  # the date is known; only the headline is not


def test_an_untitled_text_an_editor_published_stays_published_when_corrected(tmp_path):
    write(tmp_path, "a.txt", UNTITLED)
    run(tmp_path)
    Article.objects.update(status="published")  # the editor checked the headline
    write(tmp_path, "a.txt", UNTITLED + "A joint statement followed.\n")
    report, _ = run(tmp_path)

    assert report["files"][0]["articles"][0]["action"] == "updated"
    article = Article.objects.get()
    assert article.status == "published" and "joint statement" in article.body


def test_an_untitled_text_imported_as_a_draft_stays_a_draft(tmp_path):
    write(tmp_path, "a.txt", UNTITLED)
    run(tmp_path, "--status", "draft")
    assert Article.objects.get().status == "draft"


def test_source_option_fills_in_for_texts_naming_none(tmp_path):
    write(tmp_path, "a.txt", "Ministers meet in Astana\n2025-02-02\nThe ministers met in Astana.\n")
    report, _ = run(tmp_path, "--source", "Qazinform")
    assert report["files"][0]["articles"][0]["source"] == "Kazinform"
    assert Article.objects.get().source.name == "Kazinform"


def test_report_warns_of_a_text_naming_no_source_and_names_the_option(tmp_path):
    write(tmp_path, "a.txt", "Ministers meet in Astana\n2025-02-02\nThe ministers met in Astana.\n")

    report, _ = run(tmp_path)

    [warning] = report["files"][0]["articles"][0]["warnings"]
    assert warning.startswith("no source named in the text: set one before publishing")
    assert "--source on the command line" in warning


def test_unknown_source_is_a_usage_error(tmp_path):
    write(tmp_path, "a.txt", DATED)
    with pytest.raises(CommandError) as error:
        run(tmp_path, "--source", "Daily Planet")
    assert error.value.returncode == 2
    assert not Article.objects.exists()


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(CommandError) as error:
        run(tmp_path / "nowhere")
    assert error.value.returncode == 2


def test_bad_option_exits_2_from_the_command_line(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_texts", str(tmp_path / "nowhere.txt"), "--json"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert "no such file or folder" in result.stderr
    result = subprocess.run(
        [sys.executable, "manage.py", "import_texts", str(tmp_path), "--status", "live"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2


# ------------------------------------------------------------------------------------------
# Folders, identity and corrections


def test_folder_is_read_recursively_in_name_order_txt_only(tmp_path):
    write(tmp_path, "b/z.txt", SECOND)
    write(tmp_path, "a.txt", DATED)
    write(tmp_path, "b/notes.md", "not an article")
    report, _ = run(tmp_path)
    assert [Path(f["path"]).relative_to(tmp_path).as_posix() for f in report["files"]] == [
        "a.txt",
        "b/z.txt",
    ]


def test_corrected_body_updates_the_article_in_place(tmp_path):
    path = write(tmp_path, "a.txt", DATED.replace("consultations", "consultatoins"))
    run(path)
    article = Article.objects.get()
    path.write_text(DATED, encoding="utf-8")
    report, _ = run(path)
    assert report["files"][0]["articles"][0]["action"] == "updated"
    assert report["totals"]["updated"] == 1
    article.refresh_from_db()
    assert Article.objects.count() == 1
    assert "consultations" in article.body


def test_corrected_title_punctuation_updates_the_article_in_place(tmp_path):
    path = write(tmp_path, "a.txt", DATED.replace("Mongolia Review", "Mongolia - Review", 1))
    run(path)
    path.write_text(DATED.replace("Mongolia Review", "Mongolia — Review", 1), encoding="utf-8")
    report, _ = run(path)
    assert report["files"][0]["articles"][0]["action"] == "updated"
    assert Article.objects.get().title == "Kazakhstan and Mongolia — Review Transit Cooperation"


def test_update_sets_imported_version_to_the_written_version(tmp_path):
    path = write(tmp_path, "a.txt", DATED)
    run(path)
    path.write_text(DATED.replace("new schedule", "fresh schedule"), encoding="utf-8")
    run(path)
    article = Article.objects.get()
    assert article.version == article.imported_version == 2


def test_article_edited_in_the_admin_is_not_overwritten(tmp_path):
    path = write(tmp_path, "a.txt", DATED)
    run(path)
    article = Article.objects.get()
    article.body = "An editor rewrote this."
    article.save()  # an editor's save bumps the version
    path.write_text(DATED.replace("new schedule", "fresh schedule"), encoding="utf-8")
    report, _ = run(path)
    (entry,) = report["files"][0]["articles"]
    assert entry["action"] == "unchanged" and entry["conflict"] is True
    assert (
        "conflict: edited in the admin since the last import; not overwritten" in entry["warnings"]
    )
    assert report["totals"]["conflicts"] == 1 and report["totals"]["unchanged"] == 1
    article.refresh_from_db()
    assert article.body == "An editor rewrote this."


def test_same_title_on_different_dates_are_two_articles(tmp_path):
    write(tmp_path, "a.txt", DATED)
    write(tmp_path, "b.txt", DATED.replace("05.03.2025", "06.03.2025"))
    run(tmp_path)
    assert Article.objects.count() == 2
    assert len(set(Article.objects.values_list("slug", flat=True))) == 2


# ------------------------------------------------------------------------------------------
# Bad input


def test_folder_with_bad_files_imports_the_good_ones_and_exits_1(tmp_path, settings):
    settings.IMPORT_MAX_FILE_BYTES = 2000
    write(tmp_path, "1-good.txt", DATED)
    write(tmp_path, "2-empty.txt", "  \n\t \n")
    write(tmp_path, "3-picture.txt", PNG)
    write(tmp_path, "4-russian.txt", CP1251)
    write(tmp_path, "5-huge.txt", DATED + "More words about transit. " * 200)
    write(tmp_path, "6-good.txt", SECOND)
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_texts", str(tmp_path), "--json", stdout=out, stderr=StringIO())
    assert error.value.returncode == 1
    report = json.loads(out.getvalue())
    outcome = {Path(f["path"]).name: (f["status"], f["error"]) for f in report["files"]}
    assert outcome["1-good.txt"] == ("ok", None)
    assert outcome["4-russian.txt"] == ("ok", None)
    assert outcome["6-good.txt"] == ("ok", None)
    for bad in ("2-empty.txt", "3-picture.txt", "5-huge.txt"):
        status, message = outcome[bad]
        assert status == "error" and message and "\n" not in message
    assert outcome["2-empty.txt"][1].startswith("empty")
    assert outcome["3-picture.txt"][1].startswith("binary")
    assert outcome["5-huge.txt"][1].startswith("file too large")
    assert report["totals"]["errors"] == 3
    assert Article.objects.count() == 3
    assert ImportRecord.objects.filter(status="error").count() == 3


def test_cp1251_file_is_decoded_and_reported(tmp_path):
    write(tmp_path, "ru.txt", CP1251)
    report, _ = run(tmp_path)
    (file,) = report["files"]
    assert file["encoding"] == "cp1251"
    assert file["articles"][0]["title"] == "Казахстан и Монголия обсудили транзит"
    assert file["articles"][0]["language"] == "ru"


def test_oversized_file_is_refused_before_it_is_read(tmp_path, settings, monkeypatch):
    settings.IMPORT_MAX_FILE_BYTES = 100
    path = write(tmp_path, "big.txt", DATED * 10)

    def no_reading(*args, **kwargs):
        raise AssertionError("an oversized file must not be opened")

    monkeypatch.setattr(Path, "open", no_reading)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_texts", str(path), "--json", stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue())["files"][0]["error"].startswith("file too large")


def test_unexpected_failure_becomes_the_files_error_and_writes_nothing(tmp_path, monkeypatch):
    from articles.importing import load

    write(tmp_path, "1.txt", DATED)
    write(tmp_path, "2.txt", SECOND)
    real = load.TextImporter._create_articles

    def explode(self, new):
        real(self, new)
        if any("water" in article.title for article, _, _ in new):
            raise RuntimeError("disk on fire")
        return [article for article, _, _ in new]

    monkeypatch.setattr(load.TextImporter, "_create_articles", explode)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_texts", str(tmp_path), "--json", stdout=out, stderr=StringIO())
    report = json.loads(out.getvalue())
    assert [f["status"] for f in report["files"]] == ["ok", "error"]
    assert "unexpected error (RuntimeError)" in report["files"][1]["error"]
    assert list(Article.objects.values_list("title", flat=True)) == [
        "Kazakhstan and Mongolia Review Transit Cooperation"
    ]


# ------------------------------------------------------------------------------------------
# Entities of the corpus, as stored


@needs_corpus
def test_corpus_mongolia_article_links_people_and_positions(corpus_report):
    from relations.models import Position

    article = Article.objects.get(title__startswith="Kazakhstan and Mongolia Discuss")
    assert sorted(article.countries.values_list("code", flat=True)) == ["KZ", "MN"]
    assert {"Alibek Kuantyrov", "Gabidulla Ospankulov"} <= set(
        article.people.values_list("name", flat=True)
    )
    position = Position.objects.get(person__name="Alibek Kuantyrov")
    assert position.title == "Deputy Minister of Foreign Affairs of the Republic of Kazakhstan"
    assert position.first_seen_on == position.last_seen_on == D(2025, 9, 5)
    assert position in article.positions.all()


@needs_corpus
def test_corpus_one_person_spelled_two_ways_is_one_person(corpus_report):
    from relations.models import Person

    assert Person.objects.filter(name__icontains="Khurelsukh").count() == 1
    khurelsukh = Person.objects.get(name__icontains="Khurelsukh")
    assert khurelsukh.name == "Ukhnaagiin Khurelsukh"
    assert "U.Khurelsukh" in khurelsukh.aliases
    assert Person.objects.filter(name__icontains="Madiyev").count() == 1
    assert Person.objects.filter(name__icontains="Madiev").count() == 0


@needs_corpus
def test_corpus_signed_documents_become_agreements_of_their_article(corpus_report):
    article = Article.objects.get(title__startswith="20 key documents signed")
    titles = set(article.agreements.values_list("title", flat=True))
    assert "Development Strategy of the SCO until 2035" in titles
    assert len(titles) >= 20
    assert article.events.filter(name__startswith="SCO Summit").exists()
    assert article.organizations.filter(abbreviation="SCO").exists()


@needs_corpus
def test_corpus_unsure_people_are_flagged_for_review(corpus_report):
    from relations.models import Person

    unsure = Person.objects.get(name="Khurshid Choksi")
    assert unsure.needs_review and unsure.review_note
    assert "Khush Choksi" in unsure.aliases


def test_dry_run_reports_a_conflict_like_a_real_run(tmp_path):
    path = write(tmp_path, "a.txt", DATED)
    run(path)
    article = Article.objects.get()
    article.body = "An editor rewrote this."
    article.save()
    path.write_text(DATED.replace("new schedule", "fresh schedule"), encoding="utf-8")
    report, _ = run(path, "--dry-run")
    (entry,) = report["files"][0]["articles"]
    assert (entry["action"], entry["conflict"]) == ("unchanged", True)


def test_dry_run_of_a_corrected_text_reports_updated(tmp_path):
    path = write(tmp_path, "a.txt", DATED)
    run(path)
    path.write_text(DATED.replace("new schedule", "fresh schedule"), encoding="utf-8")
    report, _ = run(path, "--dry-run")
    assert report["files"][0]["articles"][0]["action"] == "updated"
    assert "new schedule" in Article.objects.get().body


def sqlite_statistics() -> set[str]:
    """The tables SQLite's planner has statistics for."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return set()
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite statistics"
)
def test_an_import_leaves_statistics_for_sqlites_planner(tmp_path):
    # migrate left some (its seeded tables); an import refreshes them for the articles.
    assert "relations_country" in sqlite_statistics()
    write(tmp_path, "a.txt", DATED)

    run(tmp_path, "--dry-run")
    assert "articles_article" not in sqlite_statistics()  # nothing written, nothing to learn

    run(tmp_path)
    assert "articles_article" in sqlite_statistics()
