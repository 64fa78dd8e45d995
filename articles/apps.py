from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import pre_migrate


def create_cache_table(using="default", **kwargs):
    """Create the database cache's table (when the settings use one) at every `migrate`, so no
    deployment step can forget it. Before the migrations: data migrations purge the page
    cache. `createcachetable` skips a table that exists."""
    call_command("createcachetable", database=using, verbosity=0)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and sources"

    def ready(self):
        from . import signals  # noqa: F401 - connects the housekeeping receivers

        pre_migrate.connect(create_cache_table, sender=self, dispatch_uid="create_cache_table")
