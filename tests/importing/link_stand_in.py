"""A small stand-in for the link stage's interface, used only while `articles.importing.link`
is not in the tree yet. Tests that need real linking replace `link_article` with their own."""

import re
import sys
import types
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PersonRef:
    name: str
    matched: str | None = None
    aliases: tuple = ()
    role: str | None = None
    country: str | None = None
    organization: str | None = None
    confident: bool = True


@dataclass(frozen=True)
class EventRef:
    name: str
    kind: str = "other"
    starts_on: object = None
    ends_on: object = None
    city: str | None = None
    host_country: str | None = None
    organization: str | None = None
    countries: tuple = ()
    matched: str | None = None
    confident: bool = True


@dataclass(frozen=True)
class SignatoryRef:
    person: PersonRef
    role: str | None = None
    party: str | None = None


@dataclass(frozen=True)
class AgreementRef:
    title: str
    kind: str = "agreement"
    signed_on: object = None
    parties: tuple = ()
    organizations: tuple = ()
    signatories: tuple = ()
    event: str | None = None
    matched: str | None = None
    confident: bool = True


@dataclass(frozen=True)
class FigureRef:
    indicator: str
    country_a: str
    country_b: str
    year: int
    kind: str
    value: object
    unit: str
    quote: str


@dataclass(frozen=True)
class LinkedArticle:
    article: object
    countries: tuple = ()
    organizations: tuple = ()
    people: tuple = ()
    events: tuple = ()
    agreements: tuple = ()
    figures: tuple = ()
    warnings: tuple = ()


@dataclass
class Gazetteer:
    countries: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)

    @classmethod
    def default(cls):
        return cls()

    def add_country(self, code, name, aliases=()):
        for n in (name, *aliases):
            self.countries[n] = code

    def add_organization(self, name, abbreviation="", aliases=()):
        pass

    def add_person(self, name, aliases=()):
        self.people[name] = name

    def add_event(self, name, kind, starts_on, ends_on, aliases=()):
        pass

    def add_agreement(self, title, aliases=()):
        pass


def agreement_key(title):
    return re.sub(r"\W+", " ", title.casefold()).strip()


def link_article(parsed, gazetteer):
    text = f"{parsed.title}\n{parsed.body}"
    codes = []
    for name in ("Kazakhstan", "Mongolia", "China"):
        if name in text:
            codes.append(gazetteer.countries.get(name))
    people = tuple(PersonRef(name=n) for n in gazetteer.people if n in text)
    return LinkedArticle(article=parsed, countries=tuple(c for c in codes if c), people=people)


def install():
    """Make `articles.importing.link` importable when the real one has not landed yet."""
    try:
        import articles.importing.link  # noqa: F401
    except ImportError:
        module = types.ModuleType("articles.importing.link")
        module.__dict__.update(
            {k: v for k, v in globals().items() if not k.startswith("_") and k != "install"}
        )
        sys.modules["articles.importing.link"] = module
        import articles.importing

        articles.importing.link = module
