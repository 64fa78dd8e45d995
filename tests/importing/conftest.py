"""Helpers shared by the importer's tests."""

from django.urls import reverse


def edit_event_in_admin(client, event, **changes):
    """Save `event` through the admin's change form, as an editor would, with `changes` to
    its fields (None leaves a field out of the post: an unticked box). The importer leaves an
    event an editor has saved as the editor left it."""
    data = {
        "name": event.name,
        "slug": event.slug,
        "kind": event.kind,
        "summary": event.summary,
        "starts_on": event.starts_on.isoformat() if event.starts_on else "",
        "ends_on": event.ends_on.isoformat() if event.ends_on else "",
        "dates_precision": event.dates_precision,
        "city": event.city,
        "host_country": event.host_country_id or "",
        "organization": event.organization_id or "",
        "review_note": event.review_note,
        "needs_review": "on" if event.needs_review else None,
        "_save": "Save",
        **changes,
    }
    response = client.post(
        reverse("admin:relations_event_change", args=[event.pk]),
        {name: value for name, value in data.items() if value is not None},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
