"""Who may do what: the one place that decides, used by every route.

Role permissions live in PERMISSIONS; which objects a user may see is decided by the scope
functions below, so that lists, single reads and photos share one rule.
"""

from functools import wraps

from flask import request
from sqlalchemy import and_, or_, select

from server.accounts.auth import SAFE_METHODS, current_user
from server.accounts.models import Role, User
from server.errors import Forbidden, Unauthorized
from server.extensions import db
from server.findings.models import Finding
from server.walks.models import Walk, WalkParticipant

EVERYONE = frozenset(Role)
STAFF = frozenset({Role.COORDINATOR, Role.ADMIN})

PERMISSIONS: dict[str, frozenset[Role]] = {
    "account:read": EVERYONE,
    "categories:read": EVERYONE,
    "findings:read": EVERYONE,  # scoped by finding_scope()
    "findings:create": EVERYONE,  # everyone walks: police, housing staff, volunteers
    "findings:correct_own": EVERYONE,  # note and category of one's own finding while 'ny'
    "photos:upload": EVERYONE,
    "sync:read": EVERYONE,
    "users:manage": frozenset({Role.ADMIN}),
    # Routing and the owner's side (server/routing, server/places, server/notify). Which status
    # moves a role may make is decided per finding by server/findings/workflow.py.
    "findings:act": frozenset({Role.OWNER, Role.COORDINATOR, Role.ADMIN}),
    "findings:route": STAFF,
    "areas:read": EVERYONE,  # the owner's list filters by area
    "places:read": STAFF,
    "places:manage": frozenset({Role.ADMIN}),
    "organisations:read": STAFF,  # whom to route to
    "organisations:manage": frozenset({Role.ADMIN}),
    "routing:read": STAFF,
    "routing:manage": frozenset({Role.ADMIN}),
    "notifications:read": STAFF,
    "notifications:manage": STAFF,
    # Follow-up (server/followup, server/audit): the triage queue, merges, priority and due
    # dates, overdue lists; comments (the transition table and comment rules decide per
    # finding); photo redaction; the audit log.
    "findings:triage": STAFF,
    "findings:comment": frozenset({Role.OWNER, Role.COORDINATOR, Role.ADMIN}),
    "photos:redact": STAFF,
    "audit:read": frozenset({Role.ADMIN}),
    # Walks, protocols and reports (server/walks, server/reports). Which walks a user reads is
    # decided by walk_scope(), which findings a report or an export counts by report_scope().
    "walks:read": EVERYONE,  # participants read theirs
    "walks:manage": STAFF,  # plan, invite, start, close
    "reports:read": frozenset({Role.OWNER, Role.COORDINATOR, Role.ADMIN}),  # owners: their org
    "exports:read": EVERYONE,  # scoped by report_scope()
    # The medborgarlöfte (server/promises): everyone signed in reads promises and follow-ups;
    # owners log insatser only for promises their organisation is a party to.
    "promises:read": EVERYONE,
    "promises:manage": STAFF,  # create, change, write the tertial comments
    "insatser:create": frozenset({Role.OWNER, Role.COORDINATOR, Role.ADMIN}),
    # Incidents for the weekly EST lägesbild (server/incidents): every partner's staff record
    # them; which ones a user reads is decided by incidents.service.incident_scope().
    "incident_types:read": EVERYONE,
    "incident_types:manage": frozenset({Role.ADMIN}),  # add types, rename, (in)activate, alert
    "incidents:create": EVERYONE,
    "incidents:read": EVERYONE,
    # A partner's week from its own system, as CSV: staff of the partner, not a volunteer.
    "incidents:import": frozenset({Role.OWNER, Role.COORDINATOR, Role.ADMIN}),
    # The weekly EST meeting's actions (server/est): coordinators and admins decide them; an
    # owner reads and reports on those given to their organisation (est.service.action_scope).
    "est_actions:manage": STAFF,
    "est_actions:read": frozenset({Role.OWNER, Role.COORDINATOR, Role.ADMIN}),
    "est_actions:report": frozenset({Role.OWNER, Role.COORDINATOR, Role.ADMIN}),
    # Rounds at hot spots: every partner's staff log them; est.rounds.round_scope() decides
    # which ones a user reads.
    "est_rounds:create": EVERYONE,
    "est_rounds:read": EVERYONE,
    # Residents' tips (server/tips): the moderation queue, approve, reject, merge.
    "tips:moderate": STAFF,
    # The safety survey (server/survey): residents rate without an account (public routes);
    # coordinators run the campaigns and read the k-anonymous results; admins keep the reasons.
    "survey:manage": STAFF,
    "survey:results": STAFF,
    "rating_reasons:manage": frozenset({Role.ADMIN}),
}


def can(user: User | None, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return user is not None and user.active and user.role in PERMISSIONS[permission]


def require(permission: str):
    """Decorate a view: the caller must be signed in and hold the permission."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            user = current_user()
            if user is None:
                raise Unauthorized()
            if not can(user, permission):
                raise Forbidden()
            if request.method not in SAFE_METHODS:
                # The view reads the body next, maybe slowly (a photo on a bad connection):
                # end the sign-in check's transaction first, so that nothing is held meanwhile
                # (on SQLite every transaction holds the write lock, see server/database.py).
                db.session.commit()
            return view(*args, **kwargs)

        guarded.permission = permission
        return guarded

    return decorate


def public(view):
    """Mark a view that anyone may call (sign-in, health); the route audit looks for it."""
    view.permission = None
    return view


def finding_scope(user: User):
    """A SQL condition on findings: the ones this user may see.

    Reporters: their own and those of the walks they take part in. Owners: their own and those
    assigned to their organisation. Coordinators and admins: all.
    """
    if user.role in STAFF:
        return Finding.id.is_not(None)
    own = Finding.reporter_id == user.id
    if user.role == Role.OWNER:
        return or_(own, Finding.assigned_org_id == user.organisation_id)
    my_walks = select(WalkParticipant.walk_id).where(WalkParticipant.user_id == user.id)
    return or_(own, Finding.walk_id.in_(my_walks))


def moderated():
    """A SQL condition on findings: past moderation, i.e. not a resident's tip that waits for a
    coordinator or was rejected (server/tips). Lists, the triage queue, duplicate suggestions,
    sync, reports, exports and Open311 add it; only a coordinator's read by id and the
    moderation queue show the others."""
    return Finding.awaiting_moderation.is_(False)


def report_scope(user: User):
    """A SQL condition on findings: the ones this user's reports and exports count.

    Stricter than finding_scope() for owners and reporters, so that figures about an
    organisation never include another's findings: coordinators and admins count all, owners
    the findings assigned to their organisation, reporters their own reports.
    """
    if user.role in STAFF:
        return moderated()
    if user.role == Role.OWNER:
        return and_(moderated(), Finding.assigned_org_id == user.organisation_id)
    return and_(moderated(), Finding.reporter_id == user.id)


def walk_scope(user: User):
    """A SQL condition on walks: coordinators and admins read every walk, others those they
    take part in (participants include invited people who have an account)."""
    if user.role in STAFF:
        return Walk.id.is_not(None)
    mine = select(WalkParticipant.walk_id).where(WalkParticipant.user_id == user.id)
    return Walk.id.in_(mine)
