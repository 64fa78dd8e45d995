"""Project middleware: refuse addresses no page can answer, and answer fast and honestly
when the database is away.

`RejectNulMiddleware`: a NUL character is in no legitimate address, and PostgreSQL refuses it
in any text, so every lookup that received one raised (the admin's search and list filters:
500s). It is a 400 before any view reads the query string.

`DatabaseUnavailableMiddleware`: a request that meets an unreachable database (PostgreSQL
restarting, a failover, the network) gets a short 503 page with ``Retry-After`` instead of a
500 or a hung worker. Nothing here reconnects by hand: Django drops a connection that raised
(``errors_occurred``) at the end of the request, and ``CONN_HEALTH_CHECKS`` tests a reused one
at the start of the next, so the first request after the database returns simply opens a new
connection. ``connect_timeout`` (settings) bounds how long an attempt can wait.
"""

import logging
import sys
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

_FALLBACK_503 = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Temporarily unavailable</title>"
    "<h1>Temporarily unavailable</h1><p>Please try again in a few seconds.</p></html>"
)


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            # The site's own page (templates/400.html), rendered without the request: nothing
            # from the address is echoed, and no context processor reaches the database.
            try:
                content = loader.render_to_string("400.html")
            except Exception:  # noqa: BLE001 - the plain answer is still an answer
                content = "Bad request: the address contains a NUL character."
            return HttpResponseBadRequest(content)
        return self.get_response(request)


class _RateLimitedLog:
    """One warning per interval per process: an outage must not flood the logs."""

    def __init__(self, interval=10.0):
        self.interval = interval
        self.last = 0.0
        self.suppressed = 0

    def warning(self, message, *args):
        now = time.monotonic()
        if now - self.last < self.interval:
            self.suppressed += 1
            return
        extra = f" ({self.suppressed} more since the last warning)" if self.suppressed else ""
        logger.warning(message + extra, *args)
        self.last = now
        self.suppressed = 0


_log = _RateLimitedLog()


def database_unavailable(request, exception):
    """The 503 response: rendered without touching the database or the request's user."""
    _log.warning(
        "database unavailable, answering 503 for %s %s: %s",
        request.method if request else "-",
        request.path if request else "-",
        exception,
    )
    try:
        # No request: context processors (user, messages) would query the database.
        content = loader.render_to_string("503.html")
    except Exception:  # noqa: BLE001 - the error page must never fail itself
        content = _FALLBACK_503
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(getattr(settings, "DATABASE_UNAVAILABLE_RETRY_AFTER", 5))
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turn database-unavailable errors from views (and their templates) into 503s."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable(request, exception)
        return None


def server_error(request, template_name="500.html"):
    """``handler500``: errors raised outside views (a middleware's session or lockout lookup)
    never reach ``process_exception``, so the database case is recognised here too."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_UNAVAILABLE):
        return database_unavailable(request, exception)
    try:
        content = loader.render_to_string(template_name)
    except Exception:  # noqa: BLE001 - fall back to Django's plain page
        content = "<h1>Server Error (500)</h1>"
    return HttpResponseServerError(content)
