"""Walks and who takes part in them."""

from sqlalchemy import select

from server.accounts.models import User
from server.extensions import db
from server.walks.models import Walk, WalkParticipant


def walk_by_title(title: str) -> Walk | None:
    return db.session.scalar(select(Walk).filter_by(title=title))


def add_participant(walk: Walk, user: User) -> None:
    if db.session.get(WalkParticipant, (walk.id, user.id)) is None:
        db.session.add(WalkParticipant(walk_id=walk.id, user_id=user.id))
        db.session.flush()
