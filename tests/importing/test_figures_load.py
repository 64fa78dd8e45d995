"""Trade figures through the whole importer: stored once, stored values kept, reported, and
shown on the pair page. Our own texts, then the shared corpus (read in place)."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from relations.models import Figure, Indicator
from tests.corpus import CORPUS, needs_corpus

pytestmark = pytest.mark.django_db

# Our own text (never the corpus's sentences).
TALKS = """Kazakhstan and Mongolia review rail freight
2025-02-14
Transport officials of Kazakhstan and Mongolia met in Astana to review rail freight, \
press service of the Kazakh MFA reports.
Mutual trade between the two countries rose to 98.6 million US dollars in 2022 and \
to $104.25 million in 2023. The sides aim to bring bilateral trade to $1 billion by 2031.
Kazakhstan's foreign trade turnover, the officials added, exceeded $130 billion in 2023.
"""
CORRECTED = TALKS.replace("98.6 million US dollars in 2022", "99.1 million US dollars in 2022")


def run(*paths, dry_run=False) -> dict:
    args = [*map(str, paths), "--json", *(["--dry-run"] if dry_run else [])]
    out = StringIO()
    call_command("import_texts", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def stored() -> set[tuple]:
    return set(
        Figure.objects.values_list(
            "indicator__name", "country_a__code", "country_b__code", "year", "kind", "value"
        )
    )


def entries(report) -> list[dict]:
    return [a for f in report["files"] for a in f["articles"]]


@pytest.fixture
def talks(tmp_path) -> Path:
    path = tmp_path / "talks.txt"
    path.write_text(TALKS, encoding="utf-8")
    return path


KZ_MN_TALKS = {
    ("Trade turnover", "KZ", "MN", 2022, "actual", Decimal("98.60")),
    ("Trade turnover", "KZ", "MN", 2023, "actual", Decimal("104.25")),
    ("Trade turnover", "KZ", "MN", 2031, "target", Decimal("1000.00")),
}


def test_figures_are_stored_with_their_indicator_unit_and_quote(talks):
    run(talks)
    assert stored() == KZ_MN_TALKS
    indicator = Indicator.objects.get()
    assert (indicator.name, indicator.unit) == ("Trade turnover", "USD million")
    quote = Figure.objects.get(year=2022).quote
    assert quote.startswith("Mutual trade between the two countries") and quote.endswith("2023.")


def test_each_figure_is_linked_to_the_articles_that_state_it(talks, tmp_path):
    run(talks)
    article = Article.objects.get()
    assert set(article.figures.all()) == set(Figure.objects.all())
    # Another text stating the same value is linked to the stored figure too; a text giving
    # another value is not (it states something else).
    other = tmp_path / "other.txt"
    other.write_text(TALKS.replace("review rail freight", "discuss grain"), encoding="utf-8")
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(CORRECTED.replace("review rail freight", "meet again"), encoding="utf-8")
    run(other, corrected)
    by_title = {a.title: a for a in Article.objects.all()}
    figure_2022 = Figure.objects.get(year=2022)
    assert set(figure_2022.articles.values_list("title", flat=True)) == {
        "Kazakhstan and Mongolia review rail freight",
        "Kazakhstan and Mongolia discuss grain",
    }
    assert figure_2022 not in by_title["Kazakhstan and Mongolia meet again"].figures.all()


def test_figures_of_a_draft_import_stay_off_the_pair_page_until_it_is_published(
    client, talks, django_capture_on_commit_callbacks
):
    out = StringIO()
    call_command("import_texts", str(talks), "--status", "draft", stdout=out, stderr=StringIO())
    assert Figure.objects.count() == 3
    assert "104.25" not in client.get("/countries/kz/mn/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.update(status=Article.Status.PUBLISHED)
        Article.objects.get().save()
    assert "104.25" in client.get("/countries/kz/mn/").content.decode()


def test_reimport_creates_no_new_figure(talks):
    run(talks)
    before = list(Figure.objects.order_by("pk").values_list("pk", "value", "quote"))
    report = run(talks)
    assert list(Figure.objects.order_by("pk").values_list("pk", "value", "quote")) == before
    assert Indicator.objects.count() == 1
    (entry,) = entries(report)
    assert "warnings" not in entry


def test_report_entry_lists_the_figures_the_text_gives(talks):
    (entry,) = entries(run(talks))
    assert entry["figures"] == [
        {"indicator": "Trade turnover", "pair": ["KZ", "MN"], "year": 2022, "kind": "actual",
         "value": "98.6", "unit": "USD million"},
        {"indicator": "Trade turnover", "pair": ["KZ", "MN"], "year": 2023, "kind": "actual",
         "value": "104.25", "unit": "USD million"},
        {"indicator": "Trade turnover", "pair": ["KZ", "MN"], "year": 2031, "kind": "target",
         "value": "1000", "unit": "USD million"},
    ]  # fmt: skip


def test_article_without_figures_has_no_figures_key(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(TALKS.split("Mutual trade")[0], encoding="utf-8")
    (entry,) = entries(run(path))
    assert "figures" not in entry


def test_a_different_value_keeps_the_stored_one_and_warns(talks, tmp_path):
    run(talks)
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(CORRECTED, encoding="utf-8")
    (entry,) = entries(run(corrected))
    assert Figure.objects.get(year=2022).value == Decimal("98.60")
    assert len(stored()) == 3
    (warning,) = [w for w in entry["warnings"] if w.startswith("figure:")]
    assert "KZ-MN 2022" in warning and "98.6" in warning and "99.1" in warning
    assert {"year": 2022, "value": "99.1"}.items() <= entry["figures"][0].items()


def test_dry_run_reports_figures_and_writes_none(talks):
    report = run(talks, dry_run=True)
    (entry,) = entries(report)
    assert [f["year"] for f in entry["figures"]] == [2022, 2023, 2031]
    assert not Figure.objects.exists() and not Indicator.objects.exists()


def test_dry_run_warns_about_a_value_that_differs_from_the_stored_one(talks, tmp_path):
    run(talks)
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(CORRECTED, encoding="utf-8")
    (entry,) = entries(run(corrected, dry_run=True))
    assert any(w.startswith("figure:") for w in entry["warnings"])
    assert Figure.objects.get(year=2022).value == Decimal("98.60")


def test_totals_count_the_figures_read(talks):
    report = run(talks)
    totals = report["totals"]

    assert set(totals) == {
        "files", "errors", "articles", "created", "updated", "unchanged", "conflicts", "figures",
    }  # fmt: skip
    assert totals["figures"] == sum(
        len(a.get("figures", ())) for f in report["files"] for a in f["articles"]
    )
    assert totals["figures"] > 0


# Our own Russian text: two figures in one sentence ("в прошлом году" is 2024, the year before
# its date), a goal, a figure for part of this year and the country's foreign trade.
RU_TEXT = Path(__file__).resolve().parent / "texts" / "ru_trade_figures.txt"


def test_russian_text_figures_are_stored_for_the_pair(client):
    (entry,) = entries(run(RU_TEXT))

    assert stored() == {
        ("Trade turnover", "KZ", "MN", 2023, "actual", Decimal("104.25")),
        ("Trade turnover", "KZ", "MN", 2024, "actual", Decimal("131.60")),
        ("Trade turnover", "KZ", "MN", 2031, "target", Decimal("1000.00")),
    }
    assert len(entry["figures"]) == 3
    quote = Figure.objects.get(year=2024).quote
    assert quote.startswith("Товарооборот между Казахстаном") and quote.endswith("долларов.")
    assert "131.6" in client.get("/countries/kz/mn/").content.decode()


# ------------------------------------------------------------------------------------------
# The shared corpus


# What the corpus states for Kazakhstan and Mongolia (USD million): one figure in the MFA
# meeting of September 2025, two in the report on the state visit of October 2024. The goals of
# USD 500 million carry no year, and the corpus's other amounts are aggregates (a country's
# foreign trade, trade with SCO members): none of those is a pair's figure.
CORPUS_KZ_MN = {
    ("Trade turnover", "KZ", "MN", 2019, "actual", Decimal("35.30")),
    ("Trade turnover", "KZ", "MN", 2023, "actual", Decimal("76.70")),
    ("Trade turnover", "KZ", "MN", 2024, "actual", Decimal("123.90")),
}


@pytest.fixture
def corpus_twice():
    run(CORPUS)
    return run(CORPUS)


@needs_corpus
def test_corpus_kazakhstan_mongolia_figures_exist_once_after_two_imports(corpus_twice):
    assert stored() == CORPUS_KZ_MN
    assert Figure.objects.count() == 3
    assert corpus_twice["totals"]["unchanged"] == corpus_twice["totals"]["articles"]
    assert not any(
        w.startswith("figure:") for a in entries(corpus_twice) for w in a.get("warnings", ())
    )


@needs_corpus
def test_corpus_pair_page_shows_the_figures_in_its_table(client, corpus_twice):
    html = client.get("/countries/kz/mn/").content.decode()
    table = html[html.index('<table class="figures">') : html.index("</table>")]
    assert "<caption>Trade turnover between Kazakhstan and Mongolia (USD million)" in table
    for year, value in (("2019", "35.3"), ("2023", "76.7"), ("2024", "123.9")):
        assert f'<th scope="row">{year}</th><td>Actual</td><td class="num">{value}</td>' in table
    assert table.count('<th scope="row">') == 3
