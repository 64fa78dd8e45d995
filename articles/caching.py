"""Whole-page cache for anonymous readers, purged precisely when what the pages show changes.

How it works (one Redis round trip per hit):

* `PublicPageCacheMiddleware` (near the top of MIDDLEWARE) answers anonymous GET/HEAD requests
  from the shared cache. The entry for a URL is stored with the *generations* of the tags the
  page depends on, and one `get_many` fetches the entry together with the current
  generations: the entry is served only if none has moved since it was rendered.
* A page's tags follow from its path: an article's own page depends on `all` and on that
  article (`article:<slug>`); every other public page (lists, entity pages, feeds, sitemaps,
  search) on `all` and `lists`.
* Purging increments generations, one atomic operation however many pages and processes
  there are: a change to one article bumps `lists` and that article's tag, so the 50,000 other
  article pages stay cached; anything else (an entity renamed, a source, an import, a
  spreadsheet) bumps `all`. `articles.signals` purges on commit.
* Responses are marked cacheable by the views (`cache_public_page`, `CachePublicPageMixin`),
  so only public pages are stored, after every inner middleware has added its headers.
* On a miss, one request renders while the others asking for the same page wait briefly for
  its result (a render lock), so a purge during a traffic peak costs one render per page,
  not one per reader.

A page is stored no longer than PAGE_CACHE_SECONDS, and never past the moment the next
scheduled article becomes due, so a scheduled article appears on time with a warm cache.

Readers with a session (staff) or a messages cookie, and anything but GET/HEAD, bypass it.
If the cache fails (Redis down) pages are served uncached and a warning is logged.
"""

import functools
import hashlib
import logging
import re
import time
from datetime import datetime

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
ALL = "all"
LISTS = "lists"
# The generations' keys sort after every other key: the database cache (no Redis) culls the
# lowest keys when it is full, and losing `all` would make every stored page stale at once.
GENERATION_KEY = "public-pages:tag:{tag}"
NEXT_DUE_KEY = "public-pages:next-due:{stamp}"
PAGE_KEY = "public-pages:page:{digest}"
RENDER_LOCK_KEY = "public-pages:rendering:{digest}"
# An article's own page: /articles/<year>/<month>/<day>/<slug>/ (articles/urls.py).
ARTICLE_PATH = re.compile(r"^/articles/\d+/\d+/\d+/(?P<slug>[-a-zA-Z0-9_]+)/$")
# Never public pages, or never stored (the registry's exports stream): no lookup, no lock.
SKIP_PREFIXES = (
    "/admin/",
    "/healthz",
    "/static/",
    "/media/",
    "/preview/",
    "/agreements/export.",
)
# Browsers and proxies may reuse a page this long; withdrawals must reach readers quickly.
BROWSER_MAX_AGE = 60
# Waiting for another request's render of the same page: how long, and how often to look.
RENDER_LOCK_SECONDS = 15
RENDER_WAIT_SECONDS = 5.0
RENDER_POLL_SECONDS = 0.025
NOTHING_SCHEDULED = "none"
STATUS_HEADER = "X-Page-Cache"
PUBLIC_PAGE = "_public_page"  # attribute the views set on a response that may be stored


def _cache():
    return caches[CACHE_ALIAS]


def _seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def _series_start():
    # A missing generation restarts from the clock, not 1: if a key is evicted, the new series
    # must not meet entries stamped under the old one.
    return int(timezone.now().timestamp() * 1000)


def _gen_key(tag):
    return GENERATION_KEY.format(tag=tag)


def page_tags(path):
    """The tags a public page at `path` depends on."""
    match = ARTICLE_PATH.match(path)
    if match:
        return (ALL, f"article:{match['slug']}")
    return (ALL, LISTS)


def _tag_timeout(tag):
    """`all` and `lists` live until evicted; one tag per article expires once no page stamped
    with it can still be stored (a re-created tag restarts from the clock, so it never
    matches an older stamp), keeping Redis from growing with the archive."""
    if tag in (ALL, LISTS):
        return None
    return max(2 * _seconds(), 3600)


def _generations(cache, tags, found):
    """The current generation of each tag (from `found`, a `get_many` result), starting the
    missing ones. None if the cache cannot hold them (unavailable)."""
    keys = {tag: _gen_key(tag) for tag in tags}
    missing = [tag for tag in tags if found.get(keys[tag]) is None]
    if missing:
        for tag in missing:
            cache.add(keys[tag], _series_start(), timeout=_tag_timeout(tag))
        found = {**found, **cache.get_many([keys[tag] for tag in missing])}
    stamp = tuple(found.get(keys[tag]) for tag in tags)
    return None if None in stamp else stamp


def _bump(cache, tag):
    key = _gen_key(tag)
    try:
        cache.incr(key)
    except ValueError:
        # Missing: start a series, unless a reader started one meanwhile, then move it on.
        if not cache.add(key, _series_start(), timeout=_tag_timeout(tag)):
            cache.incr(key)


def public_pages_purge(*, articles=None):
    """Make cached public pages stale now. Never raises: a purge is housekeeping.

    `articles=None` purges every page. `articles=[slug, ...]` is for a change to those
    articles only: it purges every page that lists articles, and those articles' own pages.
    """
    cache = _cache()
    try:
        if articles is None:
            _bump(cache, ALL)
            return
        _bump(cache, LISTS)
        for slug in set(articles):
            _bump(cache, f"article:{slug}")
    except Exception:
        logger.warning("public page cache: purge failed", exc_info=True)


def public_pages_purge_on_commit(*, using="default", articles=None):
    """Purge when the current transaction commits (at once outside a transaction).

    A transaction writing many rows registers many purges; each is one atomic increment, and
    de-duplicating them would need the connection's private callback list.
    """
    slugs = None if articles is None else tuple(articles)
    transaction.on_commit(lambda: public_pages_purge(articles=slugs), using=using)


def _next_due(cache, stamp, now):
    """When the next scheduled article goes live (None if none is scheduled)."""
    # Scheduling, rescheduling or unscheduling bumps `lists`, which changes the key: until
    # then the answer only changes when `due` passes, and that is checked below.
    key = NEXT_DUE_KEY.format(stamp="-".join(map(str, stamp)))
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
    cache.set(key, due.isoformat() if due else NOTHING_SCHEDULED, timeout=_seconds())
    return due


def _page_timeout(cache, stamp):
    """Seconds a page rendered now may be stored; `stamp` is the (all, lists) generations."""
    now = timezone.now()
    timeout = _seconds()
    due = _next_due(cache, stamp, now)
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


def _storable(response):
    return (
        getattr(response, PUBLIC_PAGE, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _public_headers(response, timeout):
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(response, public=True, max_age=max(0, min(BROWSER_MAX_AGE, timeout)))


class _Lookup:
    """One request's view of the cache: its keys, and the entry if it is current."""

    def __init__(self, request, cache):
        self.cache = cache
        self.tags = page_tags(request.path_info)
        digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        self.page_key = PAGE_KEY.format(digest=digest)
        self.lock_key = RENDER_LOCK_KEY.format(digest=digest)
        self.gen_keys = [_gen_key(tag) for tag in self.tags]
        self.stamp = None
        self.locked = False

    def fetch(self, *, with_lock=False):
        """Read the generations (and the entry); return the current entry's response or None."""
        keys = [self.page_key, *self.gen_keys] + ([self.lock_key] if with_lock else [])
        found = self.cache.get_many(keys)
        self.locked = self.lock_key in found
        self.stamp = _generations(self.cache, self.tags, found)
        entry = found.get(self.page_key)
        if entry is None or self.stamp is None:
            return None
        stamp, response = entry
        return response if stamp == self.stamp else None

    def store(self, response):
        if self.stamp is None:
            return
        try:
            timeout = _page_timeout(self.cache, self._list_stamp())
            _public_headers(response, timeout)
            if timeout >= 1:
                self.cache.set(self.page_key, (self.stamp, response), timeout=timeout)
        except Exception:
            logger.warning("public page cache: could not store a page", exc_info=True)

    def _list_stamp(self):
        if self.tags[1] == LISTS:
            return self.stamp
        # An article page: the scheduling answer is keyed like the lists'.
        found = self.cache.get_many([_gen_key(ALL), _gen_key(LISTS)])
        return _generations(self.cache, (ALL, LISTS), found) or self.stamp


class PublicPageCacheMiddleware:
    """Serve anonymous readers' public pages from the shared cache (see the module docstring).

    Place it after the middleware that must see every request (security, database health,
    static files) and before those whose headers the stored page should carry.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _bypass(request) or request.path_info.startswith(SKIP_PREFIXES):
            return self.get_response(request)
        try:
            lookup = _Lookup(request, _cache())
            cached = lookup.fetch()
        except DisallowedHost:
            # Not a cache fault: the host check further down answers 400 and logs it once.
            return self.get_response(request)
        except Exception:
            logger.warning("public page cache: unavailable, serving uncached", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            cached[STATUS_HEADER] = "hit"
            return cached
        if lookup.stamp is None:  # the cache is away: it logged that already
            return self.get_response(request)
        return self._render(request, lookup)

    def _render(self, request, lookup):
        locked = False
        if request.method == "GET":
            try:
                locked = lookup.cache.add(lookup.lock_key, 1, timeout=RENDER_LOCK_SECONDS)
                cached = None if locked else self._wait(lookup)
            except Exception:
                logger.warning("public page cache: render lock unavailable", exc_info=True)
                cached = None
            if cached is not None:
                cached[STATUS_HEADER] = "hit"
                return cached
        try:
            response = self.get_response(request)
            if getattr(response, PUBLIC_PAGE, False):
                if request.method == "GET" and _storable(response):
                    lookup.store(response)
                response[STATUS_HEADER] = "miss"
            return response
        finally:
            if locked:
                try:
                    lookup.cache.delete(lookup.lock_key)
                except Exception:  # it expires by itself (RENDER_LOCK_SECONDS)
                    logger.warning("public page cache: could not release a lock", exc_info=True)

    @staticmethod
    def _wait(lookup):
        """Another request is rendering this page: wait for its result, within reason."""
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        first_stamp = lookup.stamp
        while time.monotonic() < deadline:
            time.sleep(RENDER_POLL_SECONDS)
            cached = lookup.fetch(with_lock=True)
            if cached is not None:
                return cached
            if not lookup.locked or lookup.stamp != first_stamp:
                break  # it finished without storing, or the page was purged again meanwhile
        # Render ourselves (unless the page just arrived), stamped with what is read now,
        # before our render starts.
        return lookup.fetch()


def serve_public_page(request, render):
    """Mark `render()`'s response as a public page the middleware may store; answer staff
    (readers with a session) with a private copy."""
    response = render()
    if request.method in ("GET", "HEAD") and _seconds() > 0:
        if _bypass(request):
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        else:
            setattr(response, PUBLIC_PAGE, True)
    return response


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
