from django.db import migrations

from relations.reference import seed_sources


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("relations", "0002_seed_reference_data"),
    ]

    operations = [migrations.RunPython(seed_sources, migrations.RunPython.noop)]
