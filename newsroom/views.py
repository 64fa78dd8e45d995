"""Project-level endpoints that belong to no app."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache

from .http import read_only

logger = logging.getLogger(__name__)


@never_cache
@read_only
def healthz(request):
    """200 when the database answers; 503 otherwise (for load balancers and benchmarks)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("health check: database unreachable", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# Pages a crawler has no business in: the desk, unpublished previews, search results (an
# endless space of query strings whose articles the sitemap already lists), and the
# registry's data files, one per combination of filters (no slug has a dot, so no
# agreement's page is closed off).
ROBOTS_DISALLOW = ("/admin/", "/preview/", "/search/", "/agreements/export.")


@cache_control(max_age=86400, public=True)
@read_only
def robots_txt(request):
    """`/robots.txt`: what crawlers may read, and where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cache_control(max_age=86400, public=True)
@read_only
def favicon(request):
    """`/favicon.ico`, asked for by clients that do not read the pages' `<link rel="icon">`
    (feed readers, crawlers): the site's icon rather than a 404 logged on every visit."""
    return HttpResponseRedirect(static("favicon.svg"))
