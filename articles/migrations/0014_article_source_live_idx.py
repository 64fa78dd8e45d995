"""A source's published articles, and those citing it, from one index each: with the status
in them, `Source.objects.public()` answers an unused source with one seek."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_article_figures")]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_source_pub_idx"),
        migrations.RemoveIndex(model_name="article", name="article_cited_pub_idx"),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["source", "status", "-published_at"], name="article_source_live_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["cited_source", "status", "-published_at"],
                condition=models.Q(cited_source__isnull=False),
                name="article_cited_live_idx",
            ),
        ),
    ]
