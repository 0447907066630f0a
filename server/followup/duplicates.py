"""Duplicates: pairs a coordinator judged distinct, and the open findings of one category so
close to each other that the later may be a duplicate of the earlier."""

import math
import uuid
from collections import defaultdict

from sqlalchemy import or_, select

from server.accounts.models import User
from server.accounts.policy import moderated
from server.audit import service as audit
from server.categories.models import Category
from server.errors import ValidationFailed
from server.extensions import db
from server.findings.models import OPEN_STATUSES, Finding
from server.followup.models import DistinctPair
from server.geo import degrees_around, distance_m


def judge_distinct(finding: Finding, other: Finding, actor: User) -> bool:
    """A coordinator says the two are not the same ("inte en dubblett"): the pair leaves the
    triage queue for good, and the audit log says who judged. False if already judged."""
    if finding.id == other.id:
        raise ValidationFailed(errors={"other": ["A finding is always the same as itself."]})
    first_id, second_id = DistinctPair.key(finding.id, other.id)
    if db.session.get(DistinctPair, (first_id, second_id)) is not None:
        return False
    db.session.add(DistinctPair(first_id=first_id, second_id=second_id, judged_by_id=actor.id))
    audit.record(
        "finding.distinct",
        "finding",
        finding.id,
        actor=actor,
        finding_id=finding.id,
        data={"other": str(other.id)},
    )
    return True


def judged_distinct(finding: Finding) -> set[uuid.UUID]:
    """The findings a coordinator judged not the same as this one."""
    pairs = db.session.execute(
        select(DistinctPair.first_id, DistinctPair.second_id).where(
            or_(DistinctPair.first_id == finding.id, DistinctPair.second_id == finding.id)
        )
    )
    return {second if first == finding.id else first for first, second in pairs}


def possible_duplicates() -> dict[uuid.UUID, list[dict]]:
    """Open findings of one category within the category's nearby radius of each other (as
    /findings/nearby finds them): the later of each pair is a possible duplicate of the
    earlier, listed with its candidates, nearest first. One pass over the open findings'
    positions, bucketed in a grid of the radius."""
    radii = {
        category.id: category.nearby_radius_m
        for category in db.session.scalars(select(Category).where(Category.positive.is_(False)))
    }
    rows = db.session.execute(
        select(
            Finding.id,
            Finding.category_id,
            Finding.lat,
            Finding.lon,
            Finding.captured_at,
            Finding.received_at,
            Finding.status,
        ).where(
            Finding.status.in_([status.value for status in OPEN_STATUSES]),
            Finding.lat.is_not(None),
            Finding.category_id.in_(list(radii) or [-1]),
            moderated(),
        )
    ).all()
    by_category: dict[int, list] = defaultdict(list)
    for row in rows:
        by_category[row.category_id].append(row)
    distinct = {
        (first, second)
        for first, second in db.session.execute(
            select(DistinctPair.first_id, DistinctPair.second_id)
        )
    }
    result: dict[uuid.UUID, list[dict]] = {}
    for category_id, items in by_category.items():
        if len(items) >= 2:
            _pair_up(items, radii[category_id], distinct, result)
    return {
        finding_id: sorted(candidates, key=lambda c: c["distance_m"])
        for finding_id, candidates in result.items()
    }


def _pair_up(items: list, radius: float, distinct: set, result: dict) -> None:
    dlat, dlon = degrees_around(max(abs(item.lat) for item in items), radius)
    grid: dict[tuple[int, int], list] = defaultdict(list)
    for item in items:
        grid[(math.floor(item.lat / dlat), math.floor(item.lon / dlon))].append(item)
    for (cell_lat, cell_lon), members in grid.items():
        neighbours = [
            other
            for i in (-1, 0, 1)
            for j in (-1, 0, 1)
            for other in grid.get((cell_lat + i, cell_lon + j), ())
        ]
        for item in members:
            for other in neighbours:
                if _order(other) >= _order(item):
                    continue  # only earlier ones are originals of this one
                if DistinctPair.key(item.id, other.id) in distinct:
                    continue
                distance = distance_m(item.lat, item.lon, other.lat, other.lon)
                if distance <= radius:
                    result.setdefault(item.id, []).append(
                        {
                            "id": str(other.id),
                            "status": other.status,
                            "distance_m": round(distance, 1),
                            "captured_at": other.captured_at.isoformat(),
                        }
                    )


def _order(row) -> tuple:
    """Which of two reports came first: taken, then received (a phone's clock can be off)."""
    return (row.captured_at, row.received_at, row.id)
