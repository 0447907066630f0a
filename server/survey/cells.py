"""The survey's results per square, k-anonymous (docs/survey.md#k-anonymity).

A square with fewer than K ratings is never listed: its ratings are only counted in
`suppressed`. Within a listed square, a breakdown (time of day, reasons) never shows a group of
fewer than K: such a group is null (times of day) or left out (reasons). Since the times of day
add up to the square's n, the null ones together must hold 0 or at least K ratings, or one of
them could be found by subtraction: the smallest shown group is hidden as well until they do.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from shapely.geometry import Point, shape
from sqlalchemy import select

from server.clock import zone
from server.extensions import db
from server.places.index import area_index
from server.places.models import Area
from server.survey import grid
from server.survey.models import TIMES_OF_DAY, SafetyRating

K = 5


@dataclass(frozen=True)
class Filters:
    area: Area | None = None
    campaign_id: int | None = None
    time_of_day: str | None = None
    first: date | None = None  # local days, both included
    last: date | None = None


def ratings(filters: Filters) -> list[SafetyRating]:
    query = select(SafetyRating).order_by(SafetyRating.id)
    if filters.campaign_id is not None:
        query = query.where(SafetyRating.campaign_id == filters.campaign_id)
    if filters.time_of_day is not None:
        query = query.where(SafetyRating.time_of_day == filters.time_of_day)
    if filters.first is not None:
        query = query.where(SafetyRating.created_at >= _start_of(filters.first))
    if filters.last is not None:
        query = query.where(SafetyRating.created_at < _start_of(filters.last + timedelta(days=1)))
    return list(db.session.scalars(query))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), zone())


def squares(filters: Filters) -> dict:
    """{"cells": [...], "suppressed", "total", "k", "cell_size_m"}: the listed squares, worst
    mean first. With an area, the squares whose centre lies in it, with all their ratings: a
    square is the unit, never split by an area's edge. With a time of day, a square is listed
    only when its breakdown shows that time (below), so that the filter finds nothing the
    breakdown hides."""
    when = filters.time_of_day
    grouped: dict[str, list[SafetyRating]] = defaultdict(list)
    for rating in ratings(replace(filters, time_of_day=None)):
        grouped[grid.cell_of(rating.lat, rating.lon)].append(rating)
    polygon = shape(filters.area.geometry) if filters.area is not None else None
    cells, suppressed, total = [], 0, 0
    for key, members in grouped.items():
        lat, lon = grid.centre(key)
        if polygon is not None and not polygon.covers(Point(lon, lat)):
            continue
        chosen = [r for r in members if when is None or r.time_of_day == when]
        total += len(chosen)
        if len(members) < K or (when is not None and by_time_of_day(members)[when] is None):
            suppressed += len(chosen)
            continue
        cell = _cell(key, lat, lon, chosen)
        if when is not None:
            cell["reasons"] = _without_small_complements(cell["reasons"], members)
        cells.append(cell)
    cells.sort(key=lambda c: (c["mean"], -c["n"], c["cell"]))
    return {
        "cells": cells,
        "suppressed": suppressed,
        "total": total,
        "k": K,
        "cell_size_m": grid.CELL_M,
        "grid": "SWEREF 99 TM",
    }


def _cell(key: str, lat: float, lon: float, members: list[SafetyRating]) -> dict:
    place = area_index().containing(lat, lon)
    return {
        "cell": key,
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "n": len(members),
        "mean": round(statistics.fmean(r.score for r in members), 2),
        "by_time_of_day": by_time_of_day(members),
        "reasons": reason_counts(members),
        "bounds": [round(value, 6) for value in grid.bounds(key)],
        "area": place.name if place else None,
    }


def by_time_of_day(members: list[SafetyRating]) -> dict:
    groups = {when: [r.score for r in members if r.time_of_day == when] for when in TIMES_OF_DAY}
    hidden = {when for when, scores in groups.items() if len(scores) < K}
    shown = sorted((w for w in groups if w not in hidden), key=lambda w: len(groups[w]))
    # The hidden groups' total is n minus the shown ones: it must be 0 or at least K.
    while shown and 0 < sum(len(groups[w]) for w in hidden) < K:
        hidden.add(shown.pop(0))
    return {
        when: None
        if when in hidden
        else {"n": len(scores), "mean": round(statistics.fmean(scores), 2)}
        for when, scores in groups.items()
    }


def reason_counts(members: list[SafetyRating]) -> dict:
    """{code: how many ratings gave it}, for the reasons at least K gave. A rating may give
    several reasons or none, so nothing adds up to n and no left-out count can be derived."""
    counts = _counts(members)
    return {code: count for code, count in counts.most_common() if count >= K}


def _without_small_complements(shown: dict, members: list[SafetyRating]) -> dict:
    """A time of day's reasons, less those whose count at the other times (the whole square's
    count minus this one) would be a group of 1 to K − 1."""
    whole = _counts(members)
    return {code: n for code, n in shown.items() if whole[code] - n == 0 or whole[code] - n >= K}


def _counts(members: list[SafetyRating]) -> Counter:
    return Counter(code for r in members for code in dict.fromkeys(r.reasons or []))
