"""Store existing articles the way `Article.derive_fields` now stores every write: text with LF
line endings, the publication time to the second.

Bodies edited in a browser were stored with CRLF, and articles published with the bulk
"Publish" action with the microseconds of the moment: a spreadsheet (CSV, XLSX) holds neither,
so exporting and re-importing such an article rewrote it with a new version and revision.
Changed here with `update()` (no new revision, no change of `updated_at`): the text reads the
same and the time is the same second. `body_html` (and `plain_text`, from it) are derived
again from the new body, so they are what a save would store.

The renderer is imported, not frozen here, as in 0012.
"""

from django.db import migrations
from django.db.models import Q

from articles.rendering import plain_text, render_body

TEXT_FIELDS = ("summary", "body")


def lf(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    with_cr = Q()
    for name in TEXT_FIELDS:
        with_cr |= Q(**{f"{name}__contains": "\r"})
    rows = Article.objects.filter(with_cr).only("pk", *TEXT_FIELDS).order_by("pk")
    for article in rows.iterator(chunk_size=500):
        values = {name: lf(getattr(article, name)) for name in TEXT_FIELDS}
        values["body_html"] = render_body(values["body"])
        values["plain_text"] = plain_text(values["body_html"])
        Article.objects.filter(pk=article.pk).update(**values)

    dated = Article.objects.filter(published_at__isnull=False).only("pk", "published_at")
    for article in dated.order_by("pk").iterator(chunk_size=2000):
        if article.published_at.microsecond:
            Article.objects.filter(pk=article.pk).update(
                published_at=article.published_at.replace(microsecond=0)
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_article_plain_text")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
