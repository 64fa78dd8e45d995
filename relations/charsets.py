"""Which legacy encoding a text file may be read in: shared by every importer of text files.

The plain-text archive importer (`articles/importing/parse.py`) and the CSV spreadsheet import
(`relations/spreadsheets.py`) both meet files saved on old Russian Windows systems, in
Windows-1251, beside UTF-8 ones. Both read such a file only when the reading is plausibly
Russian or Kazakh, by the one rule below, so the two never disagree about the same bytes.

Pure: no Django, no database, so the parse stage may use it. It lives in `relations` because
`articles` depends on `relations` and never the reverse.
"""

import codecs
import re

__all__ = ["WIDE_BOMS", "windows_1251_misreading"]

#: Byte-order marks of the wide encodings, UTF-32's first (FF FE 00 00 starts with FF FE),
#: with the name the messages give (lower-cased, it is also Python's codec name).
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)

#: A word (a run of letters) holding both a Latin and a Cyrillic letter. Both patterns start
#: only at a word's first letter (the look-behind), which keeps a 5 MB file's search linear.
_MIXED_WORD = re.compile(
    r"(?<![^\W\d_])[^\W\d_]*"
    r"(?:[A-Za-z][^\W\d_]*[\u0400-\u04ff]|[\u0400-\u04ff][^\W\d_]*[A-Za-z])"
    r"[^\W\d_]*"
)
#: A word holding a Cyrillic letter of Windows-1251 that neither Russian nor Kazakh (nor
#: Ukrainian or Belarusian) writes: where a Western file's €, Š, Œ, Ž, £ and ½ land.
_ODD_LETTER_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]*([ЂђЃѓЉљЊњЌќЋћЏџЈјЅѕ])[^\W\d_]*")


def windows_1251_misreading(text: str) -> str | None:
    """Why `text`, decoded as Windows-1251, is not a Russian or Kazakh file; None if it may be.

    Windows-1251 gives every byte but one a character, so decoding proves nothing. The
    letters tell: a Western European file (Windows-1252 or Latin-1) has its accented letters
    at the bytes of Cyrillic ones, and "Côte" reads as "Cфte". So the reading is refused when a
    word mixes Latin and Cyrillic letters, or holds a Cyrillic letter Russian and Kazakh do
    not use. Quotes, dashes and other punctuation sit at the same bytes in both code pages and
    read the same either way; capitals and small letters are judged alike, so a text set in
    capitals reads as well as any other.
    """
    if mixed := _MIXED_WORD.search(text):
        return f'as Windows-1251 it reads "{mixed[0]}", a word mixing Latin and Cyrillic letters'
    if odd := _ODD_LETTER_WORD.search(text):
        where = f'"{odd[1]}",' if odd[0] == odd[1] else f'"{odd[0]}", whose "{odd[1]}" is'
        return f"as Windows-1251 it reads {where} not a Russian or Kazakh letter"
    return None
