"""Render again the bodies with a "# Heading" line (or "#####", "######", or a heading
underlined with "=").

The sanitiser allows h2-h4 only, so those headings were stored as bare text;
`articles.rendering.render_body` now makes them h2 and h4. Only `body_html` changes, written
with `update()` (no new revision, no change of `updated_at`): the text is the one the editor
wrote. Cached pages show the new rendering once they expire.

The renderer is imported, not frozen here: `body_html` is by definition what it renders from
the body today. If `render_body` ever moves, point this import at it.
"""

import re

from django.db import migrations
from django.db.models import Q

from articles.rendering import render_body

AFFECTED = re.compile(r"^(?:(?:#|#{5,6})[ \t]|=+[ \t]*$)", re.M)


def rerender(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    # Only bodies that could hold such a heading leave the database.
    maybe = Article.objects.filter(Q(body__contains="#") | Q(body__contains="="))
    rows = maybe.only("pk", "body").order_by("pk").iterator(chunk_size=500)
    for article in rows:
        if AFFECTED.search(article.body or ""):
            Article.objects.filter(pk=article.pk).update(body_html=render_body(article.body))


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_article_cited_pub_idx")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
