"""Trade figures from text: amounts and years (parse), the country pair (link). No database.

Every sentence here is written for these tests; none is copied from the corpus.
"""

import datetime
from decimal import Decimal
from functools import cache

from articles.importing.link import Gazetteer, link_article
from articles.importing.parse import ParsedArticle, trade_sentences

D = datetime.date
PUBLISHED = D(2025, 6, 10)


def amounts(text: str, published: datetime.date | None = PUBLISHED) -> list[tuple]:
    return [(a.year, a.kind, a.value) for s in trade_sentences(text, published) for a in s.amounts]


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def figures(body: str, title: str = "Kazakhstan and Uzbekistan review economic ties"):
    article = ParsedArticle(title=title, published=PUBLISHED, body=body)
    linked = link_article(article, gazetteer())
    return [(f.country_a, f.country_b, f.year, f.kind, f.value) for f in linked.figures]


# ------------------------------------------------------------------------------------------
# Amounts: USD only, normalised to USD million


def test_million_usd_amount_with_its_year_is_an_actual_figure():
    text = (
        "Trade turnover between Kazakhstan and Uzbekistan came to 812.4 million US dollars in 2022."
    )
    assert amounts(text) == [(2022, "actual", Decimal("812.40"))]


def test_billion_is_a_thousand_million():
    text = "Bilateral trade reached $4.35 billion in 2023, the ministry said."
    assert amounts(text) == [(2023, "actual", Decimal("4350.00"))]


def test_thousand_and_written_usd_forms_are_normalised_to_million():
    assert amounts("Mutual trade was worth USD 640 thousand in 2001.") == [
        (2001, "actual", Decimal("0.64"))
    ]
    assert amounts("Bilateral trade stood at US$ 2,150 million in 2018.") == [
        (2018, "actual", Decimal("2150.00"))
    ]


def test_two_years_in_one_sentence_give_two_figures_in_order():
    text = (
        "Mutual trade, worth 41.7 million USD in 2017, has since climbed by 80 percent "
        "to 75.06 million USD in 2021."
    )
    assert amounts(text) == [
        (2017, "actual", Decimal("41.70")),
        (2021, "actual", Decimal("75.06")),
    ]


def test_amount_without_its_own_year_is_skipped_when_years_and_amounts_do_not_pair_up():
    text = "Bilateral trade rose to $310 million in 2020, up from $260 million."
    assert amounts(text) == [(2020, "actual", Decimal("310.00"))]


def test_target_with_a_year_is_a_target():
    text = "The ministers agreed to raise bilateral trade to 2 billion dollars by 2028."
    assert amounts(text) == [(2028, "target", Decimal("2000.00"))]


def test_target_without_a_year_is_skipped():
    text = "The presidents set the goal of lifting mutual trade turnover to $900 million."
    assert amounts(text) == []


def test_year_after_publication_is_a_target():
    text = "Trade turnover between the two countries should hit $700 million in 2027."
    assert amounts(text) == [(2027, "target", Decimal("700.00"))]


def test_actual_start_and_target_end_in_one_sentence():
    text = (
        "The sides plan to take trade turnover from $420 million in 2024 to $1.5 billion by 2030."
    )
    assert amounts(text) == [
        (2024, "actual", Decimal("420.00")),
        (2030, "target", Decimal("1500.00")),
    ]


def test_other_currencies_are_not_figures():
    assert amounts("Bilateral trade reached 310 million euros in 2022.") == []
    assert amounts("Mutual trade came to 95 billion tenge in 2021.") == []


def test_percentages_and_amounts_without_a_year_are_not_figures():
    assert amounts("Mutual trade grew by 23 percent in 2023.") == []
    assert amounts("Bilateral trade grew by 18% in 2022.") == []
    assert amounts("Bilateral trade is now close to $250 million.") == []


def test_ranges_and_parts_of_a_year_are_not_yearly_figures():
    assert amounts("Bilateral trade in 2019-2023 added up to $1.1 billion.") == []
    assert amounts("In the first half of 2024, mutual trade reached $140 million.") == []
    assert amounts("In January-May 2024 bilateral trade totalled $95 million.") == []


def test_the_year_so_far_is_not_the_years_figure():
    for sentence in [
        "So far this year, bilateral trade has reached $210 million.",
        "Bilateral trade reached $210 million this year so far.",
        "Since the beginning of the year, mutual trade amounted to $210 million.",
        "Since the start of 2025, mutual trade amounted to $210 million.",
        "Mutual trade so far in 2025 stands at $210 million.",
        "Year-to-date bilateral trade is $210 million.",
    ]:
        assert amounts(sentence) == [], sentence
    # The whole year, said as such, still is one.
    assert amounts("This year bilateral trade is expected to reach $600 million.") == [
        (2025, "target", Decimal("600.00"))
    ]


def test_last_year_is_the_year_before_publication():
    assert amounts("Mutual trade passed $530 million last year.") == [
        (2024, "actual", Decimal("530.00"))
    ]
    assert amounts("Mutual trade passed $530 million last year.", published=None) == []


def test_investment_amounts_in_a_trade_sentence_are_not_trade():
    text = (
        "The country drew $9 billion in direct investment in 2022 and bilateral trade "
        "of $2.4 billion in 2022."
    )
    assert amounts(text) == [(2022, "actual", Decimal("2400.00"))]


def test_sentences_without_a_trade_phrase_are_not_read():
    assert trade_sentences("Investments exceeded $12 billion in 2023.", PUBLISHED) == []
    assert trade_sentences("Freight on the route reached 3 million tons in 2023.", PUBLISHED) == []


def test_aggregate_wording_is_flagged():
    (foreign,) = trade_sentences("Its foreign trade turnover hit $120 billion in 2022.")
    (members,) = trade_sentences(
        "Uzbekistan's trade with CIS member states exceeded $18 billion in 2023."
    )
    assert foreign.aggregate and members.aggregate
    (pair,) = trade_sentences(
        "Foreign trade turnover between Kazakhstan and Uzbekistan was $4 billion in 2023."
    )
    assert not pair.aggregate


# ------------------------------------------------------------------------------------------
# The pair


def test_pair_from_two_countries_named_in_the_sentence():
    body = (
        "Officials met in Tashkent.\n\n"
        "Trade turnover between Kyrgyzstan and Tajikistan reached $95 million in 2022."
    )
    assert figures(body) == [("KG", "TJ", 2022, "actual", Decimal("95.00"))]


def test_pair_from_demonyms():
    body = "Kazakh-Uzbek trade turnover reached $4.4 billion in 2023."
    assert figures(body) == [("KZ", "UZ", 2023, "actual", Decimal("4400.00"))]


def test_two_countries_wording_takes_the_articles_two_countries():
    body = (
        "Kazakhstan and Uzbekistan held consultations in Astana.\n\n"
        "Trade between the two countries reached $3.9 billion in 2023."
    )
    assert figures(body) == [("KZ", "UZ", 2023, "actual", Decimal("3900.00"))]


def test_bilateral_wording_in_the_previous_sentence_of_the_paragraph_counts():
    body = (
        "Kazakhstan and Uzbekistan held consultations in Astana.\n\n"
        "Economic ties between our countries keep growing. In 2021, trade turnover was "
        "$3.1 billion."
    )
    assert figures(body) == [("KZ", "UZ", 2021, "actual", Decimal("3100.00"))]


def test_bilateral_wording_in_an_article_with_more_than_two_countries_is_not_guessed():
    body = (
        "Kazakhstan, Uzbekistan and Turkmenistan held talks in Astana. Kazakhstan, Uzbekistan "
        "and Turkmenistan agreed to meet again.\n\n"
        "Trade between the two countries reached $3.9 billion in 2023."
    )
    assert figures(body, title="Central Asian partners meet") == []


def test_trade_without_pair_wording_is_not_given_to_the_articles_countries():
    body = (
        "Kazakhstan and Uzbekistan held consultations in Astana.\n\n"
        "Trade turnover reached $3.9 billion in 2023."
    )
    assert figures(body) == []


def test_three_countries_in_the_sentence_is_not_a_pair():
    body = (
        "Kazakhstan and Uzbekistan held consultations in Astana.\n\n"
        "Trade between Kazakhstan and Uzbekistan, like trade with Kyrgyzstan, grew to "
        "$3.9 billion in 2023."
    )
    assert figures(body) == []


def test_aggregate_figures_are_not_given_to_a_pair():
    body = (
        "Kazakhstan and Uzbekistan held consultations in Astana.\n\n"
        "Kazakhstan's foreign trade turnover reached $135 billion in 2023. "
        "Uzbekistan's trade turnover with SCO members, both sides noted, was $30 billion in 2023."
    )
    assert figures(body) == []


def test_us_dollars_do_not_make_the_united_states_a_party():
    body = (
        "Kazakhstan and Uzbekistan held consultations in Astana.\n\n"
        "Bilateral trade turnover came to 3.7 billion U.S. dollars in 2022."
    )
    assert figures(body) == [("KZ", "UZ", 2022, "actual", Decimal("3700.00"))]


def test_same_figure_twice_in_an_article_is_one_figure_with_the_first_quote():
    body = (
        "Kazakhstan and Uzbekistan held consultations in Astana.\n\n"
        "Bilateral trade reached $4 billion in 2023.\n\n"
        "Mutual trade, the ministers repeated, was $4 billion in 2023."
    )
    assert figures(body) == [("KZ", "UZ", 2023, "actual", Decimal("4000.00"))]


# ------------------------------------------------------------------------------------------
# Russian wording: the same rules

RU_TITLE = "Казахстан и Монголия обсудили экономическое сотрудничество"
RU_MEETING = "Делегации Казахстана и Монголии провели консультации в Улан-Баторе.\n\n"


def test_russian_pair_figure_with_a_decimal_comma_and_million():
    body = (
        "Товарооборот между Казахстаном и Монголией по итогам 2023 года составил "
        "87,35 млн долларов."
    )
    assert figures(body, title=RU_TITLE) == [("KZ", "MN", 2023, "actual", Decimal("87.35"))]


def test_russian_billion_and_thousand_are_normalised_to_million():
    assert amounts("Взаимная торговля в 2022 году достигла 2,75 млрд долларов.") == [
        (2022, "actual", Decimal("2750.00"))
    ]
    assert amounts("Объём торговли за 2001 год составил 640 тыс. долл. США.") == [
        (2001, "actual", Decimal("0.64"))
    ]


def test_russian_thousands_separated_by_no_break_and_thin_spaces():
    assert amounts("Торговый оборот в 2021 году составил 1\u00a0240,5 млн долларов США.") == [
        (2021, "actual", Decimal("1240.50"))
    ]
    assert amounts("Товарооборот в 2020-м достиг $2\u202f310 млн.") == [
        (2020, "actual", Decimal("2310.00"))
    ]


def test_russian_amount_in_two_parts_is_one_amount():
    assert amounts("Товарооборот в 2023 году составил 1 млрд 200 млн долларов.") == [
        (2023, "actual", Decimal("1200.00"))
    ]


def test_russian_last_year_is_the_year_before_publication():
    text = "В прошлом году товарооборот двух стран вырос на 12% и составил 410 млн долларов."
    assert amounts(text) == [(2024, "actual", Decimal("410.00"))]
    assert amounts(text, published=None) == []


def test_russian_goal_with_a_year_is_a_target():
    text = "Стороны намерены довести товарооборот до 1,5 млрд долларов к 2030 году."
    assert amounts(text) == [(2030, "target", Decimal("1500.00"))]


def test_russian_goal_without_a_year_is_skipped():
    assert amounts("Планируется увеличить взаимную торговлю до 700 млн долларов.") == []


def test_russian_parts_of_a_year_and_ranges_are_not_yearly_figures():
    assert amounts("За январь–июнь 2025 года товарооборот составил 64,2 млн долларов.") == []
    assert amounts("С начала года взаимная торговля составила 38 млн долларов.") == []
    assert amounts("В первом полугодии 2024 года товарооборот достиг $52 млн.") == []
    assert amounts("Товарооборот в 2019–2023 годах составил 1,1 млрд долларов.") == []


def test_russian_other_currencies_are_not_figures():
    assert amounts("Товарооборот в 2023 году составил 95 млрд тенге.") == []


def test_russian_aggregate_wording_is_not_given_to_a_pair():
    body = RU_MEETING + (
        "Внешнеторговый оборот Казахстана в 2024 году превысил 140 млрд долларов. "
        "Товарооборот Монголии со странами ШОС в 2023 году составил 9,8 млрд долларов."
    )
    assert figures(body, title=RU_TITLE) == []


def test_russian_us_dollars_do_not_make_the_united_states_a_party():
    body = (
        "Товарооборот между Казахстаном и Монголией в 2022 году составил 96,1 млн долларов США. "
        "В 2021 году торговля между Казахстаном и Монголией составила 80 млн долл. США."
    )
    assert figures(body, title=RU_TITLE) == [
        ("KZ", "MN", 2022, "actual", Decimal("96.10")),
        ("KZ", "MN", 2021, "actual", Decimal("80.00")),
    ]


def test_russian_bilateral_wording_takes_the_articles_two_countries():
    body = RU_MEETING + "Товарооборот между нашими странами в 2023 году составил 118 млн долларов."
    assert figures(body, title=RU_TITLE) == [("KZ", "MN", 2023, "actual", Decimal("118.00"))]


def test_russian_quote_is_the_sentence_as_written():
    sentence = "Двусторонний товарооборот в 2024 году достиг 1\u00a0020,4 млн долл. США."
    article = ParsedArticle(title=RU_TITLE, published=PUBLISHED, body=RU_MEETING + sentence)
    (figure,) = link_article(article, gazetteer()).figures
    assert figure.quote == sentence
