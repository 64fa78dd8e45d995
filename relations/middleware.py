"""Answer a moved address with a permanent redirect to where its row is now."""

from urllib.parse import quote_plus, unquote_plus

from django.http import HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control

from .addresses import FormerAddress

# Browsers keep a 301 without a lifetime for good. A moved address can be taken back (a new
# article takes the old slug, the redirect is deleted, its row withdrawn): as with a public
# page (`articles.caching.BROWSER_MAX_AGE`), readers' copies follow within a minute.
REDIRECT_MAX_AGE = 60


def moved_redirect(location):
    """A 301 to `location` that browsers and proxies keep a minute (`REDIRECT_MAX_AGE`)."""
    redirect = HttpResponsePermanentRedirect(location)
    patch_cache_control(redirect, public=True, max_age=REDIRECT_MAX_AGE)
    return redirect


def moved_filters_redirect(request, slugs):
    """A 301 to the same list with each filter in `slugs` ({name: current slug}) given the
    current slug: the filter named an entity by a slug it has left (`FormerAddress`). The
    rest of the query string is kept as the reader sent it: other parameters, their order."""
    parts = []
    for part in request.META.get("QUERY_STRING", "").split("&"):
        name = unquote_plus(part.partition("=")[0])
        parts.append(f"{quote_plus(name)}={quote_plus(slugs[name])}" if name in slugs else part)
    return moved_redirect(f"{request.path}?{'&'.join(parts)}")


class FormerAddressMiddleware:
    """Turn a 404 at a former address into a 301 to the row's current address.

    Only a 404 is looked at, so a page that answers at the address wins (a new row that took
    the old slug), and other pages cost nothing; a 404 costs one indexed query. A row the
    public gate hides (a withdrawn article) keeps its 404. The query string is kept: it carries
    a campaign's tags or a feed reader's parameters, and means the same at the new address.
    The redirect is never stored in the shared page cache (`articles.caching` stores 200s
    only), so nothing there can outlive a change.

    Place it last in MIDDLEWARE, so it sees the 404 a view or the URL resolver gave before
    other middleware turn it into something else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        location = FormerAddress.objects.current_address(request.path)
        if location is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return moved_redirect(f"{location}?{query}" if query else location)
