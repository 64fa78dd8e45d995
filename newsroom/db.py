"""Database housekeeping that belongs to no app."""

from django.db import connections

# Rows ANALYZE reads per index; 0 reads them all. A sample (SQLite suggests 400) takes 40 ms
# on a 50,000-article database against 140-210 ms for an exact pass, but it cannot count a
# column of few values: it put about 200 articles in each status where there are 16,000, and
# the admin's article list then sorted the whole table instead of walking the date index
# (550 ms against 52 ms), and the article page's editions walked every published article.
SQLITE_ANALYSIS_LIMIT = 0
# After an import, the statistics are read again when the articles have grown or shrunk by
# this share since they were (a tenth): an exact pass grows with the archive (about 2 s at
# 500,000 articles), and a spreadsheet of three rows changes nothing the planner relies on.
STALE_SHARE = 0.1
WATCHED_TABLE = "articles_article"


def refresh_statistics(using="default", *, only_if_stale=False):
    """Give SQLite's query planner statistics about the data (ANALYZE).

    Without them SQLite guesses which index to use, and on a 50,000-article archive some
    pages were half as fast (the country page 48 ms against 26 ms), and the admin's status
    lists sorted every article of the status. SQLite never gathers them by itself; this runs
    after `migrate`, and after bulk imports (`only_if_stale`: when the articles are not
    those the statistics describe, `statistics_stale`). PostgreSQL's autovacuum keeps its own.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if only_if_stale and not statistics_stale(using):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")


def statistics_stale(using="default"):
    """Whether SQLite's statistics miss the articles table, or count a tenth more or fewer
    articles than it holds (`STALE_SHARE`): a count from the smallest index, against the
    number the last ANALYZE recorded (the first figure of each index's row)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return True
        cursor.execute(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NOT NULL LIMIT 1",
            [WATCHED_TABLE],
        )
        row = cursor.fetchone()
        if row is None:
            return True
        described = int(row[0].split()[0])
        cursor.execute(f"SELECT COUNT(*) FROM {WATCHED_TABLE}")  # nosec B608 - a constant
        (held,) = cursor.fetchone()
    return abs(held - described) > STALE_SHARE * described
