"""An event the coverage dates to a month alone ("held in January 2025") is recorded with that
month, and a text that later gives its day refines it, in either order."""

import datetime
import itertools

import pytest

from articles.importing import files
from articles.importing.link import refines
from articles.importing.load import texts_import
from relations.models import Event

pytestmark = pytest.mark.django_db
D = datetime.date

MONTH_ONLY = """Kazakhstan and Latvia review their trade
12.05.2025
The ministers noted the decisions of the 5th session of the Kazakhstan-Latvia \
Intergovernmental Commission on Trade held in February 2025 in Riga.
"""
WITH_DAY = """Commission on trade meets in Riga
18.02.2025
The 5th session of the Kazakhstan-Latvia Intergovernmental Commission on Trade took place \
on 17 February 2025 in Riga.
"""
SESSION = "5th session of the Kazakhstan-Latvia Intergovernmental Commission on Trade"


def run(*texts):
    items = [files.from_bytes(f"{n}.txt", text.encode()) for n, text in enumerate(texts)]
    return texts_import(files=items)


def session():
    event = Event.objects.get(name=SESSION)
    return event.starts_on, event.ends_on, event.dates_precision


def test_a_month_without_a_day_is_recorded_as_the_month():
    run(MONTH_ONLY)

    assert session() == (D(2025, 2, 1), None, "month")
    event = Event.objects.get(name=SESSION)
    assert (event.start_label, event.dates_iso()) == ("February 2025", ("2025-02", "2025-02"))


@pytest.mark.parametrize("order", list(itertools.permutations([MONTH_ONLY, WITH_DAY])))
def test_a_text_giving_the_day_refines_the_month_in_either_order(order):
    run(*order)

    assert session() == (D(2025, 2, 17), None, "day")


def test_a_day_in_another_month_does_not_replace_the_month():
    run(MONTH_ONLY, WITH_DAY.replace("17 February 2025", "17 March 2025"))

    assert session() == (D(2025, 2, 1), None, "month")


def test_importing_again_changes_nothing():
    run(MONTH_ONLY)
    report = run(MONTH_ONLY)

    assert report["totals"]["unchanged"] == 1
    assert session() == (D(2025, 2, 1), None, "month")


@pytest.mark.parametrize(
    ("known", "found", "expected"),
    [
        ((D(2025, 2, 1), "month"), (D(2025, 2, 17), "day"), True),
        ((D(2025, 2, 1), "month"), (D(2025, 3, 17), "day"), False),
        ((D(2025, 1, 1), "year"), (D(2025, 3, 17), "day"), True),
        ((D(2025, 2, 17), "day"), (D(2025, 2, 18), "day"), False),
        ((D(2025, 2, 1), "month"), (D(2025, 2, 1), "month"), False),
        ((None, "day"), (D(2025, 2, 17), "day"), False),
    ],
)
def test_what_refines_what(known, found, expected):
    assert refines(*known, *found) is expected
