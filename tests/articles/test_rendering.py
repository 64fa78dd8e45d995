"""`lead_excerpt`: the teaser a card shows when an article has no summary."""

import pytest

from articles.rendering import lead_excerpt

LIMIT = 120


def test_a_text_shorter_than_the_limit_is_shown_whole():
    assert lead_excerpt("Two ministers met. They agreed.  ", limit=LIMIT) == (
        "Two ministers met. They agreed."
    )


@pytest.mark.parametrize("abbreviation", ["the U.S. Embassy", "Dr. Aliyev", "President K. Tokayev"])
def test_initials_and_titles_end_no_sentence(abbreviation):
    opening = (
        f"A long first sentence about the talks, held yesterday with {abbreviation} and others "
    )
    opening += "x" * LIMIT
    assert lead_excerpt(opening[:LIMIT], limit=LIMIT).endswith(" others…")


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
