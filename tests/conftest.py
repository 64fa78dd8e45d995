"""Fixtures shared by every test area."""

import pytest

from tests.factories import UserFactory


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
