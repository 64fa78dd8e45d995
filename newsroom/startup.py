"""What the app entry points check before they serve a request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key():
    """Refuse to serve without a secret key: sessions, CSRF tokens and password resets are
    signed with it. (DJANGO_DEBUG=1 brings a throwaway key for local development.)"""
    try:
        settings.SECRET_KEY  # Django refuses an empty key when it is read  # noqa: B018
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in production, "
            "or set DJANGO_DEBUG=1 for local development."
        ) from exc
