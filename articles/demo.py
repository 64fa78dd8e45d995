"""Demo content written for this project (not the newsroom's archive), so every public page
has something to show on a fresh database. Loaded by `manage.py load_demo`; idempotent."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from relations.models import (
    Agreement,
    Country,
    Event,
    Figure,
    Indicator,
    Organization,
    Person,
    Position,
    Signatory,
)

from .models import Article, Source

PEOPLE = [
    # name, aliases, country, role
    ("Kassym-Jomart Tokayev", ["Tokayev", "Tokaev", "K. Tokayev"], "KZ", "President of Kazakhstan"),
    ("Ukhnaagiin Khurelsukh", ["U.Khurelsukh", "Khurelsukh"], "MN", "President of Mongolia"),
    ("Murat Nurtleu", ["Nurtleu"], "KZ", "Minister of Foreign Affairs of Kazakhstan"),
    ("Roman Vassilenko", ["Vassilenko", "Vasilenko"], "KZ", "Deputy Minister of Foreign Affairs"),
    ("Shavkat Mirziyoyev", ["Mirziyoyev"], "UZ", "President of Uzbekistan"),
    ("Sadyr Japarov", ["Japarov", "Zhaparov"], "KG", "President of the Kyrgyz Republic"),
]

EVENTS = [
    # name, kind, starts, ends, city, host, org, participants
    ("Kazakhstan–Mongolia state visit, October 2024", "state_visit", dt.date(2024, 10, 28),
     dt.date(2024, 10, 29), "Ulaanbaatar", "MN", None, ["KZ", "MN"]),
    ("SCO Astana Summit 2024", "summit", dt.date(2024, 7, 3), dt.date(2024, 7, 4), "Astana",
     "KZ", "SCO", ["KZ", "CN", "RU", "IN", "PK", "KG", "TJ", "UZ", "IR", "BY"]),
    ("Central Asian consultative meeting of heads of state", "meeting", dt.date(2025, 8, 9),
     dt.date(2025, 8, 9), "Cholpon-Ata", "KG", None, ["KZ", "KG", "TJ", "TM", "UZ"]),
    ("Kazakh–Uzbek intergovernmental commission", "talks", dt.date(2025, 11, 12),
     dt.date(2025, 11, 12), "Tashkent", "UZ", None, ["KZ", "UZ"]),
]  # fmt: skip

AGREEMENTS = [
    # title, kind, signed_on, event index, parties, signatories [(person, role, party)]
    ("Joint Declaration on Strategic Cooperation", "declaration", dt.date(2024, 10, 28), 0,
     ["KZ", "MN"],
     [("Kassym-Jomart Tokayev", "President of Kazakhstan", "KZ"),
      ("Ukhnaagiin Khurelsukh", "President of Mongolia", "MN")]),
    ("Roadmap on Activation of Trade and Economic Cooperation for 2025-2027", "roadmap",
     dt.date(2024, 10, 28), 0, ["KZ", "MN"], []),
    ("Astana Declaration of the SCO Council of Heads of State", "declaration", dt.date(2024, 7, 4),
     1, ["KZ", "CN", "RU", "IN", "PK", "KG", "TJ", "UZ", "IR", "BY"], []),
    ("Memorandum of Understanding on Water Resources Management", "memorandum",
     dt.date(2025, 11, 12), 3, ["KZ", "UZ"], []),
]  # fmt: skip

ARTICLES = [
    # title, date, source, countries, people, events, agreements, orgs, body
    (
        "Kazakhstan and Mongolia raise ties to strategic partnership",
        dt.datetime(2024, 10, 28, 18, 30),
        "Akorda",
        ["KZ", "MN"],
        ["Kassym-Jomart Tokayev", "Ukhnaagiin Khurelsukh"],
        [0],
        [0, 1],
        [],
        """The two presidents met in the Mongolian capital for the first state visit by a Kazakh head of state in sixteen years, and agreed to give their relationship a new status.

## Documents signed

- Joint Declaration on Strategic Cooperation
- Roadmap on Activation of Trade and Economic Cooperation for 2025-2027

The leaders asked their governments to widen trade, transport links and tourism between the two countries.""",
    ),
    (
        "Astana hosts the Shanghai Cooperation Organization summit",
        dt.datetime(2024, 7, 4, 20, 0),
        "Kazinform",
        ["KZ", "CN", "RU", "IN"],
        ["Kassym-Jomart Tokayev"],
        [1],
        [2],
        ["SCO"],
        """Heads of state of the organization's member countries gathered in the Kazakh capital and adopted a declaration on regional security and connectivity.

Belarus joined as a full member during the meeting, bringing the organization to ten members.

The Kazakh chairmanship had organised more than a hundred events over the year, with ecology as its theme.""",
    ),
    (
        "Deputy foreign minister briefs international journalists before the summit",
        dt.datetime(2024, 7, 1, 11, 0),
        "MFA",
        ["KZ"],
        ["Roman Vassilenko"],
        [1],
        [],
        ["SCO"],
        """The ministry's briefing covered logistics for several thousand delegates and reporters, and the summit's main themes: security, trade routes and the environment.

Questions from the press turned to transit through the Caspian Sea and to water cooperation in the region.""",
    ),
    (
        "Central Asian leaders meet on the shore of Issyk-Kul",
        dt.datetime(2025, 8, 9, 16, 45),
        "Kazinform",
        ["KZ", "KG", "UZ", "TJ", "TM"],
        ["Kassym-Jomart Tokayev", "Sadyr Japarov", "Shavkat Mirziyoyev"],
        [2],
        [],
        [],
        """The heads of state of the five Central Asian countries held their regular consultative meeting, discussing water, energy and transport links.

They agreed to prepare a regional programme on the joint use of transboundary rivers for their next meeting.""",
    ),
    (
        "Kazakhstan and Uzbekistan sign memorandum on water resources",
        dt.datetime(2025, 11, 12, 14, 20),
        "MFA",
        ["KZ", "UZ"],
        ["Murat Nurtleu", "Shavkat Mirziyoyev"],
        [3],
        [3],
        [],
        """The intergovernmental commission met in Tashkent and its co-chairs signed a memorandum on the management of shared water resources.

The sides reviewed trade, which they expect to grow further next year, and the construction of a joint industrial zone on the border.""",
    ),
    (
        "Trade between Kazakhstan and Mongolia keeps growing",
        dt.datetime(2025, 3, 3, 9, 15),
        "Kazinform",
        ["KZ", "MN"],
        [],
        [],
        [1],
        [],
        """Figures for the past year show bilateral trade rising again, led by food products, machinery and construction materials.

Turnover came to 123.9 million US dollars in 2024, against 76.7 million in 2023 and 35.3 million in 2019.

Officials expect the roadmap signed during the state visit to keep that growth going.""",
    ),
    (
        "Foreign minister holds telephone talks with Kyrgyz counterpart",
        dt.datetime(2025, 9, 15, 10, 0),
        "MFA",
        ["KZ", "KG"],
        ["Murat Nurtleu"],
        [],
        [],
        [],
        """The ministers discussed the preparation of upcoming high-level visits and cooperation within regional organizations.""",
    ),
    (
        "Xinhua: China and Kazakhstan discuss new freight routes",
        dt.datetime(2025, 10, 2, 8, 0),
        "Xinhua",
        ["KZ", "CN"],
        [],
        [],
        [],
        [],
        """Transport officials from both countries reviewed rail freight volumes through the Khorgos crossing and plans for a third border railway line.""",
    ),
]

_TURNOVER = (
    "Turnover came to 123.9 million US dollars in 2024, against 76.7 million in 2023 and 35.3 "
    "million in 2019."
)
# Stated by the article "Trade between Kazakhstan and Mongolia keeps growing" (a figure is
# public once a published article states it).
FIGURES_ARTICLE = "Trade between Kazakhstan and Mongolia keeps growing"
FIGURES = [
    # indicator, a, b, year, kind, value, quote
    ("Trade turnover", "KZ", "MN", 2019, "actual", Decimal("35.3"), _TURNOVER),
    ("Trade turnover", "KZ", "MN", 2023, "actual", Decimal("76.7"), _TURNOVER),
    ("Trade turnover", "KZ", "MN", 2024, "actual", Decimal("123.9"), _TURNOVER),
]


@transaction.atomic
def load_demo(*, now=None):
    """Create the demo content unless it is there already. Returns the number of new articles."""
    countries = {c.code: c for c in Country.objects.all()}
    sources = {s.name: s for s in Source.objects.all()}
    people, roles = {}, {}
    for name, aliases, code, role in PEOPLE:
        person, _ = Person.objects.get_or_create(
            name=name, defaults={"aliases": aliases, "country": countries[code]}
        )
        roles[name], _ = Position.objects.get_or_create(
            person=person, title=role, defaults={"country": countries[code]}
        )
        people[name] = person
    events = []
    for name, kind, starts, ends, city, host, org, participants in EVENTS:
        event, created = Event.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "starts_on": starts,
                "ends_on": ends,
                "city": city,
                "host_country": countries[host],
                "organization": Organization.objects.filter(abbreviation=org).first(),
            },
        )
        if created:
            event.countries.set([countries[c] for c in participants])
        events.append(event)
    agreements = []
    for title, kind, signed_on, event_index, parties, signatories in AGREEMENTS:
        agreement, created = Agreement.objects.get_or_create(
            title=title,
            defaults={"kind": kind, "signed_on": signed_on, "event": events[event_index]},
        )
        if created:
            agreement.parties.set([countries[c] for c in parties])
            for person, role, party in signatories:
                Signatory.objects.create(
                    agreement=agreement, person=people[person], role=role, party=countries[party]
                )
        agreements.append(agreement)
    figures = []
    for name, a, b, year, kind, value, quote in FIGURES:
        indicator, _ = Indicator.objects.get_or_create(name=name, defaults={"unit": "USD million"})
        figure, _ = Figure.objects.get_or_create(
            indicator=indicator,
            country_a=min(countries[a], countries[b], key=lambda c: c.pk),
            country_b=max(countries[a], countries[b], key=lambda c: c.pk),
            year=year,
            kind=kind,
            defaults={"value": value, "quote": quote},
        )
        figures.append(figure)
    created_count = 0
    for title, when, source, codes, names, event_ix, agreement_ix, orgs, body in ARTICLES:
        if Article.objects.filter(title=title).exists():
            continue
        article = Article.objects.create(
            title=title,
            body=body,
            status=Article.Status.PUBLISHED,
            published_at=timezone.make_aware(when),
            source=sources.get(source),
        )
        article.countries.set([countries[c] for c in codes])
        article.people.set([people[n] for n in names])
        # The people's roles are stated where they are named.
        article.positions.set([roles[n] for n in names])
        if title == FIGURES_ARTICLE:
            article.figures.set(figures)
        article.events.set([events[i] for i in event_ix])
        article.agreements.set([agreements[i] for i in agreement_ix])
        article.organizations.set(Organization.objects.filter(abbreviation__in=orgs))
        created_count += 1
    created_count += _load_editions(sources)
    # One draft and one item in review, so the admin shows the workflow (never public).
    for title, status in [
        ("Draft: preview of the next foreign ministers' meeting", Article.Status.DRAFT),
        ("In review: analysis of the transit corridor talks", Article.Status.REVIEW),
    ]:
        if not Article.objects.filter(title=title).exists():
            Article.objects.create(title=title, body="Work in progress.", status=status)
    return created_count


# Language editions of demo stories, so a reader of the demo sees "Also in" on their pages.
EDITIONS = [
    # title of the original, language, title, body
    (
        "Kazakhstan and Mongolia raise ties to strategic partnership",
        Article.Language.RU,
        "Казахстан и Монголия вывели отношения на уровень стратегического партнёрства",
        """Президенты двух стран провели переговоры в Улан-Баторе. Это первый за шестнадцать лет государственный визит главы Казахстана в Монголию, и по его итогам стороны договорились придать своим отношениям новый статус.

## Подписанные документы

- Совместная декларация о стратегическом сотрудничестве
- Дорожная карта по активизации торгово-экономического сотрудничества на 2025–2027 годы

Лидеры поручили правительствам расширить торговлю, транспортное сообщение и туристические обмены.""",
    ),
]


def _load_editions(sources):
    created = 0
    for original_title, language, title, body in EDITIONS:
        original = Article.objects.filter(title=original_title).first()
        if original is None or Article.objects.filter(title=title).exists():
            continue
        edition = Article.objects.create(
            title=title,
            body=body,
            language=language,
            translation_of=original,
            status=Article.Status.PUBLISHED,
            published_at=original.published_at,
            source=original.source,
        )
        for relation in ("countries", "people", "positions", "events", "agreements"):
            getattr(edition, relation).set(getattr(original, relation).all())
        created += 1
    return created
