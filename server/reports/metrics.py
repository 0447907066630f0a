"""The figures of every report (the lägesbild, the week's summary, the tertial), computed from
the findings' rows and the moments of their timeline (server/reports/timelines.py defines
*sent*, *acknowledged*, *fixed* and *closed*).

Definitions of the figures (the README repeats them):
- *new* in a period: captured (observed on the walk) in it;
- *fixed within target*: fixed on or before its due date (in local time); the share is taken
  over the findings fixed in the period that have a due date;
- *overdue*: open, not yet fixed, with a due date before the reference day.
Positive marks ('trygg plats') are no deviations: they are counted apart and left out of
every other figure. Periods are whole local days (server/reports/periods.py).
"""

import statistics
from collections import Counter, defaultdict
from datetime import date, timedelta

from sqlalchemy import select

from server.clock import local_date
from server.extensions import db
from server.places.models import Area
from server.reports.periods import Period, week_key
from server.reports.timelines import Row
from server.walks.models import Walk, WalkStatus


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def share(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def durations(rows: list[Row], period: Period) -> dict:
    """Median hours to acknowledge and to fix, counts and the share fixed within target, of
    the findings acknowledged (fixed) in the period."""
    acknowledged = [
        r.hours_to_acknowledge
        for r in rows
        if period.contains(r.acknowledged_at) and r.hours_to_acknowledge is not None
    ]
    fixed = [r for r in rows if period.contains(r.fixed_at) and r.hours_to_fix is not None]
    judged = [r.fixed_within_target() for r in fixed if r.fixed_within_target() is not None]
    return {
        "acknowledged": len(acknowledged),
        "median_hours_to_acknowledge": median(acknowledged),
        "fixed": len(fixed),
        "median_hours_to_fix": median([r.hours_to_fix for r in fixed]),
        "fixed_with_due_date": len(judged),
        "fixed_within_target": sum(judged),
        "share_fixed_within_target": share(sum(judged), len(judged)),
    }


def deviations(rows: list[Row]) -> list[Row]:
    return [row for row in rows if not row.positive]


def in_period(rows: list[Row], period: Period) -> list[Row]:
    return [row for row in rows if period.contains(row.captured_at)]


def summary(rows: list[Row], period: Period, reference: date) -> dict:
    deviating = deviations(rows)
    new = [r for r in deviating if period.contains(r.captured_at)]
    return {
        "new": len(new),
        "closed": sum(period.contains(r.closed_at) for r in deviating),
        "positive": sum(r.positive and period.contains(r.captured_at) for r in rows),
        **durations(deviating, period),
        "overdue": sum(r.overdue_on(reference) for r in deviating),
    }


def grouped_durations(rows: list[Row], period: Period, key) -> list[dict]:
    groups: dict = defaultdict(list)
    for row in deviations(rows):
        groups[key(row)].append(row)
    result = []
    for (group_id, name), members in groups.items():
        figures = durations(members, period)
        result.append(
            {
                "id": group_id,
                "name": name,
                "new": sum(period.contains(r.captured_at) for r in members),
                "closed": sum(period.contains(r.closed_at) for r in members),
                **figures,
            }
        )
    return sorted(result, key=lambda item: (-item["new"] - item["closed"], str(item["name"])))


def by_owner(row: Row):
    return (row.owner_id, row.owner)


def by_category(row: Row):
    return (row.category, row.category_name)


def by_owner_and_category(row: Row):
    """The pair (owner, category) in the (id, name) shape that grouped_durations expects."""
    (owner_id, owner), (code, category) = by_owner(row), by_category(row)
    return ((owner_id, code), (owner, category))


def owner_category_table(
    rows: list[Row], backlog: list[Row], period: Period, reference: date
) -> list[dict]:
    """The cross table owner × category: for every pair with findings, the period's figures
    defined as per owner and per category (grouped_durations), and the pair's open and
    overdue findings on the reference day. The backlog joins the period's rows so that a pair
    whose findings are all older, but still open, is listed too."""
    backlog = deviations(backlog)
    open_now = Counter(by_owner_and_category(row) for row in backlog)
    overdue_now = Counter(
        by_owner_and_category(row) for row in backlog if row.overdue_on(reference)
    )
    every = {row.id: row for row in [*backlog, *rows]}
    table = []
    for figures in grouped_durations(list(every.values()), period, by_owner_and_category):
        pair = (figures.pop("id"), figures.pop("name"))
        (owner_id, code), (owner, category) = pair
        # In the order a reader wants them (a CSV keeps it): the counts, then the durations.
        entry = {
            "owner": {"id": owner_id, "name": owner},
            "category": {"code": code, "name": category},
            "new": figures["new"],
            "closed": figures["closed"],
            "open": open_now[pair],
            "overdue": overdue_now[pair],
        } | figures
        if any(entry[key] for key in ("new", "closed", "open", "acknowledged", "fixed")):
            table.append(entry)
    return sorted(table, key=_owner_then_category)


def _owner_then_category(pair: dict):
    """Grouped by owner, the triage queue ("Ej tilldelad") last; categories by name."""
    owner = pair["owner"]
    return (owner["id"] is None, owner["name"], owner["id"] or 0, pair["category"]["name"])


def counts(rows: list[Row], key) -> list[dict]:
    counter = Counter(key(row) for row in rows)
    return [
        {"id": item_id, "name": name, "count": count}
        for (item_id, name), count in sorted(
            counter.items(), key=lambda kv: (-kv[1], str(kv[0][1]))
        )
    ]


def area_counts(rows: list[Row]) -> list[dict]:
    names = dict(db.session.execute(select(Area.id, Area.name)).all())
    counter = Counter(area_id for row in rows for area_id in row.area_ids)
    return [
        {"id": area_id, "name": names.get(area_id, str(area_id)), "count": count}
        for area_id, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def weekly_trend(rows: list[Row], period: Period) -> list[dict]:
    """New and closed per ISO week (local time) over the weeks the period touches."""
    weeks: dict[str, dict] = {}
    day = period.first - timedelta(days=period.first.weekday())
    while day <= period.last:
        weeks[week_key(day)] = {"week": week_key(day), "from": day, "new": 0, "closed": 0}
        day += timedelta(days=7)
    for row in deviations(rows):
        if period.contains(row.captured_at):
            weeks[week_key(local_date(row.captured_at))]["new"] += 1
        if period.contains(row.closed_at):
            weeks[week_key(local_date(row.closed_at))]["closed"] += 1
    return list(weeks.values())


def overdue_by_owner(rows: list[Row], reference: date) -> list[dict]:
    groups: dict = defaultdict(list)
    for row in deviations(rows):
        if row.overdue_on(reference):
            groups[by_owner(row)].append(row)
    result = [
        {
            "id": owner_id,
            "name": name,
            "overdue": len(members),
            "oldest_due_date": min(r.due_date for r in members),
            "max_days_overdue": max((reference - r.due_date).days for r in members),
        }
        for (owner_id, name), members in groups.items()
    ]
    return sorted(result, key=lambda item: (-item["overdue"], str(item["name"])))


# --- walks -------------------------------------------------------------------------------------


def walks_held(period: Period, area: int | None = None) -> dict:
    """Walks that took place in the period (planned start in it, started or closed)."""
    start, end = period.bounds()
    query = select(Walk.type).where(
        Walk.planned_start >= start,
        Walk.planned_start < end,
        Walk.status.in_([WalkStatus.ONGOING.value, WalkStatus.CLOSED.value]),
    )
    if area is not None:
        query = query.where(Walk.area_id == area)
    by_type = Counter(db.session.scalars(query))
    return {"total": sum(by_type.values()), "by_type": dict(sorted(by_type.items()))}
