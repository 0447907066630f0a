"""Who may move a finding from which status to which: the one transition table.

Roles here are roles towards one finding:
- owner: a user with the owner role whose organisation the finding is assigned to;
- link: that organisation acting without an account, through the signed link of an email;
- coordinator: coordinators and admins;
- system: the router (server/routing), which sends a new finding at once when it may.
Reporters change no status.

Side effects belong to the move: 'skickad' assigns the finding and queues the owner's emails,
'ej vårt ansvar' takes it from the owner back to the coordinators' triage queue, 'planerad'
records the owner's date. Every move is a status event in the history: who (or which
organisation, through a link), when, from, to, and why.
"""

from datetime import date, datetime, timedelta

from server.accounts.models import Organisation, Role, User
from server.database import utcnow
from server.errors import Conflict, Forbidden, ValidationFailed
from server.findings import service as findings
from server.findings.models import Finding, Status
from server.followup import service as followup
from server.routing import service as routing

S = Status
OWNER_MOVES = {
    S.SENT: frozenset({S.ACKNOWLEDGED, S.PLANNED, S.FIXED, S.NOT_OURS}),
    S.ACKNOWLEDGED: frozenset({S.PLANNED, S.FIXED, S.NOT_OURS}),
    S.PLANNED: frozenset({S.PLANNED, S.FIXED, S.NOT_OURS}),  # planerad again: a new date
}
TRANSITIONS: dict[str, dict[Status, frozenset[Status]]] = {
    "owner": OWNER_MOVES,
    "link": OWNER_MOVES,
    "coordinator": {
        S.NEW: frozenset({S.TRIAGED, S.SENT, S.REJECTED, S.DUPLICATE}),
        S.TRIAGED: frozenset({S.SENT, S.REJECTED, S.DUPLICATE}),
        S.NOT_OURS: frozenset({S.TRIAGED, S.SENT, S.REJECTED, S.DUPLICATE}),
        # On the owner's behalf (a phone call), or the coordinator closes it.
        S.SENT: frozenset({S.ACKNOWLEDGED, S.PLANNED, S.FIXED, S.REJECTED, S.DUPLICATE}),
        S.ACKNOWLEDGED: frozenset({S.PLANNED, S.FIXED, S.REJECTED, S.DUPLICATE}),
        S.PLANNED: frozenset({S.PLANNED, S.FIXED, S.REJECTED, S.DUPLICATE}),
        # Follow-up (issue 6): verified at the follow-up, or reopened with a reason - back to
        # the owner (skickad, a new due date, the owner told again) or to triage (granskad).
        S.FIXED: frozenset({S.SENT, S.TRIAGED, S.VERIFIED}),
        S.VERIFIED: frozenset({S.SENT, S.TRIAGED}),
    },
    "system": {S.NEW: frozenset({S.SENT})},
}
# What a move needs besides the status.
NEEDS_COMMENT = frozenset({S.NOT_OURS, S.REJECTED})
NEEDS_DATE = frozenset({S.PLANNED})
# Reopening: a move out of these back into the lifecycle needs a reason too.
REOPENABLE = frozenset({S.FIXED, S.VERIFIED})
MAX_PLAN_DAYS = 2 * 365


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"
    message = "A finding that is '{current}' cannot become '{status}'."


def role_towards(user: User | None, finding: Finding, link_org: Organisation | None = None):
    """The role of this caller towards this finding, or None when it may change nothing."""
    if link_org is not None:
        return "link" if finding.assigned_org_id == link_org.id else None
    if user is None:
        return None
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return "coordinator"
    if user.role == Role.OWNER and finding.assigned_org_id == user.organisation_id:
        return "owner"
    return None


def moves(user: User | None, finding: Finding, link_org: Organisation | None = None) -> list[str]:
    """The statuses this caller may move the finding to now, in the order of the lifecycle."""
    role = role_towards(user, finding, link_org)
    if role is None:
        return []
    allowed = TRANSITIONS[role].get(Status(finding.status), frozenset())
    return [status.value for status in Status if status in allowed]


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
    comment = (comment or "").strip() or None
    if _already_there(finding, target, planned_for, send_to, duplicate_of):
        return False
    if target not in TRANSITIONS[role].get(Status(finding.status), frozenset()):
        raise TransitionNotAllowed(current=finding.status, status=target.value)
    _check_needs(target, comment, planned_for, today or routing.local_date(at or utcnow()))
    reopening = Status(finding.status) in REOPENABLE and target in (S.SENT, S.TRIAGED)
    if reopening and not comment:
        raise ValidationFailed(errors={"comment": ["Say why."]})
    if target == S.DUPLICATE and duplicate_of is None:
        raise ValidationFailed(errors={"duplicate_of": ["Name the finding this one duplicates."]})
    via = "link" if link_org is not None else "app"
    actor_org = link_org if user is None else None
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


def table() -> list[tuple[str, str, list[str]]]:
    """The transition table as rows (role, from, [to...]), for documentation and tests."""
    return [
        (role, source.value, [status.value for status in Status if status in targets])
        for role, by_status in TRANSITIONS.items()
        for source, targets in by_status.items()
    ]
