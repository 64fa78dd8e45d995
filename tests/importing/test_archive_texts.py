"""`import_texts` on archive files in the styles the newsroom's old folders have: legacy
encodings and line endings, dates with weekdays and time zones, numbered digests, HTML
left-overs and page debris. The texts (tests/importing/texts/archive/) are our own, stored in
their real encodings (.gitattributes keeps git from touching their line endings)."""

import datetime
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ImportRecord
from tests.corpus import CORPUS, needs_corpus

pytestmark = pytest.mark.django_db

ARCHIVE = Path(__file__).resolve().parent / "texts" / "archive"


def run(*paths) -> tuple[dict, int]:
    """The command's JSON report and exit status."""
    out = StringIO()
    try:
        call_command("import_texts", *map(str, paths), "--json", stdout=out, stderr=StringIO())
    except CommandError as exc:
        return json.loads(out.getvalue()), exc.returncode
    return json.loads(out.getvalue()), 0


def copy(tmp_path: Path, *names: str) -> Path:
    for name in names:
        shutil.copyfile(ARCHIVE / name, tmp_path / name)
    return tmp_path


def entry(report: dict, name: str) -> dict:
    return next(f for f in report["files"] if Path(f["path"]).name == name)


# ------------------------------------------------------------------------------------------
# Encodings and line endings


def test_windows_1251_file_is_stored_with_its_cyrillic_title_and_body(tmp_path):
    assert b"\r\n" in (ARCHIVE / "01_ru_visit_cp1251.txt").read_bytes()
    report, code = run(copy(tmp_path, "01_ru_visit_cp1251.txt"))

    assert code == 0
    file = report["files"][0]
    assert (file["status"], file["encoding"]) == ("ok", "cp1251")
    article = Article.objects.get()
    assert article.title == "Глава МИД Казахстана провел переговоры в Улан-Баторе"
    assert article.body.startswith("Министр иностранных дел Республики Казахстан Ермек")
    assert "«Монголия остается для нас близким соседом и надежным партнером»" in article.body
    assert "\r" not in article.body
    assert article.published_at.date().isoformat() == "2025-09-05"
    record = ImportRecord.objects.get()
    assert record.encoding == "cp1251" and record.raw_text.startswith("Глава МИД Казахстана")


def test_utf8_byte_order_mark_is_not_part_of_the_title(tmp_path):
    report, _ = run(copy(tmp_path, "02_sept_abbrev_bom.txt"))

    assert report["files"][0]["encoding"] == "utf-8-sig"
    title = Article.objects.get().title
    assert title == "Kazakhstan and Hungary hold 11th session of intergovernmental commission"


def test_utf16_file_with_byte_order_mark_and_crlf_is_read(tmp_path):
    report, _ = run(copy(tmp_path, "10_utf16_weekday.txt"))

    assert report["files"][0]["encoding"] == "utf-16"
    article = Article.objects.get()
    assert article.title == "Kazakhstan and Japan discuss Central Asia plus Japan dialogue"
    assert article.published_at.date().isoformat() == "2025-09-22"
    assert "\r" not in article.body and "\x00" not in article.body


def test_old_mac_line_endings_split_the_lines(tmp_path):
    run(copy(tmp_path, "11_kk_cr_only.txt"))

    article = Article.objects.get()
    assert article.title == "Қазақстан мен Қырғызстан шекара мәселесін талқылады"
    assert article.published_at.date().isoformat() == "2025-09-25"
    assert article.language == "kk"


def test_undecodable_file_gets_a_one_line_error_and_the_files_beside_it_load(tmp_path):
    folder = copy(
        tmp_path, "01_ru_visit_cp1251.txt", "12_western_cp1252.txt", "10_utf16_weekday.txt"
    )
    report, code = run(folder)

    assert code == 1
    bad = entry(report, "12_western_cp1252.txt")
    assert bad["status"] == "error" and bad["articles"] == []
    assert bad["error"] == (
        'not UTF-8 or Windows-1251 text (as Windows-1251 it reads "Cфte", a word mixing Latin '
        "and Cyrillic letters); save it as UTF-8 and import it again"
    )
    assert not Article.objects.filter(title__contains="Ivoire").exists()
    assert not Article.objects.filter(title__contains="Cфte").exists()
    assert Article.objects.count() == 2
    assert ImportRecord.objects.get(status="error").name.endswith("12_western_cp1252.txt")


# ------------------------------------------------------------------------------------------
# Dates


def test_weekday_date_line_with_a_time_zone_dates_the_article(tmp_path):
    report, _ = run(copy(tmp_path, "03_weekday_gmt.txt"))

    (article,) = report["files"][0]["articles"]
    assert article["title"] == "Kazakh Foreign Minister pays official visit to Uzbekistan"
    assert article["published"] == "2025-09-05" and "warnings" not in article
    stored = Article.objects.get()
    assert stored.status == "published" and stored.published_time_known
    assert stored.published_at == datetime.datetime(2025, 9, 5, 4, 11, tzinfo=datetime.UTC)


# ------------------------------------------------------------------------------------------
# HTML left-overs and page debris


def test_html_page_text_is_stored_without_tags_or_entities(tmp_path):
    report, _ = run(copy(tmp_path, "05_html_entities.txt"))

    (entry_,) = report["files"][0]["articles"]
    assert entry_["agreements"] == [
        "Memorandum of Understanding on Cooperation in Renewable Energy"
    ]
    article = Article.objects.get()
    assert article.title == 'Kazakhstan and Malaysia sign memorandum on "green" energy'
    assert article.status == "published"
    assert article.published_at == datetime.datetime(2025, 9, 12, 9, 5, tzinfo=datetime.UTC)
    assert "two countries — the first such agreement" in article.body
    assert "«We see Malaysia as a key partner in Southeast Asia,» said Yermek" in article.body
    for debris in ("<", ">", "&nbsp;", "&quot;", "&#8212;", "&laquo;"):
        assert debris not in article.title + article.body


def test_cookie_banner_and_share_buttons_are_not_stored(tmp_path):
    report, _ = run(copy(tmp_path, "06_share_cookie_debris.txt"))

    (entry_,) = report["files"][0]["articles"]
    assert (
        entry_["title"] == "Kazakhstan and Türkiye hold meeting of Joint Strategic Planning Group"
    )
    assert (entry_["published"], entry_["title_inferred"]) == ("2025-09-15", False)
    assert entry_["countries"] == ["KZ", "TR"]
    assert entry_["people"] == ["Yermek Kosherbayev", "Hakan Fidan"]
    body = Article.objects.get().body
    assert body.startswith("The Kazakh and Turkish foreign ministers held a meeting")
    assert body.endswith("to 15 billion US dollars.")
    for debris in (
        "cookies",
        "Accept all",
        "Share",
        "WhatsApp",
        "Copy link",
        "Home /",
        "Read also",
    ):
        assert debris not in body


def test_file_of_debris_only_is_an_error_and_stores_nothing(tmp_path):
    report, code = run(copy(tmp_path, "09_only_debris.txt", "06_share_cookie_debris.txt"))

    assert code == 1
    bad = entry(report, "09_only_debris.txt")
    assert bad["status"] == "error" and bad["error"].startswith("no article found")
    # It used to become an undated article titled from the banner, which shared that title
    # (and so the identity) with the banner-titled article of the file beside it, and
    # overwrote it.
    assert Article.objects.get().title.startswith("Kazakhstan and Türkiye")


# ------------------------------------------------------------------------------------------
# Digests


def test_numbered_digest_is_one_dated_article_per_item(tmp_path):
    report, _ = run(copy(tmp_path, "04_numbered_digest.txt"))

    articles = report["files"][0]["articles"]
    assert [(a["title"], a["published"], a["source"]) for a in articles] == [
        ("Kazakhstan and Azerbaijan sign roadmap on transit", "2025-09-08", "Kazinform"),
        ("Kazakh and Qatari diplomats hold political consultations", "2025-09-09", "MFA"),
        ("Astana to host a conference on nuclear disarmament", "2025-09-10", "Xinhua"),
    ]
    assert [a["countries"] for a in articles[:2]] == [["KZ", "AZ"], ["KZ", "QA"]]
    assert articles[1]["people"] == ["Alibek Bakayev", "Sultan bin Saad Al-Muraikhi"]
    assert not Article.objects.filter(title__icontains="digest").exists()
    assert set(Article.objects.values_list("status", flat=True)) == {"published"}


def test_digest_failing_at_its_last_item_stores_none_of_its_items(tmp_path, monkeypatch):
    from articles.importing import load
    from relations.models import Person

    real = load.TextImporter._create_articles

    def fail_after_writing(self, new):
        real(self, new)
        raise RuntimeError("disk full")

    monkeypatch.setattr(load.TextImporter, "_create_articles", fail_after_writing)
    report, code = run(copy(tmp_path, "04_numbered_digest.txt"))

    assert code == 1 and report["files"][0]["articles"] == []
    assert not Article.objects.exists()
    assert not Person.objects.filter(name="Alibek Bakayev").exists()
    assert ImportRecord.objects.get().status == "error"


# ------------------------------------------------------------------------------------------
# The whole folder, alone and beside the corpus

GOOD = 11  # articles: one per good file and three from the digest; none from 08, 09 and 12


def test_archive_folder_imports_its_good_files_and_reimports_unchanged(tmp_path):
    report, code = run(ARCHIVE)

    assert code == 1
    errors = {Path(f["path"]).name for f in report["files"] if f["status"] == "error"}
    assert errors == {"08_empty.txt", "09_only_debris.txt", "12_western_cp1252.txt"}
    assert all("\n" not in f["error"] for f in report["files"] if f["error"])
    assert report["totals"]["articles"] == report["totals"]["created"] == GOOD
    stored = {
        a.title: (a.body, a.published_at, a.status, a.source_id) for a in Article.objects.all()
    }
    links = sorted(Article.objects.values_list("pk", "countries", "people", "agreements"))

    again, code = run(ARCHIVE)

    assert code == 1
    assert again["totals"]["unchanged"] == GOOD
    assert again["totals"]["created"] == again["totals"]["updated"] == 0
    assert {
        a.title: (a.body, a.published_at, a.status, a.source_id) for a in Article.objects.all()
    } == stored
    assert sorted(Article.objects.values_list("pk", "countries", "people", "agreements")) == links


@needs_corpus
def test_archive_beside_the_corpus_leaves_the_corpus_articles_as_they_are(tmp_path):
    alone, _ = run(CORPUS)
    corpus_titles = [a["title"] for f in alone["files"] for a in f["articles"]]
    Article.objects.all().delete()

    report, _ = run(CORPUS, ARCHIVE)

    titles = [a["title"] for f in report["files"] for a in f["articles"]]
    assert titles[: len(corpus_titles)] == corpus_titles
    assert len(titles) == len(corpus_titles) + GOOD
    assert Article.objects.count() == len(titles)
