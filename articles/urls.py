from django.urls import path

from relations import converters  # noqa: F401 - registers <alpha2:...>

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path(
        "articles/<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("preview/articles/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/latest/", views.cached(feeds.LatestFeed()), name="feed-latest"),
    path("feeds/latest/atom/", views.cached(feeds.LatestAtomFeed()), name="feed-latest-atom"),
    path("countries/<alpha2:code>/feed/", views.cached(feeds.CountryFeed()), name="feed-country"),
    path(
        "countries/<alpha2:code>/feed/atom/",
        views.cached(feeds.CountryAtomFeed()),
        name="feed-country-atom",
    ),
    path("events/<slug:slug>/feed/", views.cached(feeds.EventFeed()), name="feed-event"),
    path(
        "events/<slug:slug>/feed/atom/", views.cached(feeds.EventAtomFeed()), name="feed-event-atom"
    ),
]
