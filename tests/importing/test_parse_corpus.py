"""The parse stage on the shared corpus of real crawled texts (read in place, never copied).

The corpus lives outside the repository: /work/shared/corpus next to the checkout, or wherever
NEWSROOM_CORPUS points.
"""

import datetime
import re
from functools import cache

import pytest

from articles.importing.parse import ParsedArticle, parse_bytes
from tests.corpus import CORPUS, needs_corpus

pytestmark = needs_corpus

D = datetime.date


@cache
def corpus(prefix: str) -> tuple[str, tuple[ParsedArticle, ...]]:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    encoding, articles = parse_bytes(path.read_bytes())
    return encoding, tuple(articles)


def articles(prefix: str) -> tuple[ParsedArticle, ...]:
    return corpus(prefix)[1]


def all_articles() -> list[ParsedArticle]:
    return [a for prefix in ("000", "001", "002", "003", "004") for a in articles(prefix)]


# title, date, source, cited source, image credit, title inferred
EXPECTED = {
    "000": [
        (
            "Kazakhstan and Mongolia Discuss Expansion of Investment Cooperation",
            D(2025, 9, 5), "MFA", None, None, False,
        ),
        (
            "Kazakhstan and United States Discuss Expansion of Investment Cooperation",
            D(2025, 9, 3), "MFA", None, None, False,
        ),
        (
            "Kazakhstan and Estonia Strengthen Bilateral Partnership",
            D(2025, 9, 3), "MFA", None, "gov.kz", False,
        ),
        (
            "8th meeting of Kazakhstan - China Business Council kicks off in Beijing",
            D(2025, 9, 2), "Kazinform", "Akorda", "Akorda", False,
        ),
        (
            "20 key documents signed following 2025 SCO Summit in Tianjin",
            D(2025, 9, 1), "Kazinform", "Akorda", "Akorda", False,
        ),
        (
            "Tokayev says Kazakhstan supports creation of SCO security centers",
            D(2025, 9, 1), "Kazinform", "Akorda", "akorda.kz", False,
        ),
        (
            "Tokayev extends Constitution Day greetings to Slovak President",
            D(2025, 9, 1), "Kazinform", "Akorda", "akorda.kz", False,
        ),
        (
            "Carrying forward Shanghai Spirit for peace and shared prosperity",
            D(2025, 8, 31), "Xinhua", None, "Xinhua", False,
        ),
        (
            "Key things to know about SCO Tianjin Summit",
            D(2025, 8, 31), "Xinhua", None, "Xinhua", False,
        ),
    ],
    "001": [
        (
            "The Kazakh Ministry of Foreign Affairs hosted a briefing for international journalists",
            None, None, None, None, True,
        ),
    ],
    "002": [
        (
            "Kazakhstan Explores Cooperation Opportunities with Mongolia, Turkmenistan, and India",
            None, None, "Akorda", None, False,
        ),
    ],
    "003": [
        (
            "President of Kazakhstan’s visit upgrades bilateral relations to ‘Strategic Partnership’",
            D(2024, 10, 31), None, None, None, False,
        ),
    ],
    "004": [
        (
            "Prime Minister of the Republic of Kazakhstan Olzhas Bektenov took part in the joint meeting",
            D(2025, 11, 18), None, None, None, True,
        ),
    ],
}  # fmt: skip


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_every_article_has_its_exact_title_date_sources_and_credit(prefix):
    found = [
        (a.title, a.published, a.source, a.cited_source, a.image_credit, a.title_inferred)
        for a in articles(prefix)
    ]
    assert found == EXPECTED[prefix]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_corpus_files_are_utf8_english(prefix):
    encoding, parsed = corpus(prefix)
    assert encoding == "utf-8"
    assert {a.language for a in parsed} == {"en"}


def test_digest_splits_into_nine_articles_at_date_lines():
    assert len(articles("000")) == 9


def test_crawl_date_is_not_taken_and_the_page_date_time_and_views_are():
    first = articles("000")[0]
    assert first.published == D(2025, 9, 5)
    assert first.published_time == datetime.time(9, 11)
    assert first.view_count == 6636


def test_date_line_with_time_gives_the_time():
    (article,) = articles("004")
    assert article.published_time == datetime.time(18, 20)


def test_undated_files_warn_the_editor():
    for prefix in ("001", "002"):
        (article,) = articles(prefix)
        assert "no publication date found: set one before publishing" in article.warnings


def test_default_source_fills_in_for_files_that_name_no_outlet():
    (path,) = CORPUS.glob("003_*.txt")
    (article,) = parse_bytes(path.read_bytes(), default_source="Kazinform")[1]
    assert article.source == "Kazinform"


def test_inferred_titles_are_short_headlines():
    for prefix in ("001", "004"):
        (article,) = articles(prefix)
        assert len(article.title.split()) <= 15
        assert article.title[-1].isalnum()


def test_dateline_is_taken_from_the_first_paragraph():
    (article,) = articles("001")
    assert article.dateline == "ASTANA"
    assert article.paragraphs[0].startswith("The Kazakh Ministry of Foreign Affairs")
    assert "ASTANA" not in article.body


def test_no_other_article_has_a_dateline():
    datelines = [a.dateline for a in all_articles() if a.dateline]
    assert datelines == ["ASTANA"]


def test_author_line_becomes_the_byline():
    shanghai_spirit = articles("000")[7]
    assert shanghai_spirit.byline == "Serik Korzhumbayev"
    assert "Author:" not in shanghai_spirit.body
    assert [a.byline for a in all_articles() if a.byline] == ["Serik Korzhumbayev"]


FURNITURE = re.compile(
    r"Images \||^\s*date \d|COMMENTS|Subscribe|subscribe to|Author:|•|^news$"
    r"|^\d+$|^\d{2}\.\d{2}\.\d{4}$|^\d{4}-\d{2}-\d{2}$|\u00a0",
    re.M,
)


def test_furniture_is_gone_from_every_body():
    for article in all_articles():
        assert FURNITURE.search(article.body) is None, (
            article.title,
            FURNITURE.search(article.body),
        )


def test_bodies_have_no_blank_or_padded_lines():
    for article in all_articles():
        assert "\n\n\n" not in article.body
        assert all(line == line.rstrip() for line in article.body.split("\n"))
        assert article.body == article.body.strip()


def test_repeated_title_is_kept_once():
    (article,) = articles("003")
    assert "Strategic Partnership’" not in article.paragraphs[0]
    assert not any(p.startswith("President of Kazakhstan’s visit") for p in article.paragraphs)
    assert article.view_count == 395


def test_titles_are_never_repeated_as_paragraphs():
    for article in all_articles():
        assert article.title not in article.paragraphs


def test_all_caps_subheadings_stay_as_markdown_subheadings():
    headings = [[p for p in a.paragraphs if p.startswith("## ")] for a in articles("000")[7:]]
    assert headings == [
        [
            "## A GLOBAL PLATFORM IN A CONNECTED WORLD",
            "## FROM SECURITY TO SHARED PROSPERITY",
            "## UNITY IN DIVERSITY AND BEYOND",
        ],
        [
            "## AN EVOLVING REGIONAL BLOC",
            "## CHINA: A FIRM UPHOLDER OF SHANGHAI SPIRIT",
            "## WHAT TO EXPECT FROM TIANJIN SUMMIT",
        ],
    ]


def test_headline_like_subheadings_stay_as_markdown_subheadings():
    (article,) = articles("002")
    assert [p for p in article.paragraphs if p.startswith("## ")] == [
        "## Meeting with Ukhnaagiin Khurelsukh",
        "## Meeting with Gurbanguly Berdimuhamedov",
        "## Foreign Ministers of Kazakhstan and India held talks",
    ]


def test_long_feature_keeps_all_its_subheadings():
    (article,) = articles("003")
    headings = [p for p in article.paragraphs if p.startswith("## ")]
    assert len(headings) == 8
    assert headings[0] == "## Pension Cooperation Agreement"
    assert headings[-1] == "## Kazakhstan’s expertise in AI development shared"


def test_articles_without_subheadings_have_none():
    for article in (*articles("000")[:7], *articles("001"), *articles("004")):
        assert not any(p.startswith("#") for p in article.paragraphs), article.title


def test_signed_documents_list_is_a_markdown_list_with_nested_items():
    documents = articles("000")[4]
    (listing,) = [p for p in documents.paragraphs if p.startswith("- ")]
    lines = listing.split("\n")
    assert len(lines) == 27
    assert sum(line.startswith("- ") for line in lines) == 20
    nested = [line for line in lines if line.startswith("    ")]
    assert [re.match(r"    (\d)\. \S", line).group(1) for line in nested] == list("1231212")
    assert lines[0].startswith("- Tianjin Declaration")


def test_repeated_sentence_with_another_attribution_is_dropped_with_a_warning():
    documents = articles("000")[4]
    assert len(documents.paragraphs) == 3
    assert documents.paragraphs[0].endswith(
        "Kazinform News Agency reports citing the Akorda press service."
    )
    assert "have been signed, Akorda reports" not in documents.body
    assert [w.split(":")[0] for w in documents.warnings] == ["repeated sentence dropped"]


def test_only_the_repeated_sentence_warns_in_the_digest():
    warned = [a.title for a in articles("000") if a.warnings]
    assert warned == ["20 key documents signed following 2025 SCO Summit in Tianjin"]


def test_curly_quotes_are_kept_as_written():
    (article,) = articles("001")
    assert "“Your presence here" in article.body


def test_every_article_has_a_body_of_words():
    counts = [a.word_count for a in all_articles()]
    assert all(count > 50 for count in counts)
