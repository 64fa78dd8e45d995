"""Database unavailable -> a fast 503 page with Retry-After; connections recover by themselves."""

import sys
import types

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.test import Client
from django.urls import path

import newsroom.urls
from articles.models import Article
from tests.factories import ArticleFactory


def _raises(exc):
    def view(request):
        raise exc

    return view


class _FailingQuery:
    """Evaluated only when the template renders, like a lazy QuerySet."""

    def __iter__(self):
        raise OperationalError("server closed the connection unexpectedly")


def _lazy_view(request):
    return TemplateResponse(request, "503_probe.html", {"items": _FailingQuery()})


def _count_view(request):
    return HttpResponse(str(Article.objects.count()))


class DatabaseGoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("connection refused")


@pytest.fixture
def outage_urls(settings, tmp_path):
    module = types.ModuleType("reliability_outage_urls")
    module.urlpatterns = [
        path("operational/", _raises(OperationalError("could not connect to server"))),
        path("interface/", _raises(InterfaceError("connection already closed"))),
        path("value/", _raises(ValueError("a bug"))),
        path("lazy/", _lazy_view),
        path("count/", _count_view),
    ]
    module.handler500 = newsroom.urls.__dict__.get("handler500", "newsroom.middleware.server_error")
    sys.modules[module.__name__] = module
    (tmp_path / "503_probe.html").write_text("{% for item in items %}{{ item }}{% endfor %}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    settings.ROOT_URLCONF = module.__name__
    yield
    del sys.modules[module.__name__]


def test_database_error_in_a_view_answers_503_with_retry_after(outage_urls, client):
    response = client.get("/operational/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Temporarily unavailable" in response.content.decode()


def test_closed_connection_also_answers_503(outage_urls, client):
    response = client.get("/interface/")

    assert response.status_code == 503


def test_the_503_page_is_never_cached(outage_urls, client):
    response = client.get("/operational/")

    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_database_error_while_rendering_a_template_answers_503(outage_urls, client):
    response = client.get("/lazy/")

    assert response.status_code == 503


def test_database_error_in_a_middleware_answers_503(outage_urls, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        f"{__name__}.DatabaseGoneMiddleware",
    ]

    response = Client(raise_request_exception=False).get("/operational/")

    assert response.status_code == 503


def test_other_errors_stay_500(outage_urls):
    response = Client(raise_request_exception=False).get("/value/")

    assert response.status_code == 500


def test_the_site_answers_500_through_the_project_handler():
    assert newsroom.urls.handler500 == "newsroom.middleware.server_error"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_database_connection_gives_503_then_recovers_without_restart(outage_urls, client):
    """PostgreSQL restarted under a running app: its pooled connection dies. The request that
    meets it gets a 503; the request boundary discards the broken connection; the next request
    opens a new one. (The test client disconnects close_old_connections, so the boundary is
    called here as Django's request_started/request_finished signals do in production.)"""
    if connection.vendor != "postgresql":
        pytest.skip("terminating a server-side backend needs PostgreSQL")
    ArticleFactory()
    assert client.get("/count/").content == b"1"
    params = connection.get_connection_params()
    pid = connection.connection.info.backend_pid
    with psycopg.connect(**{**params, "dbname": params.get("dbname") or "postgres"}) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])

    failed = client.get("/count/")
    close_old_connections()
    recovered = client.get("/count/")

    assert failed.status_code == 503
    assert recovered.status_code == 200
    assert recovered.content == b"1"
