from django.db import migrations

from relations.reference import seed_countries, seed_organizations


def seed(apps, schema_editor):
    seed_countries(apps)
    seed_organizations(apps)


class Migration(migrations.Migration):
    dependencies = [("relations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
