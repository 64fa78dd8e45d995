"""Throughput of the importer's parse and link stages (no database).

    DJANGO_DEBUG=1 .venv/bin/python bench/link_stage.py [--repeat 20] [--generated 500] [--seed 1]

Reads the shared corpus (NEWSROOM_CORPUS or ../shared/corpus), then prints articles/second for
1. parse alone (``parse_bytes`` on every corpus file, ``--repeat`` times),
2. link alone on the corpus articles repeated ``--repeat`` times (one gazetteer, as the
   loader uses it),
3. link alone on ``--generated`` synthetic articles of ~600 words each: made-up people with
   roles, visits, meetings, briefings, summits, lists and quotes of signed documents. Names are
   generated, so the per-name caches get no help from repetition.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

CORPUS = Path(
    os.environ.get("NEWSROOM_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "corpus"
)

_SYLLABLES = [
    "ka",
    "ra",
    "mu",
    "to",
    "ba",
    "dal",
    "nur",
    "zha",
    "sul",
    "tan",
    "er",
    "bol",
    "ay",
    "gul",
    "an",
    "ta",
    "sa",
    "be",
    "ko",
    "min",
    "ul",
    "ar",
    "da",
    "khu",
    "rel",
    "bat",
    "or",
    "chin",
    "sai",
    "khan",
    "zor",
    "ig",
    "bek",
    "ras",
    "tem",
    "ur",
    "lan",
    "vo",
    "ges",
    "rik",
    "mar",
    "sen",
    "ol",
]
_COUNTRIES = [
    "Kazakhstan",
    "Mongolia",
    "China",
    "Russia",
    "Uzbekistan",
    "Kyrgyzstan",
    "Tajikistan",
    "Turkmenistan",
    "Türkiye",
    "Azerbaijan",
    "Georgia",
    "Armenia",
    "Iran",
    "Pakistan",
    "India",
    "Japan",
    "Germany",
    "France",
    "Italy",
    "Hungary",
    "Qatar",
    "Egypt",
    "Malaysia",
    "Vietnam",
    "Slovakia",
]
_LONG_FORMS = (
    "the Republic of Kazakhstan",
    "the Kyrgyz Republic",
    "the People's Republic of China",
    "the Russian Federation",
    "the Islamic Republic of Pakistan",
    "the Republic of Uzbekistan",
)
_DEMONYMS = [
    "Kazakh",
    "Mongolian",
    "Chinese",
    "Russian",
    "Uzbek",
    "Kyrgyz",
    "Tajik",
    "Turkish",
    "German",
    "French",
]
_CITIES = [
    "Astana",
    "Almaty",
    "Ulaanbaatar",
    "Moscow",
    "Beijing",
    "Tashkent",
    "Bishkek",
    "Baku",
    "Tehran",
    "Doha",
]
_ORGS = ("SCO", "CICA", "CIS", "EAEU", "UN", "OSCE", "Organization of Turkic States")
_ROLES = (
    "Minister of Foreign Affairs of {c}",
    "Deputy Minister of Foreign Affairs of {c}",
    "President of {c}",
    "Prime Minister of {c}",
    "Ambassador of {c} to {d}",
    "Chairman of the Investment Committee of the Foreign Ministry of {c}",
    "First Deputy Prime Minister of {c}",
    "Minister of Culture, Sports and Youth of {c}",
    "Secretary General of the {o}",
)
_KINDS = (
    "Memorandum of Understanding on cooperation in the field of {f}",
    "Agreement between the Government of {c} and the Government of {d} on {f}",
    "Roadmap for the development of {f} for {y}-{y2}",
    "Joint Statement on strengthening comprehensive strategic partnership",
    "Cooperation Plan for {y}-{y2} between the Ministries of Foreign Affairs",
    "Protocol on amendments to the Agreement on {f}",
    "Programme of cultural cooperation for {y}-{y2}",
)
_FIELDS = (
    "agriculture",
    "tourism",
    "transport and logistics",
    "digital technologies",
    "education and science",
    "healthcare",
    "water resources",
    "customs affairs",
)
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
)
_FILLER = (
    "The sides discussed prospects for expanding trade and economic cooperation.",
    "Particular attention was paid to transport connectivity and the transit potential of the region.",
    "The parties noted the high level of political dialogue and mutual trust.",
    "In addition, the sides exchanged views on topical regional and international issues.",
    "Following the talks, the delegations agreed to intensify contacts at all levels.",
    "Trade turnover between the two countries grew by 12% last year and reached $1.2 billion.",
    "The meeting took place in a warm and constructive atmosphere.",
    "It was stressed that the implementation of joint projects remains a priority.",
)


def _name(rng: random.Random, parts: int = 2) -> str:
    words = []
    for n in range(parts):
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        if n == parts - 1 and rng.random() < 0.5:
            word += rng.choice(("ov", "ev", "yev", "iyev", "baev", "uly", "zoda"))
        words.append(word.capitalize())
    return " ".join(words)


def generated_articles(count: int, seed: int = 1) -> list:
    """``count`` synthetic ``ParsedArticle`` objects (~600 words), deterministic for a seed."""
    from articles.importing.parse import ParsedArticle

    rng = random.Random(seed)
    months = _MONTH_NAMES.split()
    out = []
    for _n in range(count):
        a, b = rng.sample(_COUNTRIES, 2)
        org = rng.choice(_ORGS)
        year = rng.choice((2023, 2024, 2025))
        published = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        people = [_name(rng, rng.choice((2, 2, 3))) for _ in range(rng.randint(3, 7))]
        paras = []
        p0, p1 = people[0], people[1]
        month = rng.choice(months)
        role_a = rng.choice(_ROLES).format(c=rng.choice((a, *_LONG_FORMS)), d=b, o=org)
        role_b = rng.choice(_ROLES).format(c=b, d=a, o=org)
        paras.append(
            f"{rng.choice(_CITIES).upper()} – {role_a} {p0} paid a "
            f"{rng.choice(('state', 'official', 'working'))} visit to {b} from {month} "
            f"{rng.randint(1, 14)} to {rng.randint(15, 28)}, {rng.choice(_DEMONYMS)} media report."
        )
        paras.append(
            f"{p0} met with {p1}, {role_b}. {p1.split()[-1]} said the {a}-{b} partnership "
            f"was growing. {rng.choice(_FILLER)} {rng.choice(_FILLER)}"
        )
        for extra in people[2:]:
            initial = f"{extra[0]}.{extra.split()[-1]}"
            role = rng.choice(_ROLES).format(c=rng.choice(_COUNTRIES), d=a, o=org)
            paras.append(
                " ".join(rng.sample(_FILLER, 3))
                + f" {role} {extra} held talks with {p0} on {rng.randint(1, 28)} "
                f"{rng.choice(months)}. Later, {initial} noted the role of the {org}."
                f' "We value the {rng.choice(_DEMONYMS)} experience," said {extra.split()[-1]}.'
            )
        if rng.random() < 0.5:
            paras.append(
                f"The {org} Summit in {rng.choice(_CITIES)} on {rng.choice(months)} "
                f"{rng.randint(1, 28)} brought together heads of state of {a}, {b} and "
                f"{rng.choice(_COUNTRIES)}. " + " ".join(rng.sample(_FILLER, 2))
            )
        if rng.random() < 0.5:
            paras.append(
                f"The Ministry of Foreign Affairs of {a} held a briefing for foreign journalists "
                f"on {rng.randint(1, 28)} {rng.choice(months)}. " + rng.choice(_FILLER)
            )
        docs = []
        for _ in range(rng.randint(2, 6)):
            y = rng.choice((2024, 2025, 2026))
            docs.append(
                rng.choice(_KINDS).format(
                    f=rng.choice(_FIELDS), c=a, d=b, y=y, y2=y + rng.randint(1, 3)
                )
            )
        paras.append("Following the talks, the following documents were signed:")
        paras.append("\n".join(f"- {d};" for d in docs))
        paras.append(
            f'The sides also signed the "{rng.choice(_KINDS).format(f=rng.choice(_FIELDS), c=a, d=b, y=year, y2=year + 2)}"'
            f" between {a} and {b}. The document was signed by {p0} and {p1}."
        )
        while sum(len(p.split()) for p in paras) < 560:
            paras.insert(
                rng.randint(1, len(paras) - 2), " ".join(rng.sample(_FILLER, rng.randint(3, 6)))
            )
        out.append(
            ParsedArticle(
                title=f"{a} and {b} strengthen cooperation in {rng.choice(_FIELDS)}",
                published=published,
                body="\n\n".join(paras),
            )
        )
    return out


def corpus_files() -> list[bytes]:
    return [p.read_bytes() for p in sorted(CORPUS.glob("*.txt"))]


def rate(label: str, count: int, seconds: float) -> None:
    sys.stdout.write(f"{label:<42} {count:>7} articles {seconds:8.3f} s {count / seconds:9.0f}/s\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--generated", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import django

    django.setup()
    from articles.importing.link import Gazetteer, link_article
    from articles.importing.parse import parse_bytes

    files = corpus_files()
    parse_bytes(files[0])  # warm-up: compiled patterns
    t = time.perf_counter()
    articles = []
    for _ in range(args.repeat):
        articles = [a for data in files for a in parse_bytes(data)[1]]
    rate("parse (corpus)", len(articles) * args.repeat, time.perf_counter() - t)

    t = time.perf_counter()
    gazetteer = Gazetteer.default()
    link_article(articles[0], gazetteer)  # regexes compile lazily on first use
    sys.stdout.write(f"gazetteer build + first link: {time.perf_counter() - t:.3f} s\n")

    t = time.perf_counter()
    for _ in range(args.repeat):
        for article in articles:
            link_article(article, gazetteer)
    rate(f"link (corpus x{args.repeat})", len(articles) * args.repeat, time.perf_counter() - t)

    generated = generated_articles(args.generated, args.seed)
    words = sum(len(a.body.split()) for a in generated) / len(generated)
    t = time.perf_counter()
    for article in generated:
        link_article(article, gazetteer)
    rate(f"link (generated, ~{words:.0f} words)", len(generated), time.perf_counter() - t)


if __name__ == "__main__":
    main()
