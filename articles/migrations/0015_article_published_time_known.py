"""Whether an article's time of day is known (`published_time_known`).

The importer stores a text that gives only its day at noon, and the article page showed that
noon as if the source had said it. Imported articles at exactly local noon are marked as
having no known time; a real noon publication keeps its time once an editor ticks the box.
"""

import datetime as dt
import zoneinfo

from django.db import migrations, models

# The importer's assumption: noon on the newsroom's clock (articles.importing.load).
NOON = dt.time(12, 0)
NEWSROOM_TZ = zoneinfo.ZoneInfo("Asia/Almaty")


def mark_assumed_noons(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    imported = Article.objects.filter(fingerprint__isnull=False, published_at__isnull=False)
    assumed = [
        pk
        for pk, published_at in imported.values_list("pk", "published_at").iterator()
        if published_at.astimezone(NEWSROOM_TZ).time() == NOON
    ]
    for start in range(0, len(assumed), 500):
        Article.objects.filter(pk__in=assumed[start : start + 500]).update(
            published_time_known=False
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_article_source_live_idx")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="published_time_known",
            field=models.BooleanField(
                default=True,
                help_text="Untick when the source gives only the day: the page then shows the "
                "day alone, not the time the importer had to assume (noon).",
                verbose_name="time of day known",
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="published_time_known",
            field=models.BooleanField(
                default=True,
                help_text="Untick when the source gives only the day: the page then shows the "
                "day alone, not the time the importer had to assume (noon).",
                verbose_name="time of day known",
            ),
        ),
        migrations.RunPython(mark_assumed_noons, migrations.RunPython.noop),
    ]
