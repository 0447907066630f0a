"""The follow-up of an action at the next meeting: done or not, and the incidents at its place
in the four weeks before its week, the week itself and the four weeks after.

The place is 150 m around the action's position (a hot spot is a cell of 150 m), or its area
when it has no position; an action given only as a place in words counts nothing. Weeks are
local ISO weeks (server/clock.py), as in the lägesbild."""

from collections import Counter
from datetime import timedelta

from shapely.geometry import Point, shape
from sqlalchemy import select

from server.accounts.models import User
from server.accounts.policy import STAFF
from server.clock import local
from server.est.models import ActionStatus, EstAction
from server.extensions import db
from server.geo import degrees_around, distance_m
from server.incidents.models import Incident
from server.reports.periods import Period, parse_week, week_key

RADIUS_M = 150
WEEKS_AROUND = 4


def followup(action: EstAction, viewer: User) -> dict:
    counted_by = _counted_by(action)
    answer = {
        "done": action.status == ActionStatus.DONE,
        "counted_by": counted_by,
        "radius_m": RADIUS_M if counted_by == "radius" else None,
        "weeks": None,
        "before": None,
        "after": None,
    }
    # The partners' incidents are for the EST meeting, which coordinators lead: an owner's
    # follow-up has none, as an owner's lägesbild has none (docs/incidents.md).
    if counted_by is None or viewer.role not in STAFF:
        return answer
    return answer | incidents_around(action)


def incidents_around(action: EstAction, until: str | None = None) -> dict:
    """{weeks, before, after} at the action's place; with `until` (an ISO week), only the weeks
    up to it count as after (the lägesbild of that week: the weeks since the meeting so far),
    and `after_weeks` says how many they are. Empty figures for an action without a place."""
    if _counted_by(action) is None:
        return {"weeks": None, "before": None, "after": None, "after_weeks": 0}
    weeks = incidents_per_week(action)
    after = [w for w in weeks if w["relation"] == "after" and (until is None or w["week"] <= until)]
    return {
        "weeks": weeks,
        "before": sum(w["incidents"] for w in weeks if w["relation"] == "before"),
        "after": sum(w["incidents"] for w in after),
        "after_weeks": len(after),
    }


def _counted_by(action: EstAction) -> str | None:
    if action.lat is not None and action.lon is not None:
        return "radius"
    if action.area is not None:
        return "area"
    return None


def incidents_per_week(action: EstAction) -> list[dict]:
    """[{week, relation, incidents}] from four weeks before the action's week to four after."""
    monday = parse_week(action.week).first
    first = monday - timedelta(weeks=WEEKS_AROUND)
    span = Period(first, monday + timedelta(weeks=WEEKS_AROUND + 1, days=-1), "follow-up")
    per_week = Counter(week_key(local(i.occurred_at).date()) for i in _incidents(action, span))
    weeks = []
    for n in range(2 * WEEKS_AROUND + 1):
        key = week_key(first + timedelta(weeks=n))
        relation = "before" if n < WEEKS_AROUND else "meeting" if n == WEEKS_AROUND else "after"
        weeks.append({"week": key, "relation": relation, "incidents": per_week[key]})
    return weeks


def _incidents(action: EstAction, span: Period) -> list[Incident]:
    start, end = span.bounds()
    query = select(Incident).where(Incident.occurred_at >= start, Incident.occurred_at < end)
    if action.lat is not None and action.lon is not None:
        dlat, dlon = degrees_around(action.lat, RADIUS_M)
        query = query.where(
            Incident.lat.between(action.lat - dlat, action.lat + dlat),
            Incident.lon.between(action.lon - dlon, action.lon + dlon),
        )
        return [
            i
            for i in db.session.scalars(query)
            if distance_m(action.lat, action.lon, i.lat, i.lon) <= RADIUS_M
        ]
    polygon = shape(action.area.geometry)
    return [i for i in db.session.scalars(query) if polygon.covers(Point(i.lon, i.lat))]
