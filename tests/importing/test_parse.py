"""The parse stage on small texts of our own: one behaviour per test, no database."""

import datetime
from pathlib import Path

import pytest

from articles.importing.parse import (
    DEFAULT_SOURCES,
    MAX_CONTROL_RATIO,
    ImportFileError,
    ParsedArticle,
    decode,
    parse_bytes,
    parse_text,
)

TEXTS = Path(__file__).resolve().parent / "texts"

LEAD = (
    "The foreign ministers of Kazakhstan and Finland agreed to open a direct air route "
    "between Astana and Helsinki next spring."
)
SECOND = "The two ministers also reviewed plans for a business forum in December."


def one(text: str, **kwargs) -> ParsedArticle:
    articles = parse_text(text, **kwargs)
    assert len(articles) == 1, [a.title for a in articles]
    return articles[0]


def fixture(name: str) -> list[ParsedArticle]:
    return parse_bytes((TEXTS / name).read_bytes())[1]


# --- decoding -------------------------------------------------------------------------------


def test_utf8_is_decoded_as_utf8():
    assert decode("Astana — Helsinki".encode()) == ("Astana — Helsinki", "utf-8")


def test_utf8_byte_order_mark_is_reported_and_removed():
    text, encoding = decode(b"\xef\xbb\xbfAstana talks")
    assert (text, encoding) == ("Astana talks", "utf-8-sig")


def test_utf16_with_byte_order_mark_is_decoded():
    text, encoding = decode("Переговоры в Астане".encode("utf-16"))
    assert (text, encoding) == ("Переговоры в Астане", "utf-16")


def test_utf16_big_endian_with_byte_order_mark_is_decoded():
    text, encoding = decode(b"\xfe\xff" + "Тоқаев".encode("utf-16-be"))
    assert (text, encoding) == ("Тоқаев", "utf-16")


def test_windows_1251_russian_text_is_decoded():
    source = "Министры обсудили открытие прямого авиарейса «Астана — Хельсинки».\n"
    text, encoding = decode(source.encode("cp1251"))
    assert (text, encoding) == (source, "cp1251")


def test_windows_line_endings_become_newlines():
    text, _ = decode(b"Title line\r\nFirst paragraph.\r\rSecond.")
    assert text == "Title line\nFirst paragraph.\n\nSecond."


def test_a_few_stray_control_characters_are_removed():
    text, _ = decode(b"Astana\x07 talks\x00 went well.\tTabs stay.\n" + b"x" * 100)
    assert text.startswith("Astana talks went well.\tTabs stay.\n")


def test_non_breaking_and_zero_width_spaces_are_normalised():
    text, _ = decode("Astana\u00a0talks\u200b today".encode())
    assert text == "Astana talks today"


def test_empty_file_is_refused():
    with pytest.raises(ImportFileError, match="empty"):
        decode(b"")


def test_whitespace_only_file_is_refused():
    with pytest.raises(ImportFileError, match="empty"):
        decode(b" \r\n\t\n  ")


def test_whitespace_only_utf16_file_is_refused():
    with pytest.raises(ImportFileError, match="empty"):
        decode("  \n ".encode("utf-16"))


def test_png_is_refused_as_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
    with pytest.raises(ImportFileError, match="binary"):
        decode(png)


def test_zip_is_refused_as_binary():
    with pytest.raises(ImportFileError, match="binary"):
        decode(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200))


def test_nul_bytes_are_refused_as_binary():
    with pytest.raises(ImportFileError, match="control characters"):
        decode(b"Astana\x00\x00\x00\x00\x00\x00\x00\x00")


def test_control_characters_over_the_limit_are_refused():
    controls = int(100 * MAX_CONTROL_RATIO) + 2
    with pytest.raises(ImportFileError, match="control characters"):
        decode(b"a" * (100 - controls) + b"\x01" * controls)


def test_control_characters_at_the_limit_are_removed():
    text, _ = decode(b"a" * 95 + b"\x01" * 5)
    assert text == "a" * 95


def test_random_bytes_are_refused_as_binary():
    noise = bytes((i * 7919 + 13) % 256 for i in range(4096))
    with pytest.raises(ImportFileError, match="binary"):
        decode(noise)


def test_high_bytes_that_are_not_cyrillic_prose_are_refused():
    with pytest.raises(ImportFileError, match="binary"):
        decode(bytes(range(0x80, 0x100)) * 8)


def test_a_western_code_page_file_is_refused_not_read_as_cyrillic():
    """Windows-1251 decodes nearly any bytes: a Windows-1252 file was stored with "Côte"
    as "Cфte" and "café" as "cafй". Now it is refused, naming the word, with advice."""
    western = "Kazakhstan and Côte d'Ivoire open consultations\nThe café sector.\n"
    with pytest.raises(ImportFileError) as excinfo:
        decode(western.encode("cp1252"))
    assert str(excinfo.value) == (
        'not UTF-8 or Windows-1251 text (as Windows-1251 it reads "Cфte", a word mixing Latin '
        "and Cyrillic letters); save it as UTF-8 and import it again"
    )


def test_windows_1251_text_in_capitals_is_decoded():
    """A headline and lead in capitals were refused as binary: capitals outnumbered small
    letters, which the old byte count took for noise."""
    source = "КАЗАХСТАН И МОНГОЛИЯ ПОДПИСАЛИ МЕМОРАНДУМ\n05.09.2025\nСТОРОНЫ ОБСУДИЛИ ТРАНЗИТ.\n"
    assert decode(source.encode("cp1251")) == (source, "cp1251")


def test_windows_1251_russian_typography_is_decoded():
    source = "Визит № 2 — «Астана — Улан-Батор»… Ёлки, Іле.\n"
    assert decode(source.encode("cp1251")) == (source, "cp1251")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "source", ["Kazakhstan and Finland agree on flights", "Казахстан и Финляндия, 2025 год"]
)
def test_utf16_without_byte_order_mark_is_refused_with_advice(codec, source):
    """It was refused as "binary: 50% control characters", which sent editors looking for a
    damaged file; it is a text saved without its mark."""
    with pytest.raises(ImportFileError) as excinfo:
        decode(f"{source}\n".encode(codec))
    assert str(excinfo.value).startswith("UTF-16 text without a byte-order mark")
    assert "save it as UTF-8" in str(excinfo.value)


def test_nul_padded_binary_is_not_taken_for_utf16():
    with pytest.raises(ImportFileError, match="^binary"):
        decode(b"\x00\x00\x00\x01" * 100)


def test_doubled_carriage_returns_are_one_line_break():
    """Notepad files converted twice end their lines with CR CR LF: each made a blank line,
    so every line became a paragraph of its own."""
    text, _ = decode(b"Title line\r\r\nFirst line of a paragraph\r\r\n\r\r\nSecond.")
    assert text == "Title line\nFirst line of a paragraph\n\nSecond."


KAZAKH = "Қазақстан Республикасы Сыртқы істер министрлігінің брифингі өтті\n"


@pytest.mark.parametrize(
    "data",
    [
        "Министерство иностранных дел Казахстана\n".encode("cp1251"),
        "МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ\n".encode("cp1251"),
        "Kazakhstan and Côte d'Ivoire\n".encode("cp1252"),
        "Auswärtiges Amt und Kasachstan\n".encode("latin-1"),
        "Министерство инoстранных дел\n".encode("cp1251"),  # a Latin "o"
        KAZAKH.encode("kz1048"),
        "Trade rose to £5 million\n".encode("cp1252"),
    ],
    ids=[
        "russian",
        "capitals",
        "french",
        "german",
        "latin letter in a russian word",
        "kazakh",
        "pound",
    ],  # fmt: skip
)
def test_text_import_and_csv_import_agree_on_windows_1251(data):
    """One rule for both importers: the same bytes are read, or refused, by each."""
    from relations.spreadsheets import CSV, UnreadableFile

    try:
        csv_text = CSV().decode(data)
    except UnreadableFile:
        csv_text = None
    try:
        text, encoding = decode(data)
    except ImportFileError:
        text = None
    else:
        assert encoding in {"cp1251", "kz1048"}
    assert text == csv_text


def test_kazakh_text_in_kz1048_is_decoded():
    assert decode(KAZAKH.encode("kz1048")) == (KAZAKH, "kz1048")


def test_kazakh_letters_that_windows_1251_would_let_through_are_read_as_kazakh():
    """In Windows-1251 "Ұлттық" reads "Ўлттыќ": its "ќ" tells the file is KZ-1048, and then
    the "Ұ" (a Belarusian "Ў" there, which the Windows-1251 rule lets through) is Kazakh's."""
    source = "Ұлттық үкімет пен Өзбекстан ғалымдары\n"
    assert decode(source.encode("kz1048")) == (source, "kz1048")


@pytest.mark.parametrize(
    "source",
    [
        "Министерство иностранных дел Казахстана\n",  # no byte where the code pages differ
        "Міністерство закордонних справ України, її посольство\n",  # Ukrainian: no Kazakh
    ],
    ids=["russian", "ukrainian"],
)
def test_windows_1251_text_is_not_taken_for_kz1048(source):
    assert decode(source.encode("cp1251")) == (source, "cp1251")


@pytest.mark.parametrize(
    "data",
    [
        "Trade rose to £5 million, ½ of it in grain\n".encode("cp1252"),
        "¡Kazakhstan y España firman un acuerdo!\n".encode("cp1252"),
    ],
    ids=["pound and half", "spanish"],
)
def test_western_text_is_not_taken_for_kz1048(data):
    with pytest.raises(ImportFileError):
        decode(data)


def test_refusal_message_is_one_line_and_says_what_to_do():
    with pytest.raises(ImportFileError) as excinfo:
        decode(b"\x89PNG\r\n\x1a\n" + bytes(64))
    message = str(excinfo.value)
    assert "\n" not in message
    assert "plain text" in message


def test_parse_bytes_returns_the_encoding_and_the_articles():
    encoding, articles = parse_bytes(f"Direct flights agreed\n{LEAD}".encode("utf-16"))
    assert encoding == "utf-16"
    assert articles[0].title == "Direct flights agreed"


def test_cp1251_bytes_parse_into_a_russian_article():
    text = (
        "5 сентября 2025\nКазахстан и Финляндия откроют прямой рейс\n"
        "Министры договорились открыть прямой рейс между столицами, сообщает Казинформ.\n"
    )
    encoding, (article,) = parse_bytes(text.encode("cp1251"))
    assert encoding == "cp1251"
    assert article.title == "Казахстан и Финляндия откроют прямой рейс"
    assert article.language == "ru"
    assert article.source == "Kazinform"


def test_windows_1251_english_text_with_curly_quotes_is_decoded():
    source = "Direct flights agreed\n\u201cA historic step,\u201d the minister said \u2014 twice.\n"
    assert decode(source.encode("cp1251")) == (source, "cp1251")


def test_crlf_file_parses_like_lf_file():
    text = f"October 28, 2025\nDirect flights agreed\n{LEAD}\n{SECOND}\n"
    assert parse_bytes(text.replace("\n", "\r\n").encode()) == parse_bytes(text.encode())


# --- empty and furniture-only texts ---------------------------------------------------------


def test_parse_text_refuses_whitespace():
    with pytest.raises(ImportFileError, match="empty"):
        parse_text(" \n\u00a0\n")


def test_text_of_furniture_only_has_no_article():
    with pytest.raises(ImportFileError, match="no article"):
        parse_text("05.09.2025\n0 comments\nSubscribe\n395")


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "date", "time"),
    [
        ("05.09.2025", datetime.date(2025, 9, 5), None),
        ("2024-10-31", datetime.date(2024, 10, 31), None),
        ("18 November 2025, 18:20", datetime.date(2025, 11, 18), datetime.time(18, 20)),
        ("14:43, 27 October 2025", datetime.date(2025, 10, 27), datetime.time(14, 43)),
        ("09.10.2025, 12:21 14206", datetime.date(2025, 10, 9), datetime.time(12, 21)),
        ("October 28, 2025", datetime.date(2025, 10, 28), None),
        ("Sept. 3, 2025", datetime.date(2025, 9, 3), None),
        ("5 сентября 2025", datetime.date(2025, 9, 5), None),
        ("5 сентября 2025 года, 10:15", datetime.date(2025, 9, 5), datetime.time(10, 15)),
        ("12 мая 2025 г.", datetime.date(2025, 5, 12), None),
        ("5 қыркүйек 2025", datetime.date(2025, 9, 5), None),
        ("2025 жылғы 5 қыркүйек", datetime.date(2025, 9, 5), None),
        ("3 желтоқсан 2025 ж.", datetime.date(2025, 12, 3), None),
        ("Friday, 5 September 2025", datetime.date(2025, 9, 5), None),
        ("Fri, Sept. 5, 2025", datetime.date(2025, 9, 5), None),
        ("Пятница, 5 сентября 2025 г., 09:11", datetime.date(2025, 9, 5), datetime.time(9, 11)),
        ("Жұма, 5 қыркүйек 2025", datetime.date(2025, 9, 5), None),
    ],
)
def test_date_line_styles_give_the_publication_date_and_time(line, date, time):
    article = one(f"{line}\nDirect flights agreed\n{LEAD}")
    assert (article.published, article.published_time) == (date, time)
    assert line not in article.body


@pytest.mark.parametrize(
    ("line", "hours"),
    [
        ("Friday, 5 September 2025, 09:11 (GMT+5)", 5),
        ("5 September 2025, 09:11 GMT+5", 5),
        ("09:11 (GMT+6), 05.09.2025", 6),
        ("05.09.2025 09:11 UTC+05:30", 5.5),
        ("Sept. 5, 2025, 09:11 GMT", 0),
        ("05.09.2025 09:11 (UTC-4)", -4),
    ],
)
def test_time_with_its_zone_is_a_date_line_and_keeps_the_zone(line, hours):
    """ "Friday, 5 September 2025, 09:11 (GMT+5)" was not seen as a date: it became the
    title, and the article went to review undated."""
    article = one(f"{line}\nDirect flights agreed\n{LEAD}")
    assert article.title == "Direct flights agreed"
    assert article.published == datetime.date(2025, 9, 5)
    assert article.published_time.replace(tzinfo=None) == datetime.time(9, 11)
    assert article.published_time.utcoffset() == datetime.timedelta(hours=hours)


def test_crawl_date_in_page_header_is_not_the_publication_date():
    article = one(f" date 2025-09-06 05.09.2025, 09:11 6636\nDirect flights agreed\n{LEAD}")
    assert article.published == datetime.date(2025, 9, 5)
    assert article.published_time == datetime.time(9, 11)


def test_view_counter_after_the_date_is_kept_as_views_not_text():
    article = one(f"09.10.2025, 12:21 14206\nDirect flights agreed\n{LEAD}")
    assert article.view_count == 14206
    assert "14206" not in article.body


def test_crawl_header_without_an_article_date_gives_no_date():
    article = one(f" date 2025-09-06\nDirect flights agreed\n{LEAD}")
    assert article.published is None
    assert "2025-09-06" not in article.body


def test_impossible_date_is_not_a_date():
    article = one(f"31.02.2025\nDirect flights agreed\n{LEAD}")
    assert article.published is None
    # The importer is told which line looked like the date, not that there was none.
    assert article.warnings[0] == (
        "no publication date found: '31.02.2025' is not a day of 1900-2100; "
        "set the date before publishing"
    )
    assert article.title == "Direct flights agreed"


def test_updated_stamp_is_not_the_publication_date():
    article = one(f"Direct flights agreed\nUpdated: 07.09.2025, 10:00\n{LEAD}")
    assert article.published is None
    assert article.paragraphs == [LEAD]


def test_text_without_a_date_has_none_and_a_warning():
    article = one(f"Direct flights agreed\n{LEAD}")
    assert article.published is None
    assert "no publication date found: set one before publishing" in article.warnings


def test_date_inside_a_sentence_is_prose_not_a_date():
    article = one(f"Direct flights agreed\n{LEAD}\nOn 5 September 2025 the route was approved.")
    assert article.published is None
    assert "On 5 September 2025 the route was approved." in article.paragraphs


# --- digests ----------------------------------------------------------------------------------


def test_digest_splits_at_each_date_line_followed_by_a_title():
    titles = [a.title for a in fixture("digest.txt")]
    assert titles == [
        "Kazakhstan and Finland Agree on Direct Flights",
        "Tokayev receives credentials of new ambassadors",
        "Kazakh and Omani ministers discuss logistics",
    ]


def test_digest_articles_carry_their_own_dates():
    dates = [a.published for a in fixture("digest.txt")]
    assert dates == [
        datetime.date(2025, 10, 9),
        datetime.date(2025, 10, 8),
        datetime.date(2025, 10, 7),
    ]


def test_digest_article_keeps_the_date_sentence_in_its_body():
    last = fixture("digest.txt")[-1]
    assert "On 7 October 2025 the ministers also visited a dry port near Almaty." in last.body


def test_title_followed_by_a_date_line_also_starts_an_article():
    text = (
        f"Direct flights agreed\n05.09.2025\n{LEAD}\n"
        f"Business forum set for December\n06.09.2025\n{SECOND}\n"
    )
    articles = parse_text(text)
    assert [(a.title, a.published.day) for a in articles] == [
        ("Direct flights agreed", 5),
        ("Business forum set for December", 6),
    ]


def test_headline_above_a_date_line_and_a_subtitle_stays_with_its_article():
    text = f"Direct flights agreed\n05.09.2025\nA first for both capitals\n{LEAD}"
    article = one(text)
    assert article.title == "Direct flights agreed"
    assert article.published == datetime.date(2025, 9, 5)
    assert article.paragraphs == ["## A first for both capitals", LEAD]


def test_digest_date_line_over_an_untitled_article_still_starts_it():
    text = (
        f"05.09.2025\nDirect flights agreed\n{LEAD}\n"
        f"04.09.2025\n{SECOND}\n"
        f"03.09.2025\nBusiness forum set for December\n{LEAD.replace('spring', 'summer')}\n"
    )
    articles = parse_text(text)
    assert [a.published.day for a in articles] == [5, 4, 3]
    assert articles[1].title_inferred is True
    assert articles[1].body == SECOND


def test_digest_of_numbered_items_splits_at_each_numbered_headline():
    """It was one undated article titled with the digest's name, the items' headlines
    numbered list items of its body."""
    text = (
        "Weekly diplomatic digest\n\n"
        f"1. Direct flights agreed\n08.09.2025\n{LEAD}\n\n"
        f"2) Business forum planned\n09.09.2025\n{SECOND}\n"
    )
    articles = parse_text(text)
    assert [(a.title, a.published, a.body) for a in articles] == [
        ("Direct flights agreed", datetime.date(2025, 9, 8), LEAD),
        ("Business forum planned", datetime.date(2025, 9, 9), SECOND),
    ]


def test_numbered_list_in_a_body_stays_a_list():
    text = f"Direct flights agreed\n05.09.2025\n{LEAD}\n1. Flights\n2. Visas\n{SECOND}"
    article = one(text)
    assert article.body == f"{LEAD}\n\n1. Flights\n2. Visas\n\n{SECOND}"


def test_date_line_followed_by_prose_inside_a_text_does_not_split_it():
    article = one(f"Direct flights agreed\n{LEAD}\n5 September 2025\n{SECOND}")
    assert SECOND in article.body


# --- titles -----------------------------------------------------------------------------------


def test_title_is_kept_exactly_as_written():
    article = one(f"Kazakhstan, Finland agree on ‘Direct Flights’\n{LEAD}")
    assert article.title == "Kazakhstan, Finland agree on ‘Direct Flights’"
    assert article.title_inferred is False


def test_missing_title_is_inferred_from_the_first_sentence_main_clause():
    article = one(f"{LEAD}\n{SECOND}")
    assert article.title_inferred is True
    assert (
        article.title
        == "The foreign ministers of Kazakhstan and Finland agreed to open a direct air route"
    )
    assert "title inferred from the first sentence: check it before publishing" in article.warnings


def test_inferred_title_is_short_and_has_no_trailing_punctuation():
    lead = (
        "Addressing the plenary session of the forum in Astana, the Deputy Foreign Minister of "
        "Kazakhstan outlined a long list of proposals on water, energy, transport, digital "
        "trade and climate adaptation for the whole of Central Asia and its neighbours."
    )
    article = one(lead)
    words = article.title.split()
    assert 4 <= len(words) <= 15
    assert article.title[-1].isalnum()
    assert article.title.startswith("The Deputy Foreign Minister of Kazakhstan outlined")


def test_inferred_title_leaves_out_the_attribution():
    article = one("Kazakhstan and Chile signed a visa waiver agreement, Kazinform reports.")
    assert article.title == "Kazakhstan and Chile signed a visa waiver agreement"


def test_section_label_line_is_not_the_title():
    article = one(f"news\n\nDirect flights agreed\n\n{LEAD}")
    assert article.title == "Direct flights agreed"
    assert "news" not in article.body


def test_title_repeated_around_bullet_metadata_is_kept_once():
    (article,) = fixture("metadata_block.txt")
    assert article.title == "Kazakhstan and Laos open a new chapter in ‘Trusted Partnership’"
    assert "Trusted Partnership" not in article.body


def test_bullet_metadata_gives_the_date_and_views_and_leaves_the_body():
    (article,) = fixture("metadata_block.txt")
    assert article.published == datetime.date(2024, 11, 14)
    assert article.view_count == 512
    assert "•" not in article.body
    assert "512" not in article.body
    assert article.byline is None


def test_caption_repeating_the_title_is_removed():
    article = one(f"Direct flights agreed\n{LEAD}\nDirect flights agreed\n{SECOND}")
    assert article.paragraphs == [LEAD, SECOND]


# --- furniture, credits, bylines ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Photo credit: Akorda", "Akorda"),
        ("Photo: Kazinform", "Kazinform"),
        ("Images | gov.kz", "gov.kz"),
        ("Фото: Акорда", "Акорда"),
        ("© Xinhua", "Xinhua"),
    ],
)
def test_image_credit_line_is_data_and_leaves_the_body(line, credit):
    article = one(f"Direct flights agreed\n{line}\n{LEAD}")
    assert article.image_credit == credit
    assert line not in article.body


def test_image_credit_later_in_the_text_is_also_taken():
    article = one(f"Direct flights agreed\n{LEAD}\nPhoto: Akorda\n{SECOND}")
    assert article.image_credit == "Akorda"
    assert article.paragraphs == [LEAD, SECOND]


def test_photo_word_in_prose_is_not_a_credit():
    line = "Photo exhibitions about the Silk Road will open in both capitals."
    article = one(f"Direct flights agreed\n{LEAD}\n{line}")
    assert article.image_credit is None
    assert line in article.paragraphs


def test_author_line_is_the_byline_and_leaves_the_body():
    article = one(f"Direct flights agreed\n{LEAD}\nAuthor: Dana Serikova")
    assert article.byline == "Dana Serikova"
    assert "Dana" not in article.body


def test_by_line_under_the_title_is_the_byline():
    article = one(f"Direct flights agreed\nBy Arman Ospanov\n{LEAD}")
    assert article.byline == "Arman Ospanov"


def test_sentence_starting_with_by_is_prose_not_a_byline():
    line = "By the end of the talks the ministers had agreed on a timetable."
    article = one(f"Direct flights agreed\n{LEAD}\n{line}")
    assert article.byline is None
    assert line in article.paragraphs


@pytest.mark.parametrize(
    "footer",
    [
        "Subscribe to our Telegram channel",
        "Stay up to date with the ministry - subscribe to the official Telegram channel",
        "Subscribe",
        "Follow us on Instagram",
        "Read also: Kazakh and Finnish diplomats discuss trade",
        "0 comments",
        "0 COMMENTS",
        "Comments (3)",
        "395 views",
        "Share",
        "Facebook",
        "Подписывайтесь на наш Telegram-канал",
        "Читайте также",
        "We use cookies to improve your experience. By continuing, you agree to our policy.",
        "This website uses cookies",
        "Мы используем файлы cookie для удобства пользователей",
        "Accept all",
        "Cookie settings",
        "Share this article",
        "WhatsApp",
        "Copy link",
        "Telegram | Facebook | X",
        "Home / News / Diplomacy",
        "Главная » Новости » Политика",
    ],
)
def test_page_furniture_is_removed_from_the_body(footer):
    article = one(f"Direct flights agreed\n{LEAD}\n{footer}\n{SECOND}")
    assert article.paragraphs == [LEAD, SECOND]


def test_cookie_banner_and_breadcrumbs_above_the_story_are_not_its_title():
    """A banner's sentence became the inferred title, and the date line under the real
    headline was then read as body text: the article went to review undated."""
    text = (
        "We use cookies to improve your experience on our site.\nAccept all\n"
        f"Home / News / Diplomacy\nDirect flights agreed\n15 September 2025, 17:40\n"
        f"Share\nTelegram\nCopy link\n{LEAD}\nShare this article\n{SECOND}"
    )
    article = one(text)
    assert (article.title, article.title_inferred) == ("Direct flights agreed", False)
    assert article.published == datetime.date(2025, 9, 15)
    assert article.paragraphs == [LEAD, SECOND]


def test_text_of_cookie_banner_and_share_buttons_only_has_no_article():
    with pytest.raises(ImportFileError, match="no article"):
        parse_text("We use cookies on our site.\nAccept all\nShare\nFacebook\nCopy link\n")


def test_prose_about_cookies_or_sharing_stays():
    line = "Main roads to the border crossing will be repaired before winter."
    shares = "Share of transit cargo grew to a third of the total."
    article = one(f"Direct flights agreed\n{LEAD}\n{line}\n{shares}")
    assert article.paragraphs == [LEAD, line, shares]


# --- HTML left in a saved page ----------------------------------------------------------------


def test_html_tags_and_entities_left_in_the_text_are_removed():
    """The first tag was the title (<div class="article">) and the date line, in a <p> with
    &nbsp;, went unread: the article went to review undated with tags in its body."""
    text = (
        '<div class="article">\n<h1>Direct flights &quot;Astana &#8212; Helsinki&quot;</h1>\n'
        "<p>12.09.2025&nbsp;|&nbsp;14:05</p>\n"
        f"<p>{LEAD}<br/>{SECOND}</p>\n<p>&laquo;A new <strong>chapter</strong>,&raquo; "
        "said the minister.</p>\n<!-- counter --><script>track();</script></div>"
    )
    article = one(text)
    assert article.title == 'Direct flights "Astana — Helsinki"'
    assert (article.published, article.published_time) == (
        datetime.date(2025, 9, 12),
        datetime.time(14, 5),
    )
    assert article.paragraphs == [LEAD, SECOND, "«A new chapter,» said the minister."]


def test_angle_brackets_and_ampersands_in_prose_are_text_not_html():
    line = "Tariffs fell to <5% for R&D goods & services, and AT&T&nbsp was not a party."
    article = one(f"Direct flights agreed\n{LEAD}\n{line}")
    assert article.paragraphs == [LEAD, line]


def test_escaped_tags_are_kept_as_text():
    article = one(f"Direct flights agreed\n{LEAD}\nThe &lt;b&gt; tag is not bold here.")
    assert article.paragraphs[-1] == "The <b> tag is not bold here."


def test_read_also_label_takes_its_linked_headline_with_it():
    text = f"Direct flights agreed\n{LEAD}\nRead also\nFinnish diplomats visit Almaty\n{SECOND}"
    assert one(text).paragraphs == [LEAD, SECOND]


def test_signing_sentence_in_russian_is_not_a_subscribe_footer():
    line = "Подписание соглашения состоялось в присутствии глав государств."
    article = one(f"5 сентября 2025\nПрямой рейс согласован\n{line}")
    assert article.body == line


def test_whitespace_only_lines_and_trailing_spaces_are_cleaned():
    article = one(f"Direct flights agreed  \n \t \n{LEAD}\u00a0 \n\n\u00a0\n{SECOND}   ")
    assert article.body == f"{LEAD}\n\n{SECOND}"


# --- datelines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "dateline"),
    [
        ("ASTANA—", "ASTANA"),
        ("ASTANA – ", "ASTANA"),
        ("NUR-SULTAN. KAZINFORM – ", "NUR-SULTAN"),
        ("ASTANA. KAZINFORM - ", "ASTANA"),
        ("BEIJING, Sept. 1 (Xinhua) -- ", "BEIJING"),
        ("АСТАНА. КАЗИНФОРМ – ", "АСТАНА"),
    ],
)
def test_dateline_is_data_and_the_paragraph_keeps_its_text(start, dateline):
    article = one(f"Direct flights agreed\n{start}{LEAD}\n{SECOND}")
    assert article.dateline == dateline
    assert article.paragraphs[0] == LEAD


def test_agency_in_the_dateline_is_the_source():
    article = one(f"Direct flights agreed\nASTANA. KAZINFORM - {LEAD}")
    assert article.source == "Kazinform"


def test_xinhua_dateline_date_gives_the_publication_date_when_none_other():
    article = one(f"Direct flights agreed\nBEIJING, Sept. 1, 2025 (Xinhua) -- {LEAD}")
    assert article.published == datetime.date(2025, 9, 1)
    assert article.source == "Xinhua"


def test_acronym_inside_the_first_sentence_is_not_a_dateline():
    article = one(f"Direct flights agreed\nThe SCO summit - held in Astana - ended. {LEAD}")
    assert article.dateline is None


def test_no_title_and_dateline_together():
    (article,) = fixture("no_title_dateline.txt")
    assert article.dateline == "NUR-SULTAN"
    assert article.source == "Kazinform"
    assert article.title == "The Kazakh and Austrian foreign ministers agreed on Tuesday"
    assert article.title_inferred is True
    assert article.published is None


# --- sources --------------------------------------------------------------------------------


def test_agency_reporting_and_citing_gives_source_and_cited_source():
    text = (
        "Tokayev receives ambassadors\nPresident Tokayev received five ambassadors, "
        "Kazinform News Agency reports citing the Akorda press service."
    )
    article = one(text)
    assert (article.source, article.cited_source) == ("Kazinform", "Akorda")


def test_qazinform_spelling_is_kazinform():
    text = f"Direct flights agreed\n{LEAD[:-1]}, Qazinform reports."
    assert one(text).source == "Kazinform"


def test_press_service_of_the_kazakh_mfa_reports_is_mfa():
    text = f"Direct flights agreed\n{LEAD[:-1]}, press service of the Kazakh MFA reports."
    assert (one(text).source, one(text).cited_source) == ("MFA", None)


def test_according_to_the_akorda_press_service_is_a_cited_source():
    text = f"Direct flights agreed\nAccording to the Akorda press service, {LEAD[0].lower()}"
    article = one(text + LEAD[1:], default_source="Kazinform")
    assert (article.source, article.cited_source) == ("Kazinform", "Akorda")


def test_xinhua_reports_is_xinhua():
    assert one(f"Direct flights agreed\n{LEAD[:-1]}, Xinhua reports.").source == "Xinhua"


def test_presidential_press_service_is_akorda():
    text = f"Ambassadors received\n{LEAD[:-1]}, Kazinform reports citing the presidential press service."
    assert one(text).cited_source == "Akorda"


def test_outlet_named_as_a_subject_is_not_a_source():
    text = "Briefing held\nThe Kazakh Ministry of Foreign Affairs hosted a briefing for the press."
    assert one(text).source is None


def test_default_source_is_used_when_the_text_names_none():
    article = one(f"Direct flights agreed\n{LEAD}", default_source="MFA")
    assert article.source == "MFA"
    assert not any("source" in w for w in article.warnings)


def test_default_source_alias_is_canonicalised():
    assert one(f"Direct flights agreed\n{LEAD}", default_source="Qazinform").source == "Kazinform"


def test_source_named_in_the_text_wins_over_the_default():
    text = f"Direct flights agreed\n{LEAD[:-1]}, Xinhua reports."
    assert one(text, default_source="MFA").source == "Xinhua"


def test_text_without_source_warns_when_no_default():
    article = one(f"Direct flights agreed\n{LEAD}")
    assert article.source is None
    assert any(w.startswith("no source named in the text") for w in article.warnings)


def test_custom_sources_mapping_is_honoured():
    sources = {"Tengrinews": ("Tengri News",)}
    article = one(f"Direct flights agreed\n{LEAD[:-1]}, Tengri News reports.", sources=sources)
    assert article.source == "Tengrinews"


def test_default_sources_cover_the_seeded_sources():
    assert set(DEFAULT_SOURCES) == {"Akorda", "Kazinform", "Xinhua", "MFA"}
    assert "Qazinform" in DEFAULT_SOURCES["Kazinform"]


# --- body structure -------------------------------------------------------------------------


def test_paragraphs_are_separated_by_a_blank_line():
    assert one(f"Direct flights agreed\n{LEAD}\n{SECOND}").body == f"{LEAD}\n\n{SECOND}"


def test_all_caps_subheading_stays_in_the_body_as_a_subheading():
    (article,) = fixture("subheadings_lists.txt")
    assert "## COPPER AND LITHIUM" in article.paragraphs


def test_short_headline_like_subheading_stays_in_the_body_as_a_subheading():
    (article,) = fixture("subheadings_lists.txt")
    assert "## Flights and tourism" in article.paragraphs


def test_subheading_inside_a_body_does_not_start_a_new_article():
    (article,) = fixture("metadata_block.txt")
    assert "## Trade and transit" in article.paragraphs


def test_bulleted_and_numbered_lists_become_markdown_list_items():
    (article,) = fixture("subheadings_lists.txt")
    assert (
        "- Agreement on visa-free travel for holders of ordinary passports;\n"
        "- Programme of cooperation in the field of education:\n"
        "    1. Exchange of students for 2026-2028;\n"
        "    2. Joint research on lithium processing;\n"
        "- Memorandum of understanding on mining."
    ) in article.paragraphs


def test_numbered_list_on_its_own_is_not_indented():
    text = f"Documents signed\n{LEAD}\n1) Air services agreement;\n2.Visa waiver protocol."
    assert one(text).paragraphs[-1] == "1. Air services agreement;\n2. Visa waiver protocol."


def test_decimal_number_at_line_start_is_not_a_list_item():
    text = f"Growth figures\n{LEAD}\n5.1% growth was recorded in the first half of the year."
    assert one(text).paragraphs[-1] == "5.1% growth was recorded in the first half of the year."


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    text = (
        "Direct flights agreed\n\nThe foreign ministers of Kazakhstan and Finland agreed\n"
        "to open a direct air route between Astana and Helsinki next spring.\n\n" + SECOND
    )
    assert one(text).paragraphs == [LEAD, SECOND]


def test_repeated_sentence_with_another_attribution_is_dropped_with_a_warning():
    text = (
        "Visa waiver signed\n"
        "Kazakhstan and Chile signed a visa waiver agreement in Santiago, "
        "Kazinform reports citing the Kazakh MFA.\n"
        "Kazakhstan and Chile signed a visa waiver agreement in Santiago, MFA reports.\n"
        f"{SECOND}"
    )
    article = one(text)
    assert len(article.paragraphs) == 2
    assert article.paragraphs[1] == SECOND
    assert any(w.startswith("repeated sentence dropped") for w in article.warnings)


def test_repeated_sentence_inside_a_paragraph_is_dropped_alone():
    text = f"Direct flights agreed\n{LEAD}\n{LEAD} {SECOND}"
    assert one(text).paragraphs == [LEAD, SECOND]


def test_short_repeated_phrase_is_kept():
    text = f"Direct flights agreed\n{LEAD}\nHe agreed.\n{SECOND}\nHe agreed."
    assert one(text).paragraphs.count("He agreed.") == 2


def test_curly_and_straight_quotes_are_kept_as_written():
    line = '“We are ready,” the minister said, calling it a "historic" step.'
    assert line in one(f"Direct flights agreed\n{LEAD}\n{line}").paragraphs


def test_word_count_counts_body_words_without_markdown_markers():
    text = (
        "Documents signed\nThe ministers met today.\nTRADE TALKS\n- One agreement;\n2. Two deals."
    )
    assert one(text).word_count == 10


# --- languages ------------------------------------------------------------------------------


def test_english_text_is_en():
    assert one(f"Direct flights agreed\n{LEAD}").language == "en"


def test_russian_article_with_cyrillic_month_and_attribution():
    (article,) = fixture("ru_kazinform.txt")
    assert article.language == "ru"
    assert article.title == "Казахстан и Финляндия договорились о прямом авиасообщении"
    assert (article.published, article.published_time) == (
        datetime.date(2025, 10, 27),
        datetime.time(14, 43),
    )
    assert (article.source, article.cited_source) == ("Kazinform", "Akorda")
    assert article.image_credit == "Акорда"
    assert "Telegram" not in article.body


def test_kazakh_article_with_kazakh_month_and_attribution():
    (article,) = fixture("kk_akorda.txt")
    assert article.language == "kk"
    assert article.published == datetime.date(2025, 9, 5)
    assert article.title == "Қазақстан мен Финляндия тікелей әуе қатынасын ашады"
    assert (article.source, article.cited_source) == ("Kazinform", "Akorda")


def test_kazakh_specific_letters_make_kazakh_not_russian():
    assert one("Тараптар іскерлік форумға дайындықты талқылады.").language == "kk"


def test_russian_without_kazakh_letters_is_ru():
    assert one("Стороны обсудили подготовку делового форума.").language == "ru"


# --- the value --------------------------------------------------------------------------------


def test_parsed_article_is_immutable():
    article = one(f"Direct flights agreed\n{LEAD}")
    with pytest.raises(AttributeError):
        article.title = "Changed"


def test_warnings_are_one_line_strings():
    article = one(f"{LEAD}\n{LEAD}")
    assert article.warnings
    assert all(isinstance(w, str) and "\n" not in w for w in article.warnings)
