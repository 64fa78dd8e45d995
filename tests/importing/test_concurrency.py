"""Two imports of the same folder at once create no duplicates.

Runs for real on both engines: on PostgreSQL the importers serialise their write transactions
with an advisory lock; on SQLite, IMMEDIATE transactions admit one writer at a time. Each
thread has its own database connection, as two processes would.
"""

import json
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, ImportRecord
from relations.models import Event, Person, Position


def article(n: int) -> str:
    return (
        f"2025-04-{1 + n % 28:02d}\nKazakhstan and Mongolia discuss transit corridors, part {n}\n"
        "Deputy Minister of Foreign Affairs of Kazakhstan Alibek Kuantyrov met Mongolian "
        f"Ambassador Dashzegvi Amarbaysgalan in Astana, Kazinform reports. Item {n}.\n"
        "Kuantyrov and Amarbaysgalan discussed rail freight.\n"
    )


@pytest.fixture
def folder(tmp_path):
    for f in range(6):
        text = "".join(article(f * 5 + n) for n in range(5))
        (tmp_path / f"{f:02d}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def import_in_thread(folder, reports, errors, barrier):
    try:
        barrier.wait(timeout=10)
        out = StringIO()
        call_command("import_texts", str(folder), "--json", stdout=out, stderr=StringIO())
        reports.append(json.loads(out.getvalue()))
    except BaseException as exc:  # noqa: BLE001 - reported to the test thread
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_of_the_same_folder_at_once_create_no_duplicates(folder):
    reports, errors = [], []
    barrier = threading.Barrier(2)
    threads = [
        threading.Thread(target=import_in_thread, args=(folder, reports, errors, barrier))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(reports) == 2
    assert all(r["totals"]["errors"] == 0 for r in reports)
    assert sum(r["totals"]["created"] for r in reports) == 30
    assert sum(r["totals"]["unchanged"] for r in reports) == 30
    assert Article.objects.count() == 30
    assert Article.objects.values("fingerprint").distinct().count() == 30
    assert Person.objects.filter(name="Alibek Kuantyrov").count() == 1
    assert Person.objects.filter(name="Dashzegvi Amarbaysgalan").count() == 1
    assert Position.objects.filter(person__name="Alibek Kuantyrov").count() == 1
    assert Event.objects.values("name").distinct().count() == Event.objects.count()
    assert ImportRecord.objects.count() == 12
