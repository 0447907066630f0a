"""What changed for a phone since its last sync: its findings, the categories, its walks.

The cursor is a point in time (and, while paging, the last finding sent). The final cursor lies
OVERLAP before the moment the query started, so that a change whose transaction committed
just after that moment, with a timestamp just before it, is still sent next time. Phones store
by id and version, so an item sent twice costs nothing.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select

from server import cursors
from server.accounts.models import User
from server.accounts.policy import finding_scope, moderated
from server.categories.models import Category
from server.database import utcnow
from server.extensions import db
from server.findings import presenters, queries
from server.findings.models import Finding
from server.sync.presenters import MARKING, present_walk
from server.walks.models import Walk, WalkParticipant

OVERLAP = timedelta(minutes=2)
PAGE_SIZE = 500


def sync(user: User, cursor: str | None) -> dict:
    started = utcnow()
    since, after_id = decode_cursor(cursor) if cursor else (None, None)
    findings = _changed_findings(user, since, after_id)
    more = len(findings) > PAGE_SIZE
    findings = findings[:PAGE_SIZE]
    if more:
        next_cursor = encode_cursor(findings[-1].updated_at, findings[-1].id)
    else:
        next_cursor = encode_cursor(started - OVERLAP, None)
    walk_ids = list(
        db.session.scalars(
            select(WalkParticipant.walk_id).where(WalkParticipant.user_id == user.id)
        )
    )
    return {
        "findings": [presenters.present(finding, user) for finding in findings],
        "categories": _changed_categories(since) if after_id is None else [],
        "walks": _changed_walks(user, since, walk_ids) if after_id is None else [],
        "walk_ids": walk_ids,
        "cursor": next_cursor,
        "more": more,
    }


def _changed_findings(user: User, since, after_id) -> list[Finding]:
    my_walks = select(WalkParticipant.walk_id).where(WalkParticipant.user_id == user.id)
    query = queries.with_details(select(Finding)).where(
        finding_scope(user),
        moderated(),
        or_(Finding.reporter_id == user.id, Finding.walk_id.in_(my_walks)),
    )
    if since is not None and after_id is not None:
        query = query.where(
            or_(
                Finding.updated_at > since, and_(Finding.updated_at == since, Finding.id > after_id)
            )
        )
    elif since is not None:
        query = query.where(Finding.updated_at >= since)
    query = query.order_by(Finding.updated_at, Finding.id).limit(PAGE_SIZE + 1)
    return list(db.session.scalars(query))


def _changed_categories(since) -> list[Category]:
    query = select(Category).order_by(Category.sort_order, Category.code)
    if since is not None:
        query = query.where(Category.updated_at >= since)
    return list(db.session.scalars(query))


def _changed_walks(user: User, since, walk_ids: list[int]) -> list[dict]:
    if not walk_ids:
        return []
    query = (
        select(Walk, WalkParticipant.added_at)
        .join(
            WalkParticipant,
            and_(WalkParticipant.walk_id == Walk.id, WalkParticipant.user_id == user.id),
        )
        .order_by(Walk.planned_start)
    )
    if since is not None:
        # A follow-up walk being walked is sent every time: the earlier findings' status
        # changes without the walk changing.
        marking = and_(Walk.follows_walk_id.is_not(None), Walk.status.in_(MARKING))
        query = query.where(
            or_(Walk.updated_at >= since, WalkParticipant.added_at >= since, marking)
        )
    return [present_walk(walk) for walk, _ in db.session.execute(query)]


def encode_cursor(moment: datetime, after_id: uuid.UUID | None) -> str:
    return cursors.encode({"t": moment.isoformat(), "id": str(after_id) if after_id else None})


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID | None]:
    def parse(data):
        moment = datetime.fromisoformat(data["t"])
        if moment.tzinfo is None:
            raise ValueError("a cursor's time has an offset")
        return moment, uuid.UUID(data["id"]) if data["id"] else None

    return cursors.decode(cursor, parse)
