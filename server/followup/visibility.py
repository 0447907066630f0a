"""Who sees what of the follow-up: comments (internal, or shared with the organisation the
finding was sent to), who wrote them as the reader may know it, and the material of the
duplicates merged into a finding."""

from server.accounts.models import Role, User
from server.accounts.policy import STAFF
from server.findings.models import Finding, FindingEvent
from server.i18n import translate


class Visibility:
    INTERNAL = "internal"  # coordinators and admins only
    OWNER = "owner"  # also the organisation the finding is sent to (bound to that organisation)


def comment_visible(event: FindingEvent, viewer: User) -> bool:
    """Coordinators see every comment; an owner's user those shared with their organisation
    (while or when the finding was sent to it); reporters none."""
    if viewer.role in STAFF:
        return True
    return viewer.role == Role.OWNER and shared_with(event, viewer.organisation_id)


def shared_with(event: FindingEvent, organisation_id: int) -> bool:
    """Whether the comment was shared with this organisation: it stays with the organisation
    the finding was sent to when it was written, not with the next one."""
    data = event.data or {}
    return (
        data.get("visibility") == Visibility.OWNER
        and data.get("organisation_id") == organisation_id
    )


def comment_author(event: FindingEvent, locale: str, reader_org_id: int | None = None) -> str:
    """Who wrote a comment, as its reader may know it (as the API shows names): coordinators
    (reader_org_id None) and the writer's own organisation see the person; an owner's
    organisation sees a coordinator as one; an organisation through its link is itself."""
    actor = event.actor
    if actor is None:
        return event.actor_org.name if event.actor_org else ""
    organisation = actor.organisation.name
    if reader_org_id is None or actor.organisation_id == reader_org_id:
        return f"{actor.name}, {organisation}"
    if actor.role in STAFF:
        return translate("Coordinator, {organisation}", locale, organisation=organisation)
    return organisation


def sees_merged(viewer: User, finding: Finding) -> bool:
    """Who sees the material of the duplicates merged into a finding (their notes, photos and
    history): coordinators and the organisation it is sent to - those who act on it."""
    if viewer.role in STAFF:
        return True
    return viewer.role == Role.OWNER and finding.assigned_org_id == viewer.organisation_id
