"""`lead_excerpt`: the teaser a card shows when an article has no summary."""

import pytest

from articles.rendering import lead_excerpt, plain_text, render_body

LIMIT = 120


def test_a_text_shorter_than_the_limit_is_shown_whole():
    assert lead_excerpt("Two ministers met. They agreed.  ", limit=LIMIT) == (
        "Two ministers met. They agreed."
    )


@pytest.mark.parametrize(
    "abbreviation",
    [
        "the U.S. Embassy",
        "Dr. Aliyev",
        "President K. Tokayev",
        "Aug. 31 to Sept. 1",
        "Jan. 12",
        "Dec. 3",
        "Amb. Smith",
    ],
)
def test_initials_titles_and_months_end_no_sentence(abbreviation):
    # Past the teaser's minimum length, where a full stop could end it.
    opening = (
        "A long first sentence about the talks between the two delegations, held yesterday "
        + (f"in the capital with {abbreviation} and others ")
    )
    opening += "x" * LIMIT
    assert len(opening.split(abbreviation)[0]) > 100
    assert lead_excerpt(opening[: LIMIT + 40], limit=LIMIT + 40).endswith(" others…")


def test_the_cut_falls_at_the_last_full_sentence_past_the_minimum():
    opening = (
        "Short one. "
        + "The second sentence, with this clause and one more, is long enough to serve as a card's teaser. "
    )
    opening += "The third goes on and on past the end of what is read from the database."
    assert lead_excerpt(opening[:LIMIT], limit=LIMIT) == opening[: opening.index(" The third")]


def test_without_a_sentence_end_the_cut_is_at_a_whole_word_with_an_ellipsis():
    opening = ("word " * 40)[:LIMIT]
    teaser = lead_excerpt(opening, limit=LIMIT)
    assert teaser.endswith("word…")
    assert len(teaser) <= LIMIT


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("## Pension agreement\n\nOne of the outcomes.", "Pension agreement. One of the outcomes."),
        ("## Why now?\n\nBecause.", "Why now? Because."),
        ("Signed:\n\n- a roadmap\n- a memorandum\n\nAll in force.",
         "Signed: a roadmap. a memorandum. All in force."),
        ("> A quoted line\n\nAfter it", "A quoted line. After it"),
        ("Line one  \nline two", "Line one line two"),  # a line break is no block
        ("Trade &amp; <b>transit</b>", "Trade & transit"),
    ],
)  # fmt: skip
def test_plain_text_ends_each_block_so_none_runs_into_the_next(markdown, text):
    assert plain_text(render_body(markdown)) == text


def test_the_migration_derives_stored_plain_text_again(db):
    """Rows stored with the old run-on text get the new one; the others are not written."""
    from importlib import import_module

    from django.apps import apps

    from articles.models import Article
    from tests.factories import ArticleFactory

    stale = ArticleFactory(title="Digest", body="## Pension agreement\n\nOne of the outcomes.")
    fresh = ArticleFactory(title="Note", body="One paragraph.")
    Article.objects.filter(pk=stale.pk).update(plain_text="Pension agreement One of the outcomes.")
    before = Article.objects.values_list("updated_at", "version").get(pk=stale.pk)

    import_module("articles.migrations.0024_plain_text_block_ends").derive_again(apps, None)

    assert Article.objects.get(pk=stale.pk).plain_text == "Pension agreement. One of the outcomes."
    assert Article.objects.get(pk=fresh.pk).plain_text == "One paragraph."
    assert Article.objects.values_list("updated_at", "version").get(pk=stale.pk) == before
