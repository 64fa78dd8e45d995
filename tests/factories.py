"""factory_boy factories shared by every test area."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Source
from relations.models import Agreement, Country, Event, Organization, Person, Position


def country(code):
    """Seeded ISO countries are reference data: look them up, never create them."""
    return Country.objects.get(code=code.upper())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Outlet {n}")
    kind = Source.Kind.NEWS_AGENCY


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organization {n}")
    abbreviation = factory.Sequence(lambda n: f"ORG{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person Number{n}")
    country = factory.LazyFunction(lambda: country("KZ"))


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Deputy Minister {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Summit {n}")
    kind = Event.Kind.SUMMIT
    starts_on = dt.date(2025, 7, 3)
    ends_on = dt.date(2025, 7, 4)
    city = "Astana"
    host_country = factory.LazyFunction(lambda: country("KZ"))


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Memorandum of Understanding on Topic {n}")
    kind = Agreement.Kind.MEMORANDUM
    signed_on = dt.date(2025, 7, 4)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published, live article by default."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Ministers discuss cooperation, part {n}")
    body = "The parties discussed trade and transit.\n\nThey agreed to meet again next year."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    source = factory.LazyFunction(lambda: Source.objects.get(name="Kazinform"))

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(country(c) if isinstance(c, str) else c for c in extracted)

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if create and extracted:
            self.people.set(extracted)

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        if create and extracted:
            self.events.set(extracted)

    @factory.post_generation
    def agreements(self, create, extracted, **kwargs):
        if create and extracted:
            self.agreements.set(extracted)

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizations.set(extracted)

    @factory.post_generation
    def positions(self, create, extracted, **kwargs):
        if create and extracted:
            self.positions.set(extracted)

    @factory.post_generation
    def figures(self, create, extracted, **kwargs):
        if create and extracted:
            self.figures.set(extracted)


def event_form_data(event, **changes):
    """What an event's admin change form posts, with `changes`."""
    data = {
        "name": event.name,
        "slug": event.slug,
        "kind": event.kind,
        "summary": event.summary,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "dates_precision": event.dates_precision,
        "city": event.city,
        "host_country": event.host_country_id,
        "aliases": "\n".join(event.aliases),
        "review_note": "",
    }
    data.update(changes)
    return data
