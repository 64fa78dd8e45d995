from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from .models import Article, Source


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.for_listing()[:20]


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.for_listing()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        article = get_object_or_404(
            Article.objects.published().select_related("source", "cited_source"),
            slug=self.kwargs["slug"],
            published_at__year=self.kwargs["year"],
            published_at__month=self.kwargs["month"],
            published_at__day=self.kwargs["day"],
        )
        return article


@method_decorator([staff_member_required, never_cache], name="dispatch")
class ArticlePreviewView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    queryset = Article.objects.select_related("source", "cited_source")


class SourceDetailView(DetailView):
    template_name = "articles/source_detail.html"
    context_object_name = "source"
    model = Source
