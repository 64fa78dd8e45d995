"""Articles state figures, as they state roles: a figure is public once a published article
states it (`relations.queries.pair_figures`).

Figures stored before this were not linked to their articles. Each is linked to the articles
whose text holds its quote (the sentence the importer took it from). A figure that no text
quotes is linked to none, and is not shown publicly until an editor links it to an article.
"""

from django.db import migrations, models


def link_quoted(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Figure = apps.get_model("relations", "Figure")
    through = Article.figures.through
    rows = []
    for figure in Figure.objects.exclude(quote="").only("pk", "quote").iterator():
        quoting = Article.objects.filter(body__contains=figure.quote).values_list("pk", flat=True)
        rows += [through(article_id=pk, figure_id=figure.pk) for pk in quoting]
    through.objects.bulk_create(rows, ignore_conflicts=True)


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
