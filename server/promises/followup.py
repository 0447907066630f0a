"""The tertial follow-up of a medborgarlöfte: per commitment, planned against done.

What counts as done in a tertial is in the ledger (server/promises/ledger.py), on the local day
it counts: a walk linked to the commitment once it is closed (avslutad), on the day it started
— a walk still planned or going, or called off, does not count; a round (trygghetsrunda)
logged for the commitment or for an EST action that carries it out, on the day it began; an
insats logged against the commitment, on its date. `findings` are the deviations (not the
positive marks, not duplicates) reported on the walks that count; `fixed` how many of them are
fixed now (åtgärdad or verifierad).

The counts are everyone's to read; the activities behind them list only the walks and rounds
the reader may see (walk_scope: coordinators and admins all, others those they take part in;
round_scope: coordinators and admins all, an owner their organisation's, a reporter their
own)."""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from server.accounts.models import User
from server.accounts.policy import walk_scope
from server.categories.models import Category
from server.clock import local_today
from server.est.models import EstRound
from server.est.rounds import round_scope
from server.extensions import db
from server.findings.models import Finding, Status
from server.promises import ledger
from server.promises.models import (
    ActivityKind,
    Commitment,
    CommitmentActivity,
    CommitmentComment,
    Promise,
)
from server.reports.periods import Period, tertial, tertial_of
from server.walks.models import Walk

FIXED = (Status.FIXED.value, Status.VERIFIED.value)


@dataclass(frozen=True)
class Activity:
    type: str  # walk | round | insats
    id: int | str  # a round's is its uuid
    date: date
    title: str

    @property
    def order(self) -> tuple:
        return (self.date, self.type, self.id if isinstance(self.id, int) else 0, str(self.id))


def activity(entry: CommitmentActivity) -> Activity:
    source = entry.source_id if entry.kind == ActivityKind.ROUND else int(entry.source_id)
    return Activity(entry.kind, source, entry.counts_on, entry.title)


def finding_counts(walk_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per walk: (deviations reported on it, of which fixed now)."""
    if not walk_ids:
        return {}
    rows = db.session.execute(
        select(Finding.walk_id, Finding.status)
        .join(Category, Category.id == Finding.category_id)
        .where(
            Finding.walk_id.in_(walk_ids),
            Category.positive.is_(False),
            Finding.status != Status.DUPLICATE.value,
        )
    )
    counts: dict[int, list[int]] = {}
    for walk_id, status in rows:
        found = counts.setdefault(walk_id, [0, 0])
        found[0] += 1
        found[1] += status in FIXED
    return {walk_id: (found, fixed) for walk_id, (found, fixed) in counts.items()}


def comments(commitment_ids: list[int], year: int, number: int) -> dict[int, CommitmentComment]:
    rows = db.session.scalars(
        select(CommitmentComment).where(
            CommitmentComment.commitment_id.in_(commitment_ids),
            CommitmentComment.year == year,
            CommitmentComment.tertial == number,
        )
    )
    return {comment.commitment_id: comment for comment in rows}


@dataclass
class CommitmentFollowup:
    commitment: Commitment
    done: int
    activities: list[Activity]  # those the reader may see
    findings: int
    fixed: int
    comment: CommitmentComment | None

    @property
    def planned(self) -> int:
        return self.commitment.planned_per_tertial


def visible_walk_ids(viewer: User, walk_ids: list[int]) -> set[int]:
    if not walk_ids:
        return set()
    return set(db.session.scalars(select(Walk.id).where(Walk.id.in_(walk_ids), walk_scope(viewer))))


def visible_round_ids(viewer: User, round_ids: list[str]) -> set[str]:
    if not round_ids:
        return set()
    ids = [uuid.UUID(round_id) for round_id in round_ids]
    query = select(EstRound.id).where(EstRound.id.in_(ids), round_scope(viewer))
    return {str(round_id) for round_id in db.session.scalars(query)}


def may_see(viewer: User | None, activities: list[Activity]):
    """Whether the viewer may see each activity: every insats; the walks and rounds within their
    scope. Without a viewer (the public page, which shows only the counts) everything."""
    if viewer is None:
        return lambda activity: True
    walks = visible_walk_ids(viewer, [a.id for a in activities if a.type == ActivityKind.WALK])
    rounds = visible_round_ids(viewer, [a.id for a in activities if a.type == ActivityKind.ROUND])
    shown = {ActivityKind.WALK: walks, ActivityKind.ROUND: rounds}
    return lambda activity: activity.type not in shown or activity.id in shown[activity.type]


def followup(
    promise: Promise, year: int, number: int, viewer: User | None = None
) -> tuple[Period, list[CommitmentFollowup]]:
    """Per commitment, what counts in the tertial. With a viewer, the activities list only the
    walks and rounds they may see; without one (the public page), all — which shows only the
    counts."""
    period = tertial(year, number)
    ids = [commitment.id for commitment in promise.commitments]
    entries = ledger.counted(ids, period.first, period.last)
    every = [activity(entry) for entry in entries]
    visible = may_see(viewer, every)
    counts = finding_counts([a.id for a in every if a.type == ActivityKind.WALK])
    written = comments(ids, year, number)
    result = []
    for commitment in promise.commitments:
        mine = sorted(
            (a for a, e in zip(every, entries, strict=True) if e.commitment_id == commitment.id),
            key=lambda a: a.order,
        )
        found = [counts.get(a.id, (0, 0)) for a in mine if a.type == ActivityKind.WALK]
        result.append(
            CommitmentFollowup(
                commitment=commitment,
                done=len(mine),
                activities=[a for a in mine if visible(a)],
                findings=sum(total for total, _ in found),
                fixed=sum(fixed for _, fixed in found),
                comment=written.get(commitment.id),
            )
        )
    return period, result


def tertials_so_far(promise: Promise) -> list[tuple[int, int]]:
    """The tertials of the promise's period up to today's, oldest first."""
    last_day = min(promise.ends_on, local_today())
    if last_day < promise.starts_on:
        return []
    current = tertial_of(promise.starts_on)
    last = tertial_of(last_day)
    found = []
    while current <= last:
        found.append(current)
        year, number = current
        current = (year + 1, 1) if number == 3 else (year, number + 1)
    return found
