"""Articles state figures, as they state roles: a figure is public once a published article
states it (`relations.queries.pair_figures`).

Figures stored before this were not linked to their articles. Each is linked to the articles
about its two countries whose text holds its quote (the sentence the importer took it from).
A figure that no text quotes (one an editor entered, say) is linked to none, and is not shown
publicly until an editor links it to an article: the figure list's "Stated by a published
article" filter finds them.
"""

from django.db import migrations, models


def link_quoted(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Figure = apps.get_model("relations", "Figure")
    through = Article.figures.through
    figures = Figure.objects.exclude(quote="").only("pk", "quote", "country_a", "country_b")
    for figure in figures.order_by("pk").iterator():
        # Only the pair's articles are searched (the importer stores a figure for two
        # countries its text names): a text search over every body per figure would take
        # minutes on a large archive.
        quoting = (
            Article.objects.filter(countries=figure.country_a_id)
            .filter(countries=figure.country_b_id)
            .filter(body__contains=figure.quote)
            .values_list("pk", flat=True)
        )
        through.objects.bulk_create(
            [through(article_id=pk, figure_id=figure.pk) for pk in quoting],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_rerender_body_headings"),
        ("relations", "0002_seed_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="figures",
            field=models.ManyToManyField(
                blank=True,
                help_text="Figures this article states.",
                related_name="articles",
                to="relations.figure",
            ),
        ),
        migrations.RunPython(link_quoted, migrations.RunPython.noop),
    ]
