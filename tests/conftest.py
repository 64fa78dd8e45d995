"""Fixtures shared by every test area."""

import pytest

from tests.factories import UserFactory


def pytest_collection_modifyitems(config, items):
    """Refuse a test outside tests/browser that pytest-playwright took for a browser test.

    A test taking an argument named like one of its fixtures (`page`, say, as a parameter) is
    run once per browser and reordered among the transactional browser tests: those flush the
    database at their end, so the ordinary tests run after them found no countries.
    """
    strays = [
        item.nodeid
        for item in items
        if "browser_name" in getattr(getattr(item, "callspec", None), "params", {})
        and "tests/browser/" not in item.nodeid
    ]
    if strays:
        raise pytest.UsageError(
            "Browser fixtures outside tests/browser (rename the argument): " + ", ".join(strays)
        )


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{tmp_path.name}",
        }
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.AXES_ENABLED = False


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what a commit would run (the test's own transaction never commits): purges,
    redirects recorded on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def superuser(db):
    return UserFactory(username="chief", is_superuser=True)


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=["Editors"])


@pytest.fixture
def reporter(db):
    return UserFactory(username="reporter", groups=["Reporters"])


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def ensure_reference_data():
    """Seed what migrations seed (countries, organizations, sources, groups) when missing.

    Transactional tests end by flushing every table; serialized rollback should restore them
    but does not when a live server shares the in-memory SQLite database. Re-seeding is cheap
    and keeps each test's starting point the one a fresh `migrate` gives.
    """
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.management import create_contenttypes

    from relations.models import Country
    from relations.reference import seed_countries, seed_organizations, seed_sources

    if Country.objects.exists():
        return
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    seed_countries(apps)
    seed_organizations(apps)
    seed_sources(apps)
    groups = import_module("articles.migrations.0003_editorial_groups")
    moved = import_module("relations.migrations.0006_editors_manage_moved_addresses")
    for name, codenames in [
        ("Reporters", groups.REPORTER_CODENAMES),
        (
            "Editors",
            [*groups.EDITOR_CODENAMES, *(("relations", c) for c in moved.EDITOR_CODENAMES)],
        ),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        )


@pytest.fixture(autouse=True)
def _reference_data_after_flushes(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if transactional or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        ensure_reference_data()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database (`--reuse-db`) may end a previous run flushed by its last
    transactional test: seed the reference data once before this run's first test."""
    with django_db_blocker.unblock():
        ensure_reference_data()
