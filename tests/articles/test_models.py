import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from relations.models import Country
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_gate_shows_only_published_and_due_articles():
    live = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    ArticleFactory(status=Article.Status.ARCHIVED)
    ArticleFactory(published_at=timezone.now() + dt.timedelta(hours=1))
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_becomes_live_when_its_time_comes(time_machine=None):
    article = ArticleFactory(published_at=timezone.now() + dt.timedelta(minutes=5))
    assert article.is_scheduled() and not article.is_live()
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_database_refuses_published_article_without_publication_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(published_at=None)


def test_database_refuses_unknown_status():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="leaked")


def test_slug_is_made_from_title_and_kept_unique():
    first = ArticleFactory(title="Talks in Astana")
    second = ArticleFactory(title="Talks in Astana")
    assert first.slug == "talks-in-astana"
    assert second.slug == "talks-in-astana-2"


def test_fingerprint_is_unique_when_present():
    ArticleFactory(fingerprint="a" * 64)
    ArticleFactory(fingerprint=None)
    ArticleFactory(fingerprint=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(fingerprint="a" * 64)


def test_body_is_rendered_once_on_save_and_sanitised():
    article = ArticleFactory(
        body="## Signed\n\n- Roadmap\n\n<script>alert(1)</script><img src=x onerror=alert(2)>"
    )
    assert "<h2>Signed</h2>" in article.body_html
    assert "<li>Roadmap</li>" in article.body_html
    assert "<script" not in article.body_html
    assert "onerror" not in article.body_html


def test_body_headings_sit_below_the_pages_title():
    """The page's title is its one h1: a body's "# Heading" is an h2 (it was bare text once
    the sanitiser dropped the h1), and levels past h4 are h4."""
    article = ArticleFactory(body="# Background\n\nText.\n\n###### Note\n\nMore.")
    assert article.body_html == "<h2>Background</h2>\n<p>Text.</p>\n<h4>Note</h4>\n<p>More.</p>"
    underlined = ArticleFactory(body="Background\n==========\n\nText.")
    assert underlined.body_html == "<h2>Background</h2>\n<p>Text.</p>"


def test_absolute_url_carries_the_local_publication_date():
    article = ArticleFactory(
        title="Summit opens",
        published_at=dt.datetime(2025, 9, 5, 20, 30, tzinfo=dt.UTC),  # 6 Sept in Astana
    )
    assert article.get_absolute_url() == "/articles/2025/09/06/summit-opens/"


def test_word_count_is_derived_from_the_body():
    assert ArticleFactory(body="One two three.\n\nFour five.").word_count == 5


def test_the_migration_renders_stored_h1_headings_again():
    """Bodies saved before headings were demoted kept their h1 as bare text; migration 0012
    renders those again, and only those, without a new revision or change time."""
    from importlib import import_module

    from django.apps import apps

    from articles.models import Article

    migration = import_module("articles.migrations.0012_rerender_body_headings")
    stale = ArticleFactory(body="# Background\n\nText.")
    underlined = ArticleFactory(body="Background\n===\n\nText.")
    other = ArticleFactory(body="## Already fine\n\nText.")
    Article.objects.filter(pk__in=[stale.pk, underlined.pk]).update(
        body_html="Background\n<p>Text.</p>"
    )
    Article.objects.filter(pk=other.pk).update(body_html="<p>left alone</p>")
    before = Article.objects.get(pk=stale.pk)

    migration.rerender(apps, None)

    after = Article.objects.get(pk=stale.pk)
    assert after.body_html == "<h2>Background</h2>\n<p>Text.</p>"
    assert after.body_html == stale.body_html  # what a save renders today
    assert after.updated_at == before.updated_at
    assert after.history.count() == before.history.count()
    assert Article.objects.get(pk=underlined.pk).body_html == after.body_html
    assert Article.objects.get(pk=other.pk).body_html == "<p>left alone</p>"


def test_the_migration_links_stored_figures_to_the_articles_quoting_them():
    """Figures stored before articles linked them (migration 0013) go to the texts that quote
    them; a figure no text quotes is linked to none (and is not public until an editor links
    it)."""
    from importlib import import_module

    from django.apps import apps

    from relations.models import Figure, Indicator

    migration = import_module("articles.migrations.0013_article_figures")
    kz, mn = Country.objects.get(code="KZ"), Country.objects.get(code="MN")
    indicator = Indicator.objects.create(name="Trade turnover", unit="USD million")
    sentence = "Trade grew to 12.5 million dollars in 2020."
    quoted = Figure.objects.create(
        indicator=indicator, country_a=kz, country_b=mn, year=2020, value=12.5, quote=sentence
    )
    unquoted = Figure.objects.create(
        indicator=indicator, country_a=kz, country_b=mn, year=2021, value=13, quote=""
    )
    stating = ArticleFactory(
        body=f"The talks went well.\n\n{sentence} More is expected.", countries=[kz, mn]
    )
    ArticleFactory(body="Nothing about trade.", countries=[kz, mn])
    # The same sentence about another pair: only the figure's pair is searched.
    ArticleFactory(body=sentence, countries=[kz, "CN"])

    migration.link_quoted(apps, None)

    assert list(quoted.articles.all()) == [stating]
    assert not unquoted.articles.exists()


def test_the_migration_marks_imported_articles_at_noon_as_having_no_known_time():
    """Noon is what the importer assumed for a day without a time (migration 0015)."""
    from importlib import import_module
    from zoneinfo import ZoneInfo

    from django.apps import apps

    migration = import_module("articles.migrations.0015_article_published_time_known")
    almaty = ZoneInfo("Asia/Almaty")
    noon = dt.datetime(2025, 9, 1, 12, 0, tzinfo=almaty)
    assumed = ArticleFactory(fingerprint="a" * 64, published_at=noon)
    timed = ArticleFactory(fingerprint="b" * 64, published_at=noon.replace(minute=30))
    written = ArticleFactory(fingerprint=None, published_at=noon)  # an editor's noon

    migration.mark_assumed_noons(apps, None)

    known = dict(Article.objects.values_list("pk", "published_time_known"))
    assert (known[assumed.pk], known[timed.pk], known[written.pk]) == (False, True, True)


def test_text_is_stored_with_lf_line_endings_whatever_route_it_came_by():
    """Browsers submit a textarea with CRLF; a CSV import gives LF. One stored form."""
    article = ArticleFactory(summary="One.\r\nTwo.", body="Para one.\r\n\r\nPara two.\rEnd.")

    stored = Article.objects.get(pk=article.pk)
    assert stored.summary == "One.\nTwo."
    assert stored.body == "Para one.\n\nPara two.\nEnd."


def test_publication_time_is_stored_to_the_second():
    """As a spreadsheet holds it: the "Publish" action's microseconds made a round trip
    change the article."""
    moment = timezone.make_aware(dt.datetime(2025, 9, 5, 5, 12, 51, 687501))

    article = ArticleFactory(published_at=moment)

    assert Article.objects.get(pk=article.pk).published_at == moment.replace(microsecond=0)


def test_the_migration_stores_existing_text_with_lf_and_times_to_the_second():
    """Rows written before the rule: migration 0017 brings them in line, without a new
    revision or change time."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("articles.migrations.0017_body_line_endings")
    browser = ArticleFactory(body="Para one.\n\nPara two.", summary="Short.")
    moment = timezone.make_aware(dt.datetime(2025, 9, 5, 5, 12, 51, 687501))
    Article.objects.filter(pk=browser.pk).update(
        body="Para one.\r\n\r\nPara two.", summary="Short.\r\nStill short.", published_at=moment
    )
    untouched = ArticleFactory(body="Plain.")
    before = Article.objects.get(pk=browser.pk)

    migration.normalise(apps, None)

    after = Article.objects.get(pk=browser.pk)
    assert (after.body, after.summary) == ("Para one.\n\nPara two.", "Short.\nStill short.")
    assert after.body_html == browser.body_html  # what a save renders
    assert after.published_at == moment.replace(microsecond=0)
    assert after.updated_at == before.updated_at
    assert after.history.count() == before.history.count()
    assert Article.objects.get(pk=untouched.pk).version == untouched.version
