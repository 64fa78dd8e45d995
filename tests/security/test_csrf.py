"""CSRF: every state-changing admin route refuses a POST without a token."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, resolve, reverse

ADMIN_LOGIN = "/admin/login/"


def _admin_urls():
    """Every named admin URL (model add/change/delete/history, changelists with actions,
    import/export views of django-import-export, login, logout, password change...)."""
    urls = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                regex = entry.pattern.regex
                name = f"{namespace}:{entry.name}"
                if regex.groupindex:
                    kwargs = {g: "articles" if g == "app_label" else "1" for g in regex.groupindex}
                    urls.append(reverse(name, kwargs=kwargs))
                else:
                    urls.append(reverse(name, args=["1"] * regex.groups))

    walk(admin.site.get_urls(), "admin")
    return sorted(set(urls))


def _csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def test_every_admin_route_refuses_a_post_without_a_token(superuser):
    client = _csrf_client(superuser)
    urls = _admin_urls()
    assert len(urls) > 20  # the walk found the model admins, not just the index

    accepted = {url: client.post(url, {}).status_code for url in urls}

    assert {url: code for url, code in accepted.items() if code != 403} == {}


def test_admin_actions_without_a_token_change_nothing(superuser):
    from tests.factories import ArticleFactory

    article = ArticleFactory()
    client = _csrf_client(superuser)

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )

    assert response.status_code == 403
    assert type(article).objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize("name", ["admin:articles_article_import", "admin:articles_article_export"])
def test_import_and_export_without_a_token_are_refused(superuser, name):
    url = reverse(name)

    response = _csrf_client(superuser).post(url, {"format": "0"})

    assert response.status_code == 403


def test_admin_login_without_a_token_is_refused(superuser):
    response = _csrf_client().post(ADMIN_LOGIN, {"username": "chief", "password": "pass-word-123"})

    assert response.status_code == 403


def test_admin_login_with_the_token_is_accepted(superuser):
    """The control: the 403s above come from the missing token, nothing else."""
    client = _csrf_client()
    client.get(ADMIN_LOGIN)
    token = client.cookies["csrftoken"].value

    response = client.post(
        ADMIN_LOGIN,
        {"username": "chief", "password": "pass-word-123", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302


def test_no_admin_view_is_csrf_exempt():
    exempt = [url for url in _admin_urls() if getattr(resolve(url).func, "csrf_exempt", False)]

    assert exempt == []
