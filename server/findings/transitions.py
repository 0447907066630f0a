"""Who may move a finding from which status to which: the one transition table, and each
caller's role towards a finding. server/findings/workflow.py makes the moves.

Roles here are roles towards one finding:
- owner: a user with the owner role whose organisation the finding is assigned to;
- link: that organisation acting without an account, through the signed link of an email;
- coordinator: coordinators and admins;
- system: the router (server/routing), which sends a new finding at once when it may.
Reporters change no status.
"""

from server.accounts.models import Organisation, Role, User
from server.errors import Conflict
from server.findings.models import Finding, Status

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
# Reopening: a move out of these back into the lifecycle needs a reason too.
REOPENABLE = frozenset({S.FIXED, S.VERIFIED})


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


def table() -> list[tuple[str, str, list[str]]]:
    """The transition table as rows (role, from, [to...]), for documentation and tests."""
    return [
        (role, source.value, [status.value for status in Status if status in targets])
        for role, by_status in TRANSITIONS.items()
        for source, targets in by_status.items()
    ]
