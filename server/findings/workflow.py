"""Moving a finding along the transition table (server/findings/transitions.py).

Side effects belong to the move: 'skickad' assigns the finding and queues the owner's emails,
'ej vårt ansvar' takes it from the owner back to the coordinators' triage queue, 'planerad'
records the owner's date, reopening and merging are the follow-up's (server/followup/moves.py).
Every move is a status event in the history: who (or which organisation, through a link),
when, from, to, and why.
"""

from datetime import date, datetime, timedelta

from server import events
from server.accounts.models import Organisation, User
from server.clock import local_date
from server.database import utcnow
from server.errors import Conflict, Forbidden, ValidationFailed
from server.findings import service as findings
from server.findings.models import Finding, Status
from server.findings.transitions import REOPENABLE, TRANSITIONS, TransitionNotAllowed, role_towards
from server.followup import moves as followup
from server.routing import service as routing

S = Status
# What a move needs besides the status.
NEEDS_COMMENT = frozenset({S.NOT_OURS, S.REJECTED})
NEEDS_DATE = frozenset({S.PLANNED})
MAX_PLAN_DAYS = 2 * 365


def change_status(
    finding: Finding,
    user: User | None,
    status: str,
    *,
    comment: str | None = None,
    planned_for: date | None = None,
    send_to: Organisation | None = None,
    link_org: Organisation | None = None,
    today: date | None = None,
    at: datetime | None = None,
    duplicate_of: Finding | None = None,
) -> bool:
    """Make the move, or raise. Returns False when the finding already is where the caller
    wants it (a repeated request), True when it moved."""
    role = role_towards(user, finding, link_org)
    if role is None:
        raise Forbidden(
            "Only the organisation the finding is sent to, or a coordinator, may change its status."
        )
    target = Status(status)
    if finding.awaiting_moderation and target not in (S.DUPLICATE, S.REJECTED):
        # A resident's tip (server/tips): approved through /approve, or merged or rejected.
        raise Conflict("Approve, merge or reject the resident's tip first.")
    if duplicate_of is not None and duplicate_of.awaiting_moderation:
        raise ValidationFailed(errors={"duplicate_of": ["No such finding."]})
    comment = (comment or "").strip() or None
    if _already_there(finding, target, planned_for, send_to, duplicate_of):
        return False
    if target not in TRANSITIONS[role].get(Status(finding.status), frozenset()):
        raise TransitionNotAllowed(current=finding.status, status=target.value)
    _check_needs(target, comment, planned_for, today or local_date(at or utcnow()))
    reopening = Status(finding.status) in REOPENABLE and target in (S.SENT, S.TRIAGED)
    if reopening and not comment:
        raise ValidationFailed(errors={"comment": ["Say why."]})
    if target == S.DUPLICATE and duplicate_of is None:
        raise ValidationFailed(errors={"duplicate_of": ["Name the finding this one duplicates."]})
    via = "link" if link_org is not None else "app"
    actor_org = link_org if user is None else None
    before = finding.status
    if reopening:
        followup.reopen(finding, user, target, comment, send_to, at)
    elif target == S.DUPLICATE:
        followup.merge(finding, duplicate_of, user, comment, at)
    elif target == S.SENT:
        routing.send(finding, user, send_to, comment, at)
    elif target == S.NOT_OURS:
        organisation = finding.assigned_org
        findings.set_status(finding, user, target, comment, at, via=via, actor_org=actor_org)
        routing.not_ours(finding, user, organisation, comment, via=via, at=at)
    elif target == S.PLANNED:
        finding.planned_for = planned_for
        findings.set_status(
            finding,
            user,
            target,
            comment,
            at,
            via=via,
            actor_org=actor_org,
            data={"planned_for": planned_for.isoformat()},
        )
    else:
        findings.set_status(finding, user, target, comment, at, via=via, actor_org=actor_org)
    followup.touch_duplicates(finding)
    events.finding_status_changed.send(finding, before=before, actor=user)
    return True


def _already_there(finding: Finding, target: Status, planned_for, send_to, duplicate_of) -> bool:
    if finding.status != target:
        return False
    if target == S.DUPLICATE:
        return duplicate_of is None or finding.duplicate_of_id == duplicate_of.id
    if target == S.PLANNED:
        return finding.planned_for == planned_for
    if target == S.SENT:
        return send_to is None or finding.assigned_org_id == send_to.id
    return True


def _check_needs(target: Status, comment, planned_for, today: date) -> None:
    if target in NEEDS_COMMENT and not comment:
        raise ValidationFailed(errors={"comment": ["Say why."]})
    if target in NEEDS_DATE:
        if planned_for is None:
            raise ValidationFailed(errors={"planned_for": ["Give the planned date."]})
        if not today <= planned_for <= today + timedelta(days=MAX_PLAN_DAYS):
            raise ValidationFailed(
                errors={"planned_for": ["The date must lie between today and two years ahead."]}
            )
