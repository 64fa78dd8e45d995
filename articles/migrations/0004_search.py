"""Full-text search index (see articles/search.py).

PostgreSQL: a stored, weighted search vector (title weight A, body weight B, 'english'
configuration) in a column the model does not declare, kept by a trigger, with a GIN index.
SQLite: an FTS5 table with external content (articles_article) kept in sync by triggers.
Each vendor only runs its own half; the model state is untouched on purpose.
"""

from django.db import migrations

# A tsvector column the ORM does not know about, filled by a trigger rather than declared as a
# generated column: PostgreSQL refuses ALTER COLUMN ... TYPE on columns a generated column uses,
# and later migrations may well widen the title.
PG_STATEMENTS = [
    "ALTER TABLE articles_article ADD COLUMN search_vector tsvector",
    """CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english'::regconfig, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(NEW.body, '')), 'B');
        RETURN NEW;
    END
    $$""",
    """CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF title, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()""",
    "UPDATE articles_article SET title = title",
    "CREATE INDEX article_search_idx ON articles_article USING gin (search_vector)",
]
PG_REVERSE = [
    "DROP INDEX IF EXISTS article_search_idx",
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_vector()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]

# The triggers match articles.search.SQLITE_SYNC_TRIGGERS, which articles.signals re-creates
# after migrate: SQLite drops a table's triggers whenever a migration remakes the table.
SQLITE_STATEMENTS = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_article_fts USING fts5(
        title, body, content='articles_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS articles_article_fts_ai AFTER INSERT ON articles_article
    BEGIN
        INSERT INTO articles_article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_article_fts_ad AFTER DELETE ON articles_article
    BEGIN
        INSERT INTO articles_article_fts(articles_article_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_article_fts_au
    AFTER UPDATE OF title, body ON articles_article
    BEGIN
        INSERT INTO articles_article_fts(articles_article_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS articles_article_fts_au",
    "DROP TRIGGER IF EXISTS articles_article_fts_ad",
    "DROP TRIGGER IF EXISTS articles_article_fts_ai",
    "DROP TABLE IF EXISTS articles_article_fts",
]


def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in PG_STATEMENTS:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        for statement in SQLITE_STATEMENTS:
            schema_editor.execute(statement)


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in PG_REVERSE:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_editorial_groups")]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]
