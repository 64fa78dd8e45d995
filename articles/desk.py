"""What waits for the desk: the admin's front page lists the work in hand, each count linked
to the list that shows it (articles to review, drafts sent back, people, events and
agreements the importer flagged, files it refused)."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from relations.models import Agreement, Event, Person

from .models import Article, ImportRecord, SendBack

# A count stops here ("1,000+"): the desk needs the size of a queue, not an exact total.
COUNT_CAP = 1000
IMPORT_ERRORS_DAYS = 7


@dataclass(frozen=True)
class DeskItem:
    count: int
    more: bool
    label: str
    url: str


def _item(queryset, singular, plural, url):
    n = queryset.order_by()[: COUNT_CAP + 1].count()
    more = n > COUNT_CAP
    n = min(n, COUNT_CAP)
    return DeskItem(n, more, singular if n == 1 and not more else plural, url)


def desk_items(user):
    """The queues `user` may see, in the order an editor works them, empty ones included (a
    zero says the queue is clear). One bounded count each."""
    items = []
    articles = reverse("admin:articles_article_changelist")
    if user.has_perm("articles.view_article"):
        items += [
            _item(
                Article.objects.filter(status=Article.Status.REVIEW),
                "article in review",
                "articles in review",
                f"{articles}?status=review",
            ),
            _item(
                SendBack.objects.open().values("article").distinct(),
                "draft sent back to fix",
                "drafts sent back to fix",
                f"{articles}?sent_back=yes",
            ),
            _item(
                Article.objects.filter(
                    status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
                ),
                "article scheduled",
                "articles scheduled",
                f"{articles}?status=scheduled",
            ),
        ]
    for model, singular, plural in [
        (Person, "person to check", "people to check"),
        (Event, "event to check", "events to check"),
        (Agreement, "document to check", "documents to check"),
    ]:
        opts = model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            items.append(
                _item(
                    model.objects.filter(needs_review=True),
                    singular,
                    plural,
                    f"{url}?needs_review__exact=1",
                )
            )
    if user.has_perm("articles.view_importrecord"):
        since = timezone.now() - dt.timedelta(days=IMPORT_ERRORS_DAYS)
        items.append(
            _item(
                ImportRecord.objects.filter(
                    status=ImportRecord.Outcome.ERROR, created_at__gte=since
                ),
                f"file refused by the importer in the last {IMPORT_ERRORS_DAYS} days",
                f"files refused by the importer in the last {IMPORT_ERRORS_DAYS} days",
                reverse("admin:articles_importrecord_changelist") + "?status__exact=error",
            )
        )
    return items
