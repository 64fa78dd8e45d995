"""Public addresses that moved: an old URL keeps leading to what it named.

An article's address holds its slug and its date, an entity's its slug; editors correct both,
and merging duplicates deletes rows whose pages readers, search engines and other outlets link
to. `KeepsFormerAddresses` records, in the transaction of the save, the address a row leaves;
`relations.services.entity_merge` records the pages of the rows it folds away. The serving
side (`relations.middleware`) answers such an address with a 301 only where the site would
otherwise answer 404, and only to a row that its public gate still shows; the article list
answers a filter given a slug an entity left (`?person=old-slug`) the same way (`moved_row`).
"""

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.urls import NoReverseMatch
from django.utils import timezone


class FormerAddressQuerySet(models.QuerySet):
    def current_address(self, path):
        """Where the row once at `path` is now (None: nothing moved from there, or what did is
        not public): one query when nothing moved from `path`, two when something did."""
        try:
            former = self.select_related("content_type").get(old_path=path)
        except self.model.DoesNotExist:
            return None
        model = former.content_type.model_class()
        if model is None or not issubclass(model, KeepsFormerAddresses):
            return None
        target = (
            model.public_rows()
            .only("pk", *model.address_fields)
            .filter(pk=former.object_id)
            .first()
        )
        page = target.public_address() if target is not None else None
        return None if page is None else page + former.suffix

    def moved_row(self, model, **address):
        """The public row of `model` whose page was once where a row with `address` (its
        address fields: `slug="old-slug"`) would have its page, or None: nothing moved from
        there, or what did is not public. A list filter given a slug its entity left (a new
        slug, a merge) follows it here. One query; none when `address` makes no address (a
        name a reader typed is no slug)."""
        try:
            page = model(**address).public_address()
        except NoReverseMatch:
            return None
        if page is None or len(page) > self.model._meta.get_field("old_path").max_length:
            return None
        # The content type by its natural key, in the same query: the cached `get_for_model`
        # reads it from the database the first time a process asks.
        meta = model._meta
        moved_from = self.filter(
            old_path=page,
            suffix="",
            content_type__app_label=meta.app_label,
            content_type__model=meta.model_name,
        )
        return (
            model.public_rows()
            .only("pk", *model.address_fields)
            .filter(pk__in=moved_from.values("object_id"))
            .first()
        )


class FormerAddress(models.Model):
    """An address (a path) a public row answered at before it moved: a new slug, a corrected
    date, or a merge into another row.

    It names the row, not the path it moved to: the path is worked out from the row when a
    reader asks, so a row that moves again needs no update here and chains (A to B, then B to
    C) never form. `django.contrib.redirects` stores paths (every later move rewrites them) and
    needs `django.contrib.sites`, which makes sitemaps and feeds use the `Site` row's domain
    instead of the request's host, so this small model is ours.
    """

    old_path = models.CharField(
        "old address",
        max_length=500,
        unique=True,
        help_text="The path readers may still follow, as /people/old-slug/.",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # What followed the row's page in the old path: "" for the page itself, "feed/" for an
    # event's feed. The reader is sent to the same place under the row's current page.
    suffix = models.CharField(max_length=50, blank=True)
    moved_at = models.DateTimeField(default=timezone.now)

    objects = FormerAddressQuerySet.as_manager()

    class Meta:
        ordering = ["-moved_at", "-pk"]
        verbose_name = "moved address"
        verbose_name_plural = "moved addresses"
        indexes = [
            # A row's own entries: re-pointed by a merge, deleted with the row.
            models.Index(fields=["content_type", "object_id"], name="formeraddress_target_idx"),
        ]
        constraints = [
            # A path under this site, never a protocol-relative address (//elsewhere).
            models.CheckConstraint(
                condition=models.Q(old_path__startswith="/") & ~models.Q(old_path__startswith="//"),
                name="formeraddress_old_path_local",
            ),
        ]

    def __str__(self):
        return self.old_path


class RemembersStoredValues(models.Model):
    """A row that knows some of its fields as the database has them: as loaded, then as last
    saved. What depends on a change (the addresses a row leaves, the cached pages to purge,
    the editions' pages naming an article) compares the row with this one snapshot.

    A field not loaded (deferred) is unknown, not None: `stored_values` then answers None and
    callers assume the worst (an address that may have moved, every page to purge).
    """

    #: The fields remembered (attribute names: `translation_of_id`, not `translation_of`).
    stored_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # After the post_save handlers, which compare with the values saved over.
        self._remember_stored(kwargs.get("update_fields"))

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._remember_stored()
        return instance

    def refresh_from_db(self, using=None, fields=None, **kwargs):
        super().refresh_from_db(using=using, fields=fields, **kwargs)
        self._remember_stored(fields)

    def _remember_stored(self, fields=None):
        """Take the snapshot: of every stored field, or of `fields` (a partial save or reload)."""
        loaded = self.__dict__
        names = self.stored_fields
        if fields is None:
            self._stored = {name: loaded[name] for name in names if name in loaded}
            return
        given = set(fields)
        taken = {
            name: loaded[name]
            for name in names
            if name in loaded and (name in given or name.removesuffix("_id") in given)
        }
        self._stored = {**getattr(self, "_stored", {}), **taken}

    def stored_values(self, names):
        """{name: value as stored} for `names`, or None when one of them is unknown."""
        stored = getattr(self, "_stored", None)
        if stored is None or any(name not in stored for name in names):
            return None
        return {name: stored[name] for name in names}

    def stored_value(self, name):
        """`name` as stored, or None when unknown."""
        return getattr(self, "_stored", {}).get(name)


class KeepsFormerAddresses(RemembersStoredValues):
    """A row whose public address changes keeps the one it leaves, leading to it.

    Recorded by `save()` in the transaction of the change, like `KeepsFormerNames`' aliases:
    whatever moves the row (the admin, the importer, a spreadsheet, the shell) moves its
    address, and a reader's old link must not depend on which route it was. Deleting the row
    deletes its former addresses (a merge points them at the kept row first).
    """

    #: The fields the public address is built from: a change to one may move it. They are
    #: among `stored_fields`, whose snapshot says where the row was.
    address_fields = ("slug",)
    stored_fields = address_fields
    #: Addresses below the page that move with it ("feed/" for an event's feeds).
    address_suffixes = ("",)

    former_addresses = GenericRelation(FormerAddress)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        left = self._left_addresses(kwargs.get("update_fields"))
        if not left:
            super().save(*args, **kwargs)
            return
        from .services import former_addresses_record  # services import this module

        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        stored = getattr(self, "_stored", None)
        try:
            with transaction.atomic(using=using):
                super().save(*args, **kwargs)
                former_addresses_record(target=self, addresses=left, using=using)
        except Exception:
            self._stored = stored  # rolled back: the row is still where it was
            raise

    @classmethod
    def public_rows(cls):
        """The rows the public site shows (the model's public gate)."""
        raise NotImplementedError

    def public_address(self):
        """The path of the row's public page as readers may have seen it, or None."""
        return self.get_absolute_url()

    def public_addresses(self):
        """[(path, suffix)] of the page and what moves with it; [] without a public page."""
        page = self.public_address()
        return [] if page is None else [(page + suffix, suffix) for suffix in self.address_suffixes]

    def _address_values(self):
        """The address fields as loaded (None if one was not: a deferred field)."""
        if any(name not in self.__dict__ for name in self.address_fields):
            return None
        return {name: self.__dict__[name] for name in self.address_fields}

    def _left_addresses(self, update_fields):
        """[(path, suffix)] this save leaves: where the row was that it will no longer be."""
        stored = self.stored_values(self.address_fields)
        if self._state.adding or stored is None or stored == self._address_values():
            return []
        if update_fields is not None and not set(self.address_fields) & set(update_fields):
            return []
        before = type(self)(**stored).public_addresses()
        if not before:
            return []
        now = {path for path, _ in self.public_addresses()}
        return [(path, suffix) for path, suffix in before if path not in now]
