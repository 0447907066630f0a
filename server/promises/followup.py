"""The tertial follow-up of a medborgarlöfte: per commitment, planned against done.

What counts as done in a tertial (whole local days, server/reports/periods.py):
- a walk linked to the commitment once it is closed (avslutad), in the tertial in which it
  started: its `started_at`, or its `planned_start` when it was closed without being started.
  A walk still planned or going, or called off, does not count;
- an insats logged against the commitment, on its date.
`findings` are the deviations (not the positive marks, not duplicates) reported on the walks
that count; `fixed` how many of them are fixed now (åtgärdad or verifierad).

The counts are everyone's to read; the activities behind them list only the walks the reader
may see (walk_scope: coordinators and admins all, others those they take part in)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from server.accounts.models import User
from server.accounts.policy import walk_scope
from server.categories.models import Category
from server.clock import local_date, local_today
from server.extensions import db
from server.findings.models import Finding, Status
from server.promises.models import Commitment, CommitmentComment, Insats, Promise
from server.reports.periods import Period, tertial, tertial_of
from server.walks.models import Walk, WalkStatus

FIXED = (Status.FIXED.value, Status.VERIFIED.value)


@dataclass(frozen=True)
class Activity:
    type: str  # walk | insats
    id: int
    date: date
    title: str


def started(walk: Walk):
    return walk.started_at or walk.planned_start


def counted_walks(commitment_ids: list[int], period: Period) -> list[Walk]:
    """The closed walks of these commitments that started within the period."""
    start, end = period.bounds()
    began = func.coalesce(Walk.started_at, Walk.planned_start)
    return list(
        db.session.scalars(
            select(Walk)
            .where(
                Walk.commitment_id.in_(commitment_ids),
                Walk.status == WalkStatus.CLOSED.value,
                began >= start,
                began < end,
            )
            .order_by(began, Walk.id)
        )
    )


def counted_insatser(commitment_ids: list[int], period: Period) -> list[Insats]:
    return list(
        db.session.scalars(
            select(Insats)
            .where(
                Insats.commitment_id.in_(commitment_ids),
                Insats.date >= period.first,
                Insats.date <= period.last,
            )
            .order_by(Insats.date, Insats.id)
        )
    )


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


def followup(
    promise: Promise, year: int, number: int, viewer: User | None = None
) -> tuple[Period, list[CommitmentFollowup]]:
    """Per commitment, what counts in the tertial. With a viewer, the activities list only the
    walks they may see; without one (the public page), all — which shows only the counts."""
    period = tertial(year, number)
    ids = [commitment.id for commitment in promise.commitments]
    walks = counted_walks(ids, period)
    shown = (
        visible_walk_ids(viewer, [walk.id for walk in walks])
        if viewer is not None
        else {walk.id for walk in walks}
    )
    insatser = counted_insatser(ids, period)
    counts = finding_counts([walk.id for walk in walks])
    written = comments(ids, year, number)
    result = []
    for commitment in promise.commitments:
        mine = [walk for walk in walks if walk.commitment_id == commitment.id]
        activities = [
            Activity("walk", walk.id, local_date(started(walk)), walk.title) for walk in mine
        ] + [
            Activity("insats", insats.id, insats.date, insats.place)
            for insats in insatser
            if insats.commitment_id == commitment.id
        ]
        activities.sort(key=lambda activity: (activity.date, activity.type, activity.id))
        found = [counts.get(walk.id, (0, 0)) for walk in mine]
        result.append(
            CommitmentFollowup(
                commitment=commitment,
                done=len(activities),
                activities=[a for a in activities if a.type != "walk" or a.id in shown],
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
