"""The follow-up walk (uppföljande vandring): the earlier walk's findings, and the marks the
follow-up walk gives them.

A walk planned as the follow-up of an earlier, closed walk (walks.follows_walk_id) lists the
earlier walk's deviations (positive marks and duplicates left out), numbered as in the earlier
walk's protocol, each with its status now. Its participants (and coordinators and admins) mark
each one kvar (still there), åtgärdad (fixed) or förändrad (changed), with a note if they like,
while the walk is planned or going; once it is closed or called off the marks stand (409).

Who sees them: whoever may read the follow-up walk sees the list, with each finding's category,
note, place, position, status and its report photo's thumbnail (as served, a redacted photo
redacted) — for the walk's sake, even a participant who may not open the finding itself
(its history, comments and full photos stay behind finding_scope()).

A mark does not change the finding's status: the owner's workflow decides that. A 'kvar' on a
finding whose status says it is fixed is flagged for the coordinators (still_there_though_fixed),
in the list and in the protocol.
"""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.accounts.models import User
from server.accounts.policy import STAFF
from server.audit import service as audit
from server.database import utcnow
from server.errors import Conflict, Forbidden, NotFound
from server.extensions import db
from server.findings.models import Finding, Status
from server.idempotent import add_once
from server.photos.models import Photo, PhotoKind
from server.schemas import MAX_ID
from server.walks.models import Walk, WalkParticipant, WalkRevisit, WalkStatus
from server.walks.service import ENDED

FIXED = frozenset({Status.FIXED, Status.VERIFIED})
MARKING = (WalkStatus.PLANNED, WalkStatus.ONGOING)


def earlier_findings(walk: Walk) -> list[tuple[str, Finding]]:
    """The earlier walk's deviations with their protocol numbers, duplicates left out."""
    if walk.follows_walk_id is None:
        return []
    findings = db.session.scalars(
        select(Finding)
        .where(Finding.walk_id == walk.follows_walk_id)
        .options(
            selectinload(Finding.category),
            selectinload(Finding.photos),
            selectinload(Finding.areas),
        )
        .order_by(Finding.captured_at, Finding.id)
    )
    deviations = [finding for finding in findings if not finding.category.positive]
    return [
        (str(number), finding)
        for number, finding in enumerate(deviations, start=1)
        if finding.status != Status.DUPLICATE
    ]


def marks(walk: Walk) -> dict[uuid.UUID, WalkRevisit]:
    rows = db.session.scalars(
        select(WalkRevisit)
        .where(WalkRevisit.walk_id == walk.id)
        .options(selectinload(WalkRevisit.marked_by))
    )
    return {row.finding_id: row for row in rows}


def report_photo(finding: Finding) -> Photo | None:
    photo = next((p for p in finding.photos if p.kind == PhotoKind.REPORT), None)
    return None if photo is None or photo.removed else photo


def place_in_words(finding: Finding) -> str:
    return ", ".join(filter(None, [finding.property_designation, *finding.area_names]))


def still_there_though_fixed(finding: Finding, mark: WalkRevisit | None) -> bool:
    return mark is not None and mark.state == "kvar" and finding.status in FIXED


def revisit_walk(user: User, walk_id: int) -> Walk:
    """The follow-up walk, for someone who may mark its revisits: a participant, a coordinator
    or an admin. Anyone else is refused (403) without learning whether the walk exists."""
    walk = db.session.get(Walk, walk_id) if walk_id <= MAX_ID else None
    if user.role not in STAFF and (
        walk is None or db.session.get(WalkParticipant, (walk.id, user.id)) is None
    ):
        raise Forbidden()
    if walk is None:
        raise NotFound("No such walk.")
    return walk


def followed_finding(walk: Walk, finding_id: uuid.UUID) -> Finding:
    if walk.follows_walk_id is None:
        raise NotFound("This walk follows up no earlier walk.")
    for _, finding in earlier_findings(walk):
        if finding.id == finding_id:
            return finding
    raise NotFound("No such finding on the earlier walk.")


def mark(walk: Walk, finding: Finding, user: User, state: str, note: str) -> tuple[bool, bool]:
    """Give the earlier walk's finding this walk's mark. Returns (created, changed): the same
    mark again changes nothing (the phone may send it twice)."""
    if walk.status in ENDED or walk.status not in MARKING:
        raise Conflict("The follow-up walk is over: its marks can no longer change.")
    note = (note or "").strip()
    existing = db.session.get(WalkRevisit, (walk.id, finding.id))
    created = False
    if existing is None:  # two phones may send it at the same moment: one row all the same
        row = WalkRevisit(
            walk_id=walk.id, finding_id=finding.id, state=state, note=note, marked_by_id=user.id
        )
        existing, created = add_once(row, lambda stored: stored)
    before = None if created else existing.state
    if not created:
        if (existing.state, existing.note) == (state, note):
            return False, False
        existing.state, existing.note = state, note
        existing.marked_by_id, existing.marked_at = user.id, utcnow()
    walk.updated_at = utcnow()
    db.session.flush()
    audit.record(
        "walk.revisit_marked",
        "walk",
        walk.id,
        actor=user,
        finding_id=finding.id,
        data={"from": before, "to": state, "note": note or None},
    )
    return created, True
