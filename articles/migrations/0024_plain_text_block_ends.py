"""Derive `plain_text` again for stored articles: a block that ends without a full stop of its
own (a heading, a list item) now ends with one (`articles.rendering.plain_text`), so a heading
no longer runs into the next paragraph in teasers, search snippets and descriptions.

Only rows whose text changes are written, with `bulk_update` (no revision, no new `updated_at`
or version: the article reads the same). The search index follows: PostgreSQL's trigger
rebuilds `search_vector` on `UPDATE OF plain_text`, SQLite's full-text triggers re-index the
row. The renderer is imported, not frozen here, as in 0012 and 0017.
"""

from django.db import migrations

from articles.rendering import plain_text

BATCH = 500


def derive_again(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    rows = Article.objects.only("pk", "body_html", "plain_text").order_by("pk")
    changed = []
    for article in rows.iterator(chunk_size=2000):
        text = plain_text(article.body_html)
        if text != article.plain_text:
            changed.append(Article(pk=article.pk, plain_text=text))
    # Read first, written afterwards: SQLite does not isolate a cursor from writes to its table.
    Article.objects.bulk_update(changed, ["plain_text"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("articles", "0023_dash_separated_slugs")]

    operations = [migrations.RunPython(derive_again, migrations.RunPython.noop)]
