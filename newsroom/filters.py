"""What the public FilterSets share."""

import django_filters


class SharedChoices(tuple):
    """Choices read for one request, shared rather than copied.

    A form deep-copies its fields, and each field its choices: 249 countries twice per page.
    These are never mutated (a tuple), so every copy may be this same object.
    """

    def __deepcopy__(self, memo):
        return self


class PublicFilterSet(django_filters.FilterSet):
    """A FilterSet whose callable choices (countries, sources) are read once per request.

    django-filter keeps a callable as the field's choices and calls it on every pass over
    them: the `required` check, validation and rendering each ran the query again.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.filters.values():
            choices = f.extra.get("choices")
            if callable(choices):
                f.extra["choices"] = SharedChoices(choices())
