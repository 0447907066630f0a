"""The moderation queue and a coordinator's three decisions on a resident's tip.

- approve: the tip becomes an ordinary finding and is routed as any (events.finding_located:
  routing sends it to the owner, or proposes one in the triage queue);
- reject, with a reason: status avvisad; the tip stays out of every list and of Open311;
- merge into an existing finding (POST .../merge of server/followup, or .../status dubblett):
  the tip becomes its dubblett and its resident is told when that finding is fixed.
Each is written into the finding's history and the audit log (kind 'moderated', who and when)
and, when the resident left an address, emailed to them (server/tips/residents.py).
"""

import uuid
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from server import cursors, events
from server.accounts.models import User
from server.accounts.policy import moderated
from server.database import utcnow
from server.errors import Conflict, NotFound
from server.extensions import db
from server.findings import service as findings
from server.findings import workflow
from server.findings.models import CLOSED_STATUSES, OPEN_STATUSES, EventKind, Finding, Status
from server.findings.queries import located_in
from server.geo import degrees_around, distance_m
from server.notify.models import NotificationKind
from server.tips import residents
from server.tips.models import ResidentTip, TipState

NEARBY_M = 50.0
NEARBY_MAX = 5


class NotAwaitingModeration(Conflict):
    code = "not_awaiting_moderation"
    message = "This tip is no longer waiting for moderation."


def waiting_tip(finding_id: uuid.UUID) -> ResidentTip:
    """The tip, locked, that a coordinator decides on: 404 for no tip, 409 once decided."""
    finding = db.session.get(Finding, finding_id, with_for_update=True)
    tip = db.session.get(ResidentTip, finding_id) if finding is not None else None
    if tip is None:
        raise NotFound("No such tip.")
    if tip.state != TipState.WAITING:
        raise NotAwaitingModeration()
    return tip


def _decided(
    tip: ResidentTip, user: User | None, state: TipState, comment: str | None = None
) -> None:
    tip.state = state
    tip.decided_by = user
    tip.decided_at = utcnow()
    findings.record(
        tip.finding,
        EventKind.MODERATED,
        comment,
        actor=user,
        from_value=TipState.WAITING.value,
        to_value=state.value,
        via="app",
    )
    tip.finding.touch()


def approve(finding_id: uuid.UUID, user: User) -> Finding:
    tip = waiting_tip(finding_id)
    finding = tip.finding
    finding.awaiting_moderation = False
    _decided(tip, user, TipState.APPROVED)
    residents.tell(tip, NotificationKind.TIP_APPROVED)
    events.finding_located.send(finding)  # routing: sent to its owner, or proposed
    return finding


def reject(finding_id: uuid.UUID, user: User, reason: str) -> Finding:
    """Status avvisad with the reason, through the workflow (moved() then decides the tip)."""
    tip = waiting_tip(finding_id)
    workflow.change_status(tip.finding, user, Status.REJECTED, comment=reason)
    return tip.finding


def moved(tip: ResidentTip, actor: User | None) -> None:
    """A waiting tip was merged (dubblett, POST .../merge or .../status) or rejected (avvisad,
    POST .../reject or .../status): the decision is the tip's, told to its resident."""
    finding = tip.finding
    if finding.status == Status.REJECTED:
        tip.reason = finding.status_reason
        _decided(tip, actor, TipState.REJECTED, tip.reason)
        residents.tell(tip, NotificationKind.TIP_REJECTED)
        tip.email = None
        _forget_photos(finding)
    elif finding.status == Status.DUPLICATE:
        original = finding.duplicate_of
        finding.awaiting_moderation = False
        _decided(tip, actor, TipState.MERGED, str(original.id))
        if original.status in (Status.FIXED, Status.VERIFIED):
            residents.tell_fixed(tip)  # already fixed: told at once
        elif original.status in CLOSED_STATUSES:
            tip.email = None


def _forget_photos(finding: Finding) -> None:
    """A rejected tip's photos serve nobody and may show people: gone as retention's are (their
    routes answer 410; `lykta media cleanup` removes the files), not kept for 24 months."""
    now = utcnow()
    for photo in finding.photos:
        photo.retention, photo.retention_at = "deleted", now


def tip_of(finding_id: uuid.UUID) -> ResidentTip | None:
    return db.session.get(ResidentTip, finding_id)


def queue(state: str, cursor: str | None, limit: int) -> tuple[list[ResidentTip], str | None]:
    """A page of the tips in a state, oldest first, and the cursor of the next page."""
    query = (
        select(ResidentTip)
        .join(Finding, Finding.id == ResidentTip.finding_id)
        .where(ResidentTip.state == state)
        .options(
            selectinload(ResidentTip.finding).selectinload(Finding.photos),
            selectinload(ResidentTip.finding).selectinload(Finding.category),
        )
    )
    if cursor:
        received, last_id = cursors.decode(cursor, _parse_cursor)
        query = query.where(
            or_(
                Finding.received_at > received,
                and_(Finding.received_at == received, Finding.id > last_id),
            )
        )
    query = query.order_by(Finding.received_at, Finding.id).limit(limit + 1)
    tips = list(db.session.scalars(query))
    if len(tips) <= limit:
        return tips, None
    tips = tips[:limit]
    last = tips[-1].finding
    return tips, cursors.encode([last.received_at.isoformat(), str(last.id)])


def _parse_cursor(value) -> tuple[datetime, uuid.UUID]:
    received, last_id = value
    moment = datetime.fromisoformat(received)
    if moment.tzinfo is None:
        raise ValueError("not a cursor of ours")
    return moment, uuid.UUID(last_id)


def nearby(finding: Finding) -> list[dict]:
    """Up to five open findings past moderation within about 50 m: merge candidates."""
    dlat, dlon = degrees_around(finding.lat, NEARBY_M)
    rows = db.session.scalars(
        select(Finding)
        .where(
            Finding.id != finding.id,
            Finding.status.in_([status.value for status in OPEN_STATUSES]),
            moderated(),
            located_in(
                finding.lon - dlon, finding.lat - dlat, finding.lon + dlon, finding.lat + dlat
            ),
        )
        .options(selectinload(Finding.category))
    )
    found = []
    for other in rows:
        distance = distance_m(finding.lat, finding.lon, other.lat, other.lon)
        if distance <= NEARBY_M:
            found.append(
                {
                    "id": other.id,
                    "category": other.category.code,
                    "status": other.status,
                    "distance_m": round(distance, 1),
                }
            )
    return sorted(found, key=lambda item: item["distance_m"])[:NEARBY_MAX]
