"""The admin's article search on SQLite through an index: an FTS5 trigram table over title,
slug and summary (external content, kept in step by triggers).

Django's `search_fields` match any part of a word with `LIKE '%term%'`, which on SQLite read
every row, bodies included: 65 ms a query at 50,000 articles, twice a search (count and page),
and growing with the archive. PostgreSQL has served the same match from trigram indexes since
0009. The table answers `MATCH '"bekist"'` from its index in a few milliseconds, and folds case
beyond ASCII, as PostgreSQL's `UPPER()` does. `articles.search.admin_text_filter` uses it; the
triggers match `articles.search.TRIGRAM_SYNC_TRIGGERS` (articles.signals puts them back if a
later migration rebuilds articles_article). Other engines: nothing to do.
"""

from django.db import migrations

CREATE = [
    """CREATE VIRTUAL TABLE articles_article_trgm USING fts5(
    title, slug, summary, content='articles_article', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER articles_article_trgm_ai AFTER INSERT ON articles_article
    BEGIN
        INSERT INTO articles_article_trgm(rowid, title, slug, summary)
        VALUES (new.id, new.title, new.slug, new.summary);
    END""",
    """CREATE TRIGGER articles_article_trgm_ad AFTER DELETE ON articles_article
    BEGIN
        INSERT INTO articles_article_trgm(articles_article_trgm, rowid, title, slug, summary)
        VALUES ('delete', old.id, old.title, old.slug, old.summary);
    END""",
    """CREATE TRIGGER articles_article_trgm_au
    AFTER UPDATE OF title, slug, summary ON articles_article
    BEGIN
        INSERT INTO articles_article_trgm(articles_article_trgm, rowid, title, slug, summary)
        VALUES ('delete', old.id, old.title, old.slug, old.summary);
        INSERT INTO articles_article_trgm(rowid, title, slug, summary)
        VALUES (new.id, new.title, new.slug, new.summary);
    END""",
    "INSERT INTO articles_article_trgm(articles_article_trgm) VALUES ('rebuild')",
]

DROP = [
    "DROP TRIGGER IF EXISTS articles_article_trgm_au",
    "DROP TRIGGER IF EXISTS articles_article_trgm_ad",
    "DROP TRIGGER IF EXISTS articles_article_trgm_ai",
    "DROP TABLE IF EXISTS articles_article_trgm",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0024_plain_text_block_ends")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
