"""What every public view shares about HTTP methods."""

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def read_only(view):
    """GET and HEAD only: any other method is a 405 naming them.

    A public page takes no writes and holds no form that posts to it, so it is left out of the
    CSRF check, which runs before the view: otherwise a POST got the CSRF failure page (403)
    and never reached this 405. The exemption comes only with the method check.
    """
    return csrf_exempt(require_safe(view))
