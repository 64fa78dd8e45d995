from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from .models import Agreement, Country, Event, Person


class CountryListView(ListView):
    template_name = "relations/country_list.html"
    model = Country


class CountryDetailView(DetailView):
    template_name = "relations/entity_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Country, code=self.kwargs["code"].upper())


class CountryPairView(TemplateView):
    template_name = "relations/entity_detail.html"

    def get_context_data(self, **kwargs):
        a = get_object_or_404(Country, code=self.kwargs["a"].upper())
        b = get_object_or_404(Country, code=self.kwargs["b"].upper())
        if a == b:
            raise Http404
        return super().get_context_data(object=f"{a} – {b}", **kwargs)


class EventListView(ListView):
    template_name = "relations/entity_list.html"
    model = Event


class EventDetailView(DetailView):
    template_name = "relations/entity_detail.html"
    model = Event


class PersonDetailView(DetailView):
    template_name = "relations/entity_detail.html"
    model = Person


class AgreementListView(ListView):
    template_name = "relations/entity_list.html"
    model = Agreement


class AgreementDetailView(DetailView):
    template_name = "relations/entity_detail.html"
    model = Agreement
