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
from dataclasses import dataclass, replace
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


def visible_walks(viewer: User | None, walk_ids: list[int]) -> dict[int, str]:
    """The walks the viewer may see (all without a viewer), with their titles now."""
    if not walk_ids:
        return {}
    query = select(Walk.id, Walk.title).where(Walk.id.in_(walk_ids))
    if viewer is not None:
        query = query.where(walk_scope(viewer))
    return {walk_id: title for walk_id, title in db.session.execute(query)}


def visible_round_ids(viewer: User | None, round_ids: list[str]) -> set[str]:
    if viewer is None or not round_ids:
        return set(round_ids)
    ids = [uuid.UUID(round_id) for round_id in round_ids]
    query = select(EstRound.id).where(EstRound.id.in_(ids), round_scope(viewer))
    return {str(round_id) for round_id in db.session.scalars(query)}


def readable(viewer: User | None, activities: list[Activity]) -> dict[tuple, Activity]:
    """The activities the viewer may see, by (type, id): every insats; the walks (under their
    title now) and the rounds within the viewer's scope. Without a viewer (the public page,
    which shows only the counts) all of them."""
    walks = visible_walks(viewer, [a.id for a in activities if a.type == ActivityKind.WALK])
    rounds = visible_round_ids(viewer, [a.id for a in activities if a.type == ActivityKind.ROUND])
    found = {}
    for a in activities:
        if a.type == ActivityKind.WALK and a.id in walks:
            found[a.type, a.id] = replace(a, title=walks[a.id])
        elif a.type != ActivityKind.WALK and (a.type != ActivityKind.ROUND or a.id in rounds):
            found[a.type, a.id] = a
    return found


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
    visible = readable(viewer, every)
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
                activities=[visible[a.type, a.id] for a in mine if (a.type, a.id) in visible],
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
