"""Parse stage of the plain-text importer: bytes -> ``ParsedArticle`` values.

Pure by design: no Django, no database, no network. The stage decodes a file, splits a digest
into articles, separates page furniture (crawl headers, view counters, bullet metadata, subscribe
footers, repeated titles) from the story, and keeps what is data (publication date and time,
image credit, dateline, byline, the reporting and the cited source).

The body comes out as Markdown: paragraphs separated by a blank line, subheadings as ``## ``,
lists as ``- item`` / ``1. item`` (numbered items under a bullet that ends with a colon are
nested four spaces deep, which both CommonMark and Python-Markdown read as a sub-list).
"""

import codecs
import datetime
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from relations.charsets import WIDE_BOMS, kazakh_code_page, windows_1251_misreading

__all__ = [
    "DEFAULT_SOURCES",
    "MAX_CONTROL_RATIO",
    "TRADE_TURNOVER",
    "TRADE_UNIT",
    "ImportFileError",
    "ParsedArticle",
    "TradeAmount",
    "TradeSentence",
    "decode",
    "parse_bytes",
    "parse_text",
    "trade_sentences",
]


class ImportFileError(Exception):
    """A file the importer refuses; str(exc) is a one-line human message: what is wrong and
    what to do."""


# --------------------------------------------------------------------------------------------
# The value this stage produces


_WORD_RE = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_MD_MARKER_RE = re.compile(r"^(?:#{1,6}\s+|\s*[-*]\s+|\s*\d{1,3}\.\s+)", re.M)


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    published: datetime.date | None
    body: str
    title_inferred: bool = False
    language: str = "en"
    source: str | None = None
    cited_source: str | None = None
    image_credit: str | None = None
    dateline: str | None = None
    byline: str | None = None
    published_time: datetime.time | None = None
    warnings: tuple[str, ...] = ()
    view_count: int | None = None

    @property
    def paragraphs(self) -> list[str]:
        """Blocks of the body: prose paragraphs, ``## `` subheadings and whole lists."""
        return [block for block in self.body.split("\n\n") if block.strip()]

    @property
    def word_count(self) -> int:
        return len(_WORD_RE.findall(_MD_MARKER_RE.sub("", self.body)))


DEFAULT_SOURCES: dict[str, tuple[str, ...]] = {
    "Akorda": (
        "Akorda press service",
        "press service of Akorda",
        "presidential press service",
        "President's press service",
        "press service of the President of Kazakhstan",
        "press service of the Kazakh President",
        "press service of the Head of State",
        "Kazakh President's press service",
        "Akorda.kz",
        "Акорда",
        "Акорды",
        "Акорде",
        "Ақорда",
    ),
    "Kazinform": (
        "Qazinform",
        "Kazinform News Agency",
        "Qazinform News Agency",
        "Kazinform International News Agency",
        "Qazinform International News Agency",
        "Kazinform agency",
        "inform.kz",
        "Qazinform.com",
        "Казинформ",
        "Қазинформ",
        "Kazinform correspondent",
    ),
    "Xinhua": ("Xinhua News Agency", "Xinhuanet", "Синьхуа", "Синьхуа агенттігі"),
    "MFA": (
        "Kazakh MFA",
        "MFA of Kazakhstan",
        "MFA of the Republic of Kazakhstan",
        "Kazakhstan's MFA",
        "Kazakh Foreign Ministry",
        "Kazakhstan's Foreign Ministry",
        "Foreign Ministry of Kazakhstan",
        "Kazakh Ministry of Foreign Affairs",
        "Kazakhstan's Ministry of Foreign Affairs",
        "Ministry of Foreign Affairs of Kazakhstan",
        "Ministry of Foreign Affairs of the Republic of Kazakhstan",
        "МИД РК",
        "МИД Казахстана",
        "Министерство иностранных дел Казахстана",
        "Министерство иностранных дел Республики Казахстан",
        "ҚР СІМ",
        "ҚР Сыртқы істер министрлігі",
    ),
}

MAX_CONTROL_RATIO = 0.05

# --------------------------------------------------------------------------------------------
# Decoding

_KEEP_CONTROLS = frozenset("\n\t")
_CONTROL_CHARS = frozenset(
    chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in _KEEP_CONTROLS
)
# Characters normalised in every text: odd spaces become a space, invisible marks vanish, odd
# line breaks become a newline. Control characters are removed after they have been counted.
_TRANSLATE = {
    **{ord(c): None for c in _CONTROL_CHARS},
    **{ord(c): " " for c in "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006"},
    **{ord(c): " " for c in "\u2008\u2009\u200a\u205f\u3000"},
    **{ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"},
    **{ord(c): "\n" for c in "\u2028\u2029\x0b\x0c\x85"},
}

_CONTROL_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_CONTROL_CHARS)) + "]")
_ODD_CHARS_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATE)) + "]")

_EMPTY_MESSAGE = "empty file: it holds no text; check that the right file was exported"
_BINARY_MESSAGE = (
    "binary file: it is not text in UTF-8, UTF-16 (with a byte-order mark) or Windows-1251; "
    "save the article as plain text (.txt) and import that"
)
_UTF16_NO_BOM_MESSAGE = (
    "UTF-16 text without a byte-order mark: its encoding cannot be told for sure; save it as "
    "UTF-8 and import it again"
)


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL_RE.findall(text)) / len(text)


def _refuse_binary(text: str) -> str:
    ratio = _control_ratio(text)
    if ratio > MAX_CONTROL_RATIO:
        raise ImportFileError(
            f"binary file: {ratio:.0%} of it is control characters (the limit is "
            f"{MAX_CONTROL_RATIO:.0%}); save the article as plain text (.txt) and import that"
        )
    return text


def decode(data: bytes) -> tuple[str, str]:
    """-> (text, encoding name): UTF-8 ('utf-8-sig' with a BOM), UTF-16 and UTF-32 with a BOM,
    or Windows-1251 ('cp1251') when it reads as Russian or Kazakh (the CSV import's rule,
    `relations.charsets.windows_1251_misreading`), or KZ-1048 ('kz1048') when it reads as
    Kazakh in that code page and not in Windows-1251 (`relations.charsets.kazakh_code_page`). Line endings become \\n, a few stray
    control characters are removed (\\n and \\t kept). Raises ImportFileError with a one-line
    message when the file is empty or white space only, binary (it decodes in none of them, or
    control characters, NUL included, are more than MAX_CONTROL_RATIO of it), UTF-16 without a
    byte-order mark, or 8-bit text that is not Russian or Kazakh (a Western code page, whose
    "Côte" Windows-1251 would silently turn into "Cфte")."""
    if not data:
        raise ImportFileError(_EMPTY_MESSAGE)
    wide = next((name for bom, name in WIDE_BOMS if data.startswith(bom)), None)
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif wide:
        # FF FE 00 00 may also be UTF-16 whose first character is a NUL.
        candidates = ["utf-32", "utf-16"] if wide == "UTF-32" else ["utf-16"]
    elif b"\x00" in data and _utf16_without_bom(data):
        raise ImportFileError(_UTF16_NO_BOM_MESSAGE)
    else:
        candidates = ["utf-8", "cp1251"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise ImportFileError(_BINARY_MESSAGE)
    if encoding == "cp1251" and kazakh_code_page(data):
        text, encoding = data.decode("kz1048"), "kz1048"
    text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = _normalise(_refuse_binary(text))
    if not text.strip():
        raise ImportFileError(_EMPTY_MESSAGE)
    if encoding == "cp1251" and (reason := windows_1251_misreading(text)):
        raise ImportFileError(
            f"not UTF-8 or Windows-1251 text ({reason}); save it as UTF-8 and import it again"
        )
    return text, encoding


def _utf16_without_bom(data: bytes) -> bool:
    """Whether the bytes look like UTF-16 text without its byte-order mark.

    Its NULs sit at every other byte: in the code units of one script (Latin, Cyrillic) the
    high byte takes one or two values, 00 for spaces, digits and punctuation among them.
    """
    if len(data) < 4:
        return False
    # High bytes of little-endian code units at odd offsets, of big-endian ones at even ones.
    for codec, halves in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        counts = Counter(halves)
        if not counts[0] or sum(n for _, n in counts.most_common(2)) < 0.95 * len(halves):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) <= MAX_CONTROL_RATIO:  # zeros padding a binary format are not
            return True
    return False


def _normalise(text: str) -> str:
    return _ODD_CHARS_RE.sub(_replace_odd_char, text)


def _replace_odd_char(m: re.Match[str]) -> str:
    return _TRANSLATE[ord(m.group(0))] or ""


# HTML a page was saved with: block tags end a line, inline tags and comments go, and
# entities (with their semicolon only: "R&D" and "&c" stay as written) become characters.
# Only real tag names count, so "a <5% share" or "<<Astana>>" is left alone.
_HTML_DROP_RE = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_HTML_BLOCK_TAGS = (
    r"p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|tr|td|th|table|thead|tbody|section|article|header"
    r"|footer|aside|nav|main|blockquote|figure|figcaption|pre|body|html|head|title"
)
_HTML_INLINE_TAGS = (
    r"a|b|i|u|s|em|strong|span|font|small|big|sup|sub|mark|abbr|cite|q|time|img|picture"
    r"|source|wbr|meta|link|iframe|button|svg|path|label|input|form|center"
)
_HTML_TAG_RE = re.compile(
    rf"</?(?:(?P<block>{_HTML_BLOCK_TAGS})|{_HTML_INLINE_TAGS})(?:\s[^<>]{{0,2000}})?/?>", re.I
)
_HTML_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.I)


def _strip_html(text: str) -> str:
    if "<" in text:
        text = _HTML_DROP_RE.sub("", text)
        text = _HTML_TAG_RE.sub(lambda m: "\n" if m.group("block") else "", text)
    if "&" in text:
        text = _HTML_ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def _clean_lines(text: str) -> list[str]:
    # After the HTML: its entities may give odd spaces (&nbsp;) or control characters (&#7;).
    text = _normalise(_strip_html(text.replace("\r\n", "\n").replace("\r", "\n")))
    return [
        (_SPACES_RE.sub(" ", line) if "  " in line or "\t" in line else line).strip()
        for line in text.split("\n")
    ]


_SPACES_RE = re.compile(r"[ \t]+")

# --------------------------------------------------------------------------------------------
# Dates

_EN_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_RU_MONTHS = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
_KK_MONTHS = (
    r"(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)"
    r"[а-яәғқңөұүһі]*"
)
_MONTH = rf"(?:{_EN_MONTHS}|{_RU_MONTHS}|{_KK_MONTHS})(?![\w])\.?"
_MONTH_PREFIXES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "мае": 5, "июн": 6, "июл": 7,
    "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
    "қаң": 1, "ақп": 2, "нау": 3, "сәу": 4, "мам": 5, "мау": 6, "шіл": 7, "там": 8, "қыр": 9,
    "қаз": 10, "қар": 11, "жел": 12,
}  # fmt: skip
_WEEKDAY = (
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
    r"|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
    r"|дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма|сенбі|жексенбі"
)
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
# A time's zone as agencies print it: "09:11 (GMT+5)", "09:11 UTC+05:00", "09:11 GMT".
_ZONE = r"\(?(?:GMT|UTC)(?:\s*[+\-−]\s*\d{1,2}(?::?\d{2})?)?\)?"
_DATE = (
    r"(?:(?P<d1>\d{1,2})[./](?P<m1>\d{1,2})[./](?P<y1>\d{4})"
    r"|(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon3>{_MONTH}),?\s+(?P<y3>\d{{4}})"
    rf"|(?P<mon4>{_MONTH})\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y4>\d{{4}})"
    rf"|(?P<y5>\d{{4}})\s*(?:жылғы|ж\.|жыл)\s+(?P<d5>\d{{1,2}})\s+(?P<mon5>{_MONTH}))"
)
# A line that is nothing but a date: optionally a crawl header ("date 2025-09-06") before it, a
# label, a weekday, a time before or after, a year word ("г.", "года", "ж.") and a view counter.
_DATE_LINE_RE = re.compile(
    rf"""^(?:date\s+\d{{4}}-\d{{2}}-\d{{2}}\s+)?
    (?:(?:published|posted|date|опубликовано|дата|жарияланды|жарияланған)\s*:\s*)?
    (?:(?:{_WEEKDAY}),?\s+)?
    (?:(?P<t1>{_TIME})(?:\s*(?P<z1>{_ZONE}))?\s*[,|·•/]?\s*)?
    {_DATE}
    (?:\s*(?:г\.|года|год|ж\.|жылы|жыл))?
    (?:\s*(?:[,|·•/]\s*)?(?:T|в\s+|at\s+)?(?P<t2>{_TIME})(?:\s*(?P<z2>{_ZONE}))?)?
    (?:\s*[,|·•/]?\s*(?P<views>\d{{1,9}}))?
    \s*$""",
    re.I | re.X,
)
_CRAWL_ONLY_RE = re.compile(r"^date\s+\d{4}-\d{2}-\d{2}(?:[\sT][\d:.]+)?(?:\s+\d{1,9})?$", re.I)


@dataclass(frozen=True)
class _DateInfo:
    date: datetime.date
    time: datetime.time | None
    views: int | None
    style: str = ""  # which date pattern matched, so a digest's separators can be recognised


def _month_number(word: str) -> int:
    return _MONTH_PREFIXES[word.casefold().rstrip(".")[:3]]


def _date_from_match(m: re.Match[str]) -> datetime.date | None:
    g = m.group
    try:
        if g("y1"):
            y, mo, d = int(g("y1")), int(g("m1")), int(g("d1"))
        elif g("y2"):
            y, mo, d = int(g("y2")), int(g("m2")), int(g("d2"))
        elif g("y3"):
            y, mo, d = int(g("y3")), _month_number(g("mon3")), int(g("d3"))
        elif g("y4"):
            y, mo, d = int(g("y4")), _month_number(g("mon4")), int(g("d4"))
        else:
            y, mo, d = int(g("y5")), _month_number(g("mon5")), int(g("d5"))
        if not 1900 <= y <= 2100:
            return None
        return datetime.date(y, mo, d)
    except (KeyError, ValueError):
        return None


def _unreal_date_line(line: str) -> bool:
    """A line written as a date line that names no real day (31.02.2025) or a year outside
    1900-2100: not a date, but worth telling the importer about."""
    if not line or len(line) > 80:
        return False
    m = _DATE_LINE_RE.match(line)
    return m is not None and _date_from_match(m) is None


_ZONE_OFFSET_RE = re.compile(r"(?P<sign>[+\-−])\s*(?P<h>\d{1,2}):?(?P<m>\d{2})?")


def _zone_from(text: str | None) -> datetime.tzinfo | None:
    """ "(GMT+5)" -> UTC+05:00; None when no zone is given or it is not a real offset."""
    if not text:
        return None
    m = _ZONE_OFFSET_RE.search(text)
    if m is None:
        return datetime.UTC
    hours, minutes = int(m.group("h")), int(m.group("m") or 0)
    if hours > 14 or minutes > 59:
        return None
    offset = datetime.timedelta(hours=hours, minutes=minutes)
    return datetime.timezone(-offset if m.group("sign") in "-−" else offset)


def _time_from(text: str | None, zone: str | None = None) -> datetime.time | None:
    """The time of day, with its zone when the line gives one (the loader assumes the
    newsroom's zone for a time without one)."""
    if not text:
        return None
    parts = [int(p) for p in text.split(":")]
    try:
        return datetime.time(*parts, tzinfo=_zone_from(zone))
    except ValueError:
        return None


def _match_date_line(line: str) -> _DateInfo | None:
    if not line or len(line) > 80 or not line[-1].isalnum() and line[-1] not in ".)":
        return None
    m = _DATE_LINE_RE.match(line)
    if m is None:
        return None
    date = _date_from_match(m)
    if date is None:
        return None
    views = m.group("views")
    style = next(key for key in ("y1", "y2", "y3", "y4", "y5") if m.group(key))
    return _DateInfo(
        date,
        _time_from(m.group("t1"), m.group("z1")) or _time_from(m.group("t2"), m.group("z2")),
        int(views) if views else None,
        style + ("t" if m.group("t1") or m.group("t2") else ""),
    )


# --------------------------------------------------------------------------------------------
# Furniture, credits, bylines, list items

_CYR_UPPER = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_CYR_LOWER = "а-яёәғқңөұүһі"
_CYR_LETTERS = _CYR_LOWER + _CYR_UPPER
_KK_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

_SOCIAL = r"telegram|whatsapp|facebook|instagram|youtube|twitter|tiktok|vk|vkontakte|linkedin"
_SUBSCRIBE = r"subscribe|подпишитесь|подписывайтесь|подписаться|жазылыңыз|жазылу"
_FOOTER_RE = re.compile(
    "|".join(
        f"(?:{pattern})"
        for pattern in (
            r"^\d+\s+(?:comments?|views?|reads?|shares?|likes?)$",
            r"^(?:comments?|views?|reads?|shares?)\s*[:(]?\s*\d+\)?$",
            r"^(?:no comments|leave a comment|add a comment|comments|login to comment)$",
            r"^\d+\s+(?:комментари\w*|просмотр\w*|пікір\w*|қаралым\w*)$",
            r"^(?:комментари\w*|просмотр\w*|пікір\w*)\s*[:(]?\s*\d*\)?$",
            rf"^(?:{_SUBSCRIBE})\b",
            rf"^(?:follow|join)\s+(?:us|our)\b.*\b(?:{_SOCIAL}|channel|page|account)\b",
            r"^(?:read (?:also|more)|see also|читайте также|смотрите также|также читайте"
            r"|оқи отырыңыз)\b",
            r"^(?:related(?: news| articles| stories)?|оқыңыз)\s*:?$",
            rf"^(?:share|share this|share on|поделиться|бөлісу)\b(?:\s*(?:on\s+)?(?:{_SOCIAL}|:))*$",
            rf"^(?:{_SOCIAL}|x|ok|email|e-mail|print|copy link|link copied|tweet|back to top)$",
            r"^(?:advertisement|реклама|жарнама)$",
            # Cookie banners and their buttons.
            r"^(?:we|this (?:web)?site|our (?:web)?site)\s+uses?\s+cookies\b",
            r"^(?:by (?:continuing|using)\b.*\bcookies\b)",
            r"^мы используем (?:файлы )?(?:cookie|куки)",
            r"^(?:accept|allow|reject|decline)(?: all)?(?: cookies)?$|^(?:i agree|got it|ok, got it)$",
            r"^(?:cookie|cookies) (?:settings|preferences|policy)$|^manage cookies$",
            r"^(?:принять|согласен|қабылдау)(?: все)?$",
            # Share buttons under a story.
            rf"^(?:share this (?:article|story|post|news|page)|{_SOCIAL}|copy link)"
            rf"(?:\s*[|/·•,]?\s*(?:{_SOCIAL}|copy link|x|ok|email|print))*$",
            # Breadcrumbs: "Home / News / Diplomacy", "Главная » Новости".
            r"^(?:home|main|main page|главная|басты бет)\s*(?:[/>»›|]\s*[^/>»›|]{1,40}){1,5}$",
        )
    ),
    re.I,
)
# A subscribe call anywhere in a short line ("Stay updated ... - subscribe to our Telegram
# channel"); searched only when a cheap substring test finds the verb.
_SUBSCRIBE_STEMS = ("subscri", "подпи", "жазыл")
_SUBSCRIBE_CALL_RE = re.compile(
    rf"\b(?:{_SUBSCRIBE})\b.*\b(?:{_SOCIAL}|channel|newsletter|канал\w*|арна\w*)"
    rf"|\b(?:{_SOCIAL}|channel|канал\w*|арна\w*)\b.*\b(?:{_SUBSCRIBE})\b",
    re.I,
)
_UPDATED_RE = re.compile(
    r"^(?:updated|last updated|modified|обновлено|изменено|жаңартылды)\s*:?\s*(?P<rest>.+)$", re.I
)
_READ_ALSO_RE = re.compile(
    r"^(?:read (?:also|more)|see also|related news|читайте также|также читайте|оқи отырыңыз)"
    r"\s*:?$",
    re.I,
)
_FOOTER_MAX_WORDS = 30

_CREDIT_RE = re.compile(
    r"^(?:(?:photo|photos|image|images|picture|pictures|illustration|video)"
    r"(?:\s+(?:credit|credits|source|courtesy))?|credit|фото|сурет|видео)"
    r"(?:\s*(?:[:|©–—]|-\s|\bby\b|\bof\b)\s*|\s+©\s*)(?P<credit>\S.{0,100})$"
    r"|^©\s*(?P<credit2>\S.{0,100})$",
    re.I,
)
_BYLINE_RE = re.compile(
    r"^(?:(?:author|authors|written by|text by|by|автор|авторы|текст)\s*:?\s+)"
    r"(?P<name>[^\W\d_][\w.’'\- ]{1,80})$",
    re.I,
)
_BULLET_RE = re.compile(r"^(?:[-*]\s+|[•·▪●◦]\s*)(?P<text>\S.*)$")
_NUMBERED_RE = re.compile(r"^(?P<num>\d{1,3})[.)](?!\d)\s*(?P<text>\S.*)$")
_META_BULLET_RE = re.compile(r"^[•·▪●◦]\s*(?P<text>.*)$")
_META_TEXT_RE = re.compile(
    r"^(?:|[-–—|/]|by|by\s+\S.{0,60}|\d{1,9}|\d{1,9}\s+\w+|(?:views?|comments?)\s*:?\s*\d*)$",
    re.I,
)
_HAS_LETTER_RE = re.compile(r"[^\W\d_]")
_SECTION_LABELS = frozenset(
    {
        "news",
        "latest news",
        "top news",
        "politics",
        "world",
        "society",
        "economy",
        "diplomacy",
        "foreign policy",
        "analytics",
        "opinion",
        "press releases",
        "press release",
        "новости",
        "политика",
        "экономика",
        "общество",
        "жаңалықтар",
        "саясат",
    }
)
_LABEL_RE = re.compile(rf"^[a-z{_CYR_LOWER}]+$")


def _is_footer(line: str) -> bool:
    if len(line.split()) > _FOOTER_MAX_WORDS:
        return False
    if _FOOTER_RE.match(line) is not None:
        return True
    folded = line.casefold()
    return any(stem in folded for stem in _SUBSCRIBE_STEMS) and bool(
        _SUBSCRIBE_CALL_RE.search(line)
    )


def _is_junk(line: str) -> bool:
    """A line with no letter at all (counters, dashes, stray bullets) or page furniture: an
    "updated" stamp is not the publication date, so it goes too."""
    if not _HAS_LETTER_RE.search(line) or _is_footer(line) or _CRAWL_ONLY_RE.match(line):
        return True
    updated = _UPDATED_RE.match(line)
    return updated is not None and _match_date_line(updated.group("rest")) is not None


def _credit(line: str) -> str | None:
    m = _CREDIT_RE.match(line)
    if m is None:
        return None
    return (m.group("credit") or m.group("credit2")).strip(" .")


def _byline(line: str) -> str | None:
    if len(line) > 90:
        return None
    m = _BYLINE_RE.match(line)
    if m is None:
        return None
    name = m.group("name").strip(" .")
    # "By the end of the year ..." is prose; a byline is a name: capitalised words.
    words = name.split()
    if len(words) > 6 or not all(w[0].isupper() for w in words if w[0].isalpha()):
        return None
    return name


def _fold(text: str) -> str:
    """Comparison key: case, quotes, dashes and spacing ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    for fancy, plain in _FOLD_PAIRS:
        text = text.replace(fancy, plain)
    return " ".join(_FOLD_STRIP_RE.sub(" ", text).split())


_FOLD_PAIRS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("«", '"'), ("»", '"'))
_FOLD_STRIP_RE = re.compile(r"[^\w'\s]+")

# --------------------------------------------------------------------------------------------
# Titles, headings, datelines

_TERMINAL = ".!?…;:,"
_CLOSING_QUOTES = '"”»'


def _is_title_like(line: str) -> bool:
    """A headline: short, one line, not a sentence, not furniture."""
    if not line or len(line) > 220 or line[-1] in ".,;:":
        return False
    if len(line.split()) > 25 or not _HAS_LETTER_RE.search(line):
        return False
    first = line[0]
    if first.islower() or first in "-*•·▪●◦#([":
        return False
    if _NUMBERED_RE.match(line):  # "1.Development strategy" is a list item
        return False
    return not (
        _match_date_line(line)
        or _credit(line)
        or _byline(line)
        or _is_junk(line)
        or _DATELINE_RE.match(line)
    )


def _is_all_caps(line: str) -> bool:
    return line.isupper() and len(_HAS_LETTER_RE.findall(line)) >= 4


def _is_heading(line: str) -> bool:
    """A subheading inside a body: an all-caps line, or a short headline-like line."""
    words = line.split()
    if not words or line[0] in "-*•#" or line[0].islower():
        return False
    if _is_all_caps(line) and len(words) <= 15 and line[-1] not in ".,;":
        return True
    if len(words) > 12 or len(line) > 100 or line[-1] in _TERMINAL + _CLOSING_QUOTES:
        return False
    return bool(_HAS_LETTER_RE.search(line))


_PLACE = rf"[A-Z{_CYR_UPPER}][A-Z{_CYR_UPPER}'’\-]{{2,}}(?:\s[A-Z{_CYR_UPPER}][A-Z{_CYR_UPPER}'’\-]+){{0,2}}"
_DATELINE_RE = re.compile(
    rf"""^(?P<place>{_PLACE})
    (?:\s*,\s*(?P<date>[^()—–]{{3,30}}?))?
    (?:\s*[.,]\s*(?P<agency>[A-Z{_CYR_UPPER}]{{3,}}(?:\s[A-Z{_CYR_UPPER}]{{2,}})?)
      |\s*\((?P<agency2>[^()]{{2,30}})\))?
    (?:\s*(?:—|–|--)\s*|\s+-\s*)
    (?=\S)""",
    re.X,
)
_INLINE_DATE_RE = re.compile(rf"^{_DATE}$", re.I)


# --------------------------------------------------------------------------------------------
# Sources


class _SourceMatcher:
    """Finds the reporting outlet and the source it cites from attribution phrases."""

    _CITED_BEFORE = re.compile(
        r"(?:citing|quoting|according\s+to|with\s+reference\s+to|cited\s+by|as\s+reported\s+by"
        r"|со\s+ссылкой\s+на|по\s+данным|по\s+информации|согласно|как\s+сообщает|как\s+сообщили\s+в)"
        r"\s+(?:the\s+)?(?:(?:official\s+)?(?:website|press\s+service|press\s+office|statement)"
        r"\s+of\s+(?:the\s+)?|пресс-служб\w*\s+|сайт\w*\s+|официальн\w+\s+сайт\w*\s+)?$",
        re.I,
    )
    _REPORT_AFTER = re.compile(
        r"^(?:['’]s)?(?:\s+(?:international\s+)?news\s+agency|\s+agency|\s+press\s+service"
        r"|\s+correspondent|\s+баспасөз\s+қызметі|\s+тілшісі|\s+агентство)?"
        r"\s*,?\s*(?:reports|reported|informs|writes|сообщает|сообщила|сообщили|передает"
        r"|передаёт|хабарлайды|хабарлады|жазады)(?!\w)",
        re.I,
    )
    _REPORT_BEFORE = re.compile(
        r"(?:reports|reported|writes|informs|сообщает|сообщила|сообщили|передает|передаёт"
        r"|хабарлайды|хабарлады)\s+(?:the\s+)?(?:(?:a\s+)?correspondent\s+of\s+(?:the\s+)?"
        r"|корреспондент\w*\s+|пресс-служб\w*\s+|тілшісі\s+)?$",
        re.I,
    )
    _CITED_AFTER = re.compile(r"^(?:\s+баспасөз\s+қызметіне)?\s+сілтеме", re.I)
    _CYR_SUFFIX = f"[{_CYR_LETTERS}]{{0,5}}"

    def __init__(self, sources: Mapping[str, Iterable[str]]):
        self.canonical: dict[str, str] = {}
        for name, aliases in sources.items():
            for alias in (name, *aliases):
                self.canonical.setdefault(_fold(alias), name)
        latin, cyrillic = [], []
        for alias in sorted({a for a in self.canonical if a}, key=len, reverse=True):
            pattern = re.escape(alias).replace(r"\ ", " ").replace(" ", r"\s+")
            pattern = pattern.replace("'", "['’]")
            (cyrillic if re.search(f"[{_CYR_LETTERS}]$", alias) else latin).append(pattern)
        parts = []
        if latin:
            parts.append(rf"(?<!\w)(?:{'|'.join(latin)})(?!\w)")
        if cyrillic:
            parts.append(rf"(?<!\w)(?:{'|'.join(cyrillic)}){self._CYR_SUFFIX}(?!\w)")
        self.alias_re = re.compile("|".join(parts), re.I) if parts else None

    def lookup(self, name: str) -> str | None:
        key = _fold(name)
        for cut in range(6):
            if cut and len(key) - cut < 3:
                break
            found = self.canonical.get(key[: len(key) - cut] if cut else key)
            if found:
                return found
        return None

    def find(self, texts: Iterable[str]) -> tuple[str | None, str | None]:
        reporting = cited = None
        if self.alias_re is None:
            return None, None
        for text in texts:
            for m in self.alias_re.finditer(text):
                name = self.lookup(m.group(0))
                if name is None:
                    continue
                before = text[max(0, m.start() - 80) : m.start()]
                after = text[m.end() : m.end() + 80]
                if self._CITED_BEFORE.search(before) or self._CITED_AFTER.match(after):
                    cited = cited or name
                elif self._REPORT_AFTER.match(after) or self._REPORT_BEFORE.search(before):
                    reporting = reporting or name
            if reporting and cited:
                break
        return reporting, cited


_DEFAULT_MATCHER = _SourceMatcher(DEFAULT_SOURCES)


@lru_cache(maxsize=16)
def _cached_matcher(key: tuple[tuple[str, tuple[str, ...]], ...]) -> _SourceMatcher:
    return _SourceMatcher(dict(key))


def _matcher_for(sources: Mapping[str, Iterable[str]]) -> _SourceMatcher:
    if sources is DEFAULT_SOURCES:
        return _DEFAULT_MATCHER
    key = tuple(sorted((str(k), tuple(str(a) for a in v)) for k, v in sources.items()))
    return _cached_matcher(key)


# --------------------------------------------------------------------------------------------
# Inferred titles and repeated sentences

_TITLE_MAX_WORDS = 15
_TITLE_HARD_WORDS = 12


def _wordset(*chunks: str) -> frozenset[str]:
    return frozenset(" ".join(chunks).split())


_BOUNDARY_WORDS = _wordset(
    "of in on at with for to from by during after before as and amid which who that where while "
    "including following under over between through within into about against since until via "
    "but regarding amongst among than "
    "в во на с со по для и о об к ко из от при между который которая которые что после до за "
    "под чтобы где",
)
_FUNCTION_WORDS = _wordset(
    "the a an of in on at with for to from by and or its his her their as that which who our "
    "this these those is are was were be been has have had will would also not no "
    "в во на с со по для и о об к ко из от при а но что",
)
_LEAD_CLAUSE_RE = re.compile(
    r"^(?:according\s+to|addressing|at|during|following|in|on|after|before|as|amid|speaking"
    r"|while|upon|within|under|over|since|when|ahead\s+of|earlier|today|yesterday|на|в|во|по"
    r"|после|в\s+ходе|согласно|во\s+время|накануне)\b[^,]{0,160},\s+(?=\S)",
    re.I,
)
_REPORT_VERBS = (
    r"reports?|reported|informs|said|says|writes|сообщает|сообщила|сообщили|передает|передаёт"
    r"|хабарлайды|хабарлады"
)
_REPORT_STEMS = ("report", "inform", "said", "says", "writes", "сообщ", "переда", "хабарла")
_REPORT_VERB_RE = re.compile(rf"\b(?:{_REPORT_VERBS})\b", re.I)
_ATTRIBUTION_TAIL_RE = re.compile(rf"[,—–]\s*[^,—–]*?\b(?:{_REPORT_VERBS})\b[^,]*$", re.I)


def _strip_attribution(sentence: str) -> str:
    """'..., Kazinform reports citing the Akorda press service.' -> '...'"""
    folded = sentence.casefold()
    if not any(stem in folded for stem in _REPORT_STEMS) or not _REPORT_VERB_RE.search(sentence):
        return sentence
    return _ATTRIBUTION_TAIL_RE.sub("", sentence)


_SENTENCE_END_RE = re.compile(rf"([.!?…][\"'”’»)]*)\s+(?=[\"'“‘«(]?[A-Z{_CYR_UPPER}0-9])")
_CLAUSE_CUT_RE = re.compile(r",\s|\s[—–]\s|\s-\s|;\s|:\s|\s\(")
_OPENERS = {"(": ")", "“": "”", "«": "»", "‘": "’"}


def _sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END_RE.finditer(paragraph):
        out.append(paragraph[start : m.end(1)])
        start = m.end()
    out.append(paragraph[start:])
    return [s.strip() for s in out if s.strip()]


def _balance(title: str) -> str:
    for opener, closer in _OPENERS.items():
        if title.count(opener) > title.count(closer):
            idx = title.rfind(opener)
            title = (title[:idx] + title[idx + 1 :]).strip()
    if title.count('"') % 2:
        idx = title.rfind('"')
        title = (title[:idx] + title[idx + 1 :]).strip()
    return title


def _infer_title(paragraph: str) -> str:
    """A short headline from a lead: its first sentence's main clause, about a dozen words."""
    sentence = _sentences(paragraph)[0] if paragraph else ""
    sentence = _strip_attribution(sentence)
    lead = _LEAD_CLAUSE_RE.match(sentence)
    if lead and len(sentence[lead.end() :].split()) >= 4:
        sentence = sentence[lead.end() :]
        sentence = sentence[0].upper() + sentence[1:]
    cut = _CLAUSE_CUT_RE.search(sentence)
    if cut and len(sentence[: cut.start()].split()) >= 5:
        sentence = sentence[: cut.start()]
    words = sentence.split()
    if len(words) > _TITLE_HARD_WORDS:
        best = 0
        for c in range(4, min(len(words) - 1, _TITLE_MAX_WORDS) + 1):
            last = words[c - 1].casefold().strip(",;:")
            if last in _FUNCTION_WORDS:
                continue
            if words[c].casefold() in _BOUNDARY_WORDS or words[c - 1][-1] in ",;:":
                best = c
        if not best:
            best = _TITLE_HARD_WORDS
            while best > 4 and words[best - 1].casefold().strip(",;:") in _FUNCTION_WORDS:
                best -= 1
        words = words[:best]
    title = " ".join(words).rstrip(" ,;:.!?…—–-")
    title = _balance(title)
    return title or paragraph[:80].rstrip()


def _fingerprint(sentence: str) -> str:
    return _fold(_strip_attribution(sentence))


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


# --------------------------------------------------------------------------------------------
# Language

_LATIN_RE = re.compile(r"[A-Za-z]")
_CYRILLIC_RE = re.compile(rf"[{_CYR_LETTERS}]")


def _language(text: str) -> str:
    text = text[:2000]  # a sample is enough, and keeps this linear in small steps
    cyrillic = _CYRILLIC_RE.findall(text)
    if len(cyrillic) <= len(_LATIN_RE.findall(text)):
        return "en"
    kazakh = sum(1 for ch in cyrillic if ch in _KK_LETTERS)
    return "kk" if kazakh >= max(1, 0.015 * len(cyrillic)) else "ru"


# --------------------------------------------------------------------------------------------
# Splitting a file into articles


def _split(lines: list[str]) -> list[list[str]]:
    """Digest rule: an article starts at a date-only line followed by a headline (the corpus
    digests), or at a headline directly followed by a date-only line and then prose. Once a
    file has such separators, a date-only line in the same style followed by prose starts an
    untitled article too. A date inside a sentence never splits; in a single article a date
    line followed by prose does not either. A numbered headline over a date line and prose
    ("1. Title / date / prose") starts an article under the headline without its number."""
    lines = list(lines)
    n = len(lines)
    nxt = [-1] * n
    prv = [-1] * n
    following = -1
    for i in range(n - 1, -1, -1):
        nxt[i] = following
        if lines[i]:
            following = i
    preceding = -1
    for i in range(n):
        prv[i] = preceding
        if lines[i]:
            preceding = i

    title_cache: dict[int, bool] = {}

    def title_like(i: int) -> bool:
        if i not in title_cache:
            title_cache[i] = _is_title_like(lines[i])
        return title_cache[i]

    starts: list[int] = []
    numbered: set[int] = set()  # starts at a numbered headline ("2. Kazakh diplomats meet")
    separator_styles: set[str] = set()
    undecided: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if not line or not line[0].isalnum():
            continue
        info = _match_date_line(line)
        if info is None:
            continue
        j = nxt[i]
        if j != -1 and nxt[j] != -1 and title_like(j):
            starts.append(i)
            separator_styles.add(info.style)
            continue
        p = prv[i]
        if p != -1 and j != -1 and not title_like(j) and (headline := _numbered_headline(lines[p])):
            # A digest of numbered items: the number is the item's, not the headline's.
            lines[p] = headline
            title_cache[p] = True
            numbered.add(p)
        if p != -1 and j != -1 and title_like(p) and not title_like(j):
            pp = prv[p]
            if pp == -1 or not title_like(pp) or p in numbered:
                starts.append(p)
                continue
        if i and j != -1:
            undecided.append((i, info.style))
    # In a digest, a date line in the separators' own style starts an article even when the
    # article under it has no headline.
    starts.extend(i for i, style in undecided if style in separator_styles)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = sorted(set(starts)) + [n]
    segments = [lines[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if a < b]
    # A lone headline before a date line ("Title / date / subtitle / body") is that article's
    # title, not an article of its own; before the first numbered item it is the digest's own
    # name ("Weekly digest"), part of no article.
    merged: list[list[str]] = []
    for start, segment in zip(bounds, segments, strict=False):
        content = [line for line in merged[-1] if line] if merged else []
        if len(content) == 1 and _is_title_like(content[0]):
            if start in numbered:
                merged[-1] = segment
            else:
                merged[-1] = merged[-1] + segment
        else:
            merged.append(segment)
    return merged


def _numbered_headline(line: str) -> str | None:
    """ "1. Kazakhstan and Azerbaijan sign a roadmap" -> the headline after the number."""
    m = _NUMBERED_RE.match(line)
    if m is None or not _is_title_like(m.group("text")):
        return None
    return m.group("text")


# --------------------------------------------------------------------------------------------
# One article


@dataclass
class _Block:
    kind: str  # "p" paragraph, "h" heading, "ul" bullet item, "ol" numbered item
    text: str
    num: str = ""


def _continues(previous: str, line: str) -> bool:
    """A hard-wrapped line: the previous one stops mid-sentence and this one goes on in
    lower case."""
    return previous[-1] not in _TERMINAL + _CLOSING_QUOTES + "’)" and line[0].islower()


def _parse_segment(
    lines: list[str], matcher: _SourceMatcher, default_source: str | None
) -> ParsedArticle | None:
    n = len(lines)
    published: datetime.date | None = None
    published_time: datetime.time | None = None
    views: int | None = None
    title: str | None = None
    image_credit: str | None = None
    byline: str | None = None
    unreal_date: str | None = None  # a date line naming no real day, for the warning
    warnings: list[str] = []

    def has_more(i: int) -> bool:
        return any(
            line and not _is_junk(line) and not _credit(line) for line in lines[i + 1 : i + 40]
        )

    # Header: labels, dates, bullet metadata, credits, bylines, the title and its repeats.
    i = 0
    seen_content = False
    while i < n:
        line = lines[i]
        if not line:
            i += 1
            continue
        if not seen_content and title is None and has_more(i):
            folded = line.casefold()
            if folded in _SECTION_LABELS or (_LABEL_RE.match(line) and len(line) <= 20):
                seen_content = True
                i += 1
                continue
        seen_content = True
        info = _match_date_line(line)
        if info is not None:
            if published is None:
                published, published_time, views = info.date, info.time, info.views
            i += 1
            continue
        if unreal_date is None and _unreal_date_line(line):
            unreal_date = line
        meta = _META_BULLET_RE.match(line)
        if meta is not None:
            j, run = i, []
            while j < n and (m := _META_BULLET_RE.match(lines[j])):
                run.append(m.group("text").strip(" -–—|"))
                j += 1
            if all(_META_TEXT_RE.match(t) or _match_date_line(t) for t in run):
                for t in run:
                    info = _match_date_line(t)
                    if info is not None and published is None:
                        published, published_time = info.date, info.time
                    elif t.isdigit() and views is None:
                        views = int(t)
                    elif (name := _byline(t)) and byline is None:
                        byline = name
                i = j
                continue
            break
        credit = _credit(line)
        if credit is not None:
            image_credit = image_credit or credit
            i += 1
            continue
        name = _byline(line)
        if name is not None:
            byline = byline or name
            i += 1
            continue
        if _is_junk(line):
            i += 1
            continue
        if title is None and _is_title_like(line) and has_more(i):
            title = line
            i += 1
            continue
        if title is not None and _fold(line) == _fold(title):
            i += 1
            continue
        break

    # Body: one block per line or per blank-separated paragraph, furniture removed.
    title_key = _fold(title) if title else None
    title_len = 2 * len(title) + 10 if title else 0
    blocks: list[_Block] = []
    gap = True
    skip_next_title = False
    for line in lines[i:]:
        if not line:
            gap = True
            continue
        if skip_next_title:
            skip_next_title = False
            if _is_title_like(line):
                continue
        if _READ_ALSO_RE.match(line):
            skip_next_title = True
            continue
        if _is_junk(line):
            continue
        credit = _credit(line)
        if credit is not None:
            image_credit = image_credit or credit
            continue
        name = _byline(line)
        if name is not None:
            byline = byline or name
            continue
        if title_key is not None and len(line) < title_len and _fold(line) == title_key:
            continue  # a caption or a repeat of the title
        bullet = _BULLET_RE.match(line)
        numbered = None if bullet else _NUMBERED_RE.match(line)
        if bullet:
            blocks.append(_Block("ul", bullet.group("text")))
        elif numbered:
            blocks.append(_Block("ol", numbered.group("text"), numbered.group("num")))
        elif blocks and not gap and blocks[-1].kind != "h" and _continues(blocks[-1].text, line):
            blocks[-1].text += " " + line
        else:
            blocks.append(_Block("p", line))
        gap = False

    # Dateline at the start of the first paragraph.
    dateline = None
    agency = None
    first_p = next((b for b in blocks if b.kind == "p"), None)
    if first_p is not None and first_p is blocks[0]:
        m = _DATELINE_RE.match(first_p.text)
        if m is not None and len(first_p.text) > m.end() + 20:
            dateline = m.group("place")
            agency = m.group("agency") or m.group("agency2")
            when = m.group("date")
            if when:
                dm = _INLINE_DATE_RE.match(when.strip())
                inline = _date_from_match(dm) if dm else None
                if inline is not None and published is None:
                    published = inline
            first_p.text = first_p.text[m.end() :]

    # Subheadings, then repeated sentences (a repeat is dropped once, with a warning).
    last = len(blocks) - 1
    for index, block in enumerate(blocks):
        if block.kind == "p" and index < last and _is_heading(block.text):
            block.kind = "h"
    seen: set[str] = set()
    kept: list[_Block] = []
    for block in blocks:
        if block.kind != "p":
            kept.append(block)
            continue
        sentences = _sentences(block.text)
        remaining = []
        for sentence in sentences:
            key = _fingerprint(sentence)
            if len(key.split()) >= 6 and key in seen:
                warnings.append(f"repeated sentence dropped: “{_short(sentence)}”")
                continue
            seen.add(key)
            remaining.append(sentence)
        if not remaining:
            continue
        if len(remaining) != len(sentences):
            block.text = " ".join(remaining)
        kept.append(block)
    blocks = kept
    if not blocks:
        return None

    # Render Markdown.
    parts: list[str] = []
    nest = False
    for index, block in enumerate(blocks):
        in_list = index > 0 and blocks[index - 1].kind in ("ul", "ol")
        if block.kind == "ul":
            nest = block.text.rstrip().endswith(":")
            item = f"- {block.text}"
        elif block.kind == "ol":
            item = f"{'    ' if nest and in_list else ''}{block.num}. {block.text}"
        else:
            nest = False
            parts.append(f"## {block.text}" if block.kind == "h" else block.text)
            continue
        if in_list:
            parts[-1] += "\n" + item
        else:
            parts.append(item)
    body = "\n\n".join(parts)

    prose = [b.text for b in blocks if b.kind == "p"]
    title_inferred = title is None
    if title is None:
        title = _infer_title(prose[0] if prose else blocks[0].text)
        warnings.insert(0, "title inferred from the first sentence: check it before publishing")

    source, cited = matcher.find(prose[:3])
    if agency:
        source = matcher.lookup(agency) or source
    if source is None:
        source = default_source
    if cited is not None and cited == source:
        cited = None
    if published is None and unreal_date is not None:
        warnings.insert(
            0,
            f"no publication date found: {_short(unreal_date, 40)!r} is not a day of 1900-2100; "
            "set the date before publishing",
        )
    elif published is None:
        warnings.insert(0, "no publication date found: set one before publishing")
    if source is None:
        # Read in the admin's import preview and in the command's report alike.
        warnings.append(
            "no source named in the text: set one before publishing, or import it again with "
            "a source to assume (Source on the admin's import screen, --source on the command line)"
        )

    return ParsedArticle(
        title=title,
        title_inferred=title_inferred,
        published=published,
        body=body,
        language=_language(f"{title}\n{body}"),
        source=source,
        cited_source=cited,
        image_credit=image_credit,
        dateline=dateline,
        byline=byline,
        published_time=published_time,
        warnings=tuple(warnings),
        view_count=views,
    )


# --------------------------------------------------------------------------------------------
# Entry points


def parse_text(
    text: str,
    *,
    sources: Mapping[str, Iterable[str]] = DEFAULT_SOURCES,
    default_source: str | None = None,
) -> list[ParsedArticle]:
    """Split a digest into articles and parse each. Raises ImportFileError when no article can
    be found."""
    lines = _clean_lines(text)
    if not any(lines):
        raise ImportFileError(_EMPTY_MESSAGE)
    matcher = _matcher_for(sources)
    if default_source:
        default_source = matcher.lookup(default_source) or default_source.strip()
    articles = [
        article
        for segment in _split(lines)
        if (article := _parse_segment(segment, matcher, default_source or None)) is not None
    ]
    if not articles:
        raise ImportFileError(
            "no article found: the file holds only page furniture (dates, counters, footers); "
            "check that the article text was exported"
        )
    return articles


def parse_bytes(data: bytes, **kwargs) -> tuple[str, list[ParsedArticle]]:
    """-> (encoding, articles). Accepts the keyword arguments of parse_text."""
    text, encoding = decode(data)
    return encoding, parse_text(text, **kwargs)


# --------------------------------------------------------------------------------------------
# Figures: trade amounts stated in a sentence (which countries they belong to is for `link`)

TRADE_TURNOVER = "Trade turnover"
TRADE_UNIT = "USD million"


@dataclass(frozen=True)
class TradeAmount:
    year: int
    kind: str  # "actual" or "target"
    value: Decimal  # in USD million, two decimal places


@dataclass(frozen=True)
class TradeSentence:
    """A sentence about trade turnover with the USD amounts it gives a year to.

    ``bilateral``: its wording (or the previous sentence's, in the same paragraph) says the
    trade is between two countries without naming them ("the two countries", "bilateral").
    ``aggregate``: its wording says one side is many ("foreign trade", "with SCO member
    states"), so no amount in it belongs to a pair.
    """

    text: str
    amounts: tuple[TradeAmount, ...]
    bilateral: bool
    aggregate: bool


# Cheap gates first: most paragraphs mention neither, and the regexes below never run on them.
_TRADE_HINTS = ("rade", "urnover")
_MONEY_HINTS = ("$", "USD", "usd", "ollar")
_TRADE_RE = re.compile(
    r"\b(?:(?:trade|commodity|goods|merchandise)(?:\s+and\s+economic)?\s+turnover"
    r"|turnover\s+(?:of\s+(?:bilateral\s+|mutual\s+)?(?:trade|goods)|between)"
    r"|(?:bilateral|mutual|two-way|reciprocal)\s+trade"
    r"|trade\s+(?:volume|between|with)"
    r"|volume\s+of\s+(?:bilateral\s+|mutual\s+)?trade)\b",
    re.I,
)
_BILATERAL_RE = re.compile(
    r"\b(?:bilateral|mutual|two-way|reciprocal)\b"
    r"|\b(?:our|both|two)\s+(?:countries|nations|states|sides|republics)\b",
    re.I,
)
_AGGREGATE_RE = re.compile(
    r"\b(?:foreign|external|global|world|international)\s+trade(?:\s+turnover)?+\b(?!\s+between)"
    r"|\b(?:with|among|across|within)\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:other\s+)?"
    r"(?:[\w.-]+\s+){0,3}?(?:member\s+(?:states|countries)|members|partners|countries|states"
    r"|nations|economies|world|region)\b",
    re.I,
)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_SCALE = r"(?:trillion|billion|bln|bn|million|mln|mn|thousand)\b\.?"
_AMOUNT_RE = re.compile(
    rf"(?:US\s?\$|U\.S\.\s?\$|USD|\$)\s?(?P<n1>{_NUMBER})(?:\s?(?P<s1>{_SCALE}))?"
    rf"|(?<![\w.,])(?P<n2>{_NUMBER})\s?(?P<s2>{_SCALE})?\s*(?:of\s+)?"
    r"(?:(?:US|U\.S\.|American)\s*(?:\$|dollars?\b)|dollars?\b|USD\b)",
    re.I,
)
_SCALES = {
    "trillion": Decimal(1_000_000),
    "billion": Decimal(1000),
    "bln": Decimal(1000),
    "bn": Decimal(1000),
    "million": Decimal(1),
    "mln": Decimal(1),
    "mn": Decimal(1),
    "thousand": Decimal("0.001"),
    "": Decimal("0.000001"),
}
_CENT = Decimal("0.01")
_YEAR_RE = re.compile(
    # A part of the year so far ("so far this year", "since the start of the year", "year to
    # date") before a plain "this year" could match.
    r"(?P<partial>\b(?:so\s+far\s+(?:this|in\s+the\s+current)\s+year|this\s+year\s+so\s+far"
    r"|since\s+the\s+(?:beginning|start)\s+of\s+(?:this|the(?:\s+current)?)\s+year"
    r"|year[\s-]to[\s-]date)\b)"
    r"|(?<![\w$.,-])(?P<year>19[6-9]\d|20\d\d)(?P<range>\s*[-–—/]\s*(?:19|20)?\d\d\b)?(?![\w%]|[.,]\d)"
    r"|\b(?P<rel>last|this|the\s+current|the\s+past|the\s+previous)\s+year\b",
    re.I,
)
_PARTIAL_BEFORE_RE = re.compile(
    r"(?:\bsince\s+the\s+(?:beginning|start)\s+of|\bso\s+far\s+in"
    r"|\bhalf|\bquarter|\bmonths?|\bweeks?|\bH[12]|\bQ[1-4]|\b(?:january|february|march|april"
    r"|may|june|july|august|september|october|november|december)\w*)\b[\s\w,–-]{0,24}$",
    re.I,
)
_BY_BEFORE_RE = re.compile(r"\b(?:by|until|till|through)\s+(?:the\s+end\s+of\s+)?$", re.I)
_YEAR_AFTER_AMOUNT_RE = re.compile(
    r"\s*(?:(?:in|by|for|of|during|as\s+of|at\s+the\s+end\s+of|until)\s+)?(?:the\s+year\s+)?$",
    re.I,
)
_TARGET_RE = re.compile(
    r"\b(?:goals?|targets?|aims?|aimed|aiming|plans?|planned|planning|intends?|intended"
    r"|objectives?|tasks?|seeks?|strive|expected|expects?|projected|forecasts?|will|would"
    r"|(?:to|and)\s+(?:bring|increase|raise|boost|double|triple|reach|grow|expand|lift))\b",
    re.I,
)
_FROM_BEFORE_RE = re.compile(r"\bfrom\s+$", re.I)
# "$23 billion in foreign direct investment" sits in trade sentences too; it is no trade figure.
_NOT_TRADE_AFTER_RE = re.compile(
    r"\s*(?:in|of|as)\s+(?:[\w-]+\s+){0,2}?(?:investments?|FDI|loans?|credits?|grants?|aid"
    r"|assistance)\b",
    re.I,
)


def _usd_million(number: str, scale: str | None) -> Decimal | None:
    if "," in number and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):
        number = number.replace(",", ".")  # a decimal comma: "123,9 million"
    try:
        value = Decimal(number.replace(",", ""))
    except ArithmeticError:
        return None
    key = (scale or "").rstrip(".").lower()
    value = (value * _SCALES.get(key, _SCALES[""])).quantize(_CENT)
    return value if 0 < value < Decimal(10) ** 13 else None


def _usd_million_en(m: re.Match[str]) -> Decimal | None:
    return _usd_million(m["n1"] or m["n2"], m["s1"] or m["s2"])


def _usd_million_ru(m: re.Match[str]) -> Decimal | None:
    """Russian writing: spaces group thousands ("1 250,5"), the comma is decimal, and an
    amount may come in two parts ("1 млрд 200 млн долларов")."""
    value = Decimal(0)
    for number, scale in ((m["b2"], "млрд"), (m["n1"] or m["n2"], m["s1"] or m["s2"])):
        if number is None:
            continue
        try:
            part = Decimal(_RU_GROUP_RE.sub("", number).replace(",", "."))
        except ArithmeticError:
            return None
        key = (scale or "").lower()
        value += part * next((f for stem, f in _RU_SCALES if key.startswith(stem)), _SCALES[""])
    value = value.quantize(_CENT)
    return value if 0 < value < Decimal(10) ** 13 else None


# Russian wording of the same things. These run only on a text with a Russian hint in it.
_RU_TRADE_HINTS = ("борот", "орговл")  # товарооборот, торговый оборот, взаимная торговля
_RU_MONEY_HINTS = ("$", "USD", "долл", "Долл")
_RU_TRADE_RE = re.compile(
    r"\b(?:товаро|(?:внешне)?торгов\w*\s+)оборот\w*"
    r"|\bоборот\w*\s+(?:взаимной\s+|двусторонней\s+)?торговл\w*"
    r"|\b(?:взаимн|двусторонн|обоюдн)\w*\s+торговл\w*"
    r"|\bобъ[её]м\w*\s+(?:взаимной\s+|двусторонней\s+)?торговл\w*"
    r"|\bторговл\w*\s+(?:между|со?)\b",
    re.I,
)
_RU_BILATERAL_RE = re.compile(
    r"\b(?:двусторонн|взаимн|обоюдн)\w*"
    r"|\b(?:наш(?:их|ими)|обе(?:их|ими)|обо(?:их|ими)|дву(?:х|мя))\s+"
    r"(?:стран|государств|сторон|республик)\w*",
    re.I,
)
_RU_AGGREGATE_RE = re.compile(
    r"\bвнешнеторгов\w*(?:\s+оборот\w*)?+(?!\s+между)"
    r"|\b(?:внешн|миров|международн|глобальн)\w*\s+торговл\w*(?!\s+между)"
    r"|\b(?:со?|между|среди)\s+(?!(?:нашими|обеими|обоими|двумя|этими\s+двумя)\s)"
    r"(?:[\w-]+\s+){0,3}?(?:стран(?:ами)?|государств(?:ами)?(?:-членами)?|членами"
    r"|партн[её]рами|регион(?:ом|ами)|миром|экономиками)\b",
    re.I,
)
# "1 250,5": spaces (no-break and thin ones too) group thousands, the comma is decimal.
_RU_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_RU_GROUP_RE = re.compile(r"[ \u00a0\u202f\u2009]")
_RU_SCALE = r"(?:трлн|триллион\w*|млрд|миллиард\w*|млн|миллион\w*|тыс|тысяч\w*)\b\.?"
_RU_SCALES = (
    ("трлн", Decimal(1_000_000)),
    ("триллион", Decimal(1_000_000)),
    ("млрд", Decimal(1000)),
    ("миллиард", Decimal(1000)),
    ("млн", Decimal(1)),
    ("миллион", Decimal(1)),
    ("тыс", Decimal("0.001")),
)
_RU_AMOUNT_RE = re.compile(
    rf"(?:US\s?\$|USD|\$)\s?(?P<n1>{_RU_NUMBER})(?:\s?(?P<s1>{_RU_SCALE}))?"
    rf"|(?<![\w.,])(?:(?P<b2>{_RU_NUMBER})\s?(?:млрд|миллиард\w*)\b\.?\s+)?"
    rf"(?P<n2>{_RU_NUMBER})\s?(?P<s2>{_RU_SCALE})?\s*"
    r"(?:(?:американских\s+)?(?:доллар\w*|долл\b\.?)(?:\s*США\b)?|\$|USD\b)",
    re.I,
)
_RU_YEAR_RE = re.compile(
    r"(?<![\w$.,-])(?P<year>19[6-9]\d|20\d\d)(?P<range>\s*[-–—/]\s*(?:19|20)?\d\d\b)?(?![\w%]|[.,]\d)"
    r"|\b(?P<rel>(?:прошл|минувш|предыдущ|эт|текущ|нынешн)\w*)\s+год(?:у|а|ом)?\b"
    r"|(?P<partial>\bс\s+начала\s+(?:(?:этого|текущего|нынешнего)\s+)?года\b)",
    re.I,
)
_RU_PARTIAL_BEFORE_RE = re.compile(
    r"(?:\b(?:полугоди|квартал|месяц|недел|январ|феврал|март|апрел|ма[йя]\b|июн|июл|август"
    r"|сентябр|октябр|ноябр|декабр)|\b(?:с|в|до|к)\s+(?:начал|середин)[аеуы])\w*"
    r"[\s\w,–-]{0,24}$",
    re.I,
)
_RU_BY_BEFORE_RE = re.compile(r"\b(?:к|до)\s+(?:концу\s+|конца\s+)?$", re.I)
_RU_YEAR_AFTER_AMOUNT_RE = re.compile(
    r"\s*(?:(?:в|во|за|к|до|на\s+конец|по\s+итогам|по\s+состоянию\s+на\s+конец)\s+)?$", re.I
)
_RU_TARGET_RE = re.compile(
    r"\b(?:цел(?:ь|и|ью|евой|евого|евые|евых)|задач\w*|план\w*|намер\w*"
    r"|стрем(?:ятся|ится|иться|имся)|ожида\w*|прогноз\w*|будет|будут|долж(?:ен|на|но|ны)"
    r"|(?:довести|увеличить|нарастить|повысить|поднять|удвоить|утроить|достичь|достигнуть"
    r"|вывести)\b)",
    re.I,
)
_RU_FROM_BEFORE_RE = re.compile(r"\bс\s+$", re.I)
_RU_NOT_TRADE_AFTER_RE = re.compile(
    r"\s*(?:в\s+виде\s+)?(?:(?:прям|иностранн)\w*\s+)*(?:инвестиц|кредит|займ|грант|помощ)",
    re.I,
)


def _ru_sentences(paragraph: str) -> list[str]:
    """`_sentences`, except that "долл. США" stays in one sentence."""
    out, start = [], 0
    for m in _SENTENCE_END_RE.finditer(paragraph):
        at = m.start()
        if (
            paragraph.startswith("США", m.end())
            and paragraph[max(0, at - 4) : at].lower() == "долл"
        ):
            continue
        out.append(paragraph[start : m.end(1)])
        start = m.end()
    out.append(paragraph[start:])
    return [s.strip() for s in out if s.strip()]


@dataclass(frozen=True)
class _TradeRules:
    """One language's wording of trade figures (see `trade_sentences`)."""

    # A letter every text in the language has: one `in` for it costs a microsecond on a long
    # English text with curly quotes, where the Cyrillic hints' `in` scans cost fifty.
    script: str
    trade_hints: tuple[str, ...]
    money_hints: tuple[str, ...]
    trade_re: re.Pattern[str]
    bilateral_re: re.Pattern[str]
    aggregate_re: re.Pattern[str]
    amount_re: re.Pattern[str]
    usd_million: Callable[[re.Match[str]], Decimal | None]  # an `amount_re` match's value
    year_re: re.Pattern[str]
    past: tuple[str, ...]  # how a relative year before this one begins ("last", "прошл")
    partial_before_re: re.Pattern[str]
    by_before_re: re.Pattern[str]
    year_after_amount_re: re.Pattern[str]
    target_re: re.Pattern[str]
    from_before_re: re.Pattern[str]
    not_trade_after_re: re.Pattern[str]
    sentences: Callable[[str], list[str]]


_ENGLISH = _TradeRules(
    script="",
    trade_hints=_TRADE_HINTS,
    money_hints=_MONEY_HINTS,
    trade_re=_TRADE_RE,
    bilateral_re=_BILATERAL_RE,
    aggregate_re=_AGGREGATE_RE,
    amount_re=_AMOUNT_RE,
    usd_million=_usd_million_en,
    year_re=_YEAR_RE,
    past=("last", "past", "previous"),
    partial_before_re=_PARTIAL_BEFORE_RE,
    by_before_re=_BY_BEFORE_RE,
    year_after_amount_re=_YEAR_AFTER_AMOUNT_RE,
    target_re=_TARGET_RE,
    from_before_re=_FROM_BEFORE_RE,
    not_trade_after_re=_NOT_TRADE_AFTER_RE,
    sentences=_sentences,
)
_RUSSIAN = _TradeRules(
    script="\u043e",  # Cyrillic о (both hints have it)
    trade_hints=_RU_TRADE_HINTS,
    money_hints=_RU_MONEY_HINTS,
    trade_re=_RU_TRADE_RE,
    bilateral_re=_RU_BILATERAL_RE,
    aggregate_re=_RU_AGGREGATE_RE,
    amount_re=_RU_AMOUNT_RE,
    usd_million=_usd_million_ru,
    year_re=_RU_YEAR_RE,
    past=("прошл", "минувш", "предыдущ"),
    partial_before_re=_RU_PARTIAL_BEFORE_RE,
    by_before_re=_RU_BY_BEFORE_RE,
    year_after_amount_re=_RU_YEAR_AFTER_AMOUNT_RE,
    target_re=_RU_TARGET_RE,
    from_before_re=_RU_FROM_BEFORE_RE,
    not_trade_after_re=_RU_NOT_TRADE_AFTER_RE,
    sentences=_ru_sentences,
)


def _years(
    sentence: str, published: datetime.date | None, rules: _TradeRules
) -> list[tuple[int, int, int | None]]:
    """-> (start, end, year) of each year a figure may belong to, in order. The year is None
    where it does not name one whole year: ranges (2020-2023), parts of a year (the first half
    of 2024, "с начала года"), relative years without a publication date."""
    found = []
    partial_group = "partial" in rules.year_re.groupindex
    for m in rules.year_re.finditer(sentence):
        if partial_group and m["partial"]:
            year = None
        elif m["rel"]:
            rel = m["rel"].split()[-1].lower()
            year = None
            if published is not None:
                year = published.year - (1 if rel.startswith(rules.past) else 0)
        else:
            year = None if m["range"] else int(m["year"])
        if rules.partial_before_re.search(sentence, max(0, m.start() - 40), m.start()):
            year = None
        found.append((m.start(), m.end(), year))
    return found


def _sentence_amounts(
    sentence: str, published: datetime.date | None, rules: _TradeRules
) -> list[TradeAmount]:
    amounts = []
    for m in rules.amount_re.finditer(sentence):
        value = rules.usd_million(m)
        if value is not None and not rules.not_trade_after_re.match(sentence, m.end()):
            amounts.append((m.start(), m.end(), value))
    if not amounts:
        return []
    years = [y for y in _years(sentence, published, rules)
             if not any(s <= y[0] < e for s, e, _v in amounts)]  # fmt: skip
    if len(years) == len(amounts):
        paired = list(zip(amounts, years, strict=True))
    else:
        # Counts differ: only a year written right after its amount ("$5 million in 2023").
        paired = []
        for amount in amounts:
            year = next((y for y in years if y[0] >= amount[1]), None)
            if year is not None and rules.year_after_amount_re.fullmatch(
                sentence, amount[1], year[0]
            ):
                paired.append((amount, year))
    found = []
    for (start, _end, value), (year_start, _year_end, year) in paired:
        if year is None:
            continue
        by_year = rules.by_before_re.search(sentence, max(0, year_start - 30), year_start)
        cue = rules.target_re.search(sentence, 0, start)
        target = (
            by_year is not None
            or (published is not None and year > published.year)
            or (
                cue is not None
                and not rules.from_before_re.search(sentence, max(0, start - 8), start)
            )
        )
        found.append(TradeAmount(year, "target" if target else "actual", value))
    return found


def trade_sentences(text: str, published: datetime.date | None = None) -> list[TradeSentence]:
    """The sentences of ``text`` that give trade turnover in US dollars for a year.

    Amounts are normalised to USD million (billion x 1000, thousand / 1000). Other currencies,
    percentages, amounts without a year and ranges of years are not figures. A goal ("to bring
    trade to $1 billion by 2030", or a year after publication) is a ``target``; a goal without
    a year is dropped. ``published`` resolves "last year" and "this year". English and Russian
    wording are read alike ("товарооборот ... составил 123,9 млн долларов в 2024 году").
    """
    found: list[tuple[int, TradeSentence]] = []
    for rules in (_ENGLISH, _RUSSIAN):
        if rules.script in text and any(hint in text for hint in rules.trade_hints):
            found += _trade_sentences(text, published, rules)
    if len(found) > 1:
        found.sort(key=lambda x: x[0])  # stable: a line's sentences keep their order
    return [sentence for _at, sentence in found]


def _trade_sentences(
    text: str, published: datetime.date | None, rules: _TradeRules
) -> list[tuple[int, TradeSentence]]:
    """-> (start of its line, sentence) of each trade sentence ``rules`` reads in ``text``."""
    found = []
    # Only the lines (paragraphs) that name a dollar amount are split into sentences; str.find
    # is ten times faster than a case-insensitive regex over the whole body.
    hits = []
    for hint in rules.money_hints:
        at = text.find(hint)
        while at != -1:
            hits.append(at)
            at = text.find(hint, at + 1)
    done = -1
    for at in sorted(hits):
        if at < done:
            continue
        start = text.rfind("\n", 0, at) + 1
        done = text.find("\n", at)
        if done == -1:
            done = len(text)
        line = text[start:done]
        if not rules.trade_re.search(line):
            continue
        previous = ""
        for sentence in rules.sentences(line):
            if any(hint in sentence for hint in rules.money_hints) and rules.trade_re.search(
                sentence
            ):
                amounts = _sentence_amounts(sentence, published, rules)
                if amounts:
                    found.append(
                        (
                            start,
                            TradeSentence(
                                text=sentence,
                                amounts=tuple(amounts),
                                bilateral=bool(
                                    rules.bilateral_re.search(sentence)
                                    or rules.bilateral_re.search(previous)
                                ),
                                aggregate=bool(rules.aggregate_re.search(sentence)),
                            ),
                        )
                    )
            previous = sentence
    return found
