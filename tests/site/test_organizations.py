"""Organization pages: /organizations/ and /organizations/<slug>/ show an organization's
members, its events, the documents it adopted and its published coverage; an organization
nothing public names has no page."""

import datetime as dt
import json
import re
from dataclasses import dataclass

import feedparser
import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from articles.models import Article
from relations.addresses import FormerAddress
from relations.models import Country, Organization, Signatory
from relations.services import entity_merge
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
)
from tests.site.conftest import bulk_articles, warm

SCO = "/organizations/sco/"


@dataclass
class Orgs:
    sco: object
    summit: object
    ministers: object
    declaration: object
    sideline: object
    protocol: object
    article: object
    hidden: object


@pytest.fixture
def orgs(world):
    sco = Organization.objects.get(slug="sco")  # seeded, with its member countries
    summit = EventFactory(
        name="SCO Summit 2025",
        slug="sco-summit-2025",
        organization=sco,
        city="Tianjin",
        host_country=world.cn,
        starts_on=dt.date(2025, 8, 31),
        ends_on=dt.date(2025, 9, 1),
    )
    ministers = EventFactory(
        name="SCO Council of Foreign Ministers",
        slug="sco-cfm-2024",
        organization=sco,
        city="Astana",
        starts_on=dt.date(2024, 5, 20),
        ends_on=dt.date(2024, 5, 21),
    )
    # A summit's declaration names no parties: the organization's document.
    declaration = AgreementFactory(
        title="Tianjin Declaration of the Heads of State", kind="declaration", event=summit
    )
    # Two countries' memorandum signed on the summit's sidelines: theirs, not the SCO's.
    sideline = AgreementFactory(title="Kazakh-Chinese memorandum on border rail", event=summit)
    sideline.parties.set([world.kz, world.cn])
    protocol = AgreementFactory(title="Protocol on dialogue partners", kind="protocol")
    protocol.party_organizations.set([sco])
    article = ArticleFactory(
        title="Leaders gather in Tianjin for the SCO summit",
        organizations=[sco],
        events=[summit, ministers],
        agreements=[declaration, sideline, protocol],
        countries=["KZ", "CN"],
    )
    ArticleFactory(title="SECRET draft on the SCO budget", status="draft", organizations=[sco])
    # Named only by a draft: no page, whatever it is.
    hidden = OrganizationFactory(name="Caspian Secret Forum", abbreviation="CSF", slug="csf")
    hidden.members.set([world.kz])
    ArticleFactory(title="SECRET draft on a new forum", status="draft", organizations=[hidden])
    return Orgs(sco, summit, ministers, declaration, sideline, protocol, article, hidden)


def main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


# -- the page ---------------------------------------------------------------------------------


def test_an_organization_page_shows_its_members_events_documents_and_coverage(client, orgs):
    response = client.get(SCO)

    assert response.status_code == 200
    page = main(response)
    assert "<h1>Shanghai Cooperation Organization" in page and "(SCO)" in page
    for code, name in [("kz", "Kazakhstan"), ("cn", "China"), ("by", "Belarus")]:
        assert f'<a href="/countries/{code}/">{name}</a>' in page
    # Its events, newest first, with their dates and cities.
    summit = page.index('href="/events/sco-summit-2025/"')
    ministers = page.index('href="/events/sco-cfm-2024/"')
    assert summit < ministers
    assert '<time datetime="2025-08-31">31 Aug 2025</time>, Tianjin' in page
    # Documents: its own and its summit's, not two members' bilateral one.
    assert orgs.declaration.get_absolute_url() in page
    assert orgs.protocol.get_absolute_url() in page
    assert orgs.sideline.get_absolute_url() not in page
    # Coverage as cards, and the whole filtered list.
    assert orgs.article.title in page
    assert 'href="/articles/?organization=sco"' in page


def test_an_organization_page_has_its_canonical_address_og_tags_and_json_ld(client, orgs):
    html = client.get(SCO).content.decode()

    assert '<link rel="canonical" href="http://testserver/organizations/sco/">' in html
    assert '<meta property="og:url" content="http://testserver/organizations/sco/">' in html
    assert '<meta property="og:title" content="Shanghai Cooperation Organization (SCO)">' in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block[1])
    assert data["@type"] == "Organization"
    assert data["name"] == "Shanghai Cooperation Organization"
    assert data["alternateName"] == "SCO"
    assert data["url"] == "http://testserver/organizations/sco/"
    assert {"@type": "Country", "name": "Kazakhstan"} in data["member"]


def test_an_organization_page_shows_published_coverage_only(client, orgs):
    page = main(client.get(SCO))

    assert "SECRET" not in page
    assert "(1 article)" in page


@pytest.mark.parametrize("few", [500, 0])
def test_a_broadly_covered_organization_reads_the_same_coverage_by_date(
    client, orgs, monkeypatch, few
):
    """Above `ORGANIZATION_FEW_LINKS` links the page walks the date index instead of sorting
    every linked article: the same cards and count either way, drafts left out."""
    from relations import views

    monkeypatch.setattr(views, "ORGANIZATION_FEW_LINKS", few)
    page = main(client.get(SCO))

    assert "SECRET" not in page
    assert "(1 article)" in page


def test_names_from_editors_are_escaped(client, orgs):
    orgs.sco.name = "Forum <script>alert(1)</script>"
    orgs.sco.save()

    html = client.get(SCO).content.decode()

    assert "<script>alert(1)" not in html
    assert "Forum &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_list_shows_public_organizations_with_their_counts(client, orgs):
    page = main(client.get("/organizations/"))

    assert '<a href="/organizations/sco/">Shanghai Cooperation Organization</a>' in page
    # One published article (the draft is not counted); the seeded members.
    assert "1 article · 10 member countries" in page
    assert "Caspian Secret Forum" not in page
    assert "Commonwealth of Independent States" not in page  # seeded, nothing public yet


def test_the_filtered_article_list_keeps_working(client, orgs):
    page = main(client.get("/articles/?organization=sco"))

    assert orgs.article.title in page
    assert "SECRET" not in page


def test_the_article_list_names_no_organization_the_public_does_not_see(client, orgs):
    """Only drafts link it: filtering by it names nothing, as for an unknown one."""
    response = client.get("/articles/?organization=csf")
    page = main(response)
    assert "Caspian Secret Forum" not in page
    assert "No organization has this name or slug." in page
    assert not response.context["articles"]


# -- the gate ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/organizations/csf/", "/organizations/csf/feed/", "/organizations/csf/feed/atom/"]
)
def test_an_organization_with_only_draft_coverage_has_no_page_or_feed(client, orgs, url):
    assert client.get(url).status_code == 404


def test_an_unknown_organization_is_a_404(client, orgs):
    assert client.get("/organizations/no-such-body/").status_code == 404


def test_an_organization_becomes_public_with_its_first_published_article(client, orgs):
    ArticleFactory(title="A forum is founded", organizations=[orgs.hidden])

    assert client.get("/organizations/csf/").status_code == 200


def test_the_organizer_of_a_public_event_is_public(client, world):
    forum = OrganizationFactory(name="Astana International Forum", slug="aif")
    event = EventFactory(name="Forum 2025", slug="forum-2025", organization=forum)
    ArticleFactory(events=[event])  # names the event, not the organization

    assert client.get("/organizations/aif/").status_code == 200
    assert 'href="/organizations/aif/"' in main(client.get("/events/forum-2025/"))


def test_a_party_to_a_public_agreement_is_public(client, world):
    union = OrganizationFactory(name="Eurasian Economic Union", slug="eaeu")
    treaty = AgreementFactory(title="Free trade agreement", slug="fta")
    treaty.party_organizations.set([union])
    ArticleFactory(agreements=[treaty])

    assert client.get("/organizations/eaeu/").status_code == 200
    assert 'href="/organizations/eaeu/"' in main(client.get("/agreements/fta/"))


def test_the_organizer_of_an_event_only_a_draft_names_stays_hidden(client, world):
    forum = OrganizationFactory(name="Secret forum", slug="secret-forum")
    event = EventFactory(name="Secret forum 2026", organization=forum)
    ArticleFactory(events=[event], status="draft")

    assert client.get("/organizations/secret-forum/").status_code == 404


# -- links from other pages -------------------------------------------------------------------


def test_an_event_page_links_its_organization(client, orgs):
    page = main(client.get(orgs.summit.get_absolute_url()))

    assert '<a href="/organizations/sco/">Shanghai Cooperation Organization (SCO)</a>' in page


def test_an_agreement_page_links_its_party_organizations(client, orgs):
    page = main(client.get(orgs.protocol.get_absolute_url()))

    assert '<a href="/organizations/sco/">Shanghai Cooperation Organization (SCO)</a>' in page


def test_a_role_links_its_organization_only_when_that_has_a_page(client, orgs):
    person = PersonFactory(name="Nurlan Yermekbayev", slug="yermekbayev")
    roles = [
        PositionFactory(person=person, title="Secretary-General", organization=orgs.sco),
        PositionFactory(person=person, title="Forum envoy", organization=orgs.hidden),
    ]
    ArticleFactory(people=[person], positions=roles)

    page = main(client.get("/people/yermekbayev/"))

    assert '<a href="/organizations/sco/">Shanghai Cooperation Organization (SCO)</a>' in page
    # The organization after a comma: in brackets, its own abbreviation nested ("(… (CSF))").
    assert "Forum envoy, Caspian Secret Forum (CSF)" in page
    assert 'Secretary-General, <a href="/organizations/sco/">' in page
    assert "/organizations/csf/" not in page


def test_a_signatory_for_an_organization_links_it(client, orgs):
    person = PersonFactory(name="Sohail Khan")
    Signatory.objects.create(
        agreement=orgs.protocol,
        person=person,
        role="Secretary-General",
        party_organization=orgs.sco,
    )

    page = main(client.get(orgs.protocol.get_absolute_url()))

    assert (
        '<td><a href="/organizations/sco/">Shanghai Cooperation Organization (SCO)</a></td>' in page
    )


def test_a_country_page_names_the_public_organizations_it_is_a_member_of(client, orgs):
    page = main(client.get("/countries/kz/"))

    assert "Member of:" in page
    assert 'href="/organizations/sco/"' in page
    assert "/organizations/csf/" not in page  # a member, but nothing public names it


def test_the_header_links_the_organization_list(client, orgs):
    html = client.get("/organizations/").content.decode()

    assert '<a href="/organizations/" aria-current="page">Organizations</a>' in html


def test_the_organization_url_is_its_page(orgs):
    assert orgs.sco.get_absolute_url() == SCO


# -- sitemap and feeds ------------------------------------------------------------------------


def test_the_sitemap_lists_public_organizations_only(client, orgs):
    root = etree.fromstring(client.get("/sitemap.xml").content)
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = {loc.text.split("testserver", 1)[1] for loc in root.iterfind(".//sm:loc", ns)}

    assert {"/organizations/", SCO} <= paths
    assert "/organizations/csf/" not in paths


@pytest.mark.parametrize(("suffix", "version"), [("feed/", "rss20"), ("feed/atom/", "atom10")])
def test_an_organization_feed_is_its_published_coverage(client, orgs, suffix, version):
    response = client.get(SCO + suffix)
    parsed = feedparser.parse(response.content)

    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
    assert parsed.feed.title == "Newsroom: Shanghai Cooperation Organization (SCO)"
    assert [e.title for e in parsed.entries] == [orgs.article.title]


def test_an_organization_page_advertises_its_feeds(client, orgs):
    html = client.get(SCO).content.decode()

    assert (
        'type="application/rss+xml" title="Shanghai Cooperation Organization (SCO) (RSS)"' in html
    )
    assert 'href="/organizations/sco/feed/atom/"' in html


# -- moved addresses --------------------------------------------------------------------------


def test_an_organization_with_a_new_slug_answers_its_old_addresses(client, orgs):
    orgs.sco.slug = "shanghai-cooperation"
    orgs.sco.save()

    for suffix in ("", "feed/", "feed/atom/"):
        response = client.get(f"{SCO}{suffix}")
        assert response.status_code == 301
        assert response["Location"] == f"/organizations/shanghai-cooperation/{suffix}"
        assert client.get(response["Location"]).status_code == 200


def test_a_merged_away_organization_answers_with_the_kept_ones_page(client, orgs, superuser):
    duplicate = OrganizationFactory(name="Shanghai Organisation", slug="shanghai-organisation")
    ArticleFactory(organizations=[duplicate])

    entity_merge(keep=orgs.sco, duplicates=[duplicate], by=superuser)

    response = client.get("/organizations/shanghai-organisation/")
    assert response.status_code == 301
    assert response["Location"] == SCO


def test_a_hidden_organization_that_moved_is_still_a_404(client, orgs):
    orgs.hidden.slug = "caspian-forum"
    orgs.hidden.save()

    assert FormerAddress.objects.filter(old_path="/organizations/csf/").exists()
    assert client.get("/organizations/csf/").status_code == 404


# -- page cache -------------------------------------------------------------------------------


def publish(orgs):
    ArticleFactory(title="A new secretary-general takes office", organizations=[orgs.sco])
    return "A new secretary-general takes office"


def rename(orgs):
    orgs.sco.name = "Shanghai Cooperation Organisation"
    orgs.sco.save()
    return "Shanghai Cooperation Organisation"


def move_event(orgs):
    orgs.summit.city = "Qingdao"
    orgs.summit.save()
    return "Qingdao"


def retitle_document(orgs):
    orgs.declaration.title = "Tianjin Declaration on Sustainable Development"
    orgs.declaration.save()
    return "Tianjin Declaration on Sustainable Development"


def adopt_document(orgs):
    strategy = AgreementFactory(title="Development strategy to 2035", event=orgs.summit)
    orgs.article.agreements.add(strategy)  # public once a published article names it
    return "Development strategy to 2035"


def admit_member(orgs):
    orgs.sco.members.add(Country.objects.get(code="MN"))
    return '<a href="/countries/mn/">Mongolia</a>'


@pytest.mark.parametrize(
    "change", [publish, rename, move_event, retitle_document, adopt_document, admit_member]
)
def test_the_page_is_purged_when_what_it_shows_changes(client, orgs, cached, commit, change):
    warm(client, SCO)

    with commit():
        expected = change(orgs)

    response = client.get(SCO)
    assert response["X-Page-Cache"] == "miss"
    assert expected in main(response)


def test_a_withdrawn_article_leaves_the_cached_page_at_once(client, orgs, cached, commit):
    other = ArticleFactory(title="Ministers prepare the summit", organizations=[orgs.sco])
    warm(client, SCO)

    with commit():
        other.status = Article.Status.ARCHIVED
        other.save()

    assert "Ministers prepare the summit" not in main(client.get(SCO))


def test_withdrawing_everything_that_names_it_takes_the_page_down(client, orgs, cached, commit):
    warm(client, SCO)

    with commit():
        orgs.article.status = Article.Status.ARCHIVED
        orgs.article.save()

    assert client.get(SCO).status_code == 404
    assert SCO not in main(client.get("/organizations/"))


def test_the_list_is_purged_when_an_organization_is_renamed(client, orgs, cached, commit):
    warm(client, "/organizations/")

    with commit():
        rename(orgs)

    assert "Shanghai Cooperation Organisation" in main(client.get("/organizations/"))


# -- query budget -----------------------------------------------------------------------------


def link_to(organization, articles):
    through = Article.organizations.through
    through.objects.bulk_create(
        through(article_id=a.pk, organization_id=organization.pk) for a in articles
    )


@pytest.mark.parametrize(
    "url", ["/organizations/", SCO, SCO + "feed/", SCO + "feed/atom/", "/countries/kz/"]
)
def test_query_count_is_the_same_for_60_and_600_articles(client, world, orgs, url):
    def count():
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    link_to(orgs.sco, bulk_articles(world, 60))
    small = count()
    assert small <= 12
    # Ten times the coverage, and more organizations, events and documents.
    link_to(orgs.sco, bulk_articles(world, 540, start=60))
    for i in range(3):
        ArticleFactory(organizations=[OrganizationFactory(name=f"Regional body {i}")])
        event = EventFactory(organization=orgs.sco)
        ArticleFactory(events=[event], agreements=[AgreementFactory(event=event)])
    assert count() == small
