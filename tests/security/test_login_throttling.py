"""Admin login throttling with django-axes: 5 failures lock a username+address out."""

import pytest
from django.test import Client

LOGIN = "/admin/login/"
RIGHT = "pass-word-123"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _attempt(client, password, username="chief"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def _is_logged_in(client):
    return client.get("/admin/").status_code == 200


def test_the_sixth_attempt_is_locked_out_even_with_the_right_password(superuser):
    client = Client()
    for _ in range(5):
        _attempt(client, "wrong")

    response = _attempt(client, RIGHT)

    assert response.status_code == 429
    assert not _is_logged_in(client)


def test_the_lockout_page_says_what_happened_and_what_to_do(superuser):
    client = Client()
    for _ in range(5):
        _attempt(client, "wrong")

    page = _attempt(client, RIGHT).content.decode()

    assert "Sign-in temporarily locked" in page
    assert "too many failed sign-in attempts" in page


def test_four_failures_do_not_lock_the_account(superuser):
    client = Client()
    for _ in range(4):
        _attempt(client, "wrong")

    response = _attempt(client, RIGHT)

    assert response.status_code == 302
    assert _is_logged_in(client)


def test_a_lockout_does_not_lock_another_user_out(superuser, editor):
    client = Client()
    for _ in range(5):
        _attempt(client, "wrong")

    response = _attempt(client, RIGHT, username="editor")

    assert response.status_code == 302
