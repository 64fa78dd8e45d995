"""Reference data: every ISO 3166-1 country (from pycountry) with the names coverage uses,
and the organizations the archive names. Seeded by migration; the importer's linker reads the
same tables, so one list serves both.

Functions take a model registry (`apps`) so data migrations can call them with historical models.
"""

import pycountry
from django.utils.text import slugify

# Short names readers know, where ISO's name is a catalogue form ("Korea, Republic of").
DISPLAY_NAMES = {
    "BO": "Bolivia",
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CZ": "Czech Republic",
    "FM": "Micronesia",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "PS": "Palestine",
    "RU": "Russia",
    "SY": "Syria",
    "TR": "Turkey",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "VA": "Vatican City",
    "VE": "Venezuela",
    "VN": "Vietnam",
}

# Demonyms, adjectives, long forms and local spellings found in coverage of the region.
EXTRA_ALIASES = {
    "AE": ["UAE", "Emirati", "Emirates"],
    "AF": ["Afghan"],
    "AM": ["Armenian", "Republic of Armenia"],
    "AT": ["Austrian"],
    "AZ": ["Azerbaijani", "Azeri", "Republic of Azerbaijan"],
    "BE": ["Belgian"],
    "BY": ["Belarusian", "Belarussian", "Republic of Belarus", "Беларусь"],
    "CA": ["Canadian"],
    "CH": ["Swiss"],
    "CN": ["Chinese", "PRC", "People's Republic of China", "Китай", "Қытай"],
    "CZ": ["Czech", "Czechia"],
    "DE": ["German", "Federal Republic of Germany", "Германия"],
    "EE": ["Estonian", "Republic of Estonia"],
    "EG": ["Egyptian"],
    "ES": ["Spanish"],
    "FI": ["Finnish"],
    "FR": ["French", "French Republic", "Франция"],
    "GB": ["British", "UK", "Britain", "Great Britain"],
    "GE": ["Georgian"],
    "GR": ["Greek"],
    "HU": ["Hungarian"],
    "ID": ["Indonesian"],
    "IL": ["Israeli"],
    "IN": ["Indian", "Republic of India", "Индия", "Үндістан"],
    "IQ": ["Iraqi"],
    "IR": ["Iranian", "Islamic Republic of Iran", "Иран"],
    "IT": ["Italian"],
    "JP": ["Japanese", "Япония"],
    "KG": ["Kyrgyz", "Kyrgyz Republic", "Kirghiz", "Кыргызстан", "Қырғызстан"],
    "KR": ["Korean", "Republic of Korea", "Korea"],
    "KW": ["Kuwaiti"],
    "KZ": [
        "Kazakh",
        "Kazakhstani",
        "Republic of Kazakhstan",
        "Qazaqstan",
        "Казахстан",
        "Республика Казахстан",
        "Қазақстан",
        "Қазақстан Республикасы",
    ],
    "LB": ["Lebanese"],
    "LT": ["Lithuanian"],
    "LV": ["Latvian"],
    "MN": ["Mongolian", "Монголия", "Моңғолия"],
    "MY": ["Malaysian"],
    "NL": ["Dutch", "Netherlands"],
    "NO": ["Norwegian"],
    "OM": ["Omani"],
    "PK": ["Pakistani", "Islamic Republic of Pakistan", "Пакистан"],
    "PL": ["Polish"],
    "QA": ["Qatari", "State of Qatar"],
    "RO": ["Romanian"],
    "RS": ["Serbian"],
    "RU": ["Russian", "Russian Federation", "Россия", "Российская Федерация", "Ресей"],
    "SA": ["Saudi", "Saudi Arabian", "Kingdom of Saudi Arabia"],
    "SG": ["Singaporean"],
    "SK": ["Slovak", "Slovak Republic"],
    "SE": ["Swedish"],
    "TJ": ["Tajik", "Republic of Tajikistan", "Таджикистан", "Тәжікстан"],
    "TM": ["Turkmen", "Туркменистан", "Түрікменстан"],
    "TR": ["Turkish", "Türkiye", "Turkiye", "Republic of Türkiye", "Турция"],
    "UA": ["Ukrainian"],
    "US": ["American", "USA", "U.S.", "United States of America", "США", "АҚШ"],
    "UZ": ["Uzbek", "Republic of Uzbekistan", "Узбекистан", "Өзбекстан"],
    "VN": ["Vietnamese", "Viet Nam"],
}

# (name, abbreviation, aliases, member alpha-2 codes)
ORGANIZATIONS = [
    (
        "Shanghai Cooperation Organization",
        "SCO",
        ["Shanghai Cooperation Organisation", "ШОС", "ШЫҰ"],
        ["CN", "IN", "IR", "KZ", "KG", "PK", "RU", "TJ", "UZ", "BY"],
    ),
    (
        "Conference on Interaction and Confidence Building Measures in Asia",
        "CICA",
        ["Conference on Interaction and Confidence-Building Measures in Asia", "СВМДА"],
        [],
    ),
    ("Collective Security Treaty Organization", "CSTO", ["Collective Security Treaty Organisation", "ОДКБ"], ["AM", "BY", "KZ", "KG", "RU", "TJ"]),
    ("Organization of Turkic States", "OTS", ["Organisation of Turkic States", "Turkic Council"], ["AZ", "KZ", "KG", "TR", "UZ"]),
    ("International Fund for Saving the Aral Sea", "IFAS", ["IFSA"], ["KZ", "KG", "TJ", "TM", "UZ"]),
    ("Islamic Organization for Food Security", "IOFS", ["Islamic Organisation for Food Security"], []),
    ("United Nations", "UN", ["UNO", "ООН", "БҰҰ"], []),
    ("United Nations Environment Programme", "UNEP", ["UN Environment Programme"], []),
    ("Commonwealth of Independent States", "CIS", ["СНГ", "ТМД"], ["AM", "AZ", "BY", "KZ", "KG", "RU", "TJ", "UZ"]),
    ("Eurasian Economic Union", "EAEU", ["EEU", "Eurasian Economic Union (EAEU)", "ЕАЭС", "ЕАЭО"], ["AM", "BY", "KZ", "KG", "RU"]),
    ("Organisation of Islamic Cooperation", "OIC", ["Organization of Islamic Cooperation"], []),
    ("European Union", "EU", ["Евросоюз"], []),
    ("Association of Southeast Asian Nations", "ASEAN", [], []),
    ("Organization for Security and Co-operation in Europe", "OSCE", ["Organisation for Security and Co-operation in Europe"], []),
    ("BRICS", "BRICS", [], ["BR", "RU", "IN", "CN", "ZA"]),
    ("Asian Development Bank", "ADB", [], []),
    ("Eurasian Development Bank", "EDB", [], []),
    ("Asian Infrastructure Investment Bank", "AIIB", [], []),
    ("International Atomic Energy Agency", "IAEA", [], []),
    ("World Trade Organization", "WTO", ["World Trade Organisation"], []),
]  # fmt: skip

# (name, kind, homepage, country, aliases)
SOURCES = [
    (
        "Akorda",
        "press_service",
        "https://www.akorda.kz",
        "KZ",
        ["Akorda press service", "press service of Akorda", "presidential press service",
         "press service of the President of Kazakhstan", "Ақорда", "Акорда"],
    ),
    (
        "Kazinform",
        "news_agency",
        "https://qazinform.com",
        "KZ",
        ["Qazinform", "Kazinform News Agency", "Qazinform News Agency", "Казинформ", "Қазақпарат"],
    ),
    ("Xinhua", "news_agency", "https://english.news.cn", "CN", ["Xinhua News Agency", "Синьхуа"]),
    (
        "MFA",
        "ministry",
        "https://www.gov.kz/memleket/entities/mfa",
        "KZ",
        ["Ministry of Foreign Affairs of Kazakhstan", "Kazakh MFA", "MFA of Kazakhstan",
         "Kazakh Foreign Ministry", "Foreign Ministry of Kazakhstan",
         "Ministry of Foreign Affairs of the Republic of Kazakhstan", "МИД РК", "МИД Казахстана"],
    ),
]  # fmt: skip


def country_rows():
    """(code, name, official_name, aliases) for every ISO 3166-1 country."""
    for c in pycountry.countries:
        code = c.alpha_2
        name = DISPLAY_NAMES.get(code) or getattr(c, "common_name", None) or c.name
        official = getattr(c, "official_name", "") or ""
        aliases = []
        for alias in [
            c.name,
            getattr(c, "common_name", None),
            official,
            *EXTRA_ALIASES.get(code, []),
        ]:
            if alias and alias != name and alias not in aliases:
                aliases.append(alias)
        yield code, name, official, aliases


def seed_countries(apps, schema_editor=None):
    Country = apps.get_model("relations", "Country")
    existing = {c.code: c for c in Country.objects.all()}
    new = []
    for code, name, official, aliases in country_rows():
        country = existing.get(code)
        if country is None:
            new.append(
                Country(
                    code=code,
                    name=name,
                    official_name=official,
                    slug=slugify(name),
                    aliases=aliases,
                )
            )
        else:
            country.aliases = list(dict.fromkeys([*country.aliases, *aliases]))
            country.save(update_fields=["aliases"])
    Country.objects.bulk_create(new)


def seed_organizations(apps, schema_editor=None):
    Organization = apps.get_model("relations", "Organization")
    Country = apps.get_model("relations", "Country")
    for name, abbreviation, aliases, members in ORGANIZATIONS:
        org, _ = Organization.objects.get_or_create(
            name=name,
            defaults={
                "abbreviation": abbreviation,
                "slug": slugify(abbreviation or name),
                "aliases": aliases,
            },
        )
        org.members.add(*Country.objects.filter(code__in=members))


def seed_sources(apps, schema_editor=None):
    Source = apps.get_model("articles", "Source")
    Country = apps.get_model("relations", "Country")
    for name, kind, homepage, country, aliases in SOURCES:
        Source.objects.get_or_create(
            name=name,
            defaults={
                "slug": slugify(name),
                "kind": kind,
                "homepage": homepage,
                "country": Country.objects.filter(code=country).first(),
                "aliases": aliases,
            },
        )
