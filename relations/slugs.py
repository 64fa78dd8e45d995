"""Slugs for names and titles in any script the desk writes in (English, Russian, Kazakh).

Django's `slugify` keeps what decomposes to ASCII and drops everything else. Three things are
done before it:

- A character typed as an HTML reference (an admin field or a spreadsheet cell takes text as
  it is typed) is the character it stands for: "Kazakh&ndash;Uzbek commission" and
  "Kazakh&#8211;Uzbek commission" are the en dash's `kazakh-uzbek-commission`, "R&amp;D" is
  "R&D"'s `rd`. Only references ending in their semicolon count, as in the text importer.
- Dashes, the minus sign and slashes (`SEPARATORS`) separate words, as a space or a hyphen
  does: "Kazakhstan–Mongolia Commission" (an en dash) is `kazakhstan-mongolia-commission`,
  "Astana—Beijing" `astana-beijing`, "Kazakhstan/Mongolia" `kazakhstan-mongolia`, where
  Django alone glued the two words into one (`kazakhstanmongolia`). A slash counts too: in
  a name or a title it stands between words ("and/or", "2025/2026"), never inside one. The
  soft hyphen (U+00AD) is no dash (it only marks where a word may break) and is still dropped.
- Letters Django would drop (Russian and Kazakh ones) are transliterated, with Unidecode, so
  a Russian or Kazakh title gets a readable slug instead of the placeholder
  (`PLACEHOLDER_SLUG`: `item`, `item-2`, ...).

Every other character is left to Django's `slugify`: a text without these separators whose
letters all decompose to ASCII keeps the slug Django gives it (`Côte d'Ivoire` is still
`cote-divoire`).

Slugs made before a rule changed are in public URLs and identify the rows of spreadsheets
without a slug column (an empty slug is made from the name, `relations.resources`). They are
never recomputed on save; when the rule itself changes, a data migration moves the stored
slugs the old rule made to the new rule's, and records the addresses they leave (dashes and
slashes: `relations` 0007 for entities, `articles` 0023 for articles and sources).
"""

import html
import re
import unicodedata
from functools import lru_cache

from django.utils.html import strip_tags
from django.utils.text import slugify as ascii_slugify
from unidecode import unidecode

# Kazakh letters Unidecode renders as punctuation (`ә` as `@`) or with apostrophes: the plain
# Latin letters of the usual romanisation (Тоқаев -> Tokaev, Әлем -> Alem, Моңғолия -> Mongolia).
_KAZAKH = str.maketrans(
    {
        "ә": "a", "Ә": "A", "ғ": "g", "Ғ": "G", "қ": "k", "Қ": "K", "ң": "n", "Ң": "N",
        "ө": "o", "Ө": "O", "ұ": "u", "Ұ": "U", "ү": "u", "Ү": "U", "һ": "h", "Һ": "H",
        "і": "i", "І": "I",
    }
)  # fmt: skip

# Characters that separate words in a slug, as a space does: every dash of Unicode 15.1 (general
# category Pd, but the ASCII hyphen-minus, which separates already), the minus sign and the
# slashes. Written out rather than read from `unicodedata`, so that a Python with a newer Unicode
# database does not change slugs by itself (tests/relations/test_slugs.py says when it has more
# dashes than these).
SEPARATORS = (
    "\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a\u2e3b"
    "\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead"  # dashes (Pd)
    "\u2212"  # minus sign
    "/\u2044\u2215\uff0f"  # solidus, fraction slash, division slash, fullwidth solidus
)
_SEPARATE = str.maketrans(dict.fromkeys(SEPARATORS, "-"))

# A point between an initial and a capitalised name, written without a space, as Mongolian
# names are ("B.Battsetseg", "Ts.Baatarkhuu", "Б.Батцэцэг"): it separates them too. "U.S.",
# "No.5" and "kazinform.kz" keep theirs (no capital and small letter follow the point).
_INITIAL_POINT = re.compile(r"(?<=[^\W\d_])\.(?=[^\W\d_]{2})")

# A character reference with its semicolon ("&ndash;", "&#8211;", "&#x2013;"), read as the text
# importer reads one (`articles.importing.parse`): without it, "R&D" or "Q&notes" is text, not
# HTML's legacy references ("&not" would make "Q¬es").
_REFERENCE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.I)


def _initials_separated(text):
    if "." not in text:
        return text
    return _INITIAL_POINT.sub(
        lambda m: "-" if text[m.end()].isupper() and text[m.end() + 1].islower() else ".", text
    )


@lru_cache(maxsize=4096)
def _latin(ch: str) -> str:
    """`ch` if Django's slugify keeps something of it, else its transliteration."""
    if not ch.isalnum() or unicodedata.normalize("NFKD", ch).encode("ascii", "ignore"):
        return ch
    return unidecode(ch)


def transliterate(text: str) -> str:
    """`text` with its Cyrillic (Russian and Kazakh) letters in Latin ones, by the same rules
    as slugs (Кошербаев -> Kosherbaev, Тоқаев -> Tokaev, Ержан -> Erzhan); Latin letters,
    digits and punctuation are left as they are. The soft and hard signs give nothing."""
    text = str(text)
    if text.isascii():
        return text
    return "".join(
        unidecode(ch).replace("'", "").replace('"', "") if "\u0400" <= ch <= "\u04ff" else ch
        for ch in text.translate(_KAZAKH)
    )


#: What a derived slug leaves free in its field for the suffix that makes it unique (`-2`, ...).
SUFFIX_ROOM = 6
#: The slug of a name or title that gives none (only punctuation or symbols): `item`, `item-2`.
PLACEHOLDER_SLUG = "item"


def slug_base(text: str, *, max_length: int = 200, placeholder: str = PLACEHOLDER_SLUG) -> str:
    """The slug `text` gets in a slug field of `max_length` characters, before a suffix makes
    it unique: `slugify(text)` cut to leave `SUFFIX_ROOM`, or `placeholder` when that is empty.

    Every derived slug starts here: the one a row saved without a slug gets
    (`relations.models.unique_slug`), an imported text's (`articles.importing.load`) and the
    one a spreadsheet row without a slug is matched by (`relations.resources`). Cut
    differently, a file did not find the long-named row saved in the admin, and made a second
    one (or, for a source, a slug too long for its column).
    """
    return slugify(text)[: max_length - SUFFIX_ROOM].strip("-") or placeholder


def slugify(text: str) -> str:
    """A lower-case ASCII slug of `text` (possibly empty: callers choose a fallback).

    Made from the text a reader sees: a title pasted with markup ("<b>Agreement</b>") gives
    `agreement`, not `bagreementb`, and a character typed as its HTML reference is that
    character ("Kazakh&ndash;Uzbek" is "Kazakh–Uzbek": `kazakh-uzbek`, not `kazakhndashuzbek`).
    Tags go first: the slash of `</b>` separates nothing, and "A&lt;B or C&gt;D" is no tag.
    """
    text = str(text)
    if "<" in text:
        text = strip_tags(text)
    if "&" in text:
        text = _REFERENCE.sub(lambda m: html.unescape(m[0]), text)
    text = _initials_separated(text).translate(_SEPARATE)
    if not text.isascii():
        text = "".join(_latin(ch) for ch in text.translate(_KAZAKH))
    return ascii_slugify(text)
