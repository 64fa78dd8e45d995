"""Fixtures and helpers for spreadsheet import/export tests."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from import_export.formats.base_formats import CSV, JSON, XLSX

from articles.models import Article, Source
from articles.resources import ArticleResource, SourceResource
from relations.models import Agreement, Event, Organization, Person
from relations.resources import (
    AgreementResource,
    EventResource,
    OrganizationResource,
    PersonResource,
)
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
    country,
)

#: Import order: every file only names rows of the files before it (countries are seeded).
DEPENDENCY_ORDER = [
    SourceResource,
    OrganizationResource,
    PersonResource,
    EventResource,
    AgreementResource,
    ArticleResource,
]
FORMATS = {"csv": CSV, "xlsx": XLSX, "json": JSON}


def export_file(resource_class, fmt, queryset=None, **kwargs):
    """What the admin would hand out: native types for binary formats, text otherwise."""
    binary = fmt is XLSX
    dataset = resource_class(**kwargs).export(queryset=queryset, force_native_type=binary)
    return fmt().export_data(dataset)


def read_file(fmt, content):
    return fmt(encoding="utf-8-sig").create_dataset(content)


def import_file(resource_class, fmt, content, **kwargs):
    return resource_class().import_data(read_file(fmt, content), **kwargs)


def at(day, hour=10, minute=30):
    return timezone.make_aware(dt.datetime(2025, 9, day, hour, minute))


def staff_with(*codenames):
    user = UserFactory()
    perms = []
    for codename in codenames:
        app_label, name = codename.split(".")
        perms.append(Permission.objects.get(content_type__app_label=app_label, codename=name))
    user.user_permissions.set(perms)
    return user


def dump():
    """Every spreadsheet model's content by natural keys, relations as sorted key tuples."""

    def keys(manager, attr):
        return tuple(sorted(getattr(obj, attr) for obj in manager.all()))

    def code(obj):
        return obj.code if obj else None

    return {
        "sources": sorted(
            (s.name, s.slug, s.kind, s.homepage, code(s.country), tuple(s.aliases), s.description)
            for s in Source.objects.select_related("country")
        ),
        "organizations": sorted(
            (o.slug, o.name, o.abbreviation, tuple(o.aliases), o.homepage, keys(o.members, "code"))
            for o in Organization.objects.all()
        ),
        "people": sorted(
            (p.slug, p.name, tuple(p.aliases), code(p.country), p.bio, p.needs_review)
            for p in Person.objects.select_related("country")
        ),
        "events": sorted(
            (
                e.slug,
                e.name,
                e.kind,
                e.starts_on,
                e.ends_on,
                e.city,
                code(e.host_country),
                e.organization.slug if e.organization else None,
                keys(e.countries, "code"),
                keys(e.participants, "slug"),
                e.summary,
            )
            for e in Event.objects.select_related("host_country", "organization")
        ),
        "agreements": sorted(
            (
                a.slug,
                a.title,
                a.kind,
                a.status,
                a.signed_on,
                a.in_force_on,
                a.event.slug if a.event else None,
                keys(a.parties, "code"),
                keys(a.party_organizations, "slug"),
                a.summary,
                tuple(a.aliases),
            )
            for a in Agreement.objects.select_related("event")
        ),
        "articles": sorted(
            (
                a.slug,
                str(a.published_at),
                a.title,
                a.status,
                a.language,
                a.summary,
                a.body,
                a.body_html,
                a.byline,
                a.dateline,
                a.source.name if a.source else None,
                a.cited_source.name if a.cited_source else None,
                a.image_credit,
                keys(a.countries, "code"),
                keys(a.people, "slug"),
                keys(a.organizations, "slug"),
                keys(a.events, "slug"),
                keys(a.agreements, "slug"),
            )
            for a in Article.objects.select_related("source", "cited_source")
        ),
    }


def wipe_content():
    """Empty every imported table (countries stay: they are seeded reference data)."""
    Article.objects.all().delete()
    Agreement.objects.all().delete()
    Event.objects.all().delete()
    Person.objects.all().delete()
    Organization.objects.all().delete()
    Source.objects.all().delete()


@pytest.fixture
def newsroom(db):
    """A small archive touching every relation a spreadsheet carries."""
    sco = OrganizationFactory(
        name="Test Cooperation Council", abbreviation="TCC", aliases=["T.C.C."]
    )
    sco.members.set([country("KZ"), country("MN"), country("CN")])
    tokayev = PersonFactory(
        name="Kassym-Jomart Tokayev", aliases=["Tokaev", "Токаев"], bio="President."
    )
    khurelsukh = PersonFactory(name="Ukhnaagiin Khurelsukh", country=country("MN"))
    summit = EventFactory(name="Astana Summit 2025", organization=sco, summary="Leaders met.")
    summit.countries.set([country("KZ"), country("MN")])
    summit.participants.set([tokayev, khurelsukh])
    mou = AgreementFactory(title="MoU on Transit", event=summit, aliases=["Transit MoU"])
    mou.parties.set([country("KZ"), country("MN")])
    mou.party_organizations.set([sco])
    source = Source.objects.get(name="Akorda")
    ArticleFactory(
        title="Presidents hold talks in Astana",
        published_at=at(5),
        source=source,
        cited_source=Source.objects.get(name="Kazinform"),
        summary="-5% tariffs =discussed",
        countries=["KZ", "MN"],
        people=[tokayev, khurelsukh],
        events=[summit],
        agreements=[mou],
    )
    article = ArticleFactory(
        title="Draft: transit corridor",
        status=Article.Status.DRAFT,
        published_at=None,
        source=None,
        byline="@desk",
    )
    article.organizations.set([sco])
    return {"org": sco, "person": tokayev, "event": summit, "agreement": mou}
