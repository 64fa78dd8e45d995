"""Search indexes the text as a reader reads it, not the Markdown source (see articles/search.py).

Snippets were cut from the Markdown `body`, so a hit showed "## Heading", "- item", "**" and
link addresses, and a word found only in a link's address matched. `plain_text` is derived on
save from the rendered body (`articles.rendering.plain_text`, what `Article.excerpt` shows),
like `body_html` and `word_count`; existing rows get it from their stored `body_html`.

PostgreSQL: the trigger builds `search_vector` from `plain_text` instead of `body` and fires on
`UPDATE OF title, plain_text`; filling the column rewrites every vector through it (the GIN
index follows). SQLite: the FTS5 table (external content, so its columns are named after
articles_article's) is re-created over `title, plain_text`, with the same prefix indexes as
0005, and rebuilt once the column is filled; its triggers are re-created on the new column
(they match articles.search.SQLITE_SYNC_TRIGGERS).

The conversion is imported, not frozen here, like the renderer in 0012: `plain_text` is by
definition what it gives today.
"""

from django.db import migrations, models

from articles.rendering import plain_text

PG_FUNCTION = """CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english'::regconfig, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(NEW.{text}, '')), 'B');
        NEW.search_title :=
            setweight(to_tsvector('english'::regconfig, coalesce(NEW.title, '')), 'A');
        RETURN NEW;
    END
    $$"""


def pg_statements(text):
    return [
        PG_FUNCTION.format(text=text),
        "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
        f"""CREATE TRIGGER articles_article_search_vector
        BEFORE INSERT OR UPDATE OF title, {text} ON articles_article
        FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()""",
    ]


SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS articles_article_fts_au",
    "DROP TRIGGER IF EXISTS articles_article_fts_ad",
    "DROP TRIGGER IF EXISTS articles_article_fts_ai",
    "DROP TABLE IF EXISTS articles_article_fts",
]


def sqlite_create(text):
    return [
        f"""CREATE VIRTUAL TABLE articles_article_fts USING fts5(
        title, {text}, content='articles_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')""",
        f"""CREATE TRIGGER articles_article_fts_ai AFTER INSERT ON articles_article
        BEGIN
            INSERT INTO articles_article_fts(rowid, title, {text})
            VALUES (new.id, new.title, new.{text});
        END""",
        f"""CREATE TRIGGER articles_article_fts_ad AFTER DELETE ON articles_article
        BEGIN
            INSERT INTO articles_article_fts(articles_article_fts, rowid, title, {text})
            VALUES ('delete', old.id, old.title, old.{text});
        END""",
        f"""CREATE TRIGGER articles_article_fts_au
        AFTER UPDATE OF title, {text} ON articles_article
        BEGIN
            INSERT INTO articles_article_fts(articles_article_fts, rowid, title, {text})
            VALUES ('delete', old.id, old.title, old.{text});
            INSERT INTO articles_article_fts(rowid, title, {text})
            VALUES (new.id, new.title, new.{text});
        END""",
        "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')",
    ]


def fill(Article):
    rows = Article.objects.only("pk", "body_html").order_by("pk").iterator(chunk_size=500)
    batch = []
    for article in rows:
        article.plain_text = plain_text(article.body_html)
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, ["plain_text"])
            batch = []
    Article.objects.bulk_update(batch, ["plain_text"])


def index_plain_text(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # The trigger first: filling the column then rebuilds every vector from it.
        for statement in pg_statements("plain_text"):
            schema_editor.execute(statement)
        fill(apps.get_model("articles", "Article"))
    elif vendor == "sqlite":
        # Without the index while filling: a trigger per row would only be rebuilt over.
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)
        fill(apps.get_model("articles", "Article"))
        for statement in sqlite_create("plain_text"):
            schema_editor.execute(statement)
    else:
        fill(apps.get_model("articles", "Article"))


def index_body(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in pg_statements("body"):
            schema_editor.execute(statement)
        schema_editor.execute("UPDATE articles_article SET body = body")
    elif vendor == "sqlite":
        for statement in [*SQLITE_DROP, *sqlite_create("body")]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_article_published_time_known")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="plain_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(index_plain_text, index_body),
    ]
