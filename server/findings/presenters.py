"""How a finding is shown through the API: the finding, its photos, the duplicates merged
into it and its history, each as the viewer may see it. The one way a finding leaves the API;
the schemas in server/findings/schemas.py document these dictionaries (a test keeps the two
the same)."""

from server.accounts.models import User
from server.accounts.policy import STAFF
from server.findings import queries, transitions
from server.findings.models import EventKind, Finding, Status
from server.followup.visibility import comment_visible, sees_merged
from server.i18n import current_locale
from server.routing.reasons import describe


def present(finding: Finding, viewer: User) -> dict:
    return {
        "id": finding.id,
        "category": finding.category.code,
        "note": finding.note,
        "lat": finding.lat,
        "lon": finding.lon,
        "accuracy_m": finding.accuracy_m,
        "location_source": finding.location_source,
        "captured_at": finding.captured_at,
        "received_at": finding.received_at,
        "updated_at": finding.updated_at,
        "walk_id": finding.walk_id,
        "status": finding.status,
        "assigned_org": (
            {"id": finding.assigned_org.id, "name": finding.assigned_org.name}
            if finding.assigned_org
            else None
        ),
        "routing_reason": finding.routing_reason,
        "routing": _routing(finding),
        "proposed_org": finding.proposed_org,
        "priority": finding.priority,
        "due_date": finding.due_date,
        "planned_for": finding.planned_for,
        # Whether the owner's email went out: for coordinators (FixMyStreet's dead mailboxes).
        "delivery": finding.delivery_state if viewer.role in STAFF else None,
        "transitions": transitions.moves(viewer, finding),
        "version": finding.version,
        "mine": finding.reporter_id == viewer.id,
        "complete": finding.complete,
        "photos_expected": finding.photos_expected,
        "photos": [present_photo(photo) for photo in finding.photos if not photo.removed],
        # Follow-up (server/followup): why it has its status (a rejection's reason), what it
        # duplicates, and how many photos the retention removed.
        "status_reason": finding.status_reason,
        "duplicate_of": (
            {"id": finding.duplicate_of.id, "status": finding.duplicate_of.status}
            if finding.duplicate_of_id and finding.duplicate_of
            else None
        ),
        "photos_removed": sum(1 for photo in finding.photos if photo.removed),
        # A resident's tip that a coordinator has not decided on yet (server/tips).
        "awaiting_moderation": finding.awaiting_moderation and finding.status == Status.NEW,
    }


def present_photo(photo, finding_id=None) -> dict:
    """A photo's reference; served under `finding_id` when given (a merged duplicate's photo
    shown with its original)."""
    url, thumbnail_url = photo.url, photo.thumbnail_url
    if finding_id is not None and finding_id != photo.finding_id:
        url = url.replace(str(photo.finding_id), str(finding_id), 1)
        thumbnail_url = thumbnail_url.replace(str(photo.finding_id), str(finding_id), 1)
    return {
        "id": photo.id,
        "url": url,
        "thumbnail_url": thumbnail_url,
        "width": photo.width,
        "height": photo.height,
        "kind": photo.kind,
        "redacted": photo.redacted_at is not None,
    }


def present_detail(finding: Finding, viewer: User) -> dict:
    """The finding with the duplicates merged into it (their notes and photos, for those who
    act on it: server/followup/visibility.py)."""
    shown = present(finding, viewer)
    shown["duplicates"] = []
    if sees_merged(viewer, finding):
        shown["duplicates"] = [
            {
                "id": duplicate.id,
                "category": duplicate.category.code,
                "note": duplicate.note,
                "captured_at": duplicate.captured_at,
                "lat": duplicate.lat,
                "lon": duplicate.lon,
                "photos": [
                    present_photo(photo, finding.id)
                    for photo in duplicate.photos
                    if not photo.removed
                ],
            }
            for duplicate in queries.duplicates_of(finding)
        ]
    return shown


def _routing(finding: Finding) -> dict | None:
    """The routing decision's values and its text in the reader's language."""
    if not finding.routing:
        return None
    return {**finding.routing, "text": describe(finding.routing, current_locale())}


def history(finding: Finding, viewer: User, *, merged: bool = True) -> list[dict]:
    """The finding's events, oldest first, as this viewer may see them: deliveries (email
    addresses, server errors) only for coordinators; comments as server/followup decides
    (never to reporters); people's names for coordinators and the people of the actor's own
    organisation; the organisation for everyone. With the history of the duplicates merged
    into it, for those who act on it (each event says its finding_id)."""
    staff = viewer.role in STAFF
    locale = current_locale()
    events = list(finding.events)
    if merged and finding.status != Status.DUPLICATE and sees_merged(viewer, finding):
        for duplicate in queries.duplicates_of(finding):
            events.extend(duplicate.events)
        events.sort(key=lambda event: (event.at, event.id))
    shown = []
    for event in events:
        if event.kind == EventKind.DELIVERY and not staff:
            continue
        if event.kind == EventKind.COMMENT and not comment_visible(event, viewer):
            continue
        actor = event.actor
        organisation = event.actor_org or (actor.organisation if actor else None)
        see_person = actor is not None and (
            staff or actor.id == viewer.id or actor.organisation_id == viewer.organisation_id
        )
        shown.append(
            {
                "id": event.id,
                "finding_id": event.finding_id,
                "at": event.at,
                "kind": event.kind,
                "from_value": event.from_value,
                "to_value": event.to_value,
                "comment": event.comment,
                "text": _event_text(event, locale),
                "actor": {"id": actor.id, "name": actor.name} if see_person else None,
                "organisation": (
                    {"id": organisation.id, "name": organisation.name} if organisation else None
                ),
                "via": event.via,
                "data": event.data,
            }
        )
    return shown


def _event_text(event, locale: str) -> str | None:
    if event.kind == EventKind.ASSIGNED and event.data:
        return describe(event.data, locale)
    return None
