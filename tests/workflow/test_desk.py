"""The admin's front page says what waits for the desk, each queue linked to its list."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import ImportRecord
from tests.factories import AgreementFactory, ArticleFactory, EventFactory, PersonFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def queues(client):
    """{label: (count, link)} as the desk shows them."""
    html = client.get(INDEX).content.decode()
    desk = html[html.index('id="desk-heading"') : html.index("</section>")]
    found = re.findall(r'<a href="([^"]+)"><strong>(\d+\+?)</strong> ([^<]+)</a>', desk)
    return {label: (count, link.replace("&amp;", "&")) for link, count, label in found}


def test_the_desk_counts_each_queue_and_links_to_it(client, editor):
    ArticleFactory(title="To review", status="review", published_at=None)
    ArticleFactory(title="Also to review", status="review", published_at=None)
    returned = ArticleFactory(title="Returned", status="review", published_at=None)
    services.article_send_back(article=returned, by=editor, note="Check the date.")
    ArticleFactory(title="Tomorrow's", published_at=timezone.now() + dt.timedelta(days=1))
    ArticleFactory(title="Live")  # published: waits for nobody
    EventFactory(needs_review=True)
    EventFactory()
    PersonFactory(needs_review=True)
    ImportRecord.objects.create(name="bad.txt", sha256="0" * 64, status="error")
    old = ImportRecord.objects.create(name="old.txt", sha256="1" * 64, status="error")
    ImportRecord.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    client.force_login(editor)

    shown = queues(client)

    changelist = reverse("admin:articles_article_changelist")
    assert shown["articles in review"] == ("2", f"{changelist}?status=review")
    assert shown["draft sent back to fix"] == ("1", f"{changelist}?sent_back=yes")
    assert shown["article scheduled"] == ("1", f"{changelist}?status=scheduled")
    assert shown["event to check"][0] == "1"
    assert shown["person to check"][0] == "1"
    assert shown["documents to check"][0] == "0"
    assert shown["file refused by the importer in the last 7 days"][0] == "1"
    # Each link opens the list with exactly that queue.
    listed = client.get(shown["articles in review"][1]).context["cl"].result_list
    assert sorted(a.title for a in listed) == ["Also to review", "To review"]
    events = client.get(shown["event to check"][1]).context["cl"].result_list
    assert [e.needs_review for e in events] == [True]
    assert client.get(shown["draft sent back to fix"][1]).context["cl"].result_count == 1
    records = client.get(shown["file refused by the importer in the last 7 days"][1])
    assert {r.name for r in records.context["cl"].result_list} == {"bad.txt", "old.txt"}


def test_a_reporter_sees_the_queues_of_what_they_may_view(client, reporter):
    AgreementFactory(needs_review=True)
    client.force_login(reporter)
    shown = queues(client)
    assert shown["document to check"][0] == "1"
    assert "articles in review" in shown
    # Reporters may view import records too (the files they wrote are kept there).
    assert "files refused by the importer in the last 7 days" in shown


def test_the_desk_costs_the_same_for_a_few_and_many_waiting(
    client, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    ArticleFactory(status="review", published_at=None)
    with django_assert_max_num_queries(30) as few:
        client.get(INDEX)
    for _ in range(20):
        ArticleFactory(status="review", published_at=None)
        EventFactory(needs_review=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(INDEX)
