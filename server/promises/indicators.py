"""The indicators of a medborgarlöfte's area in its tertial follow-up, against the previous
tertial: findings reported, fixed, median days to fix, the partners' incidents and hot spots.

- *findings*: deviations (not positive marks) captured in the tertial in the promise's area
  (every area when it has none), whoever reported them;
- *fixed* and *median_days_to_fix*: the findings fixed in the tertial and the median time from
  being sent to being fixed, in days with one decimal (None when none was fixed) — the
  tertial report's "åtgärdade" and "median tid till åtgärd" (server/reports/metrics.py);
- *incidents*: the partners' incidents that occurred in the tertial inside the area;
- *hot_spots*: how many cells of 150 × 150 m held at least two of the tertial's findings and
  incidents together (server/reports/hotspots.py combined_hot_spots), as a count only.

They are counts about an area over four months, never about a person or a place finer than the
area, so every reader gets the same figures, and the public page may show them."""

from server.incidents import figures as incident_figures
from server.promises.models import Promise
from server.reports import hotspots, metrics, periods, timelines
from server.reports.periods import Period
from server.reports.timelines import Filters

KEYS = ("findings", "fixed", "median_days_to_fix", "incidents", "hot_spots")


def indicators(promise: Promise, year: int, number: int) -> dict:
    """{key: {"current": n, "previous": n}} for each of KEYS; the previous ones None before the
    first tertial of 2000."""
    current = periods.tertial(year, number)
    previous = None
    if periods.has_previous_tertial(year, number):
        previous = periods.tertial(*periods.previous_tertial(year, number))
    span = Period((previous or current).first, current.last, "indicators")
    area = promise.area
    rows = metrics.deviations(
        timelines.rows_for_period(None, Filters(area=area.id if area else None), span)
    )
    incidents = incident_figures.incidents_in(span, area)
    now = _figures(rows, incidents, current)
    before = _figures(rows, incidents, previous) if previous else dict.fromkeys(KEYS)
    return {key: {"current": now[key], "previous": before[key]} for key in KEYS}


def _figures(rows: list, incidents: list, period: Period) -> dict:
    new = [row for row in rows if period.contains(row.captured_at)]
    happened = [incident for incident in incidents if period.contains(incident.occurred_at)]
    durations = metrics.durations(rows, period)
    hours = durations["median_hours_to_fix"]
    return {
        "findings": len(new),
        "fixed": durations["fixed"],
        "median_days_to_fix": round(hours / 24, 1) if hours is not None else None,
        "incidents": len(happened),
        "hot_spots": len(hotspots.combined_hot_spots(new, happened)),
    }


def change(values: dict) -> int | float | None:
    """current − previous, None when either is missing."""
    now, before = values["current"], values["previous"]
    if now is None or before is None:
        return None
    difference = now - before
    return round(difference, 1) if isinstance(difference, float) else difference
