"""Which legacy encoding a text file may be read in: shared by every importer of text files.

The plain-text archive importer (`articles/importing/parse.py`) and the CSV spreadsheet import
(`relations/spreadsheets.py`) both meet files saved on old Russian Windows systems, in
Windows-1251, beside UTF-8 ones, and Kazakh files saved in KZ-1048, the Kazakh code page that
puts Kazakh letters where Windows-1251 has Serbian, Macedonian, Ukrainian and Belarusian ones.
Both read such a file only when the reading is plausibly Russian or Kazakh, by the rules below,
so the two never disagree about the same bytes.

Pure: no Django, no database, so the parse stage may use it. It lives in `relations` because
`articles` depends on `relations` and never the reverse.
"""

import codecs
import re

__all__ = ["WIDE_BOMS", "kazakh_code_page", "kz1048_misreading", "windows_1251_misreading"]

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


#: Bytes Windows-1251 reads as letters no Russian, Kazakh, Ukrainian or Belarusian text writes
#: (Ќ, Ћ, Ј, Ѕ), which its rule refuses, and KZ-1048 as Kazakh letters (Қ, Һ, Ә, Ң).
_KZ1048_BYTES = re.compile(rb"[\x8d\x8e\x9d\x9e\xa3\xbc\xbd\xbe]")
#: A word holding a Cyrillic letter of neither the Russian nor the Kazakh alphabet.
_NOT_KAZAKH_WORD = re.compile(
    r"(?<![^\W\d_])[^\W\d_]*([^\W\d_А-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіA-Za-z])[^\W\d_]*"
)
_KAZAKH_LETTER = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһ]")
#: A Kazakh letter that is a word on its own: a Western file's "£5" or "½" read as "Ә5", "Ң".
_LONE_KAZAKH_LETTER = re.compile(r"(?<![^\W\d_])[ӘәҒғҚқҢңӨөҰұҮүҺһ](?![^\W\d_])")


def kz1048_misreading(text: str) -> str | None:
    """Why `text`, decoded as KZ-1048, is not a Kazakh file; None if it may be.

    The rule of `windows_1251_misreading` for the Kazakh code page: no word mixes Latin and
    Cyrillic letters, every letter is Latin or of the Russian and Kazakh alphabets, no Kazakh
    letter stands alone (where a Western file's "£" and "½" land), and at least one letter is
    Kazakh's own (else the file is Windows-1251's, read the same)."""
    if mixed := _MIXED_WORD.search(text):
        return f'as KZ-1048 it reads "{mixed[0]}", a word mixing Latin and Cyrillic letters'
    if odd := _NOT_KAZAKH_WORD.search(text):
        return f'as KZ-1048 it reads "{odd[0]}", whose "{odd[1]}" is not a Kazakh letter'
    if lone := _LONE_KAZAKH_LETTER.search(text):
        return f'as KZ-1048 it reads "{lone[0]}" as a word of its own'
    if not _KAZAKH_LETTER.search(text):
        return "as KZ-1048 it has no Kazakh letter"
    return None


def kazakh_code_page(data: bytes) -> bool:
    """Whether 8-bit `data` (not UTF-8) is Kazakh text in KZ-1048 rather than Windows-1251.

    KZ-1048 puts Kazakh letters where Windows-1251 has Serbian, Macedonian, Ukrainian and
    Belarusian ones. Bytes holding one that Windows-1251 reads as Ќ, Ћ, Ј or Ѕ (refused by
    `windows_1251_misreading`: Қ, Һ, Ә, Ң in KZ-1048, in nearly every Kazakh text) and that
    read as Kazakh in KZ-1048 (`kz1048_misreading`) are KZ-1048. Bytes without one are left to
    the Windows-1251 rule: a Ukrainian file's "ї", "є" are KZ-1048's "ү", "ғ", and only the
    other letters tell the two apart. A Western file read as KZ-1048 still mixes Latin and
    Cyrillic letters in its words ("Cфte") or has a Kazakh letter standing alone ("£")."""
    if not _KZ1048_BYTES.search(data):
        return False
    try:
        text = data.decode("kz1048")
    except UnicodeDecodeError:
        return False
    return kz1048_misreading(text) is None
