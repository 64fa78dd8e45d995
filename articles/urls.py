from django.urls import path

from newsroom.http import read_only
from relations import converters  # noqa: F401 - registers <alpha2:...>

from . import feeds, views
from .caching import cache_public_page

app_name = "articles"


def feed(view):
    """A feed for GET and HEAD (405 otherwise, as every public page), from the page cache for
    anonymous readers."""
    return cache_public_page(read_only(view))


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<int:year>/", views.DateArchiveView.as_view(), name="archive-year"),
    path("articles/<int:year>/<int:month>/", views.DateArchiveView.as_view(), name="archive-month"),
    path(
        "articles/<int:year>/<int:month>/<int:day>/",
        views.DateArchiveView.as_view(),
        name="archive-day",
    ),
    path(
        "articles/<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("preview/articles/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/latest/", feed(feeds.LatestFeed()), name="feed-latest"),
    path("feeds/latest/atom/", feed(feeds.LatestAtomFeed()), name="feed-latest-atom"),
    path("countries/<alpha2:code>/feed/", feed(feeds.CountryFeed()), name="feed-country"),
    path(
        "countries/<alpha2:code>/feed/atom/",
        feed(feeds.CountryAtomFeed()),
        name="feed-country-atom",
    ),
    path("countries/<alpha2:a>/<alpha2:b>/feed/", feed(feeds.PairFeed()), name="feed-pair"),
    path(
        "countries/<alpha2:a>/<alpha2:b>/feed/atom/",
        feed(feeds.PairAtomFeed()),
        name="feed-pair-atom",
    ),
    path("people/<slug:slug>/feed/", feed(feeds.PersonFeed()), name="feed-person"),
    path("people/<slug:slug>/feed/atom/", feed(feeds.PersonAtomFeed()), name="feed-person-atom"),
    path("events/<slug:slug>/feed/", feed(feeds.EventFeed()), name="feed-event"),
    path(
        "events/<slug:slug>/feed/atom/",
        feed(feeds.EventAtomFeed()),
        name="feed-event-atom",
    ),
    path("sources/<slug:slug>/feed/", feed(feeds.SourceFeed()), name="feed-source"),
    path("sources/<slug:slug>/feed/atom/", feed(feeds.SourceAtomFeed()), name="feed-source-atom"),
    path(
        "organizations/<slug:slug>/feed/", feed(feeds.OrganizationFeed()), name="feed-organization"
    ),
    path(
        "organizations/<slug:slug>/feed/atom/",
        feed(feeds.OrganizationAtomFeed()),
        name="feed-organization-atom",
    ),
]
