"""No open redirect through ?next= on admin login and logout."""

import pytest
from django.test import Client

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "http://evil.example@127.0.0.1.evil.example/",
]


def _stays_on_site(response):
    location = response.get("Location", "")
    return "evil.example" not in location


@pytest.mark.parametrize("target", EVIL)
def test_login_does_not_redirect_off_site(superuser, target):
    response = Client().post(
        f"/admin/login/?next={target}",
        {"username": "chief", "password": "pass-word-123", "next": target},
    )

    assert response.status_code == 302
    assert _stays_on_site(response)


@pytest.mark.parametrize("target", EVIL)
def test_login_page_of_a_signed_in_user_does_not_redirect_off_site(admin_client, target):
    response = admin_client.get("/admin/login/", {"next": target})

    assert _stays_on_site(response)


@pytest.mark.parametrize("target", EVIL)
def test_logout_does_not_redirect_off_site(admin_client, target):
    response = admin_client.post(f"/admin/logout/?next={target}", {"next": target})

    assert response.status_code in {200, 302}
    assert _stays_on_site(response)


def test_login_follows_a_local_next(superuser):
    """The control: a safe next is honoured, so the tests above would see an evil one."""
    response = Client().post(
        "/admin/login/?next=/admin/articles/article/",
        {"username": "chief", "password": "pass-word-123", "next": "/admin/articles/article/"},
    )

    assert response["Location"] == "/admin/articles/article/"
