"""Database housekeeping that belongs to no app."""

from django.db import connections

# Rows ANALYZE reads per index; 0 reads them all. A sample (SQLite suggests 400) takes 40 ms
# on a 50,000-article database against 140-210 ms for an exact pass, but it cannot count a
# column of few values: it put about 200 articles in each status where there are 16,000, and
# the admin's article list then sorted the whole table instead of walking the date index
# (550 ms against 52 ms), and the article page's editions walked every published article.
SQLITE_ANALYSIS_LIMIT = 0


def refresh_statistics(using="default"):
    """Give SQLite's query planner statistics about the data (ANALYZE).

    Without them SQLite guesses which index to use, and on a 50,000-article archive some
    pages were half as fast (the country page 48 ms against 26 ms), and the admin's status
    lists sorted every article of the status. SQLite never gathers them by itself; this runs
    after `migrate` and after bulk imports. PostgreSQL's autovacuum keeps its own.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
