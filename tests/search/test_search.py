"""Full-text search: the same rules on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

CI runs this file on both engines; the few engine-specific checks say so in their name.
"""

import datetime as dt
import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from articles.rendering import plain_text
from articles.search import search_articles, search_filter, search_terms
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def titles(results):
    return [article.title for article in results]


def test_title_hit_ranks_above_body_hit():
    ArticleFactory(title="Ministers meet in Astana", body="Talks covered pension reform.")
    ArticleFactory(title="Pension agreement signed", body="The ministers met in Astana.")

    results = list(search_articles("pension"))

    assert titles(results) == ["Pension agreement signed", "Ministers meet in Astana"]
    assert results[0].rank > results[1].rank


@pytest.mark.parametrize(
    "status, published_at",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.ARCHIVED, dt.timedelta(days=-1)),
        (Article.Status.PUBLISHED, dt.timedelta(hours=2)),  # scheduled
    ],
)
def test_only_live_articles_are_found(status, published_at):
    ArticleFactory(
        title="Pension talks",
        status=status,
        published_at=timezone.now() + published_at if published_at else None,
    )

    assert list(search_articles("pension")) == []
    assert search_articles("pension").count() == 0


def test_a_wider_queryset_cannot_widen_the_public_gate():
    ArticleFactory(title="Pension draft", status=Article.Status.DRAFT, published_at=None)

    assert list(search_articles("pension", queryset=Article.objects.all())) == []


def test_callers_queryset_narrows_the_search():
    ArticleFactory(title="Pension talks with Mongolia", countries=["MN"])
    ArticleFactory(title="Pension talks with China", countries=["CN"])

    results = search_articles("pension", queryset=Article.objects.filter(countries__code="MN"))

    assert titles(results) == ["Pension talks with Mongolia"]


def test_snippet_marks_hits_and_escapes_markup():
    ArticleFactory(
        title="Reform",
        body='The <script>alert("x")</script> pension fund & the ministry agreed.',
    )

    (article,) = search_articles("pension")

    assert "<mark>pension</mark>" in article.snippet
    # PostgreSQL drops tags from headlines, SQLite keeps them as text: either way, escaped.
    markup = article.snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in markup
    assert ">" not in markup
    assert "&amp;" in article.snippet


# Markdown with a heading, a list, emphasis and a link whose address holds words of its own.
MARKDOWN_BODY = """## Water Sharing Accord

The delegations met in Aktobe on Tuesday.

- Caspian Declaration on shipping
- A road map for *grain* corridors

Officials called the talks **very productive** and released
[the joint communique](https://example.org/uranium-communique?via=press).
"""
MARKDOWN_MARKS = re.compile(r"##|\*|\[|\]\(|(?:^|\s)- |https?:|example\.org")


def snippet_of(client, term):
    response = client.get("/search/", {"q": term})
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', response.text, re.S)
    assert len(snippets) == 1, snippets
    return snippets[0]


@pytest.mark.parametrize(
    "term, shown",
    [
        # A heading and list items end with a full stop: they do not run into what follows.
        ("water", "<mark>Water</mark> Sharing Accord. The delegations met"),
        ("caspian", "<mark>Caspian</mark> Declaration on shipping. A road map for grain"),
        ("grain", "road map for <mark>grain</mark> corridors. Officials"),
        ("productive", "talks very <mark>productive</mark> and released the joint communique"),
        ("communique", "released the joint <mark>communique</mark>"),
    ],
)
def test_snippets_show_the_text_as_a_reader_reads_it(client, settings, term, shown):
    settings.PAGE_CACHE_SECONDS = 0
    ArticleFactory(title="Border talks", body=MARKDOWN_BODY)

    snippet = snippet_of(client, term)

    assert shown in snippet
    assert not MARKDOWN_MARKS.search(snippet), snippet
    # Still escaped and balanced: the only markup is the highlight.
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_a_word_only_in_a_links_address_neither_matches_nor_shows(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ArticleFactory(title="Border talks", body=MARKDOWN_BODY)
    ArticleFactory(title="Fuel talks", body="The uranium supplies were discussed.")

    assert titles(search_articles("uranium")) == ["Fuel talks"]
    assert "example.org" not in snippet_of(client, "uranium")
    assert list(search_articles("press")) == []  # a word of the query string


def test_the_indexed_text_is_what_the_page_shows():
    article = ArticleFactory(title="Border talks", body=MARKDOWN_BODY)

    stored = Article.objects.get(pk=article.pk)

    assert stored.plain_text == plain_text(stored.body_html)
    # The heading ends with a full stop of its own: it no longer runs into the paragraph.
    assert stored.plain_text.startswith("Water Sharing Accord. The delegations met in Aktobe")
    assert "uranium" not in stored.plain_text


def test_the_migration_indexes_the_text_of_existing_articles():
    """Migration 0016 fills `plain_text` for stored rows and moves the index from the body to
    it (and back when reversed), with the database's sync triggers following the new column."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps

    migration = import_module("articles.migrations.0016_article_plain_text")
    article = ArticleFactory(title="Border talks", body=MARKDOWN_BODY)
    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)

        migration.index_body(apps, editor)  # the index as it was before 0016
        Article.objects.update(plain_text="")
        assert titles(search_articles("aktobe")) == ["Border talks"]  # from the body

        migration.index_plain_text(apps, editor)

    assert Article.objects.get(pk=article.pk).plain_text == article.plain_text
    assert list(search_articles("uranium")) == []
    assert "<mark>Water</mark> Sharing Accord" in search_articles("water")[0].snippet
    # The triggers follow the new column: inserts, edits and deletes.
    added = ArticleFactory(title="Rail news", body="A *freight* corridor opened.")
    assert titles(search_articles("freight")) == ["Rail news"]
    added.body = "A passenger line opened."
    added.save()
    assert list(search_articles("freight")) == []
    added.delete()
    assert list(search_articles("passenger")) == []


def test_stray_marker_characters_in_a_body_cannot_unbalance_the_snippet():
    ArticleFactory(title="Reform", body="Pension \x02 fund \x03\x03 reform \x02")

    (article,) = search_articles("pension")

    assert article.snippet.count("<mark>") == article.snippet.count("</mark>")


def test_english_words_are_stemmed():
    ArticleFactory(title="Ministers discussed pensions", body="Nothing else.")

    assert titles(search_articles("discussion pension")) == ["Ministers discussed pensions"]


def test_last_term_matches_as_a_prefix():
    ArticleFactory(title="Pension agreement", body="Signed in Ulaanbaatar.")

    assert titles(search_articles("ulaanb")) == ["Pension agreement"]


def test_russian_words_are_found_in_their_other_forms():
    ArticleFactory(
        title="Соглашение о пенсионном обеспечении",
        body="Министры подписали соглашения о транзите грузов.",
    )
    ArticleFactory(title="Визит в Монголию", body="Обсуждались поставки зерна.")

    found = ["Соглашение о пенсионном обеспечении"]
    assert titles(search_articles("пенсионное обеспечение")) == found
    assert titles(search_articles("соглашения министров")) == found
    assert titles(search_articles("транзит грузов")) == found
    # Each term still has to match: a stem does not stand for another word.
    assert list(search_articles("пенсионное зерно")) == []


def test_the_snippet_marks_the_form_the_text_uses():
    ArticleFactory(title="Итоги", body="Стороны обсудили вопросы пенсионного обеспечения.")

    (article,) = search_articles("пенсионное обеспечение")

    assert "<mark>пенсионного</mark> <mark>обеспечения</mark>" in article.snippet


def test_kazakh_and_russian_names_find_their_suffixed_forms():
    ArticleFactory(
        title="Визит в Монголию", body="Тоқаевтың сапары. Токаева встретили в аэропорту."
    )

    assert titles(search_articles("Тоқаев сапар")) == ["Визит в Монголию"]
    assert titles(search_articles("токаев")) == ["Визит в Монголию"]


def test_a_short_cyrillic_word_is_not_a_prefix_of_longer_ones():
    ArticleFactory(title="Мировой рынок", body="Стороны подписали договор о зерне.")
    ArticleFactory(title="Договор о мир", body="Стороны подписали договор.")

    assert titles(search_articles("мир договор")) == ["Договор о мир"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL stored vectors")
def test_postgresql_stores_russian_stems_after_the_migration():
    """Migration 0019 re-creates the trigger in the 'russian' configuration and recomputes
    stored vectors (here: from the 'english' ones 0016 made, which kept Russian words whole)."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps

    migration = import_module("articles.migrations.0019_search_russian_forms")
    article = ArticleFactory(title="Пенсионные вопросы", body="Министры обсудили pensions.")

    def vector():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_vector::text FROM articles_article WHERE id = %s", [article.pk]
            )
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.configure("english")(apps, editor)
        assert "'пенсионные'" in vector() and "'pension'" in vector()
        migration.configure("russian")(apps, editor)

    assert "'пенсион'" in vector() and "'министр'" in vector() and "'pension'" in vector()
    # The trigger follows new text in the new configuration.
    Article.objects.filter(pk=article.pk).update(plain_text="Соглашения подписаны.")
    assert "'соглашен'" in vector()


def test_all_terms_must_match():
    ArticleFactory(title="Pension reform", body="Mongolia.")
    ArticleFactory(title="Pension reform", body="China.")

    assert len(search_articles("pension mongolia")) == 1


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        "pension'",
        'pension" OR "x',
        "NEAR(pension reform)",
        "title:pension",
        "pension*",
        "!(pension & reform) | <-> :*",
        "-pension",
        "^pension",
        "pension " * 500,
        "%_\\",
        "\x00pension",
        "²",
        "x" * 5000,
    ],
)
def test_odd_input_never_fails(query):
    ArticleFactory(title="Pension reform", body="Text.")

    results = search_articles(query)

    assert isinstance(list(results), list)
    assert results.count() >= 0


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=120))
def test_any_text_is_a_valid_query(query):
    list(search_articles(query))
    search_articles(query).count()


def test_input_is_reduced_to_bounded_word_tokens():
    assert search_terms('Pension "reform" OR pension -x') == ("pension", "reform", "or", "x")
    assert len(search_terms("word " * 100)) == 1
    assert len(search_terms(" ".join(f"w{i}" for i in range(50)))) == 8


def test_empty_query_finds_nothing_without_a_query(django_assert_num_queries):
    ArticleFactory(title="Pension reform")

    with django_assert_num_queries(0):
        results = search_articles("  ")
        assert list(results) == []
        assert results.count() == 0


def test_a_page_of_results_costs_the_same_queries_for_5_and_for_25_hits(
    django_assert_max_num_queries,
):
    for n in range(25):
        ArticleFactory(title=f"Pension reform {n}", countries=["KZ", "MN"])
    queryset = Article.objects.for_listing()

    # count + ranked window (+ the rows and their country names on SQLite); on PostgreSQL
    # also two planner estimates, once for the whole result (`PostgresEngine.is_common`)
    with django_assert_max_num_queries(6 if connection.vendor == "postgresql" else 4):
        page = Paginator(search_articles("pension", queryset=queryset), 10).page(2)
        for article in page:
            assert article.snippet is not None
            assert article.country_names == ["Kazakhstan", "Mongolia"]
    assert page.paginator.count == 25
    assert len(page) == 10


def test_pages_do_not_repeat_or_skip_results():
    for n in range(7):
        ArticleFactory(title=f"Pension reform {n}")

    results = search_articles("pension")
    pages = [titles(Paginator(results, 3).page(n)) for n in (1, 2, 3)]

    flat = [title for page in pages for title in page]
    assert sorted(flat) == sorted(f"Pension reform {n}" for n in range(7))


def test_limit_caps_results_and_count():
    for n in range(5):
        ArticleFactory(title=f"Pension reform {n}")

    results = search_articles("pension", limit=3)

    assert len(list(results)) == 3
    assert results.count() == 3


def test_index_follows_edits_and_deletes():
    article = ArticleFactory(title="Pension reform", body="Text.")
    article.title = "Water agreement"
    article.save()

    assert list(search_articles("pension")) == []
    assert titles(search_articles("water")) == ["Water agreement"]

    article.body = "Mentions **uranium** now."
    article.save()
    assert titles(search_articles("uranium")) == ["Water agreement"]

    # A write that bypasses save() is followed too (the index is kept by the database).
    Article.objects.filter(pk=article.pk).update(plain_text="Mentions grain now.")
    assert titles(search_articles("grain")) == ["Water agreement"]
    assert list(search_articles("uranium")) == []

    article.delete()
    assert list(search_articles("water")) == []


def test_search_filter_narrows_a_queryset_for_filters():
    ArticleFactory(title="Pension reform")
    ArticleFactory(title="Water agreement")

    narrowed = search_filter(Article.objects.published(), "pension")

    assert list(narrowed.values_list("title", flat=True)) == ["Pension reform"]
    assert search_filter(Article.objects.published(), "").count() == 2


def test_search_filter_works_inside_a_subquery():
    ArticleFactory(title="Pension reform")
    ArticleFactory(title="Water agreement")

    inner = search_filter(Article.objects.published(), "pension").values("pk")

    assert titles(Article.objects.filter(pk__in=inner)) == ["Pension reform"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan")
def test_postgresql_search_uses_the_gin_index():
    ArticleFactory(title="Pension reform")
    queryset = search_filter(Article.objects.order_by(), "pension")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")

    assert "article_search_idx" in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_sqlite_sync_triggers_exist_after_migrations():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles_article'"
        )
        names = {row[0] for row in cursor.fetchall()}

    assert {
        "articles_article_fts_ai",
        "articles_article_fts_ad",
        "articles_article_fts_au",
    } <= names


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_sqlite_triggers_dropped_by_a_table_rebuild_are_restored_after_migrate():
    from django.apps import apps

    from articles.signals import restore_sqlite_search_triggers

    article = ArticleFactory(title="Pension reform")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER articles_article_fts_au")
    Article.objects.filter(pk=article.pk).update(title="Water agreement")

    restore_sqlite_search_triggers(sender=apps.get_app_config("articles"), using="default")
    Article.objects.filter(pk=article.pk).update(plain_text="Uranium too.")

    assert titles(search_articles("water uranium")) == ["Water agreement"]
    assert list(search_articles("pension")) == []


def test_count_stops_at_the_cap_and_says_so(monkeypatch):
    from articles import search

    monkeypatch.setattr(search, "COUNT_CAP", 3)
    for n in range(5):
        ArticleFactory(title=f"Pension reform {n}")

    results = search_articles("pension")

    assert results.count() == 3
    assert results.count().more
    assert str(results.count()) == "3+"
    assert len(list(results)) == 5  # the cap is on the count, not on the results


def test_count_below_the_cap_is_exact():
    for n in range(2):
        ArticleFactory(title=f"Pension reform {n}")

    count = search_articles("pension").count()

    assert count == 2
    assert not count.more
    assert str(count) == "2"


def test_a_title_hit_ranks_above_newer_body_hits_that_repeat_the_word():
    now = timezone.now()
    ArticleFactory(
        title="Pension fund grows", body="Assets rose.", published_at=now - dt.timedelta(days=30)
    )
    for n in range(3):
        ArticleFactory(
            title=f"Budget debate {n}",
            body="Pension pension pensions: the pension system. " * 5,
            published_at=now - dt.timedelta(days=n),
        )

    results = titles(search_articles("pension"))

    assert results[0] == "Pension fund grows"
    assert sorted(results[1:]) == [f"Budget debate {n}" for n in range(3)]


def older_about_pensions_newer_in_passing(titles=("Budget debate", "Grain exports")):
    """Two articles with `titles`: the older one's body is about pensions throughout, the
    newer one's mentions a pension once in passing."""
    now = timezone.now()
    ArticleFactory(
        title=titles[0],
        body="The pension fund, pension ages and pension indexation filled the debate.",
        published_at=now - dt.timedelta(days=30),
    )
    ArticleFactory(
        title=titles[1],
        body="Exports rose through new rail links, ports and tariffs; a pension was mentioned "
        "once among the grain quotas, the wagons, the harvest and the weather.",
        published_at=now - dt.timedelta(days=1),
    )


def test_body_hits_rank_by_how_much_of_the_body_is_about_the_words():
    older_about_pensions_newer_in_passing()  # neither title names the word

    assert titles(search_articles("pension")) == ["Budget debate", "Grain exports"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL ranking modes")
def test_postgresql_orders_the_body_hits_of_a_broad_search_newest_first(monkeypatch):
    import articles.search

    monkeypatch.setattr(articles.search, "BODY_RANK_HITS", 1)  # two hits: too many to read
    older_about_pensions_newer_in_passing()  # neither title names the word

    assert titles(search_articles("pension")) == ["Grain exports", "Budget debate"]


def test_title_hits_that_tie_rank_by_their_bodies():
    older_about_pensions_newer_in_passing(titles=("Pension talks", "Pension talks"))

    results = search_articles("pension")

    assert [a.published_at < timezone.now() - dt.timedelta(days=2) for a in results] == [
        True,
        False,
    ]


def test_a_title_holding_more_of_the_words_ranks_higher():
    ArticleFactory(title="Talks in Astana", body="Uranium supplies were discussed.")
    ArticleFactory(title="Uranium talks", body="Supplies were discussed.")
    ArticleFactory(title="Uranium supplies agreed", body="Signed today.")

    assert titles(search_articles("uranium supplies")) == [
        "Uranium supplies agreed",
        "Uranium talks",
        "Talks in Astana",
    ]


def test_hidden_articles_ranking_first_leave_no_gap_in_the_pages():
    # Drafts with title hits rank above every published body hit; the window must skip them,
    # not come back short.
    for n in range(4):
        ArticleFactory(title=f"Pension draft {n}", status=Article.Status.DRAFT, published_at=None)
    for n in range(5):
        ArticleFactory(title=f"Budget {n}", body="The pension fund.")

    results = search_articles("pension")
    pages = [titles(Paginator(results, 2).page(n)) for n in (1, 2, 3)]

    assert [len(page) for page in pages] == [2, 2, 1]
    assert sorted(t for page in pages for t in page) == [f"Budget {n}" for n in range(5)]
    assert results.count() == 5


def test_the_page_says_when_the_count_is_capped():
    from django.template.loader import render_to_string

    from relations.queries import CappedCount

    html = render_to_string(
        "articles/search.html",
        {"query": "pension", "results": [], "result_count": CappedCount(1000, more=True)},
    )

    assert "1000+ results for “pension”" in html


def test_the_search_page_pages_through_ranked_results(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for n in range(25):
        ArticleFactory(title=f"Pension reform {n:02d}")
    ArticleFactory(title="Grain exports")

    first = client.get("/search/", {"q": "pension"})
    second = client.get("/search/", {"q": "pension", "page": 2})

    heading = re.search(r'<h2 id="results-heading">(.*?)</h2>', first.text, re.S)[1]
    assert re.sub(r"<[^>]+>", "", heading) == "25 results for “pension” (1–20, best first)"
    assert first.text.count('class="snippet"') == 20
    assert 'href="?q=pension&amp;page=2"' in first.text and "More results" in first.text
    assert second.text.count('class="snippet"') == 5
    assert "Previous results" in second.text and "More results" not in second.text
    shown = {t for page in (first, second) for t in re.findall(r"Pension reform \d\d", page.text)}
    assert len(shown) == 25
    # A page past the end shows the last one rather than an error.
    assert client.get("/search/", {"q": "pension", "page": 99}).text.count('class="snippet"') == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan choice")
def test_postgresql_ranks_a_common_term_among_its_newest_hits(monkeypatch):
    import articles.search
    from articles.search import PostgresEngine

    now = timezone.now()
    ArticleFactory(title="Water talks", body="Rivers.", published_at=now - dt.timedelta(days=9))
    for day in (3, 2, 1):
        ArticleFactory(
            title=f"Report {day}",
            body="The water commission met.",
            published_at=now - dt.timedelta(days=day),
        )
    ArticleFactory(title="Water draft", status=Article.Status.DRAFT, published_at=None)

    everything = search_articles("water")
    assert titles(everything)[0] == "Water talks"  # the title hit, though the oldest
    assert everything.count() == 4

    monkeypatch.setattr(articles.search, "COUNT_CAP", 2)
    monkeypatch.setattr(PostgresEngine, "is_common", lambda self, queryset, terms: True)
    common = search_articles("water")

    # Ranked among the newest COUNT_CAP + 1 published hits only: the old title hit is out.
    assert titles(common) == ["Report 1", "Report 2", "Report 3"]
    assert str(common.count()) == "2+"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL statistics")
def test_postgresql_calls_a_term_common_from_its_statistics(monkeypatch):
    import articles.search
    from articles.search import PostgresEngine, search_terms

    Article.objects.bulk_create(
        Article(
            title=f"Astana report {n}",
            slug=f"astana-report-{n}",
            body="Astana hosted talks." if n else "Astana hosted pension talks.",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - dt.timedelta(hours=n + 1),
        )
        for n in range(200)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    monkeypatch.setattr(articles.search, "WALK_COST_RATIO", 50)
    engine, published = PostgresEngine(), Article.objects.published()

    assert engine.estimated_rows(published) == pytest.approx(200, rel=0.2)
    assert engine.is_common(published, search_terms("astana"))  # 200² > 50 x 200
    assert not engine.is_common(published, search_terms("pension"))  # about 1 hit


def test_a_search_links_to_the_same_words_in_the_filterable_list(client, settings):
    """From ranked hits to the article list's filters: the same words, the same articles."""
    settings.PAGE_CACHE_SECONDS = 0
    ArticleFactory(title="Rail freight through Dostyk", countries=["KZ", "CN"])
    ArticleFactory(title="Caspian ferries", countries=["KZ", "AZ"])
    html = client.get("/search/", {"q": "rail & freight"}).content.decode()
    link = re.search(r'<a href="([^"]+)">Narrow these results by country, source or date</a>', html)
    assert link and link[1] == "/articles/?q=rail%20%26%20freight"
    listed = client.get(link[1].replace("&amp;", "&")).content.decode()
    assert "Rail freight through Dostyk" in listed and "Caspian ferries" not in listed
    assert "Narrow these results" not in client.get("/search/", {"q": "zebrafish"}).content.decode()
