"""Walks: planning, invitations, running and closing, and who takes part in them.

A walk is planned (planerad) by a coordinator with its type, title, area, time, meeting point,
description and an optional route; people are invited by email. Someone with an account
takes part at once (they see the walk in the app through /api/v1/sync and may report findings
on it); someone without one is invited all the same and takes part as soon as an account with
that address is created. Every invitation is an email through the outbox
(NotificationKind.WALK_INVITATION). While the walk is planned, an invitation can be withdrawn
(whoever already had the invitation email is told: NotificationKind.WALK_WITHDRAWN), and moving
its time or place emails everyone invited (NotificationKind.WALK_CHANGED); calling it off
makes it 'inställd' and tells those who had the invitation (NotificationKind.WALK_CANCELLED).
Starting the walk makes it 'pågår'; closing it makes it 'avslutad', with the summary for the
follow-up meeting.
"""

from datetime import datetime

from sqlalchemy import func, select, update

from server import events
from server.accounts.models import User
from server.accounts.policy import walk_scope
from server.accounts.service import normalise_email
from server.audit import service as audit
from server.database import utcnow
from server.errors import Conflict, NotFound, ValidationFailed
from server.extensions import db
from server.findings.models import Finding
from server.notify.models import Delivery, Notification, NotificationKind
from server.places.models import Area
from server.schemas import MAX_ID
from server.walks.models import Walk, WalkInvitation, WalkParticipant, WalkRevisit, WalkStatus

MAX_INVITATIONS = 200
EDITABLE = (
    "type",
    "title",
    "description",
    "planned_start",
    "planned_end",
    "meeting_point",
    "meeting_lat",
    "meeting_lon",
    "route",
    "summary",
    "commitment_id",
    "follows_walk_id",
)
# What the people invited are told about when it moves.
PLAN = ("planned_start", "planned_end", "meeting_point", "meeting_lat", "meeting_lon")

# A walk that is over, either way: nobody more is invited, it does not start again.
ENDED = (WalkStatus.CLOSED, WalkStatus.CANCELLED)


def walk_by_title(title: str) -> Walk | None:
    return db.session.scalar(select(Walk).filter_by(title=title))


def add_participant(walk: Walk, user: User) -> None:
    if db.session.get(WalkParticipant, (walk.id, user.id)) is None:
        db.session.add(WalkParticipant(walk_id=walk.id, user_id=user.id))
        db.session.flush()


def visible_walk(user: User, walk_id: int) -> Walk:
    """The walk if this user may read it; NotFound otherwise, so that ids do not leak."""
    walk = None
    if walk_id <= MAX_ID:
        walk = db.session.scalar(select(Walk).where(Walk.id == walk_id, walk_scope(user)))
    if walk is None:
        raise NotFound("No such walk.")
    return walk


def list_walks(user: User, args: dict) -> list[Walk]:
    query = select(Walk).where(walk_scope(user))
    if args.get("status"):
        query = query.where(Walk.status == args["status"])
    if args.get("area") is not None:
        query = query.where(Walk.area_id == args["area"])
    if args.get("after"):
        query = query.where(Walk.planned_start >= args["after"])
    if args.get("before"):
        query = query.where(Walk.planned_start < args["before"])
    query = query.order_by(Walk.planned_start.desc(), Walk.id.desc()).limit(args["limit"])
    return list(db.session.scalars(query))


def _check(data: dict, walk: Walk | None = None) -> None:
    problems = {}
    area_id = data.get("area_id")
    if area_id is not None and db.session.get(Area, area_id) is None:
        problems["area_id"] = ["No such area."]
    start = data.get("planned_start", walk.planned_start if walk else None)
    end = data.get("planned_end", walk.planned_end if walk else None)
    if start is not None and end is not None and end <= start:
        problems["planned_end"] = ["The walk must end after it starts."]
    has_lat = data.get("meeting_lat", walk.meeting_lat if walk else None) is not None
    has_lon = data.get("meeting_lon", walk.meeting_lon if walk else None) is not None
    if has_lat != has_lon:
        problems["meeting_lat"] = ["Give both meeting_lat and meeting_lon, or neither."]
    if problems:
        raise ValidationFailed(errors=problems)


def _check_follows(actor: User, data: dict, walk: Walk | None = None) -> None:
    """A follow-up walk follows an earlier walk the planner may see, that is closed, and that
    is not the walk itself (nor one that follows it); once marks are given it stays."""
    if "follows_walk_id" not in data or (walk and data["follows_walk_id"] == walk.follows_walk_id):
        return
    earlier_id = data["follows_walk_id"]
    if walk is not None and walk.follows_walk_id is not None and _has_marks(walk):
        raise Conflict("Findings of the earlier walk are marked already: it cannot change.")
    if earlier_id is None:
        return
    earlier = db.session.scalar(select(Walk).where(Walk.id == earlier_id, walk_scope(actor)))
    problem = None
    if earlier is None:
        problem = "No such walk."
    elif earlier.status != WalkStatus.CLOSED:
        problem = "The earlier walk must be closed."
    elif walk is not None and _in_chain(earlier, walk.id):
        problem = "A walk cannot follow itself up."
    if problem:
        raise ValidationFailed(errors={"follows_walk_id": [problem]})


def _in_chain(earlier: Walk, walk_id: int) -> bool:
    seen = set()
    while earlier is not None and earlier.id not in seen:
        if earlier.id == walk_id:
            return True
        seen.add(earlier.id)
        earlier = earlier.follows
    return False


def _has_marks(walk: Walk) -> bool:
    query = select(WalkRevisit.finding_id).where(WalkRevisit.walk_id == walk.id).limit(1)
    return db.session.scalar(query) is not None


def _check_commitment(walk: Walk, data: dict) -> None:
    """Whoever keeps the commitments (server/promises) refuses one that does not exist, and
    moves a closed walk's count when its commitment changes (to another one, or to none)."""
    if "commitment_id" in data and data["commitment_id"] != walk.commitment_id:
        events.walk_commitment_chosen.send(walk, commitment_id=data["commitment_id"])


def create_walk(actor: User, data: dict) -> Walk:
    _check(data)
    _check_follows(actor, data)
    walk = Walk(
        type=data["type"],
        title=data["title"].strip(),
        description=data.get("description") or "",
        area_id=data.get("area_id"),
        planned_start=data["planned_start"],
        planned_end=data.get("planned_end"),
        meeting_point=(data.get("meeting_point") or "").strip(),
        meeting_lat=data.get("meeting_lat"),
        meeting_lon=data.get("meeting_lon"),
        route=data.get("route"),
        status=WalkStatus.PLANNED,
        created_by_id=actor.id,
    )
    _check_commitment(walk, data)
    walk.commitment_id = data.get("commitment_id")
    walk.follows_walk_id = data.get("follows_walk_id")
    db.session.add(walk)
    db.session.flush()
    invite(walk, data.get("invite") or [], actor)
    return walk


def update_walk(walk: Walk, data: dict, actor: User) -> Walk:
    """Change the plan or the summary; when the time or place of a planned walk moves, everyone
    invited is emailed (once, however often it moves before the email goes)."""
    _check(data, walk)
    _check_follows(actor, data, walk)
    _check_commitment(walk, data)
    before = {key: getattr(walk, key) for key in (*EDITABLE, "area_id")}
    for key in EDITABLE:
        if key in data:
            value = data[key]
            setattr(walk, key, value.strip() if isinstance(value, str) else value)
    if "area_id" in data:
        walk.area_id = data["area_id"]
    changed = sorted(key for key, value in before.items() if getattr(walk, key) != value)
    if not changed:
        return walk
    walk.updated_at = utcnow()
    if walk.status == WalkStatus.PLANNED and set(changed) & set(PLAN):
        walk.revision += 1
        _tell_invited_of_move(walk)
    audit.record("walk.updated", "walk", walk.id, actor=actor, data={"fields": changed})
    return walk


def _tell_invited_of_move(walk: Walk) -> None:
    # An email still waiting in the outbox is built when it is sent, with the new time.
    waiting = set(
        db.session.scalars(
            select(Notification.recipient).where(
                Notification.walk_id == walk.id, Notification.status == Delivery.PENDING
            )
        )
    )
    for invitation in walk.invitations:
        if invitation.email not in waiting:
            _queue_email(walk, NotificationKind.WALK_CHANGED, invitation.email, invitation.user)


def invite(walk: Walk, emails: list[str], actor: User | None) -> list[WalkInvitation]:
    """Invite addresses to the walk: each gets an email (once; inviting again changes
    nothing); people with an account take part at once."""
    if walk.status in ENDED and emails:
        raise Conflict("The walk is closed: nobody more can be invited.")
    addresses = list(dict.fromkeys(normalise_email(email) for email in emails if email.strip()))
    existing = db.session.scalar(
        select(func.count()).select_from(WalkInvitation).where(WalkInvitation.walk_id == walk.id)
    )
    if existing + len(addresses) > MAX_INVITATIONS:
        raise ValidationFailed(errors={"invite": [f"At most {MAX_INVITATIONS} invitations."]})
    made = []
    for address in addresses:
        if db.session.scalar(select(WalkInvitation).filter_by(walk_id=walk.id, email=address)):
            continue
        _cancel_waiting_emails(walk, address)  # a notice of an earlier withdrawal, say
        user = db.session.scalar(select(User).filter_by(email=address))
        invitation = WalkInvitation(
            walk_id=walk.id,
            email=address,
            user_id=user.id if user else None,
            invited_by_id=actor.id if actor else None,
        )
        db.session.add(invitation)
        if user is not None and user.active:
            add_participant(walk, user)
        _queue_email(walk, NotificationKind.WALK_INVITATION, address, user)
        made.append(invitation)
    if made:
        walk.updated_at = utcnow()
    db.session.flush()
    return made


def _queue_email(walk: Walk, kind: NotificationKind, address: str, user: User | None) -> None:
    db.session.add(
        Notification(
            kind=kind,
            finding_id=None,
            walk_id=walk.id,
            organisation_id=user.organisation_id if user else None,
            user_id=user.id if user else None,
            recipient=address,
            locale=user.locale if user else "sv",
            next_attempt_at=utcnow(),
        )
    )


def withdraw(walk: Walk, invitation_id: int, actor: User) -> None:
    """Take back an invitation, and the person's place on the walk with it. Only before the
    walk begins and before they report anything on it: once it has begun, findings on it may
    still be on their way from the phone, and a walk's participants are part of its record."""
    invitation = None
    if invitation_id <= MAX_ID:
        invitation = db.session.scalar(
            select(WalkInvitation).filter_by(id=invitation_id, walk_id=walk.id)
        )
    if invitation is None:
        raise NotFound("No such invitation on this walk.")
    if walk.status != WalkStatus.PLANNED:
        raise Conflict("The walk is no longer planned: nobody can be taken off it any more.")
    if invitation.user_id is not None:
        if _has_reported_on(walk, invitation.user_id):
            raise Conflict("They have already reported findings on this walk.")
        participant = db.session.get(WalkParticipant, (walk.id, invitation.user_id))
        if participant is not None:
            db.session.delete(participant)
    db.session.delete(invitation)
    # Cancelled here rather than by the worker, so that inviting the address again sends one.
    _cancel_waiting_emails(walk, invitation.email)
    if _was_emailed(walk, invitation.email):  # so their calendar holds the walk: take it out
        _queue_email(walk, NotificationKind.WALK_WITHDRAWN, invitation.email, invitation.user)
    walk.updated_at = utcnow()
    audit.record(
        "walk.invitation_withdrawn", "walk", walk.id, actor=actor, data={"email": invitation.email}
    )


def _cancel_waiting_emails(walk: Walk, address: str) -> None:
    db.session.execute(
        update(Notification)
        .where(
            Notification.walk_id == walk.id,
            Notification.recipient == address,
            Notification.status == Delivery.PENDING,
        )
        .values(status=Delivery.CANCELLED)
    )


def _was_emailed(walk: Walk, address: str) -> bool:
    """Whether an email about the walk went, or is going out right now, to the address."""
    query = select(Notification.id).where(
        Notification.walk_id == walk.id,
        Notification.recipient == address,
        Notification.status.in_([Delivery.SENDING, Delivery.SENT]),
    )
    return db.session.scalar(query.limit(1)) is not None


def _has_reported_on(walk: Walk, user_id: int) -> bool:
    query = select(Finding.id).filter_by(walk_id=walk.id, reporter_id=user_id).limit(1)
    return db.session.scalar(query) is not None


def claim_invitations(user: User) -> int:
    """A new account whose address was invited to walks takes part in them."""
    invitations = list(
        db.session.scalars(
            select(WalkInvitation).where(
                WalkInvitation.email == user.email, WalkInvitation.user_id.is_(None)
            )
        )
    )
    for invitation in invitations:
        invitation.user_id = user.id
        add_participant(invitation.walk, user)
    return len(invitations)


def start(walk: Walk, at: datetime | None = None) -> bool:
    if walk.status == WalkStatus.ONGOING:
        return False
    if walk.status in ENDED:
        raise Conflict("The walk is closed.")
    walk.status = WalkStatus.ONGOING
    walk.started_at = at or utcnow()
    walk.updated_at = utcnow()
    return True


def close(walk: Walk, summary: str | None, at: datetime | None = None) -> bool:
    """Close the walk with its summary; closing again only updates the summary."""
    if walk.status == WalkStatus.CANCELLED:
        raise Conflict("The walk was called off: there is nothing to close.")
    if summary is not None:
        walk.summary = summary.strip()
    walk.updated_at = utcnow()
    if walk.status == WalkStatus.CLOSED:
        return False
    walk.status = WalkStatus.CLOSED
    walk.started_at = walk.started_at or walk.planned_start
    walk.closed_at = at or utcnow()
    events.walk_closed.send(walk)
    return True


def cancel(walk: Walk, reason: str | None, actor: User) -> bool:
    """Call off a planned walk, with a reason or (in a hurry) without. Emails still waiting are
    cancelled, and whoever already had the invitation is told, with a calendar event that
    removes the walk. Again: nothing changes."""
    if walk.status == WalkStatus.CANCELLED:
        return False
    if walk.status != WalkStatus.PLANNED:
        raise Conflict("The walk has begun: close it instead, with a summary.")
    walk.status = WalkStatus.CANCELLED
    walk.summary = (reason or "").strip()
    walk.closed_at = walk.updated_at = utcnow()
    for invitation in walk.invitations:
        _cancel_waiting_emails(walk, invitation.email)
        if _was_emailed(walk, invitation.email):
            _queue_email(walk, NotificationKind.WALK_CANCELLED, invitation.email, invitation.user)
    reason = walk.summary or None
    audit.record("walk.cancelled", "walk", walk.id, actor=actor, data={"reason": reason})
    return True


def invitation_states(walk: Walk) -> dict[str, str]:
    """The latest delivery state of each address's invitation email."""
    rows = db.session.execute(
        select(Notification.recipient, Notification.status)
        .where(
            Notification.walk_id == walk.id,
            Notification.kind == NotificationKind.WALK_INVITATION,
        )
        .order_by(Notification.id)
    )
    return {recipient: status for recipient, status in rows}
