"""Comments in a finding's history: written by coordinators (internal or shared with the
owner) and by the owner's organisation, shared ones emailed to the other side."""

from server.accounts.models import Organisation, User
from server.errors import Conflict, Forbidden, ValidationFailed
from server.extensions import db
from server.findings import service as findings
from server.findings.models import EventKind, Finding, FindingEvent
from server.findings.transitions import role_towards
from server.followup.visibility import Visibility
from server.notify import service as notify


def add_comment(
    finding: Finding,
    user: User | None,
    body: str,
    visibility: str | None,
    link_org: Organisation | None = None,
) -> FindingEvent:
    """A comment in the finding's history. Coordinators write 'internal' (coordinators only)
    or 'owner' (also the organisation the finding is sent to now); the owner's users, and the
    organisation through its signed link (`link_org`, no user), write to the coordinators
    ('owner': their organisation sees it too). Reporters never see comments. A shared comment
    is emailed to the other side; an internal one stays in Lykta."""
    role = role_towards(user, finding, link_org)
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(errors={"body": ["Write something."]})
    if role == "coordinator":
        visibility = visibility or Visibility.INTERNAL
        if visibility == Visibility.OWNER and finding.assigned_org_id is None:
            raise Conflict("The finding is not sent to an owner: nobody to show the comment to.")
    elif role in ("owner", "link"):
        visibility = visibility or Visibility.OWNER
        if visibility != Visibility.OWNER:
            raise ValidationFailed(
                errors={"visibility": ["Owners' comments are seen by the coordinators."]}
            )
    else:
        raise Forbidden(
            "Only coordinators and the organisation the finding is sent to may comment on it."
        )
    organisation_id = finding.assigned_org_id if visibility == Visibility.OWNER else None
    findings.record(
        finding,
        EventKind.COMMENT,
        body,
        actor=user,
        actor_org=link_org if user is None else None,
        via="link" if link_org is not None else "app",
        data={"visibility": visibility, "organisation_id": organisation_id},
    )
    db.session.flush()
    event = finding.events[-1]
    if visibility == Visibility.OWNER:
        notify.enqueue_comment(finding, event, to_coordinators=role != "coordinator")
    return event
