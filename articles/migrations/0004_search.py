"""Full-text search index (filled in by the search work; see articles/search.py)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_editorial_groups")]

    operations = []
