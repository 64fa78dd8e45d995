"""A small title-only search vector for ranking on PostgreSQL (see articles/search.py).

Ranking with ts_rank on `search_vector` (title and body) read every matching row's full
vector, mostly kept out of line in TOAST: for a broad term on a 50,000-article archive that
cost most of the query. `search_title` (title only, weight A, ~100 bytes) stays in the heap row
the matching step reads anyway, so ranking the title costs next to nothing. Matching still
uses `search_vector` and its GIN index. The same trigger keeps both columns.

SQLite: the FTS5 table gets prefix indexes for 2- and 3-character prefixes, the ones a reader
types first and the costliest to expand ("grain exp" took ~25 ms more than "grain"). The sync
triggers live on articles_article and only name the table, so they survive the rebuild.
The model state is untouched on purpose.
"""

from django.db import migrations

TITLE_VECTOR = "setweight(to_tsvector('english'::regconfig, coalesce({}.title, '')), 'A')"

PG_FUNCTION = """CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english'::regconfig, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(NEW.body, '')), 'B');
        {title}
        RETURN NEW;
    END
    $$"""

PG_STATEMENTS = [
    "ALTER TABLE articles_article ADD COLUMN search_title tsvector",
    PG_FUNCTION.format(title=f"NEW.search_title := {TITLE_VECTOR.format('NEW')};"),
    # Not `SET title = title`: that would also rebuild every full vector through the trigger.
    f"UPDATE articles_article SET search_title = {TITLE_VECTOR.format('articles_article')}",
]
PG_REVERSE = [
    PG_FUNCTION.format(title=""),
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_title",
]

FTS_TABLE = """CREATE VIRTUAL TABLE articles_article_fts USING fts5(
        title, body, content='articles_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'{prefix})"""


def sqlite_statements(prefix):
    return [
        "DROP TABLE IF EXISTS articles_article_fts",
        FTS_TABLE.format(prefix=prefix),
        "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')",
    ]


def add_title_vector(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_STATEMENTS, "sqlite": sqlite_statements(", prefix='2 3'")}
    for statement in statements.get(vendor, ()):
        schema_editor.execute(statement)


def drop_title_vector(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_REVERSE, "sqlite": sqlite_statements("")}
    for statement in statements.get(vendor, ()):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_search")]

    operations = [migrations.RunPython(add_title_vector, drop_title_vector)]
