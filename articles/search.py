"""Full-text search over published articles: one interface, two engines.

Both engines index the title and the text as a reader reads it (`Article.plain_text`, derived
on save from the rendered body; migration 0016), not the Markdown source: a snippet shows no
"##", "-" or "**", and a link's address is neither matched nor quoted.

PostgreSQL matches a stored, weighted search vector (title A, text B, 'russian' configuration)
that migration 0004 adds as a trigger-kept `search_vector` column with a GIN index, and ranks
by the title first: ts_rank over the small title-only `search_title` vector (migration 0005),
so a title match always ranks above a body-only match. Hits whose titles tie (body-only hits
among them) are ordered by how well the whole text matches when there are at most
BODY_RANK_HITS of them, newest first otherwise: ranking the full vector reads every hit's
TOASTed vector (three quarters of the time of a broad search). SQLite ranks
an FTS5 table (porter stemmer over unicode61) with bm25, the title counting ten times the
body.

Word forms, the same on both engines:
- English words are stemmed ("pensions" finds "pension"): PostgreSQL's 'russian'
  configuration stems Latin-letter words with its English stemmer, exactly as 'english' does
  (migration 0019), and FTS5 with Porter's.
- Russian words match by their stem, as a prefix ("пенсионное обеспечение" finds
  "пенсионного обеспечения"): the 'russian' configuration stems Cyrillic words on PostgreSQL,
  and on SQLite, whose stemmer leaves them alone, the query's words are stemmed here
  (Snowball, the algorithm PostgreSQL uses) and matched as prefixes of the stored words.
  Kazakh words add suffixes the Russian stemmer does not know, so the prefix is what finds
  their forms: "Тоқаев" finds "Тоқаевтың". A stem too short to mean anything (`MIN_STEM`) is
  matched as the word typed (on PostgreSQL, as its stem).
- The last term matches as a prefix, so "pensio" finds "pension" as the reader types.

On PostgreSQL a term found in much of the archive is ranked among its newest hits only (`PostgresEngine.is_common`, from the planner's estimates).

User input never reaches either query language: it is reduced to word tokens first, so quotes,
operators, brackets and very long input cannot make a query fail.

    results = search_articles("pension", queryset=filtered)   # lazy, sliceable, countable
    results.count()                                           # capped: prints "1000+"
    page = Paginator(results, 20).page(1)                     # 1 count + 1-2 queries
    for article in page: article.rank, article.snippet        # snippet: safe HTML with <mark>
"""

import json
import re
from collections.abc import Sequence

import snowballstemmer
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connections
from django.db.models import BooleanField, Case, Count, Expression, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.lookups import LessThanOrEqual
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import smart_split, unescape_string_literal

from relations.queries import CappedCount, capped_count

from .models import Article

# English words get the English stemmer in this configuration, Cyrillic ones the Russian.
PG_CONFIG = "russian"
FTS_TABLE = "articles_article_fts"
# bm25 weights of the FTS5 columns (title, plain_text): a title hit outranks a body hit.
FTS_WEIGHTS = (10.0, 1.0)
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
# A Cyrillic word whose stem is shorter than this is matched as typed, not as a prefix
# ("мир", peace, would otherwise find every "мировой" and "Мирзиёев").
MIN_STEM = 4
# Markers the engines put around hits; never HTML, so the snippet can be escaped whole first.
HIT_START, HIT_STOP = "\x02", "\x03"
SNIPPET_WORDS = 30
# Counts stop here, like the rest of the site's ("1000+ results"): counting every hit of a
# broad term reads thousands of rows for a number nobody pages through.
COUNT_CAP = 1000
# When ranking only the newest hits is cheaper than ranking all (`PostgresEngine.is_common`).
WALK_COST_RATIO = 1200
# Up to this many hits, PostgreSQL orders hits whose titles tie by the whole text's rank: that
# reads each hit's full, TOASTed vector. With 10 KB articles 1,500 hits of two words cost 12 ms
# more (docs/PERFORMANCE.md); a thousand keeps the worst case well inside a search's budget.
BODY_RANK_HITS = 1000

# The FTS5 table follows articles_article through these triggers (created by migration 0004,
# on `plain_text` since 0016; articles.signals puts them back if a later migration rebuilds the
# table, which drops them).
SQLITE_SYNC_TRIGGERS = {
    "articles_article_fts_ai": f"""
        CREATE TRIGGER IF NOT EXISTS articles_article_fts_ai AFTER INSERT ON articles_article
        BEGIN
            INSERT INTO {FTS_TABLE}(rowid, title, plain_text)
            VALUES (new.id, new.title, new.plain_text);
        END""",  # nosec B608
    "articles_article_fts_ad": f"""
        CREATE TRIGGER IF NOT EXISTS articles_article_fts_ad AFTER DELETE ON articles_article
        BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, plain_text)
            VALUES ('delete', old.id, old.title, old.plain_text);
        END""",  # nosec B608
    "articles_article_fts_au": f"""
        CREATE TRIGGER IF NOT EXISTS articles_article_fts_au
        AFTER UPDATE OF title, plain_text ON articles_article
        BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, plain_text)
            VALUES ('delete', old.id, old.title, old.plain_text);
            INSERT INTO {FTS_TABLE}(rowid, title, plain_text)
            VALUES (new.id, new.title, new.plain_text);
        END""",  # nosec B608
}

# The admin's any-part-of-a-word match on title, slug and summary (Django's `icontains`) on
# SQLite: an FTS5 trigram index over those columns (migration 0025) finds "bekist" in
# "Uzbekistan" in a few milliseconds, where a LIKE read every row, bodies included (65 ms at
# 50,000 articles, growing with the archive). PostgreSQL serves the same LIKE from trigram
# indexes (migration 0009). A word shorter than a trigram cannot use the index.
TRIGRAM_TABLE = "articles_article_trgm"
TRIGRAM_COLUMNS = "title, slug, summary"
MIN_TRIGRAM_WORD = 3
TRIGRAM_SYNC_TRIGGERS = {
    "articles_article_trgm_ai": f"""
        CREATE TRIGGER IF NOT EXISTS articles_article_trgm_ai AFTER INSERT ON articles_article
        BEGIN
            INSERT INTO {TRIGRAM_TABLE}(rowid, {TRIGRAM_COLUMNS})
            VALUES (new.id, new.title, new.slug, new.summary);
        END""",  # nosec B608
    "articles_article_trgm_ad": f"""
        CREATE TRIGGER IF NOT EXISTS articles_article_trgm_ad AFTER DELETE ON articles_article
        BEGIN
            INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}, rowid, {TRIGRAM_COLUMNS})
            VALUES ('delete', old.id, old.title, old.slug, old.summary);
        END""",  # nosec B608
    "articles_article_trgm_au": f"""
        CREATE TRIGGER IF NOT EXISTS articles_article_trgm_au
        AFTER UPDATE OF {TRIGRAM_COLUMNS} ON articles_article
        BEGIN
            INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}, rowid, {TRIGRAM_COLUMNS})
            VALUES ('delete', old.id, old.title, old.slug, old.summary);
            INSERT INTO {TRIGRAM_TABLE}(rowid, {TRIGRAM_COLUMNS})
            VALUES (new.id, new.title, new.slug, new.summary);
        END""",  # nosec B608
}
# Each SQLite index with the triggers that keep it in step with articles_article.
SQLITE_INDEXES = {FTS_TABLE: SQLITE_SYNC_TRIGGERS, TRIGRAM_TABLE: TRIGRAM_SYNC_TRIGGERS}

_TOKEN = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_russian = snowballstemmer.stemmer("russian")
_CONTROL = re.compile(r"[\x00-\x01\x04-\x08\x0b\x0c\x0e-\x1f\x7f]")


def search_terms(query):
    """The word tokens of a reader's query: lower case, de-duplicated, bounded in number/size."""
    terms = []
    for token in _TOKEN.findall(str(query or "")[:MAX_QUERY_CHARS].casefold()):
        token = token[:MAX_TERM_CHARS]
        if token not in terms:
            terms.append(token)
    return tuple(terms[:MAX_TERMS])


def cyrillic_stem(term):
    """The Russian stem a Cyrillic `term` is matched by (as a prefix), or None: the term is
    not Cyrillic, or its stem is too short to stand for its word forms."""
    if not _CYRILLIC.search(term):
        return None
    stem = _russian.stemWord(term)
    return stem if len(stem) >= MIN_STEM else None


def highlight(text):
    """Escape `text` and turn the engine's hit markers into balanced <mark> elements."""
    parts, open_mark = [], False
    for piece in re.split(f"([{HIT_START}{HIT_STOP}])", _CONTROL.sub("", text or "")):
        if piece == HIT_START:
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif piece == HIT_STOP:
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        else:
            parts.append(escape(piece))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text was escaped above  # nosec B308, B703


def search_articles(query, *, queryset=None, limit=None):
    """Published articles matching `query`, best first, each with `.rank` and `.snippet`.

    `queryset` narrows the search (filters, select_related); it is intersected with the public
    gate, so it can never widen it. The result is lazy: `len()`/`count()` cost one query, a
    slice or iteration two (plus the caller's prefetches, and on PostgreSQL two planner
    estimates once per result), whatever the number of hits.
    `count()` is a `CappedCount`: at most COUNT_CAP (then `.more` is true and it prints
    "1000+"), or at most `limit` when one is given.
    """
    base = (Article.objects if queryset is None else queryset).published()
    return SearchResults(terms=search_terms(query), queryset=base, limit=limit)


def search_filter(queryset, query):
    """`queryset` narrowed to the articles matching `query`, unranked (for django-filter)."""
    terms = search_terms(query)
    if not terms:
        return queryset
    return _engine(queryset.db).matching(queryset, terms)


def admin_search_words(search_term):
    """The words of an admin search as Django's `ModelAdmin.get_search_results` splits them:
    at spaces, a quoted phrase kept whole without its quotes."""
    words = []
    for bit in smart_split(search_term or ""):
        if len(bit) > 1 and bit[0] in "\"'" and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        words.append(bit)
    return words


def admin_text_filter(queryset, words):
    """`queryset` narrowed to the rows whose title, slug or summary contains each of `words`
    (any part of a word, any case), as the admin's `search_fields` match them; None where
    Django's own LIKE is the way: on PostgreSQL (trigram-indexed) or for a word too short for
    the SQLite index."""
    if connections[queryset.db].vendor != "sqlite" or not words:
        return None
    if any(len(word) < MIN_TRIGRAM_WORD for word in words):
        return None
    # Each word a quoted FTS5 string (its quotes doubled), so none acts as an operator.
    match = " AND ".join('"{}"'.format(word.replace('"', '""')) for word in words)
    return queryset.filter(_listed_in(queryset, TRIGRAM_TABLE, match))


def admin_text_search_filter(queryset, query):
    """`queryset` narrowed to the articles whose text matches `query`, in the form the admin's
    search ORs with its title match; None when `query` has no word to look for.

    On SQLite each row's key is tested against the index's hits (`+id IN (...)`) rather than
    looked up from them: a word in 40,000 texts had every one of those rows read and sorted
    for a page of 100 (400 ms at 50,000 articles), where walking the list's own order stops
    at the hundredth hit (10-40 ms, whatever the word)."""
    terms = search_terms(query)
    if not terms:
        return None
    if connections[queryset.db].vendor != "sqlite":
        return search_filter(queryset, query)
    return queryset.filter(_listed_in(queryset, FTS_TABLE, SqliteEngine.match(terms)))


def _listed_in(queryset, table, match):
    """The condition "the row's key is among `table`'s hits for `match`", in a form SQLite
    does not turn into a lookup by key (the unary plus)."""
    quote = connections[queryset.db].ops.quote_name
    opts = queryset.model._meta
    # Reviewed raw SQL: constant table and column names; `match` is a bound parameter.
    sql = (
        f"+{quote(opts.db_table)}.{quote(opts.pk.column)} IN "  # nosec B608
        f"(SELECT rowid FROM {table} WHERE {table} MATCH %s)"  # nosec B608
    )
    return RawSQL(sql, [match], output_field=BooleanField())  # nosec B611


class SearchResults(Sequence):
    """Ranked hits, computed per slice, so a paginator only fetches the page it shows.

    On PostgreSQL the ranking query also counts the hits, so `count()` ranks the first page
    (`FIRST_PAGE` hits) and keeps it for the slice that usually follows: a first page costs
    two queries (rank and count, then rows with snippets), not three, after two planner
    estimates (no rows read) that decide once how these results are ranked.
    """

    FIRST_PAGE = 20

    def __init__(self, *, terms, queryset, limit=None):
        self.terms = terms
        self.queryset = queryset
        self.limit = limit
        self._count = None
        self._ranks = {}
        self._common = None

    def __repr__(self):
        return f"<SearchResults {self.terms!r}>"

    @property
    def _cap(self):
        # With a limit of at most COUNT_CAP exactly `limit` results exist to show: not "3+".
        return self.limit if self.limit is not None and self.limit <= COUNT_CAP else None

    def count(self):
        if not self.terms:
            return CappedCount(0)
        engine = _engine(self.queryset.db)
        if self._count is None and hasattr(engine, "rank"):
            self._rank(engine, 0, self.FIRST_PAGE if self.limit is None else min(
                self.limit, self.FIRST_PAGE))  # fmt: skip
        if self._count is None:
            matching = engine.matching(self.queryset, self.terms)
            if self._cap is not None:
                self._count = CappedCount(matching.order_by()[: self._cap].count())
            else:
                self._count = capped_count(matching, COUNT_CAP)
        return self._count

    def _rank(self, engine, start, stop):
        key = (start, stop)
        if key not in self._ranks:
            if self._common is None:  # decided once for every window of these results
                self._common = engine.is_common(self.queryset, self.terms)
            ranked, total = engine.rank(self.queryset, self.terms, start, stop, common=self._common)
            if total is None and start == 0:
                total = 0  # not one hit
            if total is not None and self._count is None:
                if self._cap is not None:
                    self._count = CappedCount(min(total, self._cap))
                else:
                    self._count = CappedCount(min(total, COUNT_CAP), more=total > COUNT_CAP)
            self._ranks[key] = ranked
        return self._ranks[key]

    def __len__(self):
        return self.count()

    def __bool__(self):
        return bool(self.terms) and self.count() > 0

    def __iter__(self):
        return iter(self._window(0, self.limit))

    def __getitem__(self, key):
        if isinstance(key, slice):
            if key.step not in (None, 1) or (key.start or 0) < 0 or (key.stop or 0) < 0:
                raise ValueError("Search results support plain non-negative slices only.")
            return self._window(key.start or 0, key.stop)
        if not isinstance(key, int) or key < 0:
            raise TypeError("Search results are indexed by non-negative integers.")
        hits = self._window(key, key + 1)
        if not hits:
            raise IndexError(key)
        return hits[0]

    def _window(self, start, stop):
        if self.limit is not None:
            stop = self.limit if stop is None else min(stop, self.limit)
        if not self.terms or (stop is not None and stop <= start):
            return []
        engine = _engine(self.queryset.db)
        if hasattr(engine, "rank"):
            return engine.fetch(self.queryset, self.terms, self._rank(engine, start, stop))
        return engine.ranked(self.queryset, self.terms, start, stop)


class StoredSearchVector(Expression):
    """A tsvector column the migrations add on PostgreSQL (not a model field): `search_vector`
    (0004: title A + text B, GIN-indexed, for matching) or `search_title` (0005: title A only,
    small enough to stay in the heap row, for ranking).

    Resolved against the query's own base-table alias, like a column, so it stays correct when
    the query becomes a subquery (`pk__in=search_filter(...)`).
    """

    output_field = SearchVectorField()

    def __init__(self, column="search_vector", alias=None):
        super().__init__()
        self.column = column
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs):
        return StoredSearchVector(self.column, query.get_initial_alias())

    def relabeled_clone(self, change_map):
        return StoredSearchVector(self.column, change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(self.alias)
        return f"{table}.{connection.ops.quote_name(self.column)}", []


class PostgresEngine:
    @staticmethod
    def vector():
        return StoredSearchVector()

    @staticmethod
    def query(terms, operator="&"):
        # Terms are word tokens only; quoting each one keeps a token PostgreSQL's parser reads
        # as blank (e.g. "²") from leaving a dangling operator behind.
        # PostgreSQL stems a term before it applies `:*`, so a Cyrillic term matches every
        # word that begins with its stem.
        last = len(terms) - 1
        quoted = [
            f"'{term}':*" if n == last or cyrillic_stem(term) else f"'{term}'"
            for n, term in enumerate(terms)
        ]
        raw = f" {operator} ".join(quoted)
        return SearchQuery(raw, search_type="raw", config=PG_CONFIG)

    def matching(self, queryset, terms):
        return queryset.alias(_search=self.vector()).filter(_search=self.query(terms))

    @staticmethod
    def estimated_rows(queryset):
        """PostgreSQL's estimate of the rows `queryset` returns (planning only, no rows read)."""
        plan = queryset.order_by().values("pk").explain(format="json")
        return json.loads(plan)[0]["Plan"]["Plan Rows"]

    def is_common(self, queryset, terms):
        """True when the terms match so large a share of `queryset` that walking it newest
        first finds COUNT_CAP + 1 hits sooner than ranking every hit would read them.

        The walk tests about `rows / hits` rows per hit it keeps (3 µs each here: the full
        vector is decompressed), ranking reads every hit once (2.5 µs), so for a window of
        1,001 the walk is cheaper once hits² > WALK_COST_RATIO x rows: about 7,700 hits
        in 50,000 articles. Both counts are the planner's estimates from its statistics.
        """
        hits = self.estimated_rows(self.matching(queryset, terms))
        return hits * hits > WALK_COST_RATIO * self.estimated_rows(queryset)

    def rank(self, queryset, terms, start, stop, *, common):
        """-> ([(pk, rank)] of the window, number of hits or None when the window is empty).

        Rank narrow rows first, then fetch (and headline) only the window (`fetch`): sorting
        thousands of full rows, or headlining them, costs more than the second query. The
        rank reads the small title vector only (the full one is TOASTed: detoasting it for
        every hit was most of a broad search), with the terms OR-ed so a title holding more of
        them ranks higher. A body-only hit ranks 0: below every title hit. The ranking reads
        every hit anyway, so `COUNT(*) OVER ()` counts them in the same pass. Ties are ordered
        by the whole text's rank (normalized by the log of its length) when that count is at
        most BODY_RANK_HITS, newest first otherwise: the condition is on the window's count,
        which PostgreSQL computes before the sort keys, so a broad search reads no full vector
        (the planner's estimate of the hits is far off for words that go together, such as
        "uranium supplies"). `.rank` is the title's.

        A term in much of the archive ("Kazakhstan", here) is ranked among its newest
        COUNT_CAP + 1 hits when `common` (`is_common`, decided once per result by the caller):
        ranking all 50,000 read every matching row (178 ms), the newest are found by walking
        the date index (6 ms). A reader sees "1000+ results" and at most the first 1,000
        either way; for such a term the title ranks tie for most hits, so the newest are what
        the full ranking put first too.
        """
        matches = self.matching(queryset, terms)
        if common:
            newest = matches.order_by("-published_at", "-pk").values("pk")[: COUNT_CAP + 1]
            matches = queryset.filter(pk__in=newest)
        hits = Window(Count("*"))
        order = ["-rank", "-published_at", "-pk"]
        if not common:
            text_rank = SearchRank(StoredSearchVector(), self.query(terms, "|"), normalization=1)
            within = Case(When(LessThanOrEqual(hits, BODY_RANK_HITS), then=text_rank))
            order.insert(1, within.desc(nulls_last=True))  # NULL: too many hits to read
        ranked = list(
            matches.annotate(
                rank=SearchRank(StoredSearchVector("search_title"), self.query(terms, "|")),
                hits=hits,
            )
            .order_by(*order)
            .values_list("pk", "rank", "hits")[start:stop]
        )
        total = ranked[0][2] if ranked else None
        return [(pk, rank) for pk, rank, _hits in ranked], total

    def fetch(self, queryset, terms, ranked):
        """The articles of a `rank` window, in its order, each with `.rank` and `.snippet`."""
        if not ranked:
            return []
        rows = queryset.filter(pk__in=[pk for pk, _rank in ranked]).annotate(
            _snippet=SearchHeadline(
                "plain_text",
                self.query(terms),
                config=PG_CONFIG,
                start_sel=HIT_START,
                stop_sel=HIT_STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        articles = {article.pk: article for article in rows}
        results = []
        for pk, rank in ranked:
            article = articles.get(pk)
            if article is None:  # deleted between the two queries
                continue
            article.rank = rank
            article.snippet = highlight(article._snippet)
            results.append(article)
        return results


class SqliteEngine:
    @staticmethod
    def match(terms):
        # Every term quoted (FTS5 string syntax), so none can act as an operator or column.
        # FTS5 does not stem Cyrillic words: the query's stem, as a prefix, stands for them.
        last = len(terms) - 1
        quoted = []
        for n, term in enumerate(terms):
            stem = cyrillic_stem(term)
            quoted.append(f'"{stem}"*' if stem else f'"{term}"*' if n == last else f'"{term}"')
        return " AND ".join(quoted)

    def matching(self, queryset, terms):
        return queryset.filter(
            # Reviewed raw SQL: a constant table name; the query itself is a bound parameter.
            pk__in=RawSQL(  # nosec B611
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # nosec B608
                [self.match(terms)],
            )
        )

    def ranked(self, queryset, terms, start, stop):
        # The caller's queryset, correlated with one ranked hit: EXISTS probes its row by
        # primary key, so only as many hits are checked as the window needs.
        allowed_sql, allowed_params = (
            queryset.order_by()
            .filter(pk=RawSQL("ranked.id", ()))  # a constant column reference  # nosec B611
            .values("pk")
            .query.sql_with_params()
        )
        # Reviewed SQL (bandit B608): only constants and Django-compiled SQL are interpolated;
        # the search terms and limits are bound parameters.
        match = self.match(terms)
        # Rank every hit from the FTS5 index alone (bm25 reads no article row), then walk
        # them best first through the caller's queryset until the window is full, then build
        # snippets for the window only. Checking every hit against the queryset first (an
        # IN list of all published ids, or a probe per hit) cost more than the ranking: an
        # article row is several pages long and the gate's columns come after the body.
        # `ranked` is materialized in rank order (its LIMIT -1 keeps the ORDER BY) and `hits`
        # reads it in that order, stopping at its LIMIT. The snippets come from one more pass
        # over the match (the unary plus keeps SQLite from handing `rowid IN` to FTS5, which
        # would rerun the query per hit: ~4 ms each for a prefix like "exp*").
        sql = f"""
            WITH ranked AS MATERIALIZED (
                SELECT {FTS_TABLE}.rowid AS id,
                       bm25({FTS_TABLE}, {FTS_WEIGHTS[0]}, {FTS_WEIGHTS[1]}) AS score
                FROM {FTS_TABLE}
                WHERE {FTS_TABLE} MATCH %s
                ORDER BY score, {FTS_TABLE}.rowid DESC
                LIMIT -1
            ), hits AS MATERIALIZED (
                SELECT ranked.id, ranked.score FROM ranked
                WHERE EXISTS ({allowed_sql})
                LIMIT %s OFFSET %s
            ), snippets AS MATERIALIZED (
                SELECT {FTS_TABLE}.rowid AS id,
                       snippet({FTS_TABLE}, 1, char(2), char(3), ' … ', {SNIPPET_WORDS}) AS text
                FROM {FTS_TABLE}
                WHERE {FTS_TABLE} MATCH %s AND +{FTS_TABLE}.rowid IN (SELECT id FROM hits)
            )
            SELECT hits.id, hits.score, snippets.text
            FROM hits JOIN snippets ON snippets.id = hits.id
            ORDER BY hits.score, hits.id DESC
        """  # nosec B608
        params = [match, *allowed_params, -1 if stop is None else stop - start, start, match]
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return []
        articles = queryset.in_bulk([row[0] for row in rows])
        results = []
        for pk, score, snippet in rows:
            article = articles.get(pk)
            if article is None:  # deleted between the two queries
                continue
            # bm25 is lower-is-better and negative; expose higher-is-better like PostgreSQL.
            article.rank = -score
            article.snippet = highlight(snippet)
            results.append(article)
        return results


_ENGINES = {"postgresql": PostgresEngine(), "sqlite": SqliteEngine()}


def _engine(alias):
    vendor = connections[alias].vendor
    try:
        return _ENGINES[vendor]
    except KeyError:
        raise NotImplementedError(f"Full-text search does not support {vendor}.") from None
