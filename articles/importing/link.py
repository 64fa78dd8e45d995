"""Link stage of the plain-text importer: names in a ``ParsedArticle`` -> entity references.

Pure by design: plain values in, plain values out, no ORM. The loader builds a ``Gazetteer``
from the database (or ``Gazetteer.default()`` from ``relations.reference``), calls
``link_article`` for each parsed article and turns the references into rows.

How it decides (the rules editors can rely on):

- **Countries** are found by name, official long form, demonym and local (Russian/Kazakh) name,
  including each half of hyphenated pairs (``Kazakh-Mongolian``). An article's ``countries`` are
  the ones *substantively* involved: named in the title or lead paragraph, named at least twice,
  or attached to a person's role, an event or an agreement. A country named once in passing
  further down (a list of journalists' home countries, a side remark) is left out.
- **Organizations** are found by name, abbreviation (exact case) and spelling variant
  (Organisation/Organization, Co-operation, Confidence-Building); every mention counts.
- **People** need evidence: a role next to the name (``Deputy Minister ... Alibek Kuantyrov``,
  ``Ding Xuexiang, Vice Premier of China``), a speech verb (``said Vassilenko``), an initial
  (``U.Khurelsukh``), or a name the gazetteer already knows. Mentions are grouped by a
  transliteration-proof ``name_key`` of the surname; different given names or initials stay
  different people, and a bare surname shared by two people is reported, never guessed.
- **Events**: visits, summits, named meetings/sessions, briefings, meetings, talks and telephone
  conversations, with dates resolved against the article's publication year.
- **Agreements**: quoted titles, items of lists of signed documents and unquoted
  ``Memorandum of Understanding on ...`` style titles, with kind, parties and signatories.
- **Figures**: trade turnover in US dollars per year (``parse.trade_sentences`` reads the
  amounts), for the pair of countries a sentence names, or for the article's two countries when
  the wording is bilateral ("between the two countries"). Aggregates are left out.

Matching is by one regular expression per entity type, compiled lazily from a trie of the known
names, so linking stays linear in the text's length whatever the size of the gazetteer.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate, compress, product
from operator import gt, not_, or_, sub

import snowballstemmer

from relations.slugs import transliterate

from .parse import TRADE_TURNOVER, TRADE_UNIT, ParsedArticle, trade_sentences

# Patterns used inline below, compiled once (re's own cache costs a lookup per call).
_NON_LETTER_RE = re.compile(r"[^a-z]")
_DASHES_RE = re.compile(r"[‐‑‒–—―-]")
_SPACED_HYPHEN_RE = re.compile(r"\s*-\s*")
_KEY_WORD_RE = re.compile(r"\d{4}(?:-\d{2,4})?|\d+(?:st|nd|rd|th)?|[a-z]+")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_CYR_LETTERS = "а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ"
_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"  # capitals of the Latin and the Cyrillic (Russian, Kazakh) alphabets
_LOW = "a-zа-яёәғқңөұүһі"
_INITIAL_NAME_RE = re.compile(rf"([{_UP}][{_LOW}]?)\.\s?(.+)")
_SPACES_RE = re.compile(r"\s+")
_TRAILING_LINK_WORDS_RE = re.compile(r"(?:\s+(?:of|the|and|on|in|for|between|to))+$")
_BETWEEN_RE = re.compile(r"\b(?:between|among|между|арасында\w*)\b")
_SIGN_RE = re.compile(r"\bsign|\bподпис|\bқол\s+қой")
_CITY_BEFORE_RE = re.compile(r"(?P<city>[A-Z][\w-]+)\s+$")
_LAST_YEAR_RE = re.compile(r"\blast year'?s?\b")
_CITY_SUMMIT_RE = re.compile(r"(?P<city>[A-Z][\w-]+) (?:SCO )?[Ss]ummit")
_BODY_DASH_RE = re.compile(r"\s*[-–]\s*")
_SUBJECT_PREFIX_RE = re.compile(r"^(?:[A-Z]{3,}[—–-]+\s*|[Tt]he\s+)")
_REST_SPLIT_RE = re.compile(r"\s+(?:to|and|in order)\s+")
_RX_EVENT_WORD = re.compile(r"\b(?:meeting|summit|session)\b", re.I)
# A country's name that only qualifies a currency ("U.S. dollars", "Kazakh tenge").
_CURRENCY_AFTER_RE = re.compile(
    r"\.?\s*(?:\$|dollars?|tenge|yuan|renminbi|rubles?|roubles?|tugr[iö]gs?|tugriks?|soms?"
    r"|euros?|pounds?|rupees?|lira|won|yen)\b",
    re.I,
)
# ... and one the currency names first ("долларов США", "долл. США").
_CURRENCY_BEFORE_RE = re.compile(r"(?:доллар\w*|долл\.?)\s*$", re.I)

__all__ = [
    "AgreementRef",
    "EventRef",
    "FigureRef",
    "Gazetteer",
    "LinkedArticle",
    "PersonRef",
    "SignatoryRef",
    "agreement_ambiguous",
    "agreement_key",
    "event_key",
    "link_article",
    "name_key",
]

EVENT_KINDS = (
    "summit",
    "state_visit",
    "official_visit",
    "talks",
    "meeting",
    "forum",
    "briefing",
    "phone_call",
    "other",
)
AGREEMENT_KINDS = (
    "agreement",
    "memorandum",
    "declaration",
    "roadmap",
    "plan",
    "statement",
    "protocol",
    "resolution",
    "programme",
    "strategy",
    "treaty",
    "other",
)


# --------------------------------------------------------------------------------------------
# Values this stage produces


@dataclass(frozen=True)
class PersonRef:
    name: str
    matched: str | None
    aliases: tuple[str, ...]
    role: str | None
    country: str | None
    organization: str | None
    confident: bool = True
    # The name is a transliteration of how a Russian or Kazakh text writes it ("Ержан
    # Кошербаев" -> "Erzhan Kosherbaev"): a Latin-script text's spelling is to win over it.
    transliterated: bool = False


@dataclass(frozen=True)
class EventRef:
    name: str
    kind: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    city: str
    host_country: str | None
    organization: str | None
    countries: tuple[str, ...]
    matched: str | None
    confident: bool = True
    # People the text names as taking part (`PersonRef.name`): see `_Linker._participants`.
    participants: tuple[str, ...] = ()
    # How much of `starts_on` the text gives ("held in January 2025": "month", its first day).
    precision: str = "day"


@dataclass(frozen=True)
class SignatoryRef:
    person: str
    role: str
    party: str | None


@dataclass(frozen=True)
class AgreementRef:
    title: str
    kind: str
    signed_on: datetime.date | None
    parties: tuple[str, ...]
    organizations: tuple[str, ...]
    signatories: tuple[SignatoryRef, ...]
    event: str | None
    matched: str | None
    confident: bool = True


@dataclass(frozen=True)
class FigureRef:
    indicator: str
    country_a: str
    country_b: str
    year: int | None
    kind: str
    value: Decimal
    unit: str
    quote: str


@dataclass(frozen=True)
class LinkedArticle:
    article: ParsedArticle
    countries: tuple[str, ...]
    organizations: tuple[str, ...]
    people: tuple[PersonRef, ...]
    events: tuple[EventRef, ...]
    agreements: tuple[AgreementRef, ...]
    figures: tuple[FigureRef, ...] = ()
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Normalisation


# Same-length substitutions, so offsets found in the normalised text are valid in the original.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CHAR_MAP = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "\u00a0": " ",
        "‑": "-",
    }
)
_CHAR_PAIRS = tuple((chr(k), v) for k, v in _CHAR_MAP.items())


def _straighten(text: str) -> str:
    """``text.translate(_CHAR_MAP)``: one C-level ``replace`` per character is ~500x faster than
    ``translate`` with a dict on a non-ASCII text."""
    for a, b in _CHAR_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


_EXTRA_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "s", "ə": "a", "ә": "a"})
_VOWELS = "aeiou"
_VOWEL_RUN_RE = re.compile(r"([aeiou])[aeiou]+")
_DOUBLE_RE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no diacritics, straight apostrophes."""
    if text.isascii():
        return text.replace("`", "'").lower()  # what the general path does to ASCII
    text = unicodedata.normalize("NFKD", _straighten(text).lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_EXTRA_FOLD)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A spelling-proof key for a name: ``Madiyev`` == ``Madiev``,
    ``Amarbaysgalan`` == ``Amarbayasgalan``, ``Tokayev`` == ``Tokaev``, ``Zhomart`` == ``Jomart``,
    ``Khurelsukh`` == ``Hurelsuh``, ``Kassym`` == ``Kasym`` == ``Qassym``.

    Transliterations of Cyrillic and Mongolian names disagree mostly about ``y``/``i`` glides,
    doubled letters and digraphs, so the key drops ``y``, reduces each vowel run to its first
    vowel and each doubled letter to one, and maps the common digraphs to one letter. A name
    in Cyrillic is transliterated first (`relations.slugs.transliterate`, the slugs' rules), so
    ``Кошербаев`` == ``Kosherbayev`` and ``Тоқаев`` == ``Tokayev``; its case ending is another
    matter (`cyrillic_nominative`).
    """
    folded = fold(name)
    if not folded.isascii():
        folded = transliterate(folded).lower()  # Кошербаев == Kosherbaev, Тоқаев == Tokaev
    key = _NON_LETTER_RE.sub("", folded)
    key = key.replace("q", "k").replace("dzh", "j").replace("zh", "j").replace("kh", "h")
    key = key.replace("w", "v").replace("y", "")
    key = _VOWEL_RUN_RE.sub(r"\1", key)
    return _DOUBLE_RE.sub(r"\1", key)


_KEY_STOPWORDS = _words(
    "a an the of on in for and between among to with by at from dated until till "
    "under within upon as"
)
_KEY_SYNONYMS = {
    "organisation": "organization",
    "organisations": "organization",
    "organizations": "organization",
    "programme": "program",
    "programmes": "program",
    "programs": "program",
    "centre": "center",
    "mou": "memorandum",
    "understanding": "",
    "cooperation": "cooperation",
    "co": "",
    "operation": "cooperation",
    "states": "state",
}


# Russian and Kazakh words a document's or an event's naming may carry or leave out, like the
# English stop words (stems: see `_cyrillic_words`).
_CYR_KEY_STOPWORDS = _words(
    "о об обо в во и между по на с со для к ко от до из при а также взаимопониман туралы "
    "арасындағ және мен бойынша саласындағ"
)
_RUSSIAN_STEMMER = snowballstemmer.stemmer("russian")
_CYR_WORD_RE = re.compile(rf"[{_CYR_LETTERS}]+")


def _cyrillic_word(m: re.Match[str]) -> str:
    stem = _RUSSIAN_STEMMER.stemWord(m.group())
    return "" if stem in _CYR_KEY_STOPWORDS else transliterate(stem).lower()


@lru_cache(maxsize=65536)
def _bag_key(text: str) -> str:
    text = fold(text)
    if not text.isascii():
        # Every case form of a Russian word is one word ("Меморандума" == "Меморандум").
        text = _CYR_WORD_RE.sub(_cyrillic_word, text)
    text = _DASHES_RE.sub("-", text)
    text = _SPACED_HYPHEN_RE.sub("-", text)
    text = text.replace("co-operation", "cooperation")
    words = []
    for raw in _KEY_WORD_RE.findall(text):
        word = _KEY_SYNONYMS.get(raw, raw)
        if not word or word in _KEY_STOPWORDS:
            continue
        words.append(word if word[0].isdigit() else name_key(word) or word)
    return " ".join(sorted(words))


def agreement_key(title: str) -> str:
    """Equal for two namings of one document: word order, articles and prepositions, spelling
    variants (Programme/Program, MoU/Memorandum of Understanding) and dashes don't matter, so
    ``2025-2027 Cooperation Plan`` and ``Cooperation Plan for 2025–2027`` share a key."""
    return _bag_key(title.strip(" \t\"'.;:,"))


def agreements_fitting[T](entries: Sequence[T], parties: Iterable[str]) -> list[T]:
    """The known documents (``entries``, each with a ``parties`` frozenset of alpha-2 codes)
    that a same-titled mention with ``parties`` may name. Generic titles ("Memorandum of
    Cooperation") recur between other countries, so a document whose recorded parties differ
    is another document; a side with no parties recorded fits any (the loader then records
    the mention's parties on it, so a mention of other parties becomes its own document, as it
    would have if the mentions had come the other way round). One document with exactly these
    parties wins over others that only fit. The linker and the loader both decide here, so
    what the report says is what is stored."""
    parties = frozenset(p.upper() for p in parties)
    fitting = [e for e in entries if not e.parties or not parties or e.parties == parties]
    exact = [e for e in fitting if parties and e.parties == parties]
    return exact if len(exact) == 1 else fitting


def agreement_ambiguous(title: str) -> str:
    """The warning for a mention that several known documents fit (`agreements_fitting`)."""
    return f"agreement “{title}” matches several known documents; not linked"


def event_key(name: str) -> str:
    """Equal for two namings of one event (``SCO Summit 2025`` / ``2025 SCO summit``)."""
    return _bag_key(name)


# --------------------------------------------------------------------------------------------
# A trie of names compiled into one regular expression


def _trie_regex(words: Iterable[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return f"(?:{body})?"
        return body

    return emit(trie)


_CYR_RE = re.compile(r"[\u0400-\u04ff]")


_UNSET = object()
_WORD_RUN_RE = re.compile(r"\w*")
_WORD_RUN_IN_RE = re.compile(r"\w+")


class _Words:
    """Where a ``_Matcher`` form can start in a text: every run of word characters, as
    (offsets, lower-cased runs, non-ASCII flags), plus the runs inside tokens that are not
    plain words (``Kazakh-Mongolian``, ``K. Tokayev``) as (offset, lower-cased, non-ASCII).
    Built from the linker's tokens with C-level maps: a plain word token is one run."""

    __slots__ = ("starts", "lows", "non_ascii", "plain", "inner", "shortlist")

    def __init__(self, text: str, tokens: _Tokens | None = None):
        if tokens is None:
            tokens = _Tokens(text)
        texts = tokens.texts
        self.starts = tokens.starts
        self.lows = list(map(str.lower, texts))
        self.non_ascii = list(map(not_, map(str.isascii, texts)))
        self.inner: list[tuple[int, str, bool]] = []
        self.plain = list(map(str.isalnum, texts))
        self.shortlist: list[int] | None = None
        wordy = map(_WORDY_KINDS.__contains__, tokens.kinds)
        for i in compress(range(len(texts)), map(gt, wordy, self.plain)):
            base = self.starts[i]
            for m in _WORD_RUN_IN_RE.finditer(texts[i]):
                run = m.group()
                self.inner.append((base + m.start(), run.lower(), not run.isascii()))


_WORDY_KINDS = frozenset(("word", "init", "abbr"))


@lru_cache(maxsize=4096)
def _ascii_case_variants(ch: str) -> tuple[str, ...]:
    """Lower-case ASCII letters an IGNORECASE regex matches ``ch`` with (``ı`` ~ ``i``,
    ``K`` (Kelvin) ~ ``k``, ...); () if none."""
    if ch.isascii():
        return (ch.lower(),)
    return tuple(
        a
        for a in "abcdefghijklmnopqrstuvwxyz"
        if re.fullmatch(re.escape(ch), a, re.IGNORECASE)
        or re.fullmatch(re.escape(ch), a.upper(), re.IGNORECASE)
    )


class _Matcher:
    """Finds known surface forms in text: longest match, case-insensitive, except that
    abbreviations and short forms must match exactly (``US`` is not ``us``). Cyrillic names
    also match their inflected forms (``Казахстана``, ``Монголией``)."""

    def __init__(self):
        self.forms: dict[str, str | None] = {}  # folded surface form -> value (None: ignore)
        self.exact: dict[str, str] = {}  # folded form -> the only spelling allowed
        self.stems: dict[str, str] = {}  # folded Cyrillic stem -> value
        self._regex: re.Pattern[str] | None = None
        self._firsts: frozenset[str] | None | object = _UNSET
        self._seconds: dict[str, frozenset[str]] = {}

    def add(self, form: str, value: str | None) -> None:
        form = _straighten(form).strip()
        if len(form) < 2:
            return
        key = form.casefold()
        if _CYR_RE.search(form) and " " not in form and len(form) > 4:
            stem = key[:-1] if key[-1] in "аяоеыиуьйю" else key
            self.stems.setdefault(stem, value)
        self.forms.setdefault(key, value)
        if form.isupper() or len(form) <= 3 or "." in form:
            self.exact[key] = form
        self._regex = None
        self._firsts = _UNSET

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            parts = []
            if self.forms:
                parts.append(f"(?P<form>{_trie_regex(self.forms)})")
            if self.stems:
                parts.append(f"(?P<stem>{_trie_regex(self.stems)})[{_CYR_LETTERS}]{{0,4}}")
            body = "|".join(parts) or "(?!)"
            self._regex = re.compile(rf"(?<![\w.])(?:{body})(?![\w])", re.IGNORECASE)
        return self._regex

    @property
    def firsts(self) -> frozenset[str] | None:
        """Lower-cased ASCII spellings of the first word of every form: an ASCII word of the
        text that is not among them cannot start a match. None when some form starts with a
        non-word character (then every position is a candidate)."""
        if self._firsts is _UNSET:
            firsts: set[str] | None = set()
            # head -> second words, for heads whose every form goes on with one space and one
            # more word ("the state of palestine"): a common word like "the" is then tried
            # only before one of those words.
            seconds: dict[str, set[str] | None] = {}
            for key in (*self.forms, *self.stems):
                head = _WORD_RUN_RE.match(key).group()
                if not head or "_" in head:
                    firsts = None
                    break
                options = [_ascii_case_variants(ch) for ch in head]
                if not all(options):
                    continue
                spellings = {"".join(p) for p in product(*options)}
                firsts.update(spellings)
                rest = key[len(head) :]
                second = _WORD_RUN_RE.match(rest, 1).group() if rest[:1] == " " else ""
                variants = [_ascii_case_variants(ch) for ch in second]
                after = rest[1 + len(second) : 2 + len(second)]
                if key in self.stems or not second or not all(variants) or "_" in after:
                    for h in spellings:
                        seconds[h] = None
                    continue
                for h in spellings:
                    if h in seconds and seconds[h] is None:
                        continue
                    seconds.setdefault(h, set()).update("".join(p) for p in product(*variants))
            self._firsts = None if firsts is None else frozenset(firsts)
            self._seconds = {h: frozenset(v) for h, v in seconds.items() if v is not None}
        return self._firsts

    def find(self, text: str, words: _Words | None = None):
        """-> [(start, end, value)]. ``words``: the text's ``_Words``, when the caller has them."""
        firsts = self.firsts
        if firsts is None:
            return self._collect(self.regex.finditer(text))
        if words is None:
            words = _Words(text)
        # A match starts at a run of word characters. Trying the regex only at runs that can
        # begin a form (any non-ASCII run included), left to right and never inside the
        # previous match, finds exactly what finditer finds. Extra candidates are harmless
        # (the regex rejects them); runs led by "_" can't start a form (none starts with "_").
        starts, lows, plain, seconds = words.starts, words.lows, words.plain, self._seconds
        n = len(starts)
        candidates = []
        shortlist = words.shortlist
        if shortlist is None:
            pool = compress(range(n), map(or_, map(firsts.__contains__, lows), words.non_ascii))
        else:  # tokens that can start a form of any matcher: narrow it down to this one's
            non_ascii = words.non_ascii
            pool = [i for i in shortlist if non_ascii[i] or lows[i] in firsts]
        for i in pool:
            low = lows[i]
            after = seconds.get(low)
            if after is not None:
                # The run after a plain word token is the next token (an "_" between them
                # would make one run, which no form has): it must be a possible second word.
                if i + 1 < n and plain[i + 1] and lows[i + 1] not in after:
                    continue
            elif not low[0].isalnum():
                continue  # non-ASCII punctuation: forms start with a word character
            candidates.append(starts[i])
        extra = [pos for pos, low, odd in words.inner if odd or low in firsts]
        if extra:
            candidates = sorted(set(candidates).union(extra))
        match = self.regex.match
        found = []
        last = 0
        for pos in candidates:
            if pos < last:
                continue
            m = match(text, pos)
            if m is not None:
                last = m.end()
                found.append(m)
        return self._collect(found)

    def _collect(self, matches) -> list[tuple[int, int, str]]:
        found = []
        for m in matches:
            surface = m.groupdict().get("form")
            if surface is not None:
                key = surface.casefold()
                value = self.forms.get(key)
                exact = self.exact.get(key)
                if exact is not None and surface != exact:
                    continue
                if exact is None and not (surface[0].isupper() or surface.isupper()):
                    continue  # proper names are capitalised: "turkey" the bird, "china" the ware
            else:
                value = self.stems.get(m.group("stem").casefold())
                if not m.group(0)[0].isupper():
                    continue
            if value is not None:
                found.append((m.start(), m.end(), value))
        return found


# --------------------------------------------------------------------------------------------
# Gazetteer

# Names coverage uses that are not countries although they contain one.
_NOT_COUNTRIES = (
    "Latin American",
    "South American",
    "North American",
    "Central American",
    "New Mexico",
    "Indian Ocean",
    "New Guinea",
    "Korean Peninsula",
    "Turkic",
)
_COUNTRY_EXTRAS = {
    "KP": ["North Korean", "DPRK"],
    "KR": ["South Korean"],
    "US": ["U.S", "U.S.A."],
    "MN": ["Mongolia's"],
}

# Capitals and cities that host the region's diplomacy: event city -> host country.
CITIES = {
    "Astana": "KZ",
    "Nur-Sultan": "KZ",
    "Almaty": "KZ",
    "Shymkent": "KZ",
    "Aktau": "KZ",
    "Turkistan": "KZ",
    "Kostanay": "KZ",
    "Ulaanbaatar": "MN",
    "Ulan Bator": "MN",
    "Moscow": "RU",
    "Saint Petersburg": "RU",
    "St. Petersburg": "RU",
    "Kazan": "RU",
    "Sochi": "RU",
    "Beijing": "CN",
    "Tianjin": "CN",
    "Shanghai": "CN",
    "Xi'an": "CN",
    "Qingdao": "CN",
    "Tashkent": "UZ",
    "Samarkand": "UZ",
    "Bishkek": "KG",
    "Cholpon-Ata": "KG",
    "Cholpon Ata": "KG",
    "Dushanbe": "TJ",
    "Ashgabat": "TM",
    "Minsk": "BY",
    "Tehran": "IR",
    "Islamabad": "PK",
    "New Delhi": "IN",
    "Baku": "AZ",
    "Tbilisi": "GE",
    "Yerevan": "AM",
    "Ankara": "TR",
    "Istanbul": "TR",
    "Tallinn": "EE",
    "Berlin": "DE",
    "Paris": "FR",
    "London": "GB",
    "Washington": "US",
    "New York": "US",
    "Brussels": "BE",
    "Geneva": "CH",
    "Vienna": "AT",
    "Rome": "IT",
    "Madrid": "ES",
    "Tokyo": "JP",
    "Seoul": "KR",
    "Doha": "QA",
    "Riyadh": "SA",
    "Abu Dhabi": "AE",
    "Dubai": "AE",
    "Kuala Lumpur": "MY",
    "Singapore": "SG",
    "Hanoi": "VN",
    "Jakarta": "ID",
    "Cairo": "EG",
    "Budapest": "HU",
    "Warsaw": "PL",
    "Bratislava": "SK",
    "Prague": "CZ",
    "Kyiv": "UA",
}
# The same cities as Russian and Kazakh texts write them (every case form matches: "в
# Тяньцзине"): an event is recorded in the city's English name, as English texts give it.
CYRILLIC_CITIES = {
    "Астана": "Astana",
    "Алматы": "Almaty",
    "Шымкент": "Shymkent",
    "Актау": "Aktau",
    "Ақтау": "Aktau",
    "Туркестан": "Turkistan",
    "Түркістан": "Turkistan",
    "Улан-Батор": "Ulaanbaatar",
    "Улаанбаатар": "Ulaanbaatar",
    "Москва": "Moscow",
    "Мәскеу": "Moscow",
    "Санкт-Петербург": "Saint Petersburg",
    "Казань": "Kazan",
    "Сочи": "Sochi",
    "Пекин": "Beijing",
    "Бейжің": "Beijing",
    "Тяньцзинь": "Tianjin",
    "Тяньцзин": "Tianjin",
    "Шанхай": "Shanghai",
    "Сиань": "Xi'an",
    "Циндао": "Qingdao",
    "Ташкент": "Tashkent",
    "Самарканд": "Samarkand",
    "Бишкек": "Bishkek",
    "Чолпон-Ата": "Cholpon-Ata",
    "Душанбе": "Dushanbe",
    "Ашхабад": "Ashgabat",
    "Минск": "Minsk",
    "Баку": "Baku",
    "Анкара": "Ankara",
    "Стамбул": "Istanbul",
    "Берлин": "Berlin",
    "Париж": "Paris",
    "Лондон": "London",
    "Вашингтон": "Washington",
    "Нью-Йорк": "New York",
    "Брюссель": "Brussels",
    "Женева": "Geneva",
    "Вена": "Vienna",
    "Токио": "Tokyo",
    "Сеул": "Seoul",
    "Доха": "Doha",
    "Эр-Рияд": "Riyadh",
    "Абу-Даби": "Abu Dhabi",
    "Дубай": "Dubai",
}


def _org_variants(text: str) -> set[str]:
    variants = {text}
    for a, b in (
        ("Organization", "Organisation"),
        ("Co-operation", "Cooperation"),
        ("Confidence-Building", "Confidence Building"),
        ("Programme", "Program"),
        ("Centre", "Center"),
    ):
        for v in list(variants):
            variants |= {v.replace(a, b), v.replace(b, a)}
    return variants


@dataclass
class _PersonEntry:
    name: str
    givens: set[str]  # name_key of given names / initials seen for this person
    surname: str
    fresh: bool = True  # not yet given a spelling (`Gazetteer.add_person`)


@dataclass
class _AgreementEntry:
    title: str
    parties: frozenset[str]


@dataclass
class Gazetteer:
    """Known names. Built by the loader from the database (it calls the constructor and the
    ``add_*`` methods with plain values), or from ``relations.reference`` via ``default()``."""

    country_names: dict[str, str] = field(default_factory=dict)  # alpha-2 -> display name
    org_abbreviations: dict[str, str] = field(default_factory=dict)  # name -> abbreviation
    _countries: _Matcher = field(default_factory=_Matcher, repr=False)
    _orgs: _Matcher = field(default_factory=_Matcher, repr=False)
    _cities: _Matcher = field(default_factory=_Matcher, repr=False)
    _people: dict[str, list[_PersonEntry]] = field(default_factory=dict, repr=False)
    _events: dict[str, str] = field(default_factory=dict, repr=False)
    _agreements: dict[str, list[_AgreementEntry]] = field(default_factory=dict, repr=False)
    _stop_tokens: set[str] = field(default_factory=set, repr=False)
    _capable: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    _capable_stops: int = field(default=-1, repr=False, compare=False)
    _union: tuple | None = field(default=None, repr=False, compare=False)
    # While a list, what the ``add_*`` methods teach that could change how an earlier text
    # links (`Learned`): the loader keeps one per file, to link earlier files again.
    journal: list[tuple[str, str]] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        for form in _NOT_COUNTRIES:
            self._countries.add(form, None)
        for city in CITIES:
            self._cities.add(city, city)
            self._stop_tokens.add(city.casefold())
        for form, city in CYRILLIC_CITIES.items():
            self._cities.add(form, city)
        self.city_countries = dict(CITIES)

    @classmethod
    def default(cls) -> Gazetteer:
        """Every ISO country with the reference aliases and every reference organization."""
        from relations.reference import ORGANIZATIONS, country_rows

        gazetteer = cls()
        for code, name, official, aliases in country_rows():
            gazetteer.add_country(code, name, [official, *aliases])
        for name, abbreviation, aliases, _members in ORGANIZATIONS:
            gazetteer.add_organization(name, abbreviation, aliases)
        return gazetteer

    # -- building

    def add_country(self, code: str, name: str, aliases: Iterable[str] = ()) -> None:
        code = code.upper()
        self.country_names.setdefault(code, name)
        for form in (name, *aliases, *_COUNTRY_EXTRAS.get(code, ())):
            if form:
                self._countries.add(form, code)
                if " " not in form and not _CYR_RE.search(form):
                    self._stop_tokens.add(_straighten(form).casefold())

    def add_organization(self, name: str, abbreviation: str = "", aliases: Iterable[str] = ()):
        if self.journal is not None:
            self.journal += [("organization", form) for form in (name, abbreviation, *aliases)
                             if form]  # fmt: skip
        if abbreviation:
            self.org_abbreviations[name] = abbreviation
            self._orgs.add(abbreviation, name)
            self._stop_tokens.add(abbreviation.casefold())
        for form in (name, *aliases):
            for variant in _org_variants(form):
                self._orgs.add(variant, name)
            for word in _LETTERS_RE.findall(form):
                if word[0].isupper() and len(word) > 3:
                    self._stop_tokens.add(word.casefold())

    def add_person(self, name: str, aliases: Iterable[str] = ()) -> None:
        """Known person: later mentions matching a spelling of ``name`` or an alias (by
        ``name_key``, initials included) link to ``name``."""
        entries: dict[str, _PersonEntry] = {}
        for form in (name, *aliases):
            given, surname = _split_name(form)
            if not surname:
                continue
            entry = entries.get(surname)
            if entry is None:
                entry = self._person_entry(name, surname)
                entries[surname] = entry
            if self.journal is not None and (entry.fresh or (given and given not in entry.givens)):
                # A new person, or a new given name or initials for a surname: a mention an
                # earlier text left unlinked (or unsure) may now be theirs.
                self.journal.append(("person", surname))
            entry.fresh = False
            if given:
                entry.givens.add(given)

    def rename_person(self, old: str, new: str) -> None:
        """A known person's name changed (the loader's own rename): mentions link to ``new``."""
        for entries in self._people.values():
            for entry in entries:
                if entry.name == old:
                    entry.name = new

    def _person_entry(self, name: str, surname: str) -> _PersonEntry:
        for entry in self._people.setdefault(surname, []):
            if entry.name == name:
                return entry
        entry = _PersonEntry(name=name, givens=set(), surname=surname)
        self._people[surname].append(entry)
        return entry

    def add_event(self, name, kind="other", starts_on=None, ends_on=None, aliases=()) -> None:
        for form in (name, *aliases):
            self._events.setdefault(event_key(form), name)

    def add_agreement(self, title: str, aliases: Iterable[str] = (), parties=()) -> None:
        """``parties`` (alpha-2 codes, optional) keeps two same-titled documents of different
        country pairs apart."""
        parties = frozenset(p.upper() for p in parties)
        for form in (title, *aliases):
            entries = self._agreements.setdefault(agreement_key(form), [])
            if not any(e.title == title and e.parties == parties for e in entries):
                entries.append(_AgreementEntry(title, parties))

    def set_agreements(self, key: str, documents: Iterable[tuple[str, Iterable[str]]]):
        """Replace the documents known under an `agreement_key` by ``documents`` (title,
        parties): the loader's own list once it has recorded the parties of a document that
        had none, so that the linker's report and the loader decide alike."""
        entries: list[_AgreementEntry] = []
        for title, parties in documents:
            entry = _AgreementEntry(title, frozenset(p.upper() for p in parties))
            if entry not in entries:
                entries.append(entry)
        self._agreements[key] = entries

    # -- lookups

    def countries_in(self, text: str) -> list[tuple[int, int, str]]:
        return self._countries.find(text)

    def organizations_in(self, text: str) -> list[tuple[int, int, str]]:
        return self._orgs.find(text)

    def cities_in(self, text: str) -> list[tuple[int, int, str]]:
        return self._cities.find(text)

    def people_named(self, surname: str) -> list[_PersonEntry]:
        return self._people.get(surname, [])

    def event_named(self, name: str) -> str | None:
        return self._events.get(event_key(name))

    def agreement_named(self, title: str, parties: Iterable[str]) -> tuple[str | None, str]:
        """-> (matched title or None, warning or "")."""
        entries = self._agreements.get(agreement_key(title), [])
        fitting = agreements_fitting(entries, parties)
        if len(fitting) == 1:
            return fitting[0].title, ""
        if len(fitting) > 1:
            return None, agreement_ambiguous(title)
        if entries:
            return None, (
                f"agreement “{title}” has the title of “{entries[0].title}” but other parties; "
                "recorded as a new document"
            )
        return None, ""

    def _any_firsts(self) -> frozenset[str] | None:
        """The first words of the countries', organizations' and cities' forms together (None
        if a matcher can't prefilter), rebuilt when one of them changes."""
        parts = (self._countries.firsts, self._orgs.firsts, self._cities.firsts)
        if any(part is None for part in parts):
            return None
        cached = self._union
        if cached is None or any(a is not b for a, b in zip(cached[0], parts, strict=True)):
            cached = self._union = (parts, frozenset().union(*parts))
        return cached[1]

    def is_stop_token(self, word: str) -> bool:
        return word.casefold() in self._stop_tokens


# --------------------------------------------------------------------------------------------
# Tokens

# One token per match: an initial with its surname (``U.Khurelsukh``, ``K. Tokayev``), an
# abbreviation (``U.S.``), a word (``Kazakh-Mongolian``, ``people's``), a line break or one
# punctuation character. Whitespace and ``_`` are skipped. A token's kind follows from its text
# (``_token_kind``), so one capturing group and ``re.split`` give every token at C speed.
_TOKEN_RE = re.compile(
    # Only a capital can start an initial or an abbreviation: the look-ahead spares the engine
    # both alternatives (and the look-behind) at every other position.
    rf"((?=[{_UP}])(?:(?<![\w.])(?:[{_UP}][{_LOW}]?\.\s?)(?=[{_UP}][{_LOW}])[{_UP}][^\W\d_]+"
    rf"(?:-[{_UP}]?[^\W\d_]+)*(?:'s)?"
    rf"|(?:[{_UP}]\.){{2,}})"
    r"|[^\W_]+(?:['-][^\W_]+)*"
    r"|\n"
    r"|[^\w\s])"
)


@lru_cache(maxsize=65536)
def _token_kind(text: str) -> str:
    """init, abbr, word, nl or punct. Only initials and abbreviations hold a dot and only an
    abbreviation (or the full stop itself) ends with one; a word starts with a word character."""
    if "." in text:
        return "punct" if text == "." else "abbr" if text.endswith(".") else "init"
    if text == "\n":
        return "nl"
    return "word" if text[0].isalnum() else "punct"


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    kind: str  # init, abbr, word, nl, punct

    @property
    def bare(self) -> str:
        t = self.text
        return t[:-2] if t.endswith("'s") else t

    @property
    def cap(self) -> bool:
        return self.kind in ("init", "abbr") or (self.kind == "word" and self.text[0].isupper())


_ROLE_HEADS = _words(
    """president vice minister deputy premier prime chairman chairwoman chairperson chair
    ambassador secretary secretary-general head director speaker governor mayor king queen emir
    sultan prince chancellor spokesperson spokesman spokeswoman envoy representative consul
    commissioner adviser advisor aide chief ceo founder official counsellor counselor rector
    professor commander leader attache attaché"""
)
_ROLE_LOWER_OK = (
    _words(
        """of the and for on in to at member states countries foreign affairs ministry deputy
    vice chief senior general first executive external international"""
    )
    | _ROLE_HEADS
)
_CONNECTORS = _words("of the and for on in to at a an")
_PARTICLES = _words("bin ibn al el de van von der la ul uly kyzy")
_HONORIFICS = _words("mr mrs ms dr st no prof sen gen")
_NAME_STOP = _words(
    """the a an in on at of and for to by with from during following according as after before
    this that these those it he she they we our his her their both also today meanwhile however
    moreover thus images image photo author source speaking addressing under over amid among
    within through since while when where key very here there one two three yesterday tomorrow
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    square street avenue hub center centre sea ocean lake river mountains corridor statue banner
    guard palace hall park airport university institute company bank fund group council
    committee commission ministry ministries agency organization organisation chamber forum
    summit games day week year index charter route structure strategy agreement memorandum plan
    roadmap declaration statement protocol resolution programme program treaty party parliament
    government cabinet state states republic federation kingdom union nations united asia asian
    central europe european eurasia eurasian africa african middle east west north south northern
    southern eastern western global international national regional world cold war second great
    new old joint business cooperation development economic trade investment foreign affairs
    heads head members member mission delegation kazinform qazinform akorda xinhua mfa news
    president minister premier chairman ambassador secretary director speaker deputy vice prime
    first chief senior executive spirit shanghai khural maslahaty halk communist politburo
    standing people's peoples people presidential press service office embassy consulate
    capital city region province oblast district village town later earlier then now still next
    finally last lastly separately additionally furthermore besides instead yet so but if all
    each every some many most several other such not"""
)
_SPEECH_BEFORE = _words(
    "said says noted emphasized emphasised stressed added told remarked highlighted stated "
    "thanked congratulated invited welcomed met"
)
_SPEECH_AFTER = _words(
    "said says told met had held made paid sent took spoke gave noted emphasized emphasised "
    "stressed added highlighted expressed congratulated thanked extended proposed welcomed "
    "visited announced stated remarked named pointed wished urged called underlined "
    "underscored recalled reaffirmed opened chaired attended signed arrived"
)


# Russian and Kazakh: the same evidence for a name as the English words above. Words that start
# a sentence or name a role, an office or a document are never part of a name (Russian
# capitalises little else, so these and the gazetteer's countries, cities and organizations are
# enough); matched by their stems, so every case form counts.
_CYR_NAME_STOP = _words(
    """в во на по с со к ко о об от до из за при для под над без как где когда это этот эта
    эти также кроме однако вместе после перед между так уже ещё еще все всё его её их мы вы
    они он она тем том том этом итогам ходе рамках ранее сегодня вчера завтра напомним
    отметим фото источник подписывайтесь читайте telegram стороны сторон стороны делегации
    и а но да бұл осы сондай ақ сонымен қатар тараптар мен және"""
)
_CYR_STOP_STEMS = (
    "республик", "министр", "министерств", "президент", "премьер", "председател", "правительств",
    "парламент", "мажилис", "сенат", "посол", "посла", "посольств", "глава", "главы", "главе",
    "главой", "заместител", "вице", "спикер", "секретар", "советник", "представител",
    "государств", "межправительств", "комисси", "саммит", "визит", "встреч", "переговор",
    "заседани", "форум", "меморандум", "соглашени", "договор", "декларац", "заявлени",
    "протокол", "программ", "дорожн", "план", "пресс", "служб", "агентств", "международн",
    "национальн", "казахстанск", "монгольск", "китайск", "российск", "январ", "феврал", "март",
    "апрел", "мая", "май", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр",
    "понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень", "мемлекет",
    "басшы", "төраға", "елші", "хатшы", "үкімет", "сыртқы", "істер", "министрлі", "орынбасар",
    "кеңесші", "өкіл", "қыркүйек", "қазан", "қараша", "желтоқсан", "қаңтар", "ақпан", "наурыз",
    "сәуір", "мамыр", "маусым", "шілде", "тамыз", "ақорда", "акорда", "казинформ", "қазақпарат",
)  # fmt: skip
# A role word before a Cyrillic name ("министр иностранных дел Монголии", "Глава государства",
# "Сыртқы істер министрі"): up to seven words of its title may stand between it and the name.
_CYR_ROLE_RE = re.compile(
    r"(?<![\w-])(?:министр|президент|премьер|председател|посол|посла|послу|послом|глав(?:а|ы|е|у|ой)\b"
    r"|заместител|спикер|секретар|советник|представител|басшы|төраға|елші|хатшы|орынбасар"
    r"|кеңесші)[\w-]*(?P<title>(?:\s+[\w-]+){0,7}?)\s*$",
    re.IGNORECASE,
)
# Words of speech and action next to a Cyrillic name ("— отметил Ержан Кошербаев", "Кошербаев
# провел переговоры"), in every gender and number.
_CYR_SPEECH_RE = re.compile(
    r"(?:отметил|сказал|подчеркнул|заявил|сообщил|добавил|пояснил|указал|заметил|напомнил"
    r"|провел|провёл|встретил|принял|посетил|подписал|выступил|прибыл|поблагодарил|пригласил"
    r"|предложил|обсудил|призвал|передал|вручил|направил|считает|говорит)(?:а|и|ся|ась|ись)?"
    r"|деді|айтты|атап|мәлімдеді|жеткізді|қабылдады|кездесті|өткізді|сөйледі|қол",
    re.IGNORECASE,
)
# Case endings of a Cyrillic name: Russian declension of surnames in -ов/-ев/-ин (Кошербаева,
# Токаеву, Кошербаевым), Kazakh case suffixes after them (Тоқаевтың, Тоқаевпен) and the
# unambiguous ones (genitive, instrumental) after other names (Батмунхпен, Ержанның), and the
# Russian noun endings of other names (Ержана, Баттсэцэгом, Ержане).
_CYR_CASE_RES = (
    re.compile(r"(?<=[оеё]в|[иы]н)(?:ыми|ым|ой|ою|ом|ых|а|у|е|ы)$"),
    re.compile(
        r"(?<=[оеё]в|[иы]н)(?:тың|тің|ның|нің|тан|тен|нан|нен|пен|бен|мен|қа|ке|ға|ге"
        r"|ты|ті|ны|ні|та|те)$"
    ),  # fmt: skip
    re.compile(r"(?<=[бвгджзклмнпрстфхцчшщқғң])(?:тың|тің|дың|дің|ның|нің|пен|бен|мен)$"),
    re.compile(r"(?<=[бвгджзклмнпрстфхцчшщқғң])(?:ом|ем|а|у|е|ю)$"),
)


@lru_cache(maxsize=65536)
def cyrillic_nominative(word: str) -> str:
    """The name a Cyrillic word of a name is the case form of: ``Кошербаева``, ``Кошербаеву``
    and ``Кошербаевым`` -> ``Кошербаев``, ``Тоқаевтың`` -> ``Тоқаев``, ``Ержана`` -> ``Ержан``,
    ``Баттсэцэгом`` -> ``Баттсэцэг``. Words of another script come back as they are. A
    feminine surname (``Балаева``) reads as the masculine one's case form: the text alone
    cannot tell them apart (`_Linker._mention` keeps it when a known person has it)."""
    if not _CYR_RE.search(word):
        return word
    low = word.lower()
    for regex in _CYR_CASE_RES:
        m = regex.search(low)
        if m is not None:
            return word[: m.start()] if m.start() >= 3 + (len(m.group()) == 3) else word
    return word


def _cyrillic_stop(low: str) -> bool:
    return low in _CYR_NAME_STOP or low.startswith(_CYR_STOP_STEMS)


class _Tokens:
    """The tokens of a text as parallel lists (built by C-level maps, no Python loop per
    token); a ``_Tok`` is made only for the positions the linker looks at, which are few:
    names and the words around them."""

    __slots__ = ("texts", "starts", "ends", "kinds")

    def __init__(self, text: str):
        parts = _TOKEN_RE.split(text)  # [skipped, token, skipped, token, ..., skipped]
        offsets = list(accumulate(map(len, parts)))
        self.texts: list[str] = parts[1::2]
        self.ends: list[int] = offsets[1::2]
        self.starts: list[int] = list(map(sub, self.ends, map(len, self.texts)))
        self.kinds: list[str] = list(map(_token_kind, self.texts))

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self.texts)))]
        return _Tok(self.texts[k], self.starts[k], self.ends[k], self.kinds[k])


def _bare(text: str) -> str:
    return text[:-2] if text.endswith("'s") else text


@dataclass
class Learned:
    """Names a run learned (`Gazetteer.journal` entries: people's surname keys, organizations'
    forms) since it linked some text, and whether that text could mention one of them: then
    linking it again may give it links, or surer ones, that it did not get the first time.

    A sieve, not the linker: a text passes if a capitalized word of it has the key of a
    learned surname (initials and Cyrillic case forms read as the linker reads them), or if
    it holds a form of a learned organization. Every text the linker would link to one of
    them passes; a few others do too, and linking them again changes nothing.
    """

    surnames: set[str] = field(default_factory=set)
    organizations: _Matcher = field(default_factory=_Matcher)

    def add(self, kind: str, key: str) -> None:
        if kind == "person":
            self.surnames.add(key)
        else:
            for variant in _org_variants(key):
                self.organizations.add(variant, key)

    def mentioned_in(self, text: str) -> bool:
        if self.surnames:
            # Capitalized words, hyphenated ones whole ("Al-Thani"); initials split off
            # ("U.Khurelsukh" gives "Khurelsukh"), as does "'s".
            words = set(_CAPITALIZED_RE.findall(text))
            if not self.surnames.isdisjoint(name_key(cyrillic_nominative(w)) for w in words):
                return True
        # The organizations' forms in any case (the linker wants some in their own case).
        return bool(self.organizations.forms) and bool(self.organizations.regex.search(text))


_CAPITALIZED_RE = re.compile(r"(?<![^\W\d_])[^\W\d_a-zа-яёәғқңөұүһі][^\W\d_]*(?:-[^\W\d_]+)*")


def _name_capable_text(text: str, stop_tokens: set[str]) -> bool:
    """Could the token ``text`` be (part of) a person's name? A token's kind follows from its
    text: only initials (``U.Khurelsukh``) and abbreviations (``U.S.``, ending in a dot) hold a
    dot, and one-character punctuation is never long enough."""
    if "." in text:
        if text.endswith("."):
            return False  # an abbreviation or the full stop
        return text.split(".")[0].casefold() not in _HONORIFICS
    if not text[0].isupper():
        return False
    bare = text[:-2] if text.endswith("'s") else text
    if len(bare) < 2:
        return False
    if bare.isupper() or any(ch.isdigit() for ch in bare):
        return False
    low = bare.casefold()
    if _CYR_RE.search(low) and _cyrillic_stop(low):
        return False
    return low not in _NAME_STOP and low not in stop_tokens


@lru_cache(maxsize=65536)
def _split_name(form: str) -> tuple[str, str]:
    """-> (given-name key or initials key, surname key) for a person's name as written."""
    form = _straighten(form).strip()
    if form.endswith("'s"):
        form = form[:-2]
    m = _INITIAL_NAME_RE.fullmatch(form)
    if m:
        return name_key(m.group(1)), name_key(cyrillic_nominative(m.group(2)))
    words = [cyrillic_nominative(w) for w in _SPACES_RE.split(form) if w]
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if w.casefold() not in _PARTICLES), words[-1]]
    if not words:
        return "", ""
    if len(words) == 1:
        return "", name_key(words[0])
    return name_key(words[0]), name_key(words[-1])


def _given_fit(a: str, b: str) -> str:
    """How two given-name keys relate: 'same', 'initial', 'nickname' or '' (different)."""
    if not a or not b:
        return "same" if a == b else "initial"
    if a == b:
        return "same"
    short, long = sorted((a, b), key=len)
    if len(short) <= 2:
        return "initial" if long.startswith(short) else ""
    if short[0] == long[0] and len(short) >= 3 and _is_subsequence(short, long):
        return "nickname"
    return ""


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


# --------------------------------------------------------------------------------------------
# Dates

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTHS.update(
    (prefix, number)
    for number, prefixes in enumerate(
        ("янв қаң", "фев ақп", "мар нау", "апр сәу", "мая май мам", "июн мау", "июл шіл",
         "авг там", "сен қыр", "окт қаз", "ноя қар", "дек жел"),
        start=1,
    )
    for prefix in prefixes.split()
)  # fmt: skip
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
    # Russian (nominative and genitive) and Kazakh month names.
    r"|январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]"
    r"|октябр[яь]|ноябр[яь]|декабр[яь]|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз"
    r"|қыркүйек|қазан|қараша|желтоқсан)"
)
_DASH = r"\s*(?:-|–|—|to|and|through)\s*"
_DATE_RES = (
    re.compile(
        rf"\b(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"(?:{_DASH}(?:(?P<m2>{_MONTH})\s+)?(?P<d2>\d{{1,2}})\b)?(?:,?\s+(?P<y>\d{{4}}))?"
    ),
    re.compile(
        rf"\b(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?{_DASH}(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})"
        rf"(?:,?\s+(?P<y>\d{{4}}))?"
    ),
    re.compile(rf"\b(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y>\d{{4}}))?"),
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE_RE = re.compile(
    r"\b(?:on\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(?P<today>today|"
    r"Today)|(?P<yesterday>yesterday))\b"
)


def _month(word: str) -> int:
    return _MONTHS[word.lower()[:3]]


@lru_cache(maxsize=65536)
def _dates_in(
    sentence: str, published: datetime.date | None
) -> tuple[datetime.date | None, datetime.date | None, bool]:
    """(starts_on, ends_on, found) for the first date expression of a sentence, a year-less
    date resolved against the publication date (a date months after publication is taken to
    be in the year before)."""
    best = None
    for regex in _DATE_RES:
        m = regex.search(sentence)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is not None:
        g = best.groupdict()
        m1 = g.get("m1") or g.get("m2")
        m2 = g.get("m2") or m1
        if g.get("y"):
            year = int(g["y"])
        elif published is not None:
            year = published.year
        else:
            return None, None, True
        try:
            start = datetime.date(year, _month(m1), int(g["d1"]))
            end = datetime.date(year, _month(m2), int(g["d2"])) if g.get("d2") else None
        except ValueError:
            return None, None, True
        if (
            not g.get("y")
            and published is not None
            and start > published + datetime.timedelta(days=120)
        ):
            start = start.replace(year=year - 1)
            end = end.replace(year=year - 1) if end else None
        if end is not None and end < start:
            end = end.replace(year=end.year + 1)
        return start, (end if end != start else None), True
    if published is not None:
        r = _RELATIVE_RE.search(sentence)
        if r:
            if r.group("wd"):
                back = (published.weekday() - _WEEKDAYS.index(r.group("wd").lower())) % 7
                return published - datetime.timedelta(days=back), None, True
            if r.group("today"):
                return published, None, True
            return published - datetime.timedelta(days=1), None, True
    return None, None, False


# A month and year with no day ("held in January 2025 in Tallinn").
_MONTH_YEAR_RE = re.compile(rf"\b(?:in\s+)?(?P<m>{_MONTH})\s+(?P<y>(?:19|20)\d\d)\b")


def _month_in(text: str) -> datetime.date | None:
    """The first day of the month `text` names with its year and no day, or None."""
    m = _MONTH_YEAR_RE.search(text)
    if m is None:
        return None
    return datetime.date(int(m.group("y")), _month(m.group("m")), 1)


def refines(known_start, known_precision, found_start, found_precision) -> bool:
    """Whether dates found (`found_start`, to the day) give the days of the month or year an
    event's known start gives alone ("January 2025", then "15 January 2025")."""
    if known_start is None or found_start is None or found_precision != "day":
        return False
    if known_precision == "month":
        return found_start.replace(day=1) == known_start
    if known_precision == "year":
        return found_start.year == known_start.year
    return False


def _format_date(d: datetime.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


_DATE_LEAD_RE = re.compile(r"\s*\b(?:on|in)\s*$", re.IGNORECASE)


def _without_dates(text: str) -> str:
    """`text` with its date expressions ("on 1 October 2025") cut out: an event's name says
    its date once, in the parentheses the name ends with."""
    for regex in _DATE_RES:
        while (m := regex.search(text)) is not None:
            before = _DATE_LEAD_RE.sub("", text[: m.start()])
            text = f"{before} {text[m.end() :]}"
    return " ".join(text.replace(" ,", ",").split()).strip(" ,")


def _full_bodies(bodies: set[str]) -> dict[str, str]:
    """The full name a text gives a council or commission it also names in short: "the 11th
    session of the Intergovernmental Commission", after "the 11th session of the
    Kazakhstan-Hungary Intergovernmental Commission on Economic Cooperation", is that session
    (one event). A short name is taken to be the one fuller name whose words hold all of its
    own; when the text names several such bodies (two pairs' commissions), none is taken."""

    def words(body: str) -> frozenset[str]:
        return frozenset(re.findall(r"[\w'-]+", body.casefold()))

    found = {}
    for body in bodies:
        fuller = [other for other in bodies if words(body) < words(other)]
        widest = [b for b in fuller if not any(words(b) < words(other) for other in fuller)]
        if len(widest) == 1:
            found[body] = widest[0]
    return found


# --------------------------------------------------------------------------------------------
# Linking one article


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    given: str
    surname: str
    alt_surname: str  # first token of a two-token name (Chinese order: "Liu" of "Liu Bin")
    full: bool  # given name or initial present
    initial: bool
    cyrillic: bool = False  # written in Cyrillic: `text` is then the name's nominative
    role: str | None = None
    country: str | None = None
    organization: str | None = None


@dataclass
class _Person:
    mentions: list[_Mention]
    surname: str
    givens: set[str]
    matched: str | None = None
    confident: bool = True


# Sentence ends: only the end offsets are used. Starting each match at the full stop (or line
# break) rather than after it lets the engine skip to those characters instead of trying the
# look-behind at every position; the ends are the same as for
# (?<=[a-z0-9%)\]'"][.!?])['"]?\s+(?=["'A-Z\u0400-\u04ff])|\n+
_SENTENCE_END_RE = re.compile(
    r"[.!?\n](?:(?<=[a-z0-9%)\]'\"][.!?])['\"]?\s+(?=[\"'A-Z\u0400-\u04ff])|(?<=\n)\n*)"
)
_QUOTED_RE = re.compile(r'"([^"\n]{3,250}?)"')
_LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*•]|\d{1,3}[.)])[ \t]*(?P<item>.+)$", re.M)
_KIND_WORDS = [
    (r"memorandum|mou", "memorandum"),
    (r"agreements?", "agreement"),
    (r"declaration", "declaration"),
    (r"road ?map", "roadmap"),
    (r"(?:action |cooperation |comprehensive )?plan", "plan"),
    (r"(?:joint )?statement|communiqu[eé]", "statement"),
    (r"protocol", "protocol"),
    (r"resolution", "resolution"),
    (r"programme|program", "programme"),
    (r"strategy", "strategy"),
    (r"treaty|convention", "treaty"),
    # Russian and Kazakh kind words, in every case form (Меморандума, Соглашении, келісімге).
    (r"меморандум\w*", "memorandum"),
    (r"соглашени\w*|келісім\w*", "agreement"),
    (r"дорожн\w* карт\w*|жол картас\w*", "roadmap"),
    (r"декларац\w*|декларациясы", "declaration"),
    (r"(?:совместн\w* )?заявлени\w*|коммюнике|мәлімдеме\w*", "statement"),
    (r"протокол\w*|хаттама\w*", "protocol"),
    (r"резолюци\w*", "resolution"),
    (r"программ\w*|бағдарлама\w*", "programme"),
    (r"стратеги(?:я|и|ю|ей)", "strategy"),
    (r"договор(?:а|у|ом|е|ы|ов)?|конвенци\w*|шарт(?:ы|қа|тың|ты)?", "treaty"),
    (r"план(?:а|у|ом|е|ы|ов)?|жоспар\w*", "plan"),
]
_KIND_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(_KIND_WORDS)) + r")\b",
    re.IGNORECASE,
)
_INLINE_AGREEMENT_RE = re.compile(
    r"\b(?P<kind>Memorandum of Understanding|MoU|Memorandum|Agreement|Treaty|Protocol|Roadmap"
    r"|Joint Statement|Joint Declaration|Declaration|Action Plan|Plan|Programme)"
    r"\s+(?P<prep>on|in|between|of|for|among|to)\s+"
    r"(?P<rest>(?:(?:[A-Z][\w'-]*|\d{4}(?:-\d{4})?|of|the|and|on|in|for|between|to)"
    r"(?:,\s+(?=and\b|[A-Z])|\s+|(?=[.;,:]|$)))+)"
)
# An unquoted Russian title: a capitalised kind word and what it is about, up to the end of
# the clause ("подписали Меморандум о взаимопонимании между ...", "в рамках Соглашения о ...").
_CYR_INLINE_AGREEMENT_RE = re.compile(
    r"(?<![\w-])(?:Совместн\w*\s+)?(?:Меморандум\w*|Соглашени\w*|Договор(?:а|у|ом|е|ы)?"
    r"|Дорожн\w*\s+карт\w*|Декларац\w*|Заявлени\w*|Протокол\w*|Программ\w*|План(?:а|у|ом|е)?)"
    r"(?:\s+[а-яё]+){0,2}?\s+(?:о|об|между|по|в\s+области|в\s+сфере)\s+[^.;:!?\n\"]{3,250}?(?=\s*(?:[.;:!?\n\"]|,\s|\s[—–]\s|$))"
)
# The nominative of a Russian title's head ("Соглашения о ..." -> "Соглашение о ..."): a
# document is recorded under one title whatever case the sentence puts it in.
_CYR_HEADS = tuple(
    (re.compile(pattern, re.IGNORECASE), nominative)
    for pattern, nominative in (
        (r"совместн\w*\s+заявлени\w*", "Совместное заявление"),
        (r"совместн\w*\s+декларац\w*", "Совместная декларация"),
        (r"совместн\w*\s+коммюнике", "Совместное коммюнике"),
        (r"меморандум\w*", "Меморандум"),
        (r"соглашени\w*", "Соглашение"),
        (r"договор\w*", "Договор"),
        (r"дорожн\w*\s+карт\w*", "Дорожная карта"),
        (r"декларац\w*", "Декларация"),
        (r"заявлени\w*", "Заявление"),
        (r"протокол\w*", "Протокол"),
        (r"программ\w*", "Программа"),
        (r"план\w*", "План"),
    )
)


def _cyrillic_title(title: str) -> str:
    """A Russian title with its head word in the nominative; any other title as it is."""
    for regex, nominative in _CYR_HEADS:
        m = regex.match(title)
        if m is not None:
            return nominative + title[m.end() :]
    return title


# "с государственным визитом в Монголию", "официальный визит в Китай", "Моңғолияға
# мемлекеттік сапар": the wordings of the English visits above.
_CYR_VISIT_RE = re.compile(
    r"(?P<kind>государственн|официальн|рабоч|мемлекеттік|ресми|жұмыс)\w*\s+"
    r"(?:визит\w*|сапар\w*)(?:\s+(?:в|во|на))?\s+",
    re.IGNORECASE,
)
# A summit named in Russian or Kazakh, before or after its organization ("саммит ШОС",
# "саммите ШОС", "ШЫҰ саммиті").
_CYR_SUMMIT_BEFORE_RE = re.compile(r"(?<![\w-])[Сс]аммит\w*\s+$")
_CYR_SUMMIT_AFTER_RE = re.compile(r"\s+саммит\w*(?![\w-])", re.IGNORECASE)
# Talks, meetings and telephone conversations between two named people.
_CYR_MEETING_RE = re.compile(
    r"(?<![\w-])(?P<verb>(?:провел|провёл|провели|провела)\s+(?:(?P<phone>телефонн\w+\s+"
    r"(?:разговор|переговоры))|(?P<talks>переговоры)|встречу)\s+с|встретил(?:ся|ась|ись)\s+с)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_VISIT_RE = re.compile(
    r"\b(?:paid|pays|paying|pay|made|makes|making|is on|was on|on|arrived (?:in \w+ )?(?:for|on))"
    r"\s+(?:a|an|his|her|their)\s+(?P<kind>state|official|working)\s+visit\s+to\b",
    re.IGNORECASE,
)
_SUMMIT_AFTER_RE = re.compile(
    r"\s*(?:\(\w+\)\s*)?(?:(?P<city>[A-Z][\w-]+)\s+)?[Ss]ummit\b(?:\s+(?P<year>\d{4}))?"
)
# The days written right after a summit's name, tied to it by a verb or a bracket ("the SCO
# Summit that took place on July 4 in Astana", "held in Astana on 3-4 July", "(31 August - 1
# September)") or only by "on" ("the SCO Summit on July 3"): see `_Linker._summit_days`.
_SUMMIT_DAYS_RE = re.compile(
    r",?\s*(?:(?P<verb>(?:that|which)\s+(?:took place|takes place|will take place|was held|is "
    r"held|will be held|opened|was opened|opens)|held|taking place|to be held|opening)\s+)?"
    rf"(?:in\s+[A-Z][\w-]+\s+)?(?:on|from)\s+(?=\d|{_MONTH})"
    rf"|\s*(?P<bracket>\()(?=\d|{_MONTH})"
)
# Words that put another event's day beside a summit ("on the eve of the SCO summit on July 2",
# "On July 2, ahead of the SCO Summit"): the sentence's date is not the summit's.
_BESIDE_SUMMIT_RE = re.compile(
    r"(?<![\w-])(?:eve|run-up|sidelines|margins|wake|ahead|prior|before|after|following|since"
    r"|накануне|в\s+преддверии|после|на\s+полях|в\s+кулуарах|по\s+итогам|по\s+завершении)"
    r"(?:\s+(?:of|to))?(?:\s+the)?(?:\s+[Сс]аммит\w*)?\s*$",
    re.IGNORECASE,
)
_NAMED_MEETING_RE = re.compile(
    r"\b(?P<ord>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|inaugural|regular)\s+"
    r"(?P<what>meeting|session|sitting)\s+of\s+(?:the\s+)?\"?"
    r"(?P<body>[A-Z][\w'-]*(?:\s*(?:-|–)\s*[A-Z][\w'-]*|\s+(?:on|of|and)\s+[A-Z][\w'-]*"
    r"|\s+[A-Z][\w'-]*)*)"
)
_BRIEFING_RE = re.compile(
    r"\b(?:held|hosted|holds|hosts|gave|organized|organised)\s+(?:a|an)\s+(?:[\w-]+\s+)?"
    r"briefing\b(?P<rest>(?:[ \t]+(?:for|on|with)[ \t]+[^.,;\n]{3,80})?)"
)
# Signatories named by their office ("signed by the two presidents", "The two presidents
# signed"): see
# `_Linker._signatories_by_office`. ``pair``: the text says the two of them.
_SIGNED_BY_OFFICE_RE = re.compile(
    r"(?:\bby\s+|^\s*)(?:the\s+)?(?P<pair>(?:two|both)\s+)?"
    r"(?:(?P<heads>presidents|heads\s+of\s+state)|(?P<ministers>foreign\s+ministers|ministers\s+of\s+foreign\s+affairs))\b"
    r"(?P<countries>\s+of\s+(?:the\s+|their\s+)?(?:two|both)\s+countries)?",
    re.IGNORECASE,
)
_HEAD_OF_STATE_ROLE_RE = re.compile(
    r"(?:[\w-]+\s+)?(?:President|Head of State)(?:\s+of\s+(?:the\s+)?[A-Z][\w\s-]*)?"
)
_FOREIGN_MINISTER_ROLE_RE = re.compile(
    r"(?:[\w-]+\s+)?(?:Foreign Minister|Minister (?:of|for) Foreign Affairs|External Affairs "
    r"Minister)(?:\s+of\s+(?:the\s+)?[A-Z][\w\s-]*)?"
)
_UNTITLED_SIGNED_RE = re.compile(r"\b(?:An?|The) (?:Memorandum|MoU|Agreement) was (?:also )?signed")
# Every match of _INLINE_AGREEMENT_RE holds one of these words.
_INLINE_AGREEMENT_LITERALS = (
    "Memorandum",
    "MoU",
    "Agreement",
    "Treaty",
    "Protocol",
    "Roadmap",
    "Statement",
    "Declaration",
    "Plan",
    "Programme",
)
# No match of the patterns ``_Linker._scan`` runs holds a full stop or a semicolon token.
_WINDOW_ENDS = frozenset(".;")
# Characters an IGNORECASE pattern equates with an ASCII letter although they are not ASCII.
_ODD_CASE = "İıſ\u212a"
# Words that make a person named in an event's sentence one of its participants: a verb
# between the person and the event ("<person> took part in the <event>"), a participle opening
# the sentence ("Addressing the <event>, <person> ..."), a phrase after the event ("<event> was
# attended by <people>") or "<person> at the <event>". A person merely named near an event (a
# commentator, an organiser, someone quoted) is not taken to have been there.
_TAKES_PART_RE = re.compile(
    r"\b(?:(?:took|take|takes|taking) part in|participated in|participates in|attended"
    r"|attends|addressed|addresses|spoke at|speaks at|was present at|were present at"
    r"|(?:delivered|made|gave) (?:a|an|his|her) (?:speech|address|statement) at)\b"
)
_OPENING_PARTICIPLE_RE = re.compile(
    r"\W*(?:Addressing|Attending|Speaking at|Taking part in|Participating in)\b"
)
_ATTENDED_BY_RE = re.compile(
    r"\b(?:(?:was|were) attended by|brought together|with the participation of)\b"
)
# Between two people who are one subject: "and" or a comma, then the second one's title
# ("Kuantyrov and Chairman of the Investment Committee Gabidulla Ospankulov held a meeting").
_CO_SUBJECT_RE = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:(?:[A-Z][\w’'.-]*|of|the|for|and|on|in|at),?\s+)*"
)
# A sentence that goes on with the list of who attended ("From the SCO observer states —
# Prime Minister of Mongolia ...", "Also participating were representatives of ...").
_MORE_ATTENDED_RE = re.compile(
    r"\s*(?:From\s+(?:the\s+)?[\w\s-]{2,40}?\s*[—–:]"
    r"|Also\s+(?:participating|present|attending|taking\s+part)\s+(?:were|was)\b"
    r"|(?:Also\s+)?(?:Participating|Taking\s+part)\s+(?:were|was)\b)"
)
_AT_EVENT_RE = re.compile(r"\s*,?\s+(?:at|during)\s+(?:the\s+)?")
_INVITATION_RE = re.compile(r"\b[Aa]t the invitation of\b")
_MEETING_RE = re.compile(
    r"\b(?P<verb>met with|met|held a meeting with|had a (?:bilateral |separate )?meeting with"
    r"|held (?:bilateral |official )?talks with|had (?:bilateral )?talks with"
    r"|held a (?:telephone|phone) (?:conversation|call|talk) with"
    r"|had a (?:telephone|phone) (?:conversation|call|talk) with|spoke by (?:tele)?phone with"
    r"|talked (?:by|over the) (?:tele)?phone with)\b"
)


class _Linker:
    def __init__(self, article: ParsedArticle, gazetteer: Gazetteer):
        self.article = article
        self.gz = gazetteer
        self.warnings: list[str] = []
        title = _straighten(article.title)
        body = _straighten(article.body)
        self.title_end = len(title)
        self.text = f"{title}\n\n{body}"
        first_para = next((p for p in body.split("\n\n") if p.strip()), "")
        self.lead_end = self.title_end + 2 + body.find(first_para) + len(first_para)
        self.tokens = _Tokens(self.text)
        self.tok_starts = self.tokens.starts
        self.sent_starts = [0] + [m.end() for m in _SENTENCE_END_RE.finditer(self.text)]
        words = _Words(self.text, self.tokens)
        union = gazetteer._any_firsts()
        if union is not None:
            words.shortlist = list(
                compress(range(len(words.lows)), map(or_, map(union.__contains__, words.lows),
                                                      words.non_ascii))
            )  # fmt: skip
        self.countries = gazetteer._countries.find(self.text, words)
        self.country_at = {s: code for s, _e, code in self.countries}
        self.country_spans = [(s, e) for s, e, _c in self.countries]
        self.orgs = gazetteer._orgs.find(self.text, words)
        self.cities = [
            c
            for c in gazetteer._cities.find(self.text, words)
            if not any(s <= c[0] < e for s, e, _o in self.orgs)
        ]
        self.published = article.published
        self.cyrillic = bool(_CYR_RE.search(self.text))  # Russian or Kazakh wording to read
        self._lower: str | None = None
        self._break_list: list[int] | None = None
        # Token text -> could be part of a name; depends on the gazetteer's stop tokens only,
        # so it is kept on the gazetteer and dropped when a country or organization is added.
        if (
            gazetteer._capable_stops != len(gazetteer._stop_tokens)
            or len(gazetteer._capable) > 200_000
        ):
            gazetteer._capable.clear()
            gazetteer._capable_stops = len(gazetteer._stop_tokens)
        self._capable: dict[str, bool] = gazetteer._capable

    # -- helpers

    def _breaks(self) -> list[int]:
        """Sorted offsets of the full stop and semicolon tokens (see ``_scan``)."""
        if self._break_list is None:
            t = self.tokens
            self._break_list = list(compress(t.starts, map(_WINDOW_ENDS.__contains__, t.texts)))
        return self._break_list

    def _scan(self, regex, literals, pos: int = 0, endpos: int | None = None,
              fold: bool = False) -> list[re.Match[str]]:  # fmt: skip
        """``list(regex.finditer(self.text, pos, endpos))``, scanning only the windows that hold
        one of ``literals``. Exact when every match contains one of ``literals`` (in lower case
        if ``fold``: the regex ignores case) and no full stop or semicolon token: windows run
        from one such token to the next, so none splits a match, and each window also takes in
        the closing token, so look-aheads at its end see the real text (look-behinds at its
        start do anyway). The patterns' own character classes keep those tokens out:
        ``_VISIT_RE``, ``_MEETING_RE``, ``_UNTITLED_SIGNED_RE`` and ``_NAMED_MEETING_RE`` match
        words, spaces, quotes and dashes; ``_BRIEFING_RE`` excludes ``.,;`` and
        ``_INLINE_AGREEMENT_RE`` stops before ``.;,:``."""
        text = self.text
        end = len(text) if endpos is None else endpos
        if fold:
            haystack = self._lower
            if haystack is None:
                haystack = self._lower = text.lower()
            if len(haystack) != len(text) or any(ch in text for ch in _ODD_CASE):
                return list(regex.finditer(text, pos, end))
        else:
            haystack = text
        hits = []
        for literal in literals:
            at = haystack.find(literal, pos, end)
            while at != -1:
                hits.append(at)
                at = haystack.find(literal, at + 1, end)
        if not hits:
            return []
        stops = self._breaks()
        found: list[re.Match[str]] = []
        done = -1
        for at in sorted(hits):
            if at < done:
                continue
            k = bisect_right(stops, at)
            lo = max(stops[k - 1] + 1 if k else 0, pos)
            hi = min(stops[k] + 1 if k < len(stops) else len(text), end)
            found.extend(regex.finditer(text, lo, hi))
            done = hi
        return found

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.sent_starts, pos) - 1
        start = self.sent_starts[i]
        end = self.sent_starts[i + 1] if i + 1 < len(self.sent_starts) else len(self.text)
        return start, end

    def countries_between(self, start: int, end: int) -> list[str]:
        return [c for s, e, c in self.countries if s >= start and e <= end]

    def orgs_between(self, start: int, end: int) -> list[str]:
        return [o for s, e, o in self.orgs if s >= start and e <= end]

    def cities_between(self, start: int, end: int) -> list[str]:
        return [c for s, e, c in self.cities if s >= start and e <= end]

    # -- people

    def _name_capable(self, tok: _Tok) -> bool:
        return self._capable_text(tok.text)

    def _capable_text(self, text: str) -> bool:
        cached = self._capable.get(text)
        if cached is None:
            cached = self._capable[text] = _name_capable_text(text, self.gz._stop_tokens)
        return cached

    def _runs(self) -> list[tuple[int, int]]:
        """Token index ranges [i, j) of capitalised name-like word runs."""
        tokens = self.tokens
        texts, starts, ends, kinds = tokens.texts, tokens.starts, tokens.ends, tokens.kinds
        n = len(texts)
        capable = self._capable
        # Most tokens are lower-case words: classify each distinct text once (cached on the
        # gazetteer across articles), then visit only the tokens that can start a name.
        for text in set(texts).difference(capable):
            capable[text] = _name_capable_text(text, self.gz._stop_tokens)
        flags = list(map(capable.__getitem__, texts))
        # Cyrillic country, city and organization names decline ("Республики Казахстан",
        # "в Тяньцзине"), so they are not stop tokens: the matches mark them here instead.
        for s, e, _v in (*self.countries, *self.cities, *self.orgs):
            if not self.text[s:e].isascii():
                for k in range(bisect_right(starts, s - 1), bisect_right(starts, e - 1)):
                    flags[k] = False
        runs: list[tuple[int, int]] = []
        pos = 0
        for i in compress(range(n), flags):
            if i < pos:
                continue
            j = i + 1
            while j < n and j - i < 6:
                prev_text = texts[j - 1]
                if kinds[j - 1] == "init" or prev_text.endswith("'s"):
                    break
                if starts[j] - ends[j - 1] > 1:
                    break  # names don't span a line break or double space
                if flags[j] and kinds[j] != "init":
                    j += 1
                elif kinds[j] == "word" and texts[j].casefold() in _PARTICLES and j + 1 < n:
                    if flags[j + 1]:
                        j += 1
                    else:
                        break
                else:
                    break
            prev = texts[i - 1].casefold() if i else ""
            if j - i >= 3 and prev in ("of", "and", ","):
                i = j - 2
            runs.append((i, j))
            pos = j
        return runs

    def _role_before(self, i: int, floor: int) -> tuple[str | None, int, bool]:
        """Role stated right before token i -> (role, role start offset, head adjacent)."""
        toks = self.tokens
        texts, kinds = toks.texts, toks.kinds
        k = i - 1
        comma = False
        if k >= floor and texts[k] == ",":
            comma = True
            k -= 1
        if k < floor:
            return None, -1, False
        last_text, last_kind, last_end = texts[k], kinds[k], toks.ends[k]
        if last_kind == "word" and last_text.casefold() in _CONNECTORS:
            return None, -1, False
        adjacent_head = last_kind == "word" and _bare(last_text).casefold() in _ROLE_HEADS
        j = k
        depth = 0
        while j >= floor:
            text, kind = texts[j], kinds[j]
            if text == ")":
                depth += 1
            elif text == "(":
                if depth == 0:
                    break
                depth -= 1
            elif depth:
                pass
            elif (
                kind == "nl"
                or (kind == "punct" and text not in ",-–—&")
                or (
                    kind == "word"
                    and not text[0].isupper()
                    and text.casefold() not in _ROLE_LOWER_OK
                )
            ):
                break
            j -= 1
        if not any(
            kinds[x] == "word"
            and _bare(texts[x]).casefold() in _ROLE_HEADS
            and texts[x][0].isupper()
            for x in range(j + 1, k + 1)
        ):
            return None, -1, False
        span = toks[j + 1 : k + 1]
        heads = [
            n
            for n, t in enumerate(span)
            if t.kind == "word" and t.bare.casefold() in _ROLE_HEADS and t.text[0].isupper()
        ]
        if not heads:
            return None, -1, False
        # Commas inside a role list portfolios ("Minister of Culture, Sports and Youth"); the
        # role is the last comma-separated segment that holds a role word, and the capitalised
        # words just before that word belong to it ("Mongolia's First Deputy Prime Minister").
        commas = [n for n, t in enumerate(span) if t.text == ","]
        last_head = heads[-1]
        seg_start = max((c + 1 for c in commas if c < last_head), default=0)
        first = next(h for h in heads if h >= seg_start)
        seg_heads = [h for h in heads if seg_start <= h]
        for c in reversed([c for c in commas if c < seg_start]):
            earlier = [h for h in heads if h < c]
            if (
                span[c + 1].text.casefold() == "and"
                or not earlier
                or any(
                    span[x].kind == "word"
                    and not span[x].text[0].isupper()
                    and span[x].text.casefold() not in _CONNECTORS
                    for x in range(c, seg_heads[0])
                )
            ):
                break
            # "Minister of Culture, Sports, Tourism and Youth": portfolios, not a new role.
            if any(span[x].bare.casefold() in _ROLE_HEADS for x in range(c + 1, seg_heads[0])):
                break
            first = earlier[-1]
            seg_heads = [first]
            seg_start = max((x + 1 for x in commas if x < first), default=0)
        while (
            first > seg_start
            and span[first - 1].cap
            and span[first - 1].text.casefold() not in _CONNECTORS
        ):
            first -= 1
        role_toks = span[first:]
        start = role_toks[0].start
        role = self.text[start:last_end].strip(" ,-–—")
        if comma and not adjacent_head and len(role_toks) < 2:
            return None, -1, False
        return role, start, adjacent_head

    def _role_after(self, j: int) -> tuple[str | None, int]:
        toks, n = self.tokens, len(self.tokens)
        texts, kinds = toks.texts, toks.kinds
        if j >= n or texts[j] != ",":
            return None, -1
        k = j + 1
        if k < n and texts[k].casefold() in ("a", "an", "the"):
            k += 1
        start = k
        capable = self._capable_text
        while k < n:
            text, kind = texts[k], kinds[k]
            if kind == "word" and not text[0].isupper():
                if text.casefold() not in _ROLE_LOWER_OK:
                    break
            elif kind in ("nl",) or (kind == "punct" and text not in "-–&'"):
                break
            elif capable(text) and k + 1 < n and capable(texts[k + 1]):
                break  # the next person of a list
            if text == "and" and k + 1 < n and not texts[k + 1][0].isupper():
                break
            k += 1
        span = toks[start:k]
        while span and span[-1].kind == "word" and span[-1].text.casefold() in _CONNECTORS:
            span.pop()
        if not span or not any(t.bare.casefold() in _ROLE_HEADS for t in span):
            return None, -1
        if span[0].kind == "word" and span[0].text.casefold() in _CONNECTORS:
            return None, -1
        return self.text[span[0].start : span[-1].end], span[0].start

    def _mention(self, i: int, j: int) -> _Mention:
        tokens = self.tokens
        start, end = tokens.starts[i], tokens.ends[j - 1]
        text = self.text[start:end]
        if text.endswith("'s"):
            text = text[:-2]
        given, surname = _split_name(text)
        words = [t for t in tokens.texts[i:j] if t.casefold() not in _PARTICLES]
        kind = tokens.kinds[i]
        cyrillic = bool(_CYR_RE.search(text))
        if cyrillic:
            # The name in the nominative (the case a person is recorded and reported in);
            # a known person whose surname is the word as written keeps it (Balayeva).
            last = _SPACES_RE.split(text)[-1].rsplit(".", 1)[-1]
            as_written = name_key(last)
            if (
                as_written != surname
                and not self.gz.people_named(surname)
                and (self.gz.people_named(as_written))
            ):
                surname = as_written
            else:
                text = " ".join(map(cyrillic_nominative, _SPACES_RE.split(text)))
            words = [cyrillic_nominative(w) for w in words]
        alt = name_key(_bare(words[0])) if len(words) == 2 and kind == "word" else ""
        return _Mention(
            start=start,
            end=end,
            text=text,
            given=given,
            surname=surname,
            alt_surname=alt,
            full=bool(given),
            initial=kind == "init",
            cyrillic=cyrillic,
        )

    def find_people(self) -> list[_Person]:
        texts, n = self.tokens.texts, len(self.tokens)
        mentions: list[_Mention] = []
        pending_single: list[tuple[_Mention, bool]] = []
        passing: list[_Mention] = []  # full names with no evidence of their own
        floor = 0
        for i, j in self._runs():
            m = self._mention(i, j)
            prev = texts[i - 1].casefold() if i else ""
            nxt = texts[j].casefold() if j < n else ""
            nxt2 = texts[j + 1].casefold() if j + 1 < n else ""
            if m.cyrillic:
                found = self._cyrillic_role(m.start)
                if found:
                    m.country = found[2]
                speech = bool(_CYR_SPEECH_RE.fullmatch(prev) or _CYR_SPEECH_RE.fullmatch(nxt))
                if m.full:
                    if not (m.initial or found or speech or self._known(m)):
                        passing.append(m)
                        continue
                else:
                    pending_single.append((m, bool(found and found[1]), speech))
                    continue
                mentions.append(m)
                floor = j
                continue
            role, role_start, head_adjacent = self._role_before(i, floor)
            role_after, after_start = (None, -1)
            if role is None and m.full:  # a bare surname's role after it is never used
                role_after, after_start = self._role_after(j)
            speech = (
                prev in _SPEECH_BEFORE
                or nxt in _SPEECH_AFTER
                or (nxt == "," and nxt2 in ("who", "said", "noted", "stressed", "added"))
                or (prev == "to" and i > 1 and texts[i - 2].casefold() == "according")
            )
            if m.full:
                known = bool(self._known(m))
                if not (m.initial or role or role_after or speech or known):
                    passing.append(m)
                    continue
            else:
                pending_single.append((m, bool(role and head_adjacent), speech))
                continue
            if role:
                m.role, m.country, m.organization = self._role_facts(role, role_start, m.start)
                if m.country is None and nxt == "of" and j + 1 < n:
                    m.country = self.country_at.get(self.tokens.starts[j + 1])
            elif role_after:
                end = after_start + len(role_after)
                m.role, m.country, m.organization = self._role_facts(
                    role_after, after_start, end, after=True
                )
            mentions.append(m)
            floor = j
        people = self._cluster(mentions)
        self._attach_passing(people, passing)
        self._attach_singles(people, pending_single)
        return people

    @staticmethod
    def _attach_passing(people: list[_Person], passing: list[_Mention]) -> None:
        """A full name met in passing ("Meeting with Ukhnaagiin Khurelsukh") belongs to the one
        person this text introduces under that surname with a fitting given name or initial
        ("Mongolian President U.Khurelsukh"), as it would to a known person: the fuller form
        names them on the first import as on the next, whatever the order of the mentions.
        It never adds a person, and a known person's name is the gazetteer's business."""
        for m in passing:
            here = [
                p
                for p in people
                if p.surname == m.surname
                and p.matched is None
                and p.givens
                and all(_given_fit(m.given, g) in ("same", "initial") for g in p.givens)
            ]
            if len(here) == 1:
                (p,) = here
                p.mentions.append(m)
                p.mentions.sort(key=lambda x: x.start)
                p.givens.add(m.given)

    def _cyrillic_role(self, start: int) -> tuple[str, bool, str | None] | None:
        """The role a Russian or Kazakh text states right before a name, as (role as written,
        whether the role word itself is next to the name, the country in it), or None. The role
        is evidence of a name and gives the person's country; its wording, in whatever case the
        sentence puts it, is not recorded as a position."""
        s_start, _ = self.sentence_bounds(start)
        lo = max(s_start, start - 120)
        m = _CYR_ROLE_RE.search(self.text, lo, start)
        if m is None:
            return None
        countries = self.countries_between(m.start(), start)
        return m.group(0).strip(), not m.group("title").strip(), countries[0] if countries else None

    def _known(self, m: _Mention) -> list[_PersonEntry]:
        out = []
        for e in self.gz.people_named(m.surname):
            if not m.given or not e.givens or any(_given_fit(m.given, g) for g in e.givens):
                out.append(e)
        return out

    def _role_facts(self, role, start, name_start, after=False):
        end = start + len(role)
        countries = self.countries_between(start, end)
        orgs = self.orgs_between(start, end)
        country = countries[0] if countries else None
        if country is None and not after:
            # "his Slovak counterpart President ...", "Qatar represented by Prime Minister ..."
            sent_start, _ = self.sentence_bounds(start)
            k = bisect_right(self.tok_starts, start) - 1
            lo = max(k - 6, 0)
            window = [t for t in self.tokens[lo:k] if t.start >= sent_start]
            for t in reversed(window):
                if t.text == "," or t.kind == "nl":
                    break
                if t.start in self.country_at:
                    country = self.country_at[t.start]
                    break
        # The role as stated, without a leading possessive or demonym ("Mongolia's Minister").
        words = role.split(" ", 1)
        if len(words) == 2 and start in self.country_at and words[1][:1].isupper():
            lead_end = next(e for s, e in self.country_spans if s == start)
            rest = self.text[lead_end:end].lstrip("'s").strip()
            if rest and rest.split()[0].casefold() in _ROLE_HEADS | {"foreign", "first", "senior"}:
                role = rest
        return role, country, orgs[0] if orgs else None

    def _cluster(self, mentions: list[_Mention]) -> list[_Person]:
        people: list[_Person] = []
        for m in mentions:
            best = None
            for p in people:
                if p.surname != m.surname:
                    continue
                fits = {_given_fit(m.given, g) for g in p.givens} or {"same"}
                if "same" in fits or "initial" in fits:
                    best, fit = p, "same"
                    break
                if "nickname" in fits:
                    best, fit = p, "nickname"
            if best is None:
                people.append(_Person([m], m.surname, {m.given} if m.given else set()))
                continue
            best.mentions.append(m)
            if m.given:
                best.givens.add(m.given)
            if fit == "nickname":
                best.confident = False
                self.warnings.append(
                    f"“{m.text}” taken to be the same person as "
                    f"“{best.mentions[0].text}” (same surname, given name looks like a short "
                    "form); please confirm"
                )
        # Several initials/given names may have been merged transitively; split clear clashes.
        for p in people:
            self._match_known(p)
        return people

    def _match_known(self, p: _Person) -> None:
        candidates = []
        for e in self.gz.people_named(p.surname):
            fits = {_given_fit(g, eg) for g in p.givens for eg in e.givens} if e.givens else set()
            if not p.givens or not e.givens:
                fits.add("initial")
            fits.discard("")
            if fits:
                candidates.append((e, fits))
        if not candidates:
            return
        exact = [e for e, fits in candidates if "same" in fits]
        if len(exact) == 1:
            p.matched = exact[0].name
            return
        if len(candidates) == 1:
            e, fits = candidates[0]
            p.matched = e.name
            if "nickname" in fits:
                p.confident = False
                self.warnings.append(
                    f"“{self._best_text(p)}” matched to known person {e.name} by a short form of "
                    "the given name; please confirm"
                )
            return
        names = ", ".join(sorted(e.name for e, _ in candidates))
        p.confident = False
        self.warnings.append(
            f"“{self._best_text(p)}” could be any of {names}; not linked to a known person"
        )

    def _attach_singles(self, people: list[_Person], singles) -> None:
        for m, strong, speech in singles:
            key = m.surname
            here = [p for p in people if p.surname == key]
            if not here:
                here = [p for p in people if any(x.alt_surname == key for x in p.mentions)]
            if len(here) == 1:
                here[0].mentions.append(m)
                continue
            if len(here) > 1:
                names = " and ".join(self._best_text(p) for p in here)
                self.warnings.append(f"“{m.text}” could be {names}; mention not linked")
                continue
            known = self.gz.people_named(key)
            if len(key) < 4 and not (strong or speech):
                continue
            if len(known) == 1:
                p = _Person([m], key, set(), matched=known[0].name)
                people.append(p)
            elif len(known) > 1:
                if strong:
                    names = ", ".join(sorted(e.name for e in known))
                    self.warnings.append(f"“{m.text}” could be any of {names}; not linked")
            elif strong:
                p = _Person([m], key, set(), confident=False)
                people.append(p)
                self.warnings.append(
                    f"“{m.text}” is named by surname only; recorded as a new person to confirm"
                )

    def _ref_name(self, p: _Person) -> tuple[str, bool]:
        """-> (the name a person is reported under, whether it is transliterated). A name
        written in full is reported as written, except that a known person named in Cyrillic
        only is reported by their known (Latin) name and a new one by the transliteration."""
        full = [m for m in p.mentions if m.full and not m.initial]
        if p.matched and all(m.cyrillic for m in full):
            best = self._best_text(p) if full else ""
            if len(best.split()) <= len(p.matched.split()):
                return p.matched, False
            # A fuller name than the known one (known by surname only): the loader takes it.
            return transliterate(best), True
        if not full and p.matched:
            return p.matched, False
        name = self._best_text(p)
        if _CYR_RE.search(name):
            return transliterate(name), True
        return name, False

    @staticmethod
    def _best_text(p: _Person) -> str:
        full = [m for m in p.mentions if m.full and not m.initial]
        pool = full or p.mentions
        return max(pool, key=lambda m: (len(m.text.split()), len(m.text))).text

    def person_refs(self, people: list[_Person]) -> list[PersonRef]:
        refs = []
        seen: set[str] = set()
        for p in sorted(people, key=lambda p: p.mentions[0].start):
            name, transliterated = self._ref_name(p)
            roles = [m for m in p.mentions if m.role]
            best = max(
                roles,
                key=lambda m: (m.country is not None, len(m.role or "")),
                default=None,
            )
            aliases = tuple(dict.fromkeys(m.text for m in p.mentions if m.text != name))
            if name in seen:
                continue
            seen.add(name)
            refs.append(
                PersonRef(
                    name=name,
                    matched=p.matched,
                    aliases=aliases,
                    role=best.role if best else None,
                    # A Cyrillic text's role gives the country only (see `_cyrillic_role`).
                    country=best.country
                    if best
                    else next((m.country for m in p.mentions if m.country), None),
                    organization=best.organization if best else None,
                    confident=p.confident,
                    transliterated=transliterated,
                )
            )
        return refs

    # -- agreements

    def _kind_of(self, title: str) -> str | None:
        m = _KIND_RE.search(title)
        if not m:
            return None
        for i, (_p, kind) in enumerate(_KIND_WORDS):
            if m.group(f"k{i}"):
                return kind
        return None

    def find_agreements(
        self, people_spans, event_name: str | None, visit_parties: tuple[str, ...] = ()
    ) -> list[AgreementRef]:
        found: list[tuple[int, int, str]] = []  # (start, end, title)
        masked: list[tuple[int, int]] = []
        body_start = self.title_end + 2
        for m in _LIST_ITEM_RE.finditer(self.text, body_start):
            item = m.group("item").strip().rstrip(";.:,").strip()
            kind_m = _KIND_RE.search(item)
            if kind_m and len(item[: kind_m.start()].split()) <= 3 and len(item.split()) <= 60:
                found.append((m.start("item"), m.start("item") + len(item), item))
            masked.append((m.start(), m.end()))
        for m in _QUOTED_RE.finditer(self.text, body_start):
            inner = m.group(1).strip().rstrip(".,;")
            if not inner[:1].isupper() and not inner[:1].isdigit():
                continue
            kind_m = _KIND_RE.search(inner)
            capital = kind_m and (kind_m.group()[0].isupper() or _CYR_RE.match(inner))
            if capital and len(inner.split()) <= 25:
                found.append((m.start(1), m.start(1) + len(inner), inner))
                masked.append((m.start(), m.end()))
        for m in self._scan(_INLINE_AGREEMENT_RE, _INLINE_AGREEMENT_LITERALS, body_start):
            if any(s <= m.start() < e for s, e in masked):
                continue
            title = m.group(0).strip().rstrip(".,;: ")
            title = _TRAILING_LINK_WORDS_RE.sub("", title)
            if len(title.split()) < 3:
                continue
            found.append((m.start(), m.start() + len(title), title))
        if _CYR_RE.search(self.text, body_start):
            for m in _CYR_INLINE_AGREEMENT_RE.finditer(self.text, body_start):
                if any(s <= m.start() < e for s, e in masked) or len(m.group().split()) > 30:
                    continue
                found.append((m.start(), m.end(), m.group()))
        for m in self._scan(_UNTITLED_SIGNED_RE, ("signed",)):
            self.warnings.append(
                "an untitled document is mentioned as signed "
                f"(“{self.text[m.start() : m.end()]}…”); not recorded"
            )
        refs: list[AgreementRef] = []
        seen: set[str] = set()
        for start, end, title in sorted(found):
            key = agreement_key(title)
            if key in seen or not key:
                continue
            seen.add(key)
            kind = self._kind_of(title) or "other"
            title = _cyrillic_title(title)
            refs.append(
                self._agreement_ref(
                    start, end, title, kind, people_spans, event_name, visit_parties
                )
            )
        return refs

    def _agreement_ref(
        self, start, end, title, kind, people_spans, event_name, visit_parties=()
    ) -> AgreementRef:
        s_start, s_end = self.sentence_bounds(start)
        sentence = self.text[s_start:s_end]
        # The parties named right after a quoted title: "... between the Ministries of X and Y".
        tail = re.match(r'"?\s*(?:between|among|между)\s+[^.;]*?(?=\s+(?:was|were|is|has|был\w*)\b|[.;]|$)',
                        self.text[end:s_end])  # fmt: skip
        tail_end = end + tail.end() if tail else end
        if _BETWEEN_RE.search(self.text[start:tail_end]):
            parties = list(dict.fromkeys(self.countries_between(start, tail_end)))
        else:
            parties = []
        orgs = list(dict.fromkeys(self.orgs_between(start, end)))
        signatories: list[SignatoryRef] = []
        if _SIGN_RE.search(sentence):
            signers = [(m, p) for m, p in people_spans if s_start <= m.start < s_end]
            if not signers:
                n_start, n_end = self.sentence_bounds(s_end)
                following = self.text[n_start:n_end]
                if re.match(r"(?:The|This) (?:document|agreement|memorandum|roadmap|plan)\b.*"
                            r"\bsigned by\b", following) and not _QUOTED_RE.search(following):  # fmt: skip
                    signers = [(m, p) for m, p in people_spans if n_start <= m.start < n_end]
            for m, ref in signers:
                if ref.name in {s.person for s in signatories}:
                    continue
                signatories.append(SignatoryRef(ref.name, m.role or ref.role or "", m.country))
                if m.country and m.country not in parties:
                    parties.append(m.country)
        if not parties and not orgs:
            # Documents signed during a bilateral visit bind the two countries of the visit;
            # known before the lookup below, which tells same-titled documents apart by them.
            parties = list(visit_parties)
        if not signatories and len(parties) == 2 and not orgs:
            signatories = self._signatories_by_office(sentence, parties, people_spans)
        signed_on = None
        starts_on, ends_on, _ = _dates_in(sentence, self.published)
        if _SIGN_RE.search(sentence) and starts_on and not ends_on:
            signed_on = starts_on
        matched, warning = self.gz.agreement_named(title, parties)
        if warning:
            self.warnings.append(warning)
        return AgreementRef(
            title=title,
            kind=kind,
            signed_on=signed_on,
            parties=tuple(parties),
            organizations=tuple(orgs),
            signatories=tuple(signatories),
            event=event_name,
            matched=matched,
            confident=not warning,
        )

    def _signatories_by_office(self, sentence, parties, people_spans) -> list[SignatoryRef]:
        """The signatories of a document of two countries a sentence names by their office
        ("signed by the two presidents", "by the foreign ministers of the two countries"): the
        one person the text names in that office for each of the two countries, or none.

        Taken as sure when the text says "the two" / "both"; otherwise ("by the presidents")
        each is recorded as a signatory the linker is unsure of (the person is flagged for
        review) and the report says so."""
        said = _SIGNED_BY_OFFICE_RE.search(sentence)
        if said is None or not _SIGN_RE.search(sentence):
            return []
        office = _HEAD_OF_STATE_ROLE_RE if said.group("heads") else _FOREIGN_MINISTER_ROLE_RE
        holders: dict[str, dict[str, tuple[PersonRef, str]]] = {code: {} for code in parties}
        for m, ref in people_spans:
            country = m.country or ref.country
            for role in (m.role, ref.role):
                if (
                    role
                    and country in holders
                    and office.fullmatch(role)
                    and not re.search(r"\b(?:Vice|Deputy|First Deputy|Former|ex)\b", role, re.I)
                ):
                    holders[country].setdefault(ref.name, (ref, role))
        if any(len(found) != 1 for found in holders.values()):
            return []
        sure = bool(said.group("pair") or said.group("countries"))
        signatories = []
        for code in parties:
            ((ref, role),) = holders[code].values()
            signatories.append(
                SignatoryRef(ref.name if sure else replace(ref, confident=False), role, code)
            )
        if not sure:
            names = " and ".join(
                ref.name for found in holders.values() for ref, _r in found.values()
            )
            self.warnings.append(
                f"signatories taken to be {names} (“{said.group(0).strip()}”): confirm"
            )
        return signatories

    # -- events

    def _host_city(self, start: int, end: int, host: str | None) -> str:
        for city in self.cities_between(start, end):
            if host is None or self.gz.city_countries.get(city) == host:
                return city
        if host is not None:
            for _s, _e, city in self.cities:
                if self.gz.city_countries.get(city) == host:
                    return city
        return ""

    def _participants(self, start: int, end: int, people_spans) -> list[str]:
        """The people the sentence of an event mentioned at ``start:end`` names as taking part
        in it (see `_TAKES_PART_RE` and its neighbours): only the people the linker found."""
        s_start, s_end = self.sentence_bounds(start)
        text = self.text
        inside = [x for x in people_spans if s_start <= x[0].start and x[0].end <= s_end]
        found = []
        verbs = list(_TAKES_PART_RE.finditer(text, s_start, start))
        if verbs:  # the subject of the last verb before the event
            found += [x for x in inside if x[0].end <= verbs[-1].start()][-1:]
        if _OPENING_PARTICIPLE_RE.match(text, s_start, start):
            found += [x for x in inside if x[0].start >= end][:1]
        cue = _ATTENDED_BY_RE.search(text, end, min(s_end, end + 80))
        if cue and ";" not in text[end : cue.start()]:
            found += [x for x in inside if x[0].start >= cue.end()]
            # The list may go on in the sentences after ("From the observer states — ...").
            more = s_end
            while more < len(text) and _MORE_ATTENDED_RE.match(text, more):
                m_start, m_end = self.sentence_bounds(more)
                found += [x for x in people_spans if m_start <= x[0].start and x[0].end <= m_end]
                more = m_end
        found += [
            x for x in inside if x[0].end <= start and _AT_EVENT_RE.fullmatch(text, x[0].end, start)
        ]
        return list(dict.fromkeys(ref.name for _m, ref in found))

    def _summit_days(self, start: int, end: int, s_start: int, s_end: int):
        """(starts_on, ends_on) of the summit named at ``start:end``, from its sentence.

        Days written right after the name and tied to it ("that took place on July 4", "held
        on 3-4 July", a bracket) are the summit's. Otherwise the sentence's first date is taken,
        unless the name follows words that put another event beside the summit ("on the eve
        of", "ahead of", "following", "on the sidelines of"): then the date ("on July 2") is
        that other event's, even when written right after the name, and none is taken."""
        text = self.text
        beside = _BESIDE_SUMMIT_RE.search(text, max(s_start, start - 60), start)
        tie = _SUMMIT_DAYS_RE.match(text, end, s_end)
        if tie and (tie.group("verb") or tie.group("bracket") or not beside):
            starts, ends, _ = _dates_in(text[tie.end() : s_end], self.published)
            return starts, ends
        if beside:
            return None, None
        starts, ends, _ = _dates_in(text[s_start:s_end], self.published)
        return starts, ends

    def find_events(self, people_spans) -> list[EventRef]:
        events: dict[str, EventRef] = {}

        def add(ref: EventRef):
            key = event_key(ref.name)
            if key in events:
                old = events[key]
                merged = {
                    f: getattr(old, f) or getattr(ref, f)
                    for f in ("city", "host_country", "organization", "countries")
                }
                merged["participants"] = tuple(dict.fromkeys(old.participants + ref.participants))
                if (old.starts_on is None and ref.starts_on is not None) or refines(
                    old.starts_on, old.precision, ref.starts_on, ref.precision
                ):
                    merged.update(
                        starts_on=ref.starts_on, ends_on=ref.ends_on, precision=ref.precision
                    )
                events[key] = EventRef(**{**old.__dict__, **merged})
                return
            matched = self.gz.event_named(ref.name)
            events[key] = EventRef(**{**ref.__dict__, "matched": matched})

        def person_near(pos: int, before: bool, s_start: int, s_end: int):
            pool = [(m, p) for m, p in people_spans if s_start <= m.start < s_end]
            pool = [x for x in pool if (x[0].end <= pos if before else x[0].start >= pos)]
            if not pool:
                return None
            return pool[-1] if before else pool[0]

        # visits
        visits = self._scan(_VISIT_RE, ("visit",), fold=True)
        if self.cyrillic:
            visits += list(_CYR_VISIT_RE.finditer(self.text))
        for m in visits:
            s_start, s_end = self.sentence_bounds(m.start())
            after = [c for s, _e, c in self.countries if m.end() <= s < m.end() + 40]
            if not after:
                continue
            host = after[0]
            kind = m.group("kind").lower()
            state = kind.startswith(("state", "государств", "мемлекет"))
            kind = "state_visit" if state else "official_visit"
            start, end, found = _dates_in(self.text[m.end() : s_end], self.published)
            visitor = person_near(m.start(), True, s_start, s_end)
            # The visitor, and the host who invited them ("At the invitation of <person>, ...").
            participants = [visitor[1].name] if visitor else []
            invitation = _INVITATION_RE.search(self.text, s_start, m.start())
            inviter = invitation and person_near(invitation.end(), False, s_start, m.start())
            if inviter:
                participants.append(inviter[1].name)
            label = "State visit" if kind == "state_visit" else "Official visit"
            who = visitor[1].name if visitor else None
            year = (start or self.published).year if (start or self.published) else None
            name = f"{label} of {who} to {self.gz.country_names.get(host, host)}"
            if not who:
                name = f"{label} to {self.gz.country_names.get(host, host)}"
            if year:
                name += f" ({year})"
            countries = [c for c in [visitor[0].country if visitor else None, host] if c]
            confident = year is not None
            if not confident:
                self.warnings.append(f"event “{name}”: no year in the text")
            add(EventRef(name, kind, start, end, self._host_city(s_start, s_end, host), host,
                         None, tuple(dict.fromkeys(countries)), None, confident,
                         tuple(dict.fromkeys(participants))))  # fmt: skip

        # summits and councils of heads of state / government
        summits: list[EventRef] = []
        for s, e, org in self.orgs:
            abbr = self.gz.org_abbreviations.get(org, org)
            after = _SUMMIT_AFTER_RE.match(self.text, e)
            before = self.text[max(0, s - 80) : s]
            council = re.search(
                r"Council\s+of\s+(?:the\s+)?Heads\s+of\s+(?P<level>State|Government)s?\s+"
                r"(?:of\s+)?(?:the\s+)?$",
                before,
            )
            council_after = re.match(
                r"\s*(?:\(\w+\)\s*)?(?P<level>Heads of State|Heads of Government) Council|"
                r"\s*Council of Heads of (?P<level2>State|Government)",
                self.text[e : e + 60],
            )
            cyr_summit = self.cyrillic and (
                _CYR_SUMMIT_BEFORE_RE.search(before) or _CYR_SUMMIT_AFTER_RE.match(self.text, e)
            )
            city_before = _CITY_BEFORE_RE.search(before)
            # Where the text names the event: "Council of Heads of State of the SCO", "Tianjin
            # SCO Summit", "SCO Heads of Government Council".
            mention_start, mention_end = s, e
            if council:
                mention_start = s - len(before) + council.start()
            elif city_before:
                mention_start = s - len(before) + city_before.start()
            if after:
                mention_end = after.end()
            elif council_after:
                mention_end = e + council_after.end()
            if after or cyr_summit:
                level = "State"
            elif council:
                level = council.group("level")
            elif council_after:
                level = "Government" if "Government" in council_after.group(0) else "State"
            else:
                continue
            if level == "State" and (council or council_after) and not after:
                # Only the summit itself, not every document "of the Council of Heads of State".
                s_start, s_end = self.sentence_bounds(s)
                if not _RX_EVENT_WORD.search(self.text[s_start:s]):
                    continue
            s_start, s_end = self.sentence_bounds(s)
            start, end = self._summit_days(mention_start, mention_end, s_start, s_end)
            year = None
            if after and after.group("year"):
                year = int(after.group("year"))
            elif start:
                year = start.year
            elif self.published:
                year = self.published.year
                if _LAST_YEAR_RE.search(self.text[max(s_start, s - 40) : s]):
                    year -= 1
                    start = end = None
            city = ""
            for candidate in (
                after.group("city") if after else None,
                city_before.group("city") if city_before else None,
            ):
                if candidate and candidate in self.gz.city_countries:
                    city = candidate
                    break
            if not city:
                cities = self.cities_between(s_start, s_end)
                city = cities[0] if cities else ""
            if not city and after:
                # "SCO summit" later in a text that names the city elsewhere ("Tianjin summit").
                for cm in _CITY_SUMMIT_RE.finditer(self.text):
                    if cm.group("city") in self.gz.city_countries:
                        city = cm.group("city")
                        break
            host = self.gz.city_countries.get(city)
            if start and year and start.year != year:
                start = end = None
            label = "Summit" if level == "State" else "Council of Heads of Government"
            name = f"{abbr} {label}" + (f" {year}" if year else "")
            members = [host] if host else []
            confident = year is not None
            participants = self._participants(mention_start, mention_end, people_spans)
            summits.append(EventRef(name, "summit", start, end, city, host, org, tuple(members),
                                    None, confident, tuple(participants)))  # fmt: skip
        # A summit the text gives no year for is known by its organization and city ("SCO
        # Summit in Astana"): the loader matches it to that organization's summit of a year in
        # that city, or a summit of a year later found there takes it over. Every mention of
        # it in the text is the one summit, so the ones whose sentence names no city take the
        # city another gives.
        # A mention with neither year nor city ("the SCO summit") is the one summit of that
        # organization the text otherwise identifies (by its year or its city); when the text
        # identifies none, or several, it is no event to record: a "SCO Summit" of no year and
        # no place would be no summit in particular, and every generic mention would join it.
        yearless_city = {}
        for ref in summits:
            if not ref.confident and ref.city:
                yearless_city.setdefault((ref.organization, ref.name), ref)
        for ref in summits:
            if not ref.confident:
                located = ref if ref.city else yearless_city.get((ref.organization, ref.name))
                if located is None:
                    known = {
                        event_key(other.name): other
                        for other in summits
                        if other.confident
                        and other.organization == ref.organization
                        and other.name.startswith(f"{ref.name} ")
                    }
                    if len(known) == 1:
                        (other,) = known.values()
                        add(replace(other, starts_on=None, ends_on=None,
                                    participants=ref.participants))  # fmt: skip
                    else:
                        self.warnings.append(
                            f"event “{ref.name}”: the text gives neither its year nor where it "
                            "was held: not recorded"
                        )
                    continue
                ref = replace(
                    ref,
                    name=f"{ref.name} in {located.city}",
                    city=located.city,
                    host_country=located.host_country,
                    countries=located.countries,
                )
                if event_key(ref.name) not in events:
                    self.warnings.append(f"event “{ref.name}”: no year in the text")
            add(ref)

        # named meetings and sessions of councils and commissions
        named = []
        for m in self._scan(_NAMED_MEETING_RE, ("meeting", "session", "sitting")):
            body = _BODY_DASH_RE.sub("-", m.group("body")).strip()
            if len(body.split()) < 2:
                continue
            named.append((m, body))
        full_bodies = _full_bodies({body for _m, body in named})
        named_at = {}  # where the text first gives each name: its countries are the session's
        for m, body in named:
            named_at.setdefault(body, m)
        for m, body in named:
            body = full_bodies.get(body, body)
            at = named_at[body]
            s_start, s_end = self.sentence_bounds(m.start())
            rest = self.text[m.end() : s_end]
            start, end, found = _dates_in(rest, self.published)
            precision = "day"
            if not found and (month := _month_in(rest)) is not None:
                start, precision = month, "month"  # "held in January 2025"
            cities = self.cities_between(m.end(), s_end)
            city = cities[0] if cities else ""
            host = self.gz.city_countries.get(city)
            countries = list(dict.fromkeys(self.countries_between(at.start(), at.end())))
            name = f"{m.group('ord')} {m.group('what')} of the {body}"
            name = name[0].upper() + name[1:]
            participants = self._participants(m.start(), m.end(), people_spans)
            add(EventRef(name, "meeting", start, end, city, host, None, tuple(countries), None,
                         True, tuple(participants), precision))  # fmt: skip

        # briefings
        briefings = self._scan(_BRIEFING_RE, ("briefing",), self.title_end)
        for m in briefings or self._scan(_BRIEFING_RE, ("briefing",), 0, self.title_end):
            s_start, s_end = self.sentence_bounds(m.start())
            # The date, wherever the sentence gives it ("On 1 October the ministry held ..."),
            # goes once into the name's parentheses, not also into its words.
            subject = _without_dates(self.text[s_start : m.start()].strip())
            subject = _SUBJECT_PREFIX_RE.sub("", subject)
            if len(subject.split()) > 8:
                subject = ""
            rest = _without_dates(_REST_SPLIT_RE.split(m.group("rest").strip())[0])
            start, end, found = _dates_in(self.text[m.start() : s_end], self.published)
            if not found:
                start, end, found = _dates_in(self.text[s_start : m.start()], self.published)
            name = " ".join(x for x in (subject, "briefing", rest) if x).strip()
            name = name[0].upper() + name[1:]
            if start:
                name += f" ({_format_date(start)})"
            confident = start is not None or not found
            if found and start is None:
                self.warnings.append(f"event “{name}”: date without a year")
                confident = False
            countries = self.countries_between(s_start, m.start())
            add(EventRef(name, "briefing", start, end, "", None, None,
                         tuple(dict.fromkeys(countries)), None, confident))  # fmt: skip

        # meetings, talks and telephone conversations between two named people
        meetings = self._scan(_MEETING_RE, ("met", "meeting", "talks", "phone"))
        if self.cyrillic:
            meetings += list(_CYR_MEETING_RE.finditer(self.text))
        for m in meetings:
            s_start, s_end = self.sentence_bounds(m.start())
            before = [x for x in people_spans if s_start <= x[0].start and x[0].end <= m.start()]
            a = before[0] if before else None
            b = person_near(m.end(), False, s_start, s_end)
            if not a or not b or a[1].name == b[1].name:
                continue
            # "A and B held a meeting with C": B is the subject's other half, not a bystander.
            subjects = [a]
            for x in before[1:]:
                if not _CO_SUBJECT_RE.fullmatch(self.text, subjects[-1][0].end, x[0].start):
                    break
                subjects.append(x)
            if self.text[subjects[-1][0].end : m.start()].strip(" ,"):
                subjects = [a]  # the verb is not the last one's
            verb = m.group("verb")
            groups = m.groupdict()
            if "phone" in verb or groups.get("phone"):
                kind, label = "phone_call", "Telephone conversation"
            elif "talks" in verb or groups.get("talks"):
                kind, label = "talks", "Talks"
            else:
                kind, label = "meeting", "Meeting"
            start, end, found = _dates_in(self.text[s_start:s_end], self.published)
            name = f"{label} between {a[1].name} and {b[1].name}"
            if start:
                name += f" ({_format_date(start)})"
            countries = [c for c in (*(x[0].country or x[1].country for x in subjects),
                                     b[0].country or b[1].country) if c]  # fmt: skip
            if found and start is None:
                self.warnings.append(f"event “{name}”: date without a year")
            taking_part = tuple(dict.fromkeys([*(x[1].name for x in subjects), b[1].name]))
            add(EventRef(name, kind, start, end, "", None, None, tuple(dict.fromkeys(countries)),
                         None, not (found and start is None), taking_part))  # fmt: skip
        return list(events.values())

    # -- figures

    def find_figures(self, countries: list[str]) -> list[FigureRef]:
        """Trade turnover of a country pair, one reference per (pair, year, kind), first wins.

        The pair is the two countries a sentence names (currency adjectives aside); failing
        that, when its wording is bilateral ("between the two countries"), the article's own
        two countries, if it has exactly two. Sentences about aggregates (foreign trade, trade
        with an organization's members) and every other case give nothing: no guessing.
        """
        article = self.article
        found: dict[tuple, FigureRef] = {}
        for sentence in trade_sentences(article.body, article.published):
            if sentence.aggregate:
                continue
            text = _straighten(sentence.text)
            named = list(
                dict.fromkeys(
                    code
                    for start, end, code in self.gz.countries_in(text)
                    if not _CURRENCY_AFTER_RE.match(text, end)
                    and not _CURRENCY_BEFORE_RE.search(text, max(0, start - 16), start)
                )
            )
            if len(named) == 2:
                pair = sorted(named)
            elif (
                sentence.bilateral
                and len(countries) == 2
                and set(named) <= set(countries)
                and not self.gz.organizations_in(text)
            ):
                pair = sorted(countries)
            else:
                continue
            for amount in sentence.amounts:
                key = (*pair, amount.year, amount.kind)
                found.setdefault(
                    key,
                    FigureRef(
                        indicator=TRADE_TURNOVER,
                        country_a=pair[0],
                        country_b=pair[1],
                        year=amount.year,
                        kind=amount.kind,
                        value=amount.value,
                        unit=TRADE_UNIT,
                        quote=sentence.text,
                    ),
                )
        return list(found.values())

    # -- countries

    def substantive_countries(self, people, events, agreements) -> list[str]:
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        prominent: set[str] = set()
        for s, _e, code in self.countries:
            counts[code] = counts.get(code, 0) + 1
            first.setdefault(code, s)
            if s < self.lead_end:
                prominent.add(code)
        chosen = {c for c, n in counts.items() if n >= 2} | prominent
        chosen |= {p.country for p in people if p.country}
        for ev in events:
            chosen |= set(ev.countries) | ({ev.host_country} if ev.host_country else set())
        for ag in agreements:
            chosen |= set(ag.parties)
        return sorted(chosen, key=lambda c: (first.get(c, len(self.text)), c))

    def link(self) -> LinkedArticle:
        people = self.find_people()
        refs = self.person_refs(people)
        by_name = {r.name: r for r in refs}
        spans = []
        for p in people:
            ref = by_name.get(self._ref_name(p)[0])
            if ref is not None:
                spans.extend((m, ref) for m in p.mentions)
        spans.sort(key=lambda x: x[0].start)
        events = self.find_events(spans)
        main_event = next((e.name for e in events if e.kind in ("state_visit", "official_visit",
                                                                  "summit")), None)  # fmt: skip
        visit = next((e for e in events if e.kind in ("state_visit", "official_visit")), None)
        agreements = self.find_agreements(spans, main_event, visit.countries if visit else ())
        countries = self.substantive_countries(refs, events, agreements)
        orgs = list(dict.fromkeys(o for _s, _e, o in sorted(self.orgs)))
        return LinkedArticle(
            article=self.article,
            countries=tuple(countries),
            organizations=tuple(orgs),
            people=tuple(refs),
            events=tuple(events),
            agreements=tuple(agreements),
            figures=tuple(self.find_figures(countries)),
            warnings=tuple(dict.fromkeys(self.warnings)),
        )


def link_article(article: ParsedArticle, gazetteer: Gazetteer) -> LinkedArticle:
    """Find the countries, organizations, people, events and agreements an article names, and
    the trade figures it gives for a country pair."""
    return _Linker(article, gazetteer).link()
