"""Groups Reporters and Editors with their permissions (DESIGN.md contract)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ENTITY_MODELS = [
    ("relations", "person"),
    ("relations", "position"),
    ("relations", "event"),
    ("relations", "agreement"),
    ("relations", "signatory"),
    ("relations", "organization"),
    ("relations", "figure"),
    ("relations", "indicator"),
]
REFERENCE_MODELS = [("relations", "country"), ("articles", "source")]

REPORTER_CODENAMES = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "view_source"),
    ("articles", "view_importrecord"),
    *[(app, f"{action}_{model}") for app, model in ENTITY_MODELS for action in ("add", "change", "view")],
    *[(app, f"view_{model}") for app, model in REFERENCE_MODELS],
]
EDITOR_CODENAMES = [
    *REPORTER_CODENAMES,
    ("articles", "delete_article"),
    ("articles", "publish_article"),
    ("articles", "add_source"),
    ("articles", "change_source"),
    ("articles", "add_importrecord"),
    *[(app, f"delete_{model}") for app, model in ENTITY_MODELS],
    ("relations", "change_country"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(codenames):
        found = []
        for app_label, codename in codenames:
            found.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return found

    reporters, _ = Group.objects.get_or_create(name="Reporters")
    reporters.permissions.set(permissions(REPORTER_CODENAMES))
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(permissions(EDITOR_CODENAMES))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reporters", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_seed_sources"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
