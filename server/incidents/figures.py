"""The incidents' figures in the weekly EST lägesbild (GET /api/v1/reports/lagesbild, for
coordinators and admins): how many, of what type, on which weekday and hour, the trend over
eight weeks, and where they cluster.

Weeks, weekdays and hours are local (server/clock.py): an incident at 23:30 on a Sunday belongs
to that Sunday's week, one at 00:30 on the Monday to the next, in winter and in summer time.
Hot spots are counted in the same square cells as the findings' (server/reports/hotspots.py):
a grid anchored at whole degrees, so that a place falls in the same cell in every report."""

import math
import statistics
from collections import Counter, defaultdict
from datetime import timedelta

from shapely.geometry import Point, shape
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.clock import local
from server.extensions import db
from server.incidents.models import Incident, IncidentType
from server.places.index import metres_per_degree
from server.places.models import Area
from server.reports.periods import Period, week_key

WEEKDAYS_SV = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
TREND_WEEKS = 8
CELL_M = 150.0
HOT_SPOT_MINIMUM = 2
HOT_SPOT_LIMIT = 5


def week_figures(period: Period, area: Area | None = None) -> dict:
    """The figures for the ISO week `period`, and the trend of the eight weeks up to it; only
    the incidents inside the area when one is given. `positions` are the week's incidents on
    the map: type, local time and position, never the note or who registered it."""
    span = Period(period.first - timedelta(weeks=TREND_WEEKS - 1), period.last, "trend")
    incidents = incidents_in(span, area)
    week = [incident for incident in incidents if period.contains(incident.occurred_at)]
    by_weekday_hour = [[0] * 24 for _ in range(7)]
    for incident in week:
        moment = local(incident.occurred_at)
        by_weekday_hour[moment.weekday()][moment.hour] += 1
    per_week = Counter(week_key(local(incident.occurred_at).date()) for incident in incidents)
    weeks = [week_key(span.first + timedelta(weeks=n)) for n in range(TREND_WEEKS)]
    return {
        "total": len(week),
        "by_type": _by_type(week),
        "by_weekday_hour": by_weekday_hour,
        "trend": [{"week": key, "total": per_week[key]} for key in weeks],
        "hot_spots": hot_spots(week)[:HOT_SPOT_LIMIT],
        "positions": [
            {
                "type": incident.type.code,
                "occurred_at": local(incident.occurred_at).isoformat(),
                "lat": incident.lat,
                "lon": incident.lon,
            }
            for incident in sorted(week, key=lambda i: i.occurred_at)
        ],
    }


def incidents_in(span: Period, area: Area | None = None) -> list[Incident]:
    """The incidents that occurred in the period (local days), inside the area when given."""
    start, end = span.bounds()
    query = (
        select(Incident)
        .where(Incident.occurred_at >= start, Incident.occurred_at < end)
        .options(selectinload(Incident.type))
    )
    incidents = list(db.session.scalars(query))
    if area is None:
        return incidents
    polygon = shape(area.geometry)
    return [i for i in incidents if polygon.covers(Point(i.lon, i.lat))]


def _by_type(incidents: list[Incident]) -> dict[str, int]:
    """Every active type, with 0 when none happened, and any inactive type that did."""
    counts = Counter(incident.type.code for incident in incidents)
    types = db.session.scalars(select(IncidentType).order_by(IncidentType.position))
    return {t.code: counts[t.code] for t in types if t.active or counts[t.code]}


def hot_spots(incidents: list[Incident], cell_m: float = CELL_M) -> list[dict]:
    """Incidents counted in square cells of cell_m metres, busiest first; cells with fewer than
    two are left out."""
    if not incidents:
        return []
    reference = math.floor(statistics.median(i.lat for i in incidents))
    east, north = metres_per_degree(reference + 0.5)
    cells: dict[tuple[int, int], list[Incident]] = defaultdict(list)
    for incident in incidents:
        key = (math.floor(incident.lon * east / cell_m), math.floor(incident.lat * north / cell_m))
        cells[key].append(incident)
    result = []
    for (i, j), members in cells.items():
        if len(members) < HOT_SPOT_MINIMUM:
            continue
        west, south = i * cell_m / east, j * cell_m / north
        east_edge, north_edge = (i + 1) * cell_m / east, (j + 1) * cell_m / north
        types = sorted(Counter(i.type.code for i in members).items(), key=lambda t: (-t[1], t[0]))
        result.append(
            {
                "cell": f"{i}:{j}",
                "count": len(members),
                "top_type": types[0][0],
                "by_type": dict(types),
                "centre": [(west + east_edge) / 2, (south + north_edge) / 2],
                "bbox": [west, south, east_edge, north_edge],
            }
        )
    return sorted(result, key=lambda cell: (-cell["count"], cell["cell"]))


def type_names() -> dict[str, str]:
    """Each type's Swedish name by its code: the lägesbild's documents are Swedish."""
    return {t.code: t.name_sv for t in db.session.scalars(select(IncidentType))}


def csv_rows(figures: dict):
    """The figures as lines of the lägesbild's long CSV (server/reports/documents.py):
    avsnitt, nyckel, namn, mått, värde; the weekday × hour table only where something
    happened."""
    names = type_names()
    yield ["händelser", "", "", "totalt", figures["total"]]
    for code, count in figures["by_type"].items():
        yield ["händelsetyp", code, names.get(code, code), "antal", count]
    for weekday, hours in enumerate(figures["by_weekday_hour"]):
        for hour, count in enumerate(hours):
            if count:
                yield ["händelser per timme", WEEKDAYS_SV[weekday], f"{hour:02d}", "antal", count]
    for week in figures["trend"]:
        yield ["händelser per vecka", week["week"], "", "antal", week["total"]]
    for index, cell in enumerate(figures["hot_spots"], 1):
        lon, lat = cell["centre"]
        name = names.get(cell["top_type"], cell["top_type"])
        yield ["händelsernas brännpunkt", index, name, "antal", cell["count"]]
        yield ["händelsernas brännpunkt", index, name, "centrum lat", round(lat, 6)]
        yield ["händelsernas brännpunkt", index, name, "centrum lon", round(lon, 6)]
