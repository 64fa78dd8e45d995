"""Writes of former addresses: a row moved (`KeepsFormerAddresses.save`), rows were merged
(`relations.services.entity_merge`)."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import FormerAddress, KeepsFormerAddresses


def former_addresses_record(*, target, addresses, using="default"):
    """`target` no longer answers at `addresses` ([(path, suffix)]): each now leads to it.

    A path leads to the row that left it last (an address two rows held in turn). Former
    addresses of `target` that are its current ones again are dropped: its page answers there.
    """
    content_type = ContentType.objects.db_manager(using).get_for_model(target)
    now = timezone.now()
    rows = [
        FormerAddress(
            old_path=path,
            content_type=content_type,
            object_id=target.pk,
            suffix=suffix,
            moved_at=now,
        )
        for path, suffix in addresses
    ]
    manager = FormerAddress.objects.db_manager(using)
    manager.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["old_path"],
        update_fields=["content_type", "object_id", "suffix", "moved_at"],
    )
    current = [path for path, _ in target.public_addresses()]
    if current:
        manager.filter(
            content_type=content_type, object_id=target.pk, old_path__in=current
        ).delete()


def former_addresses_merge(*, keep, duplicates, using="default"):
    """`duplicates` are being folded into `keep` (and deleted): their pages, and the addresses
    that led to them, lead to `keep`. Call it before the duplicates are deleted."""
    if not isinstance(keep, KeepsFormerAddresses) or not duplicates:
        return
    content_type = ContentType.objects.db_manager(using).get_for_model(keep)
    FormerAddress.objects.db_manager(using).filter(
        content_type=content_type, object_id__in=[dup.pk for dup in duplicates]
    ).update(object_id=keep.pk)
    left = [address for dup in duplicates for address in dup.public_addresses()]
    former_addresses_record(target=keep, addresses=left, using=using)
