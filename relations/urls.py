from django.urls import path

from . import converters, views  # noqa: F401 - converters registers <alpha2:...>

app_name = "relations"

urlpatterns = [
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path("countries/<alpha2:code>/", views.CountryDetailView.as_view(), name="country-detail"),
    path("countries/<alpha2:a>/<alpha2:b>/", views.CountryPairView.as_view(), name="country-pair"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement-list"),
    path(
        "agreements/export.csv", views.agreement_export, {"fmt": "csv"}, name="agreement-export-csv"
    ),
    path(
        "agreements/export.json",
        views.agreement_export,
        {"fmt": "json"},
        name="agreement-export-json",
    ),
    path("agreements/<slug:slug>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
]
