from django.urls import path

from . import views

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
]
