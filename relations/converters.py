"""URL converters for the public pages."""

from django.urls import register_converter


class Alpha2Converter:
    """Two ASCII letters (an ISO 3166-1 alpha-2 code), in either case: views canonicalise.

    Narrower than `str`, so `/countries/mn/feed/` is never mistaken for a pair page.
    """

    regex = "[A-Za-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(Alpha2Converter, "alpha2")
