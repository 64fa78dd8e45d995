"""Small public views for the page-cache tests, independent of the site's templates."""

from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path
from django.views.generic import View

from articles.caching import CachePublicPageMixin, cache_public_page
from articles.models import Article


def titles(request):
    articles = Article.objects.published().prefetch_related("countries").order_by("pk")
    lines = [f"{a.title} [{', '.join(c.name for c in a.countries.all())}]" for a in articles]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def with_cookie(request):
    response = HttpResponse("personal")
    response.set_cookie("tracking", "1")
    return response


TITLES = engines["django"].from_string("{% for t in titles %}<p>{{ t }}</p>{% endfor %}")


class TemplatedTitles(CachePublicPageMixin, View):
    """A class-based view answering with an unrendered TemplateResponse, like ListView."""

    def get(self, request):
        titles = list(Article.objects.published().order_by("pk").values_list("title", flat=True))
        return TemplateResponse(request, TITLES, {"titles": titles})


urlpatterns = [
    path("titles/", cache_public_page(titles), name="titles"),
    path("cookie/", cache_public_page(with_cookie), name="cookie"),
    path("templated/", TemplatedTitles.as_view(), name="templated"),
]
