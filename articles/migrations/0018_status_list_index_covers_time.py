"""The admin's list by status carries the publication time in its index, so the live list's
deep pages read their keys from the index alone (`newsroom.adminpaging`)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_body_line_endings")]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_status_updated_idx"),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["status", "-updated_at", "-id", "published_at"],
                name="article_status_updated_idx",
            ),
        ),
    ]
