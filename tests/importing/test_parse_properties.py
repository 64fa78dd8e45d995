"""Properties of the parse stage: whatever comes in, the answer is articles or ImportFileError."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importing.parse import ImportFileError, ParsedArticle, parse_bytes, parse_text

FAST = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Lines that look like the real thing, so the examples reach deep into the parser.
LINES = st.sampled_from(
    [
        "",
        " date 2025-09-06 05.09.2025, 09:11 6636",
        "05.09.2025",
        "2024-10-31",
        "18 November 2025, 18:20",
        "5 сентября 2025",
        "5 қыркүйек 2025",
        "news",
        "Kazakhstan and Chile sign five documents",
        "Kazakhstan and Chile signed a visa waiver, Kazinform reports citing the Akorda press service.",
        "ASTANA—The ministers met in the capital on Monday to discuss trade.",
        "NUR-SULTAN. KAZINFORM – Talks were held.",
        "Photo credit: Akorda",
        "Images | gov.kz",
        "Author: Dana Serikova",
        "  • By",
        "  • 2024-10-31",
        "  • 395",
        "- Agreement on trade;",
        "1.Protocol on customs",
        "TRADE AND TRANSIT",
        "Trade and transit",
        "0 COMMENTS",
        "Subscribe to our Telegram channel",
        "Read also",
        "Министры обсудили прямой рейс, сообщает Казинформ.",
        "Тараптар іскерлік форумды талқылады.",
        "“Quoted,” he said.",
    ]
)
MIXED_LINES = st.one_of(LINES, st.text(max_size=80))
TEXTS = st.lists(MIXED_LINES, max_size=25).map("\n".join)


def check(articles: list[ParsedArticle]) -> None:
    assert articles
    for article in articles:
        assert isinstance(article, ParsedArticle)
        assert article.title.strip()
        assert article.body.strip()
        assert article.language in {"en", "ru", "kk"}
        assert article.word_count >= 0
        assert all("\n" not in warning for warning in article.warnings)


@FAST
@given(st.binary(max_size=2048))
def test_any_bytes_give_articles_or_an_import_file_error(data):
    try:
        encoding, articles = parse_bytes(data)
    except ImportFileError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert encoding in {"utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1251", "kz1048"}
    check(articles)


@FAST
@given(st.text(max_size=2048))
def test_any_text_gives_articles_or_an_import_file_error(text):
    try:
        articles = parse_text(text)
    except ImportFileError:
        return
    check(articles)


@FAST
@given(TEXTS)
def test_article_like_text_gives_articles_or_an_import_file_error(text):
    try:
        articles = parse_text(text, default_source="Kazinform")
    except ImportFileError:
        return
    check(articles)


@FAST
@given(TEXTS)
def test_parsing_is_deterministic(text):
    def outcome():
        try:
            return parse_text(text)
        except ImportFileError as exc:
            return str(exc)

    assert outcome() == outcome()


@FAST
@given(
    st.lists(LINES, max_size=25).map("\n".join), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])
)
def test_encoding_does_not_change_the_articles(text, encoding):
    try:
        expected = parse_text(text)
    except ImportFileError:
        return
    assert parse_bytes(text.encode(encoding))[1] == expected
