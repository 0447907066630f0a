"""The ledger of what counts toward a commitment (CommitmentActivity): one row per activity, on
the local day it counts.

- a walk planned for the commitment, once it is closed: on the day it started (its planned
  start when it was closed without being started). When a closed walk's commitment changes,
  its row moves with it, or goes;
- a round (trygghetsrunda) logged for the commitment, or for an EST action that carries it
  out: on the day it began. When the action's commitment changes, its rounds move with it;
- an insats logged against the commitment: on its date.

Each activity has at most one row (kind and id are unique), so an event heard twice counts
once. The rows are kept by server/promises/reactions.py (walks and rounds announce what
happened) and by promises.service.log_insats; the tertial follow-up reads them."""

from datetime import date

from sqlalchemy import select

from server.clock import local_date
from server.est.models import EstRound
from server.extensions import db
from server.promises.models import ActivityKind, CommitmentActivity, Insats
from server.walks.models import Walk, WalkStatus


def _entry(kind: str, source_id) -> CommitmentActivity | None:
    return db.session.scalar(
        select(CommitmentActivity).filter_by(kind=kind, source_id=str(source_id))
    )


def _put(kind: str, source_id, commitment_id: int | None, counts_on: date, title: str) -> None:
    """The activity counts toward the commitment (none: toward no commitment)."""
    entry = _entry(kind, source_id)
    if commitment_id is None:
        if entry is not None:
            db.session.delete(entry)
            db.session.flush()
        return
    if entry is None:
        entry = CommitmentActivity(kind=kind, source_id=str(source_id))
        db.session.add(entry)
    entry.commitment_id = commitment_id
    entry.counts_on = counts_on
    entry.title = title[:300]
    db.session.flush()


def count_walk(walk: Walk, commitment_id: int | None) -> None:
    """A closed walk counts toward the commitment; one not closed toward none."""
    if walk.status != WalkStatus.CLOSED:
        commitment_id = None
    began = walk.started_at or walk.planned_start
    _put(ActivityKind.WALK, walk.id, commitment_id, local_date(began), walk.title)


def round_title(logged: EstRound) -> str:
    """Where the round went: its action's place in words, or else what the action was."""
    action = logged.action
    if action is None:
        return ""
    return action.place or action.what


def count_round(logged: EstRound, commitment_id: int | None) -> None:
    _put(
        ActivityKind.ROUND,
        logged.id,
        commitment_id,
        local_date(logged.arrived_at),
        round_title(logged),
    )


def count_insats(insats: Insats) -> None:
    _put(ActivityKind.INSATS, insats.id, insats.commitment_id, insats.date, insats.place)


def in_use(commitment_id: int) -> bool:
    """Whether anything counts toward the commitment."""
    query = select(CommitmentActivity.id).filter_by(commitment_id=commitment_id).limit(1)
    return db.session.scalar(query) is not None


def counted(commitment_ids: list[int], first: date, last: date) -> list[CommitmentActivity]:
    """What counts toward these commitments from the first day to the last, by day."""
    if not commitment_ids:
        return []
    return list(
        db.session.scalars(
            select(CommitmentActivity)
            .where(
                CommitmentActivity.commitment_id.in_(commitment_ids),
                CommitmentActivity.counts_on >= first,
                CommitmentActivity.counts_on <= last,
            )
            .order_by(CommitmentActivity.counts_on, CommitmentActivity.kind, CommitmentActivity.id)
        )
    )
