"""The moved addresses in the admin: editors see where old addresses lead, search them and
delete one; nobody adds or edits them by hand."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.addresses import FormerAddress
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:relations_formeraddress_changelist")


def moves(n, start=0):
    """`n` renamed articles and `n` renamed people, each with one former address."""
    for i in range(start, start + n):
        article = ArticleFactory(slug=f"story-{i}")
        article.slug = f"story-{i}-corrected"
        article.save()
        person = PersonFactory(slug=f"envoy-{i}")
        ArticleFactory(people=[person])
        person.slug = f"envoy-{i}-renamed"
        person.save()


def test_editors_see_where_old_addresses_lead(client, editor):
    article = ArticleFactory(title="Transit talks resume", slug="transit-talks")
    old = article.get_absolute_url()
    article.slug = "transit-talks-resume"
    article.save()
    client.force_login(editor)

    page = client.get(CHANGELIST)

    assert page.status_code == 200
    assert old in page.text
    assert "Transit talks resume" in page.text
    assert f'href="{article.get_absolute_url()}"' in page.text


def test_the_list_is_searched_by_old_address(client, editor):
    moves(2)
    client.force_login(editor)

    page = client.get(CHANGELIST, {"q": "envoy-1"})

    assert "/people/envoy-1/" in page.text
    assert "/people/envoy-0/" not in page.text
    assert "story-0" not in page.text


def test_the_list_costs_the_same_queries_at_any_size(admin_client):
    moves(2)
    with CaptureQueriesContext(connection) as small:
        assert admin_client.get(CHANGELIST).status_code == 200
    moves(8, start=2)
    with CaptureQueriesContext(connection) as large:
        response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    assert "/people/envoy-9/" in response.text
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_an_editor_deletes_one_and_the_old_address_is_a_404_again(client, editor):
    moves(1)
    former = FormerAddress.objects.get(old_path="/people/envoy-0/")
    client.force_login(editor)
    view = reverse("admin:relations_formeraddress_change", args=[former.pk])
    assert client.get(view).status_code == 200

    client.post(reverse("admin:relations_formeraddress_delete", args=[former.pk]), {"post": "yes"})
    client.logout()

    assert not FormerAddress.objects.filter(pk=former.pk).exists()
    assert client.get("/people/envoy-0/").status_code == 404


def test_nobody_adds_or_edits_one_by_hand(admin_client):
    moves(1)
    former = FormerAddress.objects.first()
    change = reverse("admin:relations_formeraddress_change", args=[former.pk])

    assert admin_client.get(reverse("admin:relations_formeraddress_add")).status_code == 403
    admin_client.post(change, {"old_path": "/elsewhere/"})

    former.refresh_from_db()
    assert former.old_path != "/elsewhere/"


def test_reporters_do_not_see_them(client, reporter):
    client.force_login(reporter)

    assert client.get(CHANGELIST).status_code == 403
