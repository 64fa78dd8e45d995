"""Spreadsheet resources (django-import-export) for sources and articles.

Source rows are identified by name; article rows by slug and publication date (see
`ArticleInstanceLoader`). Relations are natural keys: countries by ISO code (`KZ;MN`), people,
organizations, events and agreements by slug, sources by name.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields
from import_export.instance_loaders import BaseInstanceLoader

from relations.models import Agreement, Event, Organization, Person
from relations.resources import NaturalKeyResource, country_field, slug_field
from relations.widgets import DateTimeWidget, NaturalForeignKeyWidget

from .models import Article, Source

PUBLISH_REFUSED = (
    "Only editors may publish, unpublish or change a published or archived article "
    "(permission articles.publish_article). Use status draft or review, or ask an editor "
    "to import this row."
)


def may_publish(user):
    # No user means the command line: whoever runs manage.py already has the database.
    return user is None or user.has_perm("articles.publish_article")


class SourceResource(NaturalKeyResource):
    select_related = ("country",)

    country = country_field("country")

    class Meta:
        model = Source
        fields = ["name", "slug", "kind", "homepage", "country", "aliases", "description"]
        import_id_fields = ["name"]


def source_field(attribute):
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=NaturalForeignKeyWidget(Source, "name")
    )


def local_date(value):
    return timezone.localtime(value).date() if value else None


class ArticleInstanceLoader(BaseInstanceLoader):
    """Finds an article by slug and the local date of its publication time.

    Slugs are unique here, but a file from another database may reuse a slug for a different
    story: requiring the date as well means such a row is refused instead of overwriting an
    unrelated article. A draft without a date matches the undated article with its slug.
    Every existing article the file names is loaded in one query.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.slug_field = resource.fields["slug"]
        self.date_field = resource.fields["published_at"]
        slugs = {str(slug) for slug in dataset["slug"] if slug} if dataset else set()
        self.by_slug = {}
        queryset = resource.get_queryset()
        slug_list = sorted(slugs)
        for start in range(0, len(slug_list), 500):
            for article in queryset.filter(slug__in=slug_list[start : start + 500]):
                self.by_slug[article.slug] = article

    def get_instance(self, row):
        article = self.by_slug.get(self.slug_field.clean(row))
        if article is None:
            return None
        try:
            wanted = local_date(self.date_field.clean(row))
        except ValueError:
            return None  # the published_at column reports its own error
        stored = local_date(article.published_at)
        if wanted != stored:
            raise ValidationError(
                {
                    "slug": (
                        f"The slug '{article.slug}' belongs to the article of "
                        f"{stored or 'no date'}, not {wanted or 'no date'}. Give this article "
                        "another slug, or change that article's date in the admin."
                    )
                }
            )
        return article


class ArticleResource(NaturalKeyResource):
    slug_source = "title"

    published_at = fields.Field(
        attribute="published_at", column_name="published_at", widget=DateTimeWidget()
    )
    source = source_field("source")
    cited_source = source_field("cited_source")
    countries = country_field("countries", many=True)
    people = slug_field("people", Person, many=True)
    organizations = slug_field("organizations", Organization, many=True)
    events = slug_field("events", Event, many=True)
    agreements = slug_field("agreements", Agreement, many=True)

    class Meta:
        model = Article
        fields = [
            "slug",
            "published_at",
            "title",
            "status",
            "language",
            "summary",
            "body",
            "byline",
            "dateline",
            "source",
            "cited_source",
            "image_credit",
            "countries",
            "people",
            "organizations",
            "events",
            "agreements",
        ]
        import_id_fields = ["slug", "published_at"]
        instance_loader_class = ArticleInstanceLoader

    select_related = ("source", "cited_source")
    prefetch_related = ("countries", "people", "organizations", "events", "agreements")

    def get_queryset(self):
        return super().get_queryset().order_by("pk")

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._stored_status = None if new else instance.status

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._slugs_in_file = set()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        stored = getattr(instance, "_stored_status", None)
        editorial = {Article.Status.DRAFT, Article.Status.REVIEW}
        if not may_publish(self.user) and (
            instance.status not in editorial or (stored is not None and stored not in editorial)
        ):
            errors["status"] = [ValidationError(PUBLISH_REFUSED, code="publish")]
        if instance.slug in self._slugs_in_file:
            errors["slug"] = [ValidationError("This slug appears twice in the file.")]
        self._slugs_in_file.add(instance.slug)
        try:
            # Without the per-row queries of validate_unique and validate_constraints: the
            # instance loader already matched every slug of the file against the database
            # (a taken slug is found, never created twice), and every check constraint has a
            # twin that runs in Python (choices in clean_fields, the rest in Article.clean).
            # The database still enforces both on write.
            instance.full_clean(
                exclude=errors.keys(), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.created_by_id is None and self.user is not None and instance.pk is None:
            instance.created_by = self.user
        if self.user is not None:
            instance.updated_by = self.user
