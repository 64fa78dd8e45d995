"""One office, however coverage words it: "President" and "President of Kazakhstan" for a
Kazakh role are the same office stated twice.

Roles are stored as stated (`Position.title`), one row per wording (the importer keys them by
person and title). A person's page shows one row per office instead: `office_key` says which
wordings name one office, `offices_held` groups a person's roles by it.

The rule is deliberately narrow, so that two different offices are never shown as one:

- case, dashes and curly apostrophes do not matter ("Vice-President" = "vice president");
- the role's own country may qualify the title or not: "President" = "President of
  Kazakhstan" = "President of the Republic of Kazakhstan" = "Kazakh President" =
  "Kazakhstan's President" when the role's country is Kazakhstan (its name, official name and
  aliases, and the demonyms of `reference.EXTRA_ALIASES`), only at the start or the end of
  the title;
- the foreign and external affairs ministries and their ministers have two wordings each
  ("Foreign Minister" = "Minister of Foreign Affairs", "External Affairs Ministry" =
  "Ministry of External Affairs").

Nothing else is removed: "Deputy Minister" and "Minister", "First Vice President" and "Vice
President" stay apart, as do roles of different countries (a role without a country is one of
no country) or organizations. Synonyms ("Head of State" for "President", "Speaker of the
Parliament" for "Chairman of the State Great Khural") are left to editors, who merge the two
roles in the admin (the other wording becomes the kept role's alias).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .reference import EXTRA_ALIASES

_SPACE_RE = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "`": "'"})
# "Foreign Minister", "Foreign Affairs Ministry", "External Affairs Minister".
_MINISTRY_BEFORE_RE = re.compile(
    r"\b(foreign|foreign affairs|external affairs) (minister|ministry)\b"
)
# "Minister for Foreign Affairs".
_MINISTRY_FOR_RE = re.compile(r"\b(minister|ministry) for (foreign|external) affairs\b")
_SUBJECTS = {"foreign": "foreign affairs"}


def fold(text):
    """`text` with case, dashes, curly apostrophes and spacing made uniform: "Vice–President"
    is "vice-president"."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    text = "".join("-" if unicodedata.category(c) == "Pd" or c == "\u2212" else c for c in text)
    return _SPACE_RE.sub(" ", text).strip()


def country_names(country):
    """Every name `country` goes by in a title (folded): its name, official name, aliases and
    the demonyms of the reference data."""
    names = [country.name, country.official_name, *(country.aliases or ())]
    names += EXTRA_ALIASES.get(country.code, [])
    return tuple(sorted({fold(n) for n in names if n and n.strip()}, key=lambda n: (-len(n), n)))


@lru_cache(maxsize=256)
def _qualifier_patterns(names):
    """(prefix, suffix) patterns for a country known by `names`: "<name> ..." or
    "<name>'s ..." at the start, "... of (the) <name>" at the end."""
    alternatives = "|".join(re.escape(n) for n in names)
    prefix = re.compile(rf"^(?:the )?(?:{alternatives})(?:'s)? (?=\S)")
    suffix = re.compile(rf"(?<=\S) of (?:the )?(?:{alternatives})$")
    return prefix, suffix


def strip_country(title, country):
    """(the folded `title` without `country` qualifying it, whether it did). Only the start
    and the end are read: in "Ambassador of Estonia to Kazakhstan" the country is not a
    qualifier of the office but part of it."""
    text = fold(title)
    if country is None:
        return text, False
    names = country_names(country)
    if not names:
        return text, False
    prefix, suffix = _qualifier_patterns(names)
    stripped = suffix.sub("", prefix.sub("", text, count=1), count=1)
    return stripped, stripped != text


def ministry_wording(text):
    """Folded `text` with the foreign and external affairs ministries worded one way:
    "foreign minister" -> "minister of foreign affairs"."""
    text = _MINISTRY_FOR_RE.sub(r"\1 of \2 affairs", text)
    return _MINISTRY_BEFORE_RE.sub(lambda m: f"{m[2]} of {_SUBJECTS.get(m[1], m[1])}", text)


def office_key(title, country):
    """What two roles must share to be one office: the role's country (its ISO code, None
    for none) and its title folded, without the country's own names qualifying it, and with
    one wording for each ministry. Hyphens count as spaces once the country is read (so
    "Kazakh-Chinese Council" is never read as the Kazakh "Chinese Council")."""
    text, _ = strip_country(title, country)
    text = _SPACE_RE.sub(" ", text.replace("-", " ")).strip()
    return (country.code if country is not None else None, ministry_wording(text))


def names_country(title, country):
    """Whether `title` names the role's `country` ("President of Kazakhstan")."""
    return strip_country(title, country)[1]


@dataclass
class Office:
    """One office a person held, from the roles stating it (`positions`, latest first)."""

    title: str
    country: object
    organization: object
    organization_is_public: bool
    started_on: object
    ended_on: object
    first_stated: object
    last_stated: object
    positions: list = field(default_factory=list)

    @property
    def also_stated_as(self):
        """The office's other wordings in the coverage, in the order first met (latest
        statement first), for readers who meet it worded another way."""
        return list(dict.fromkeys(p.title for p in self.positions if p.title != self.title))


def fullest_wording(positions):
    """The title to show for one office: of the wordings naming the country (else of all),
    the longest; alphabetically first among equals, so the choice is the same every time."""
    best = min(
        positions,
        key=lambda p: (not names_country(p.title, p.country), -len(p.title), p.title),
    )
    return best.title


def term(positions):
    """(started_on, ended_on) of one office stated by several roles: the earliest start and
    the latest end, but no end when a start comes after it (a later term, not known ended)."""
    starts = [p.started_on for p in positions if p.started_on]
    ends = [p.ended_on for p in positions if p.ended_on]
    started, ended = min(starts, default=None), max(ends, default=None)
    if ended and starts and max(starts) > ended:
        ended = None
    return started, ended


def offices_held(positions):
    """`positions` (one person's roles from `queries.public_positions`, with `first_stated`,
    `last_stated` and `organization_is_public`, latest first) as one `Office` per office:
    roles of one `office_key` and one organization are one row. The rows keep the order of
    each office's latest statement."""
    groups = {}
    for position in positions:
        key = (office_key(position.title, position.country), position.organization_id)
        groups.setdefault(key, []).append(position)
    return [_office(group) for group in groups.values()]


def _office(positions):
    """The `Office` the roles `positions` (one office, latest first) state."""
    firsts = [p.first_stated for p in positions if p.first_stated]
    lasts = [p.last_stated for p in positions if p.last_stated]
    started, ended = term(positions)
    return Office(
        title=fullest_wording(positions),
        country=positions[0].country,
        organization=positions[0].organization,
        organization_is_public=getattr(positions[0], "organization_is_public", False),
        started_on=started,
        ended_on=ended,
        first_stated=min(firsts, default=None),
        last_stated=max(lasts, default=None),
        positions=positions,
    )
