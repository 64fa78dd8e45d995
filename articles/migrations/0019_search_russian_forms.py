"""PostgreSQL's search vectors in the 'russian' configuration (see articles/search.py).

It stems words in Latin letters with the same English stemmer as 'english', and words in
Cyrillic letters with the Russian one, which 'english' left whole: "пенсионного" is now stored
as the stem it shares with "пенсионное". The trigger is re-created with the new configuration
and every stored vector recomputed from the same columns. SQLite stores its words unstemmed
either way (its queries stem Cyrillic words instead), so nothing changes there.
"""

from django.db import migrations

FUNCTION = """CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('{config}'::regconfig, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('{config}'::regconfig, coalesce(NEW.plain_text, '')), 'B');
        NEW.search_title :=
            setweight(to_tsvector('{config}'::regconfig, coalesce(NEW.title, '')), 'A');
        RETURN NEW;
    END
    $$"""

REFRESH = """UPDATE articles_article SET
    search_vector =
        setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('{config}'::regconfig, coalesce(plain_text, '')), 'B'),
    search_title = setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A')"""


def configure(config):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(FUNCTION.format(config=config))
            schema_editor.execute(REFRESH.format(config=config))

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_status_list_index_covers_time")]

    operations = [migrations.RunPython(configure("russian"), configure("english"))]
