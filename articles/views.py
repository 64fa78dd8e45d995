"""Public article pages: front page, filtered list, article, source, search.

Every read goes through `Article.objects.published()` (directly or via `for_listing()`):
drafts, items in review, archived and scheduled articles are never shown or counted.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, RedirectView, TemplateView

from newsroom.http import read_only
from relations.middleware import moved_filters_redirect
from relations.models import Country
from relations.queries import capped_count, public_events, recent_events

from .caching import cache_public_page
from .filters import ArticleFilter
from .models import CARD_FIELDS, Article, Source
from .pagination import keyset_page
from .search import search_articles
from .sitemaps import sitemaps_for_request

PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 20
# "Most covered" on the front page counts the latest articles only: an index seek, not an
# aggregate over the whole archive, and it follows what the desk is writing about now.
FRONT_PAGE_WINDOW = 1000


def public_page(view):
    """A public class-based view served from the anonymous page cache."""
    return method_decorator(cache_public_page, name="dispatch")(view)


@method_decorator(read_only, name="dispatch")
class PublicView(TemplateView):
    pass


@public_page
class HomeView(PublicView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        events = public_events().select_related("host_country")
        recent = Article.objects.published().order_by("-published_at", "-pk")
        return super().get_context_data(
            articles=Article.objects.for_listing()[:12],
            upcoming_events=events.filter(starts_on__gte=today).order_by("starts_on", "name")[:4],
            recent_events=recent_events(today, limit=6),
            top_countries=Country.objects.filter(
                articles__in=recent[:FRONT_PAGE_WINDOW].values("pk")
            )
            .exclude(code=settings.HOME_COUNTRY)
            .annotate(n=Count("articles"))
            .order_by("-n", "name")[:10],
            front_page_window=FRONT_PAGE_WINDOW,
            **kwargs,
        )


@public_page
class ArticleListView(PublicView):
    template_name = "articles/article_list.html"

    def get(self, request, *args, **kwargs):
        self.filterset = ArticleFilter(request.GET or None, queryset=Article.objects.for_listing())
        # A slug an entity left (`?person=old-slug`) leads where its old page does.
        moved = self.filterset.moved_slugs()
        if moved:
            return moved_filters_redirect(request, moved)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        if filterset.is_bound and not filterset.is_valid():
            page = keyset_page(Article.objects.none())
        else:
            page = keyset_page(
                filterset.qs,
                before=self.request.GET.get("before"),
                after=self.request.GET.get("after"),
                size=PAGE_SIZE,
            )
        return super().get_context_data(filter=filterset, page=page, articles=page.items, **kwargs)


def published_editions(article):
    """The story's other published editions, with what "Also in" and the alternates show.

    A story has at most one edition per language (a unique constraint), so they are read by
    key and gated here by `is_live()`, the instance form of `published()`. With the gate in
    the query, SQLite's sampled statistics made it walk every published article by date
    instead (65 ms at 50,000 articles, against 0.1).
    """
    editions = article.editions(
        Article.objects.only("title", "slug", "language", "status", "published_at")
    )
    return [edition for edition in editions if edition.is_live()]


@public_page
@method_decorator(read_only, name="dispatch")
class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Article.objects.published().select_related("source", "cited_source"),
            slug=self.kwargs["slug"],
            published_at__year=self.kwargs["year"],
            published_at__month=self.kwargs["month"],
            published_at__day=self.kwargs["day"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            links=self.object.linked_entities(), editions=published_editions(self.object), **kwargs
        )


@method_decorator(read_only, name="dispatch")
class DateArchiveView(RedirectView):
    """An article's address cut short, as a reader shortens it (`/articles/2025/09/`): the
    article list for that year, month or day, with the list's own date filters. A date that
    does not exist is a 404."""

    def get_redirect_url(self, year, month=None, day=None):
        try:
            if day is not None:
                first = last = dt.date(year, month, day)
            elif month is not None:
                first = dt.date(year, month, 1)
                last = first.replace(day=calendar.monthrange(year, month)[1])
            else:
                first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        except (ValueError, OverflowError) as exc:
            raise Http404("No such date.") from exc
        dates = {"date_after": first.isoformat(), "date_before": last.isoformat()}
        return f"{reverse('articles:list')}?{urlencode(dates)}"


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(DetailView):
    """Editors see any article as it will look; never cached, never public."""

    # Extends articles/article_detail.html (the public page) and only adds a banner.
    template_name = "articles/article_preview.html"
    context_object_name = "article"
    queryset = Article.objects.select_related("source", "cited_source")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_active and user.is_staff and user.has_perm("articles.view_article")):
            # 404, not a login redirect: outsiders learn nothing about unpublished stories.
            raise Http404("No such page.")
        response = super().dispatch(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            preview=True,
            links=self.object.linked_entities(),
            # What readers will see once it is live: the published editions only.
            editions=published_editions(self.object),
            **kwargs,
        )


@public_page
class SourceListView(PublicView):
    """The outlets published articles come from or cite, A to Z, with how many of each."""

    template_name = "articles/source_list.html"

    def get_context_data(self, **kwargs):
        published = Article.objects.published().order_by()
        counts = {
            field: dict(
                published.filter(**{f"{field}__isnull": False})
                .values_list(field)
                .annotate(n=Count("*"))
            )
            for field in ("source", "cited_source")
        }
        sources = list(Source.objects.public().select_related("country").order_by("name"))
        for source in sources:
            source.published_count = counts["source"].get(source.pk, 0)
            source.citing_count = counts["cited_source"].get(source.pk, 0)
        return super().get_context_data(sources=sources, **kwargs)


@public_page
@method_decorator(read_only, name="dispatch")
class SourceDetailView(DetailView):
    template_name = "articles/source_detail.html"
    context_object_name = "source"
    queryset = Source.objects.public()

    def get_context_data(self, **kwargs):
        source = self.object
        published = Article.objects.for_listing()
        return super().get_context_data(
            published=published.filter(source=source)[:PAGE_SIZE],
            published_count=capped_count(Article.objects.published().filter(source=source)),
            citing=published.filter(cited_source=source)[:PAGE_SIZE],
            citing_count=capped_count(Article.objects.published().filter(cited_source=source)),
            **kwargs,
        )


@public_page
class SearchView(PublicView):
    template_name = "articles/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        if not query:
            return super().get_context_data(query=query, results=[], **kwargs)
        matches = search_articles(
            query,
            # The search gates it; a hit shows a card's columns and its snippet.
            queryset=Article.objects.select_related("source").only(*CARD_FIELDS),
        )
        # Ranked hits page by number (the ranking has no cursor); the count is capped at
        # 1000, so at most 1000 / SEARCH_PAGE_SIZE pages, each ranked by one bounded query.
        page = Paginator(matches, SEARCH_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            query=query,
            results=page.object_list,
            result_count=matches.count(),
            page=page,
            **kwargs,
        )


# The sitemap protocol caps one file at 50,000 URLs.
SITEMAP_MAX_URLS = 50_000


@cache_public_page
@read_only
def sitemap_xml(request):
    """`/sitemap.xml`: every public URL in one file while they fit, else a sitemap index.

    Small archives (and crawlers that read one file) get everything at the contract URL; a
    large archive gets an index pointing at `/sitemap-<section>.xml` files, each paginated.
    """
    sitemaps = sitemaps_for_request()
    total = sum(site.paginator.count for site in sitemaps.values())
    if total <= SITEMAP_MAX_URLS:
        return sitemap_views.sitemap(request, sitemaps)
    return sitemap_views.index(request, sitemaps, sitemap_url_name="sitemap-section")


@cache_public_page
@read_only
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, sitemaps_for_request(), section=section)
