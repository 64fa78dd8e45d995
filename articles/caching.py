"""Whole-page cache for anonymous readers, purged whenever what the pages show changes.

Every cached page's key carries a generation number kept in the shared cache
(`public-pages:generation`). A purge increments it, so every page cached before is never read
again and simply expires: one atomic operation, however many pages and processes there are.
`articles.signals` purges on commit of any change to articles, sources and the entities of
`relations`.

A page is stored no longer than PAGE_CACHE_SECONDS, and never past the moment the next
scheduled article becomes due, so a scheduled article appears on time with a warm cache.

Apply to public views only:

    path("", cache_public_page(views.HomeView.as_view()), name="home")   # in a URL conf
    class ArticleListView(CachePublicPageMixin, ListView): ...           # or on the class

Readers with a session (staff) or a messages cookie, and anything but GET/HEAD, bypass it.
If the cache fails (Redis down) pages are served uncached and a warning is logged.
"""

import functools
import hashlib
import logging
from datetime import datetime

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
GENERATION_KEY = "public-pages:generation"
NEXT_DUE_KEY = "public-pages:next-due:{generation}"
PAGE_KEY = "public-pages:{generation}:{digest}"
# Browsers and proxies may reuse a page this long; withdrawals must reach readers quickly.
BROWSER_MAX_AGE = 60
NOTHING_SCHEDULED = "none"
STATUS_HEADER = "X-Page-Cache"


def _cache():
    return caches[CACHE_ALIAS]


def _seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def _generation(cache):
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Start from the clock, not 1: if the key is ever evicted, the new series must not
        # meet page keys cached under the old one.
        cache.add(GENERATION_KEY, int(timezone.now().timestamp() * 1000), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def public_pages_purge():
    """Make every cached public page stale now. Never raises: a purge is housekeeping."""
    cache = _cache()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # missing: the next read starts a new series anyway
            _generation(cache)
            cache.incr(GENERATION_KEY)
    except Exception:
        logger.warning("public page cache: purge failed", exc_info=True)


def public_pages_purge_on_commit(*, using="default"):
    """Purge when the current transaction commits (at once outside a transaction).

    A transaction writing many rows registers many purges; each is one atomic increment, and
    de-duplicating them would need the connection's private callback list.
    """
    transaction.on_commit(public_pages_purge, using=using)


def _next_due(cache, generation, now):
    """When the next scheduled article goes live (None if none is scheduled)."""
    key = NEXT_DUE_KEY.format(generation=generation)
    stored = cache.get(key)
    if stored == NOTHING_SCHEDULED:
        return None
    if stored is not None:
        due = datetime.fromisoformat(stored)
        if due > now:
            return due
    from .models import Article  # models import this module's users, not the reverse

    due = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    # Scheduling, rescheduling or unscheduling purges, which changes the key: until then the
    # answer only changes when `due` passes, and that is checked above.
    cache.set(key, due.isoformat() if due else NOTHING_SCHEDULED, timeout=_seconds())
    return due


def _page_timeout(cache, generation):
    now = timezone.now()
    timeout = _seconds()
    due = _next_due(cache, generation, now)
    if due is not None:
        # Rounded down so a page expires at the latest when the article becomes due.
        timeout = min(timeout, int((due - now).total_seconds()))
    return timeout


def _bypass(request):
    if request.method not in ("GET", "HEAD") or _seconds() <= 0:
        return True
    # Signing in needs a session cookie, so without one the reader is anonymous; checking
    # the cookie instead of request.user keeps cache hits away from the session store.
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies


def _key(request, generation):
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return PAGE_KEY.format(generation=generation, digest=digest)


def _storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _public_headers(response, timeout):
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(response, public=True, max_age=max(0, min(BROWSER_MAX_AGE, timeout)))


def serve_public_page(request, render):
    """Answer `request` from the page cache, or with `render()` (stored when it may be)."""
    if _bypass(request):
        response = render()
        if request.method in ("GET", "HEAD") and _seconds() > 0:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response

    cache = _cache()
    try:
        generation = _generation(cache)
        key = _key(request, generation)
        cached = cache.get(key)
    except Exception:
        logger.warning("public page cache: unavailable, serving uncached", exc_info=True)
        return render()
    if cached is not None:
        cached[STATUS_HEADER] = "hit"
        return cached

    response = render()
    if request.method != "GET" or not _storable(response):
        response[STATUS_HEADER] = "miss"
        return response

    def store(rendered):
        try:
            timeout = _page_timeout(cache, generation)
            _public_headers(rendered, timeout)
            if timeout >= 1:
                cache.set(key, rendered, timeout=timeout)
        except Exception:
            logger.warning("public page cache: could not store %s", request.path, exc_info=True)
        rendered[STATUS_HEADER] = "miss"
        return rendered

    if getattr(response, "is_rendered", True) is False:
        response.add_post_render_callback(store)
        return response
    return store(response)


def cache_public_page(view):
    """Cache a public function view (or an `as_view()` result) for anonymous readers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return serve_public_page(request, lambda: view(request, *args, **kwargs))

    return wrapper


class CachePublicPageMixin:
    """Cache a public class-based view for anonymous readers; put it first in the bases."""

    def dispatch(self, request, *args, **kwargs):
        parent = super().dispatch
        return serve_public_page(request, lambda: parent(request, *args, **kwargs))
