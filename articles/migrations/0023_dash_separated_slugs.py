"""Articles and sources whose slugs the old rule glued together at a dash or a slash: as
`relations` 0007 does for the entities (its docstring says how), with its frozen rules.

An article's address holds the local date of its publication time (`Article.public_url`) and
is recorded, as `Article.public_address` says, once that time has passed, whatever its status
now (an unpublished article keeps its readers' links); a scheduled or undated article was never
seen at its address. A source's page is recorded whether or not it is public (see
`entity_page` there).
"""

from importlib import import_module

from django.db import migrations
from django.urls import reverse
from django.utils import timezone

relations_0007 = import_module("relations.migrations.0007_dash_separated_slugs")


def article_page(slug, published_at):
    if published_at is None or published_at > timezone.now():
        return None
    local = timezone.localtime(published_at)
    return reverse(
        "articles:detail",
        kwargs={
            "year": local.year,
            "month": f"{local.month:02d}",
            "day": f"{local.day:02d}",
            "slug": slug,
        },
    )


def move_slugs(apps, schema_editor):
    relations_0007.slugs_move(
        apps,
        "articles.Article",
        source="title",
        page=article_page,
        page_fields=("published_at",),
    )
    relations_0007.slugs_move(
        apps,
        "articles.Source",
        source="name",
        page=relations_0007.entity_page("articles:source-detail"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_article_translation_of"),
        ("relations", "0007_dash_separated_slugs"),
    ]

    operations = [migrations.RunPython(move_slugs, migrations.RunPython.noop)]
