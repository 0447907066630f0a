"""The reports: the dashboard, the weekly lägesbild (EST) and the tertial follow-up of the
medborgarlöfte, as plain data; documents.py prints them as PDF and CSV.

Every report counts what report_scope() lets the viewer count: everything for coordinators
and admins, the findings assigned to their organisation for owners."""

import uuid
from datetime import date, datetime, timedelta

from server.accounts.models import Organisation, User
from server.accounts.policy import STAFF
from server.clock import local_date, local_today
from server.errors import ValidationFailed
from server.est import lagesbild as est_figures
from server.extensions import db
from server.incidents import figures as incident_figures
from server.places.models import Area
from server.reports import hotspots, metrics, periods, timelines
from server.reports.periods import Period
from server.reports.timelines import Filters
from server.survey import summary as survey_summary

NOTABLE_OVERDUE_DAYS = 14
NOTABLE_LIMIT = 10
HOT_SPOT_LIMIT = 5
TREND = incident_figures.TREND_WEEKS


def jsonable(value):
    """Dates as ISO 8601 and UUIDs as text, all the way down (Flask would write dates as
    HTTP dates)."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def scope_of(viewer: User) -> dict:
    if viewer.role in STAFF:
        return {"kind": "all", "organisation": None}
    organisation = {"id": viewer.organisation.id, "name": viewer.organisation.name}
    return {"kind": "organisation", "organisation": organisation}


def _area(area_id: int | None) -> Area | None:
    if area_id is None:
        return None
    area = db.session.get(Area, area_id)
    if area is None:
        raise ValidationFailed(errors={"area": ["No such area."]})
    return area


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _owner(organisation_id: int | None) -> int | None:
    if organisation_id is not None and db.session.get(Organisation, organisation_id) is None:
        raise ValidationFailed(errors={"owner": ["No such organisation."]})
    return organisation_id


# --- the dashboard -------------------------------------------------------------------------------


def _dashboard_filters(args: dict) -> tuple[Period, Area | None, Filters]:
    area = _area(args.get("area"))
    filters = Filters(
        area=area.id if area else None,
        categories=_split(args.get("category")),
        walk=args.get("walk"),
        owner=_owner(args.get("owner")),
    )
    return periods.days_period(args.get("from"), args.get("to")), area, filters


def dashboard(viewer: User, args: dict) -> dict:
    period, area, filters = _dashboard_filters(args)
    rows = timelines.rows_for_period(viewer, filters, period)
    new = metrics.in_period(metrics.deviations(rows), period)
    today = local_today()
    backlog = metrics.deviations(timelines.open_rows(viewer, filters))
    cell_m = args.get("cell_m") or 150
    cells = hotspots.hot_spots(new, cell_m, args.get("min_count") or 2)
    return jsonable(
        {
            "period": {"from": period.first, "to": period.last},
            "scope": scope_of(viewer),
            "area": {"id": area.id, "name": area.name} if area else None,
            "summary": metrics.summary(rows, period, today),
            "by_status": metrics.counts(new, lambda r: (r.status, r.status)),
            "by_category": metrics.counts(new, metrics.by_category),
            "by_area": metrics.area_counts(new),
            "by_owner": metrics.counts(new, metrics.by_owner),
            "durations": {
                "overall": metrics.durations(metrics.deviations(rows), period),
                "by_owner": metrics.grouped_durations(rows, period, metrics.by_owner),
                "by_category": metrics.grouped_durations(rows, period, metrics.by_category),
            },
            "by_owner_category": metrics.owner_category_table(rows, backlog, period, today),
            "weekly": metrics.weekly_trend(rows, period),
            "backlog": {
                "open": len(backlog),
                "overdue": sum(row.overdue_on(today) for row in backlog),
                "overdue_by_owner": metrics.overdue_by_owner(backlog, today),
            },
            "hot_spots": hotspots.hot_spot_collection(cells, cell_m),
        }
    )


def owner_category(viewer: User, args: dict) -> tuple[Period, list[dict]]:
    """The dashboard's owner × category table alone, for its CSV: the same filters and period."""
    period, _, filters = _dashboard_filters(args)
    rows = timelines.rows_for_period(viewer, filters, period)
    backlog = metrics.deviations(timelines.open_rows(viewer, filters))
    table = metrics.owner_category_table(rows, backlog, period, local_today())
    return period, jsonable(table)


def hot_spots(viewer: User, args: dict) -> dict:
    period = periods.days_period(args.get("from"), args.get("to"))
    area = _area(args.get("area"))
    filters = Filters(area=area.id if area else None, categories=_split(args.get("category")))
    rows = metrics.in_period(timelines.rows_for_period(viewer, filters, period), period)
    if args.get("open"):
        rows = [row for row in rows if row.is_open]
    cell_m = args.get("cell_m") or 150
    collection = hotspots.hot_spot_collection(
        hotspots.hot_spots(rows, cell_m, args.get("min_count") or 2), cell_m
    )
    collection["period"] = {"from": period.first, "to": period.last}
    return jsonable(collection)


# --- the weekly lägesbild ----------------------------------------------------------------------


def lagesbild(viewer: User, area_id: int | None, week: str | None) -> dict:
    period = periods.parse_week(week)
    area = _area(area_id)
    filters = Filters(area=area.id if area else None)
    rows = timelines.rows_for_period(viewer, filters, period)
    deviating = metrics.deviations(rows)
    reference = min(period.last + timedelta(days=1), local_today())
    backlog = metrics.deviations(timelines.open_rows(viewer, filters))
    new = [row for row in deviating if period.contains(row.captured_at)]
    closed = [row for row in deviating if period.contains(row.closed_at)]
    categories: dict[str, dict] = {}
    for row, key in [(r, "new") for r in new] + [(r, "closed") for r in closed]:
        entry = categories.setdefault(
            row.category, {"code": row.category, "name": row.category_name, "new": 0, "closed": 0}
        )
        entry[key] += 1
    year, number, _ = period.first.isocalendar()
    report = jsonable(
        {
            "week": f"{year}-W{number:02d}",
            "from": period.first,
            "to": period.last,
            "reference_day": reference,
            "scope": scope_of(viewer),
            "area": {"id": area.id, "name": area.name} if area else None,
            "summary": {
                "new": len(new),
                "closed": len(closed),
                "positive": sum(r.positive and period.contains(r.captured_at) for r in rows),
                "open": len(backlog),
                "overdue": sum(row.overdue_on(reference) for row in backlog),
            },
            "by_category": sorted(
                categories.values(), key=lambda c: (-c["new"] - c["closed"], c["name"])
            ),
            "hot_spots": hotspots.hot_spots(new, 150, 2)[:HOT_SPOT_LIMIT],
            "overdue_by_owner": metrics.overdue_by_owner(backlog, reference),
            "notable": _notable(new, backlog, reference),
            "new_findings": [
                {
                    "id": row.id,
                    "category": row.category,
                    "category_name": row.category_name,
                    "status": row.status,
                    "lat": row.lat,
                    "lon": row.lon,
                }
                for row in sorted(new, key=lambda r: r.captured_at)
            ],
        }
    )
    # The partners' incidents (server/incidents) are for the EST meeting: coordinators and
    # admins only; an owner's lägesbild is about its own findings (docs/incidents.md).
    if viewer.role in STAFF:
        report["incidents"] = incident_figures.week_figures(period, area)
        report |= jsonable(est_figures.week_figures(period, area))  # actions, rounds (docs/est.md)
        report["combined_hot_spots"] = jsonable(_combined_hot_spots(new, period, area))
        # The safety survey's worst places and change, k-anonymous (docs/survey.md).
        report["perceived_safety"] = jsonable(survey_summary.places(period.last, area))
    return report


def _combined_hot_spots(new: list, period: Period, area: Area | None) -> list[dict]:
    """The week's hot spots of findings and incidents together (docs/reports.md), each with
    the week's rounds in it and, over the eight weeks of the incidents' trend, the incidents
    and rounds per week."""
    span = Period(period.first - timedelta(weeks=TREND - 1), period.last, "hot spots")
    incidents = incident_figures.incidents_in(span, area)
    walked = est_figures.rounds_in(span, area)
    week_incidents = [i for i in incidents if period.contains(i.occurred_at)]
    week_rounds = [r for r in walked if period.contains(r.arrived_at)]
    cells = hotspots.combined_hot_spots(new, week_incidents, week_rounds)[:HOT_SPOT_LIMIT]
    weeks = [periods.week_key(span.first + timedelta(weeks=n)) for n in range(TREND)]
    hotspots.by_week(
        cells,
        weeks,
        [(periods.week_key(local_date(i.occurred_at)), i.lat, i.lon) for i in incidents],
        [(periods.week_key(local_date(r.arrived_at)), r.lat, r.lon) for r in walked],
    )
    return cells


def _notable(new: list, backlog: list, reference: date) -> list[dict]:
    chosen: dict = {}
    for row in sorted(new, key=lambda r: r.captured_at):
        if row.priority == 1:
            chosen[row.id] = (0, 0, row, "Hög prioritet")
    overdue = sorted(
        (row for row in backlog if row.overdue_on(reference)), key=lambda r: r.due_date
    )
    for row in overdue:
        days = (reference - row.due_date).days
        if days >= NOTABLE_OVERDUE_DAYS and row.id not in chosen:
            chosen[row.id] = (1, -days, row, f"Försenad {days} dagar")
    ordered = sorted(chosen.values(), key=lambda item: (item[0], item[1], str(item[2].id)))
    return [
        {
            "id": row.id,
            "category": row.category,
            "category_name": row.category_name,
            "note": row.note[:200],
            "status": row.status,
            "owner": row.owner,
            "due_date": row.due_date,
            "captured_at": row.captured_at,
            "reason": reason,
        }
        for _, _, row, reason in ordered[:NOTABLE_LIMIT]
    ]


# --- the tertial follow-up ---------------------------------------------------------------------


def tertial_report(viewer: User, year: int | None, number: int | None, area_id: int | None):
    if year is None or number is None:
        year, number = periods.tertial_of(local_today())
    current = periods.tertial(year, number)
    previous_year, previous_number = periods.previous_tertial(year, number)
    previous = periods.tertial(previous_year, previous_number)
    area = _area(area_id)
    filters = Filters(area=area.id if area else None)
    rows = timelines.rows_for_period(viewer, filters, Period(previous.first, current.last, ""))
    today = local_today()
    backlog = metrics.deviations(timelines.open_rows(viewer, filters))
    report = jsonable(
        {
            "year": year,
            "tertial": number,
            "from": current.first,
            "to": current.last,
            "previous": {
                "year": previous_year,
                "tertial": previous_number,
                "from": previous.first,
                "to": previous.last,
            },
            "scope": scope_of(viewer),
            "area": {"id": area.id, "name": area.name} if area else None,
            "summary": {
                "current": _figures(rows, current),
                "previous": _figures(rows, previous),
            },
            "overdue_now": sum(row.overdue_on(today) for row in backlog),
            "by_category": _compare(rows, current, previous, metrics.by_category),
            "by_owner": _compare(rows, current, previous, metrics.by_owner),
            # This tertial only: the pairs are many, a comparison of each would not be read.
            "by_owner_category": metrics.owner_category_table(rows, backlog, current, today),
            "walks": {
                "current": metrics.walks_held(current, area.id if area else None),
                "previous": metrics.walks_held(previous, area.id if area else None),
            },
        }
    )
    if viewer.role in STAFF:  # the safety survey's results are for staff (docs/survey.md)
        report["perceived_safety"] = jsonable(survey_summary.places(current.last, area))
    return report


def _figures(rows, period: Period) -> dict:
    deviating = metrics.deviations(rows)
    return {
        "new": sum(period.contains(r.captured_at) for r in deviating),
        "closed": sum(period.contains(r.closed_at) for r in deviating),
        "positive": sum(r.positive and period.contains(r.captured_at) for r in rows),
        **metrics.durations(deviating, period),
    }


def _compare(rows, current: Period, previous: Period, key) -> list[dict]:
    groups: dict = {}
    for row in metrics.deviations(rows):
        groups.setdefault(key(row), []).append(row)
    result = []
    for (group_id, name), members in groups.items():
        now, before = _figures(members, current), _figures(members, previous)
        if not any(now[k] or before[k] for k in ("new", "closed", "fixed", "acknowledged")):
            continue
        result.append({"id": group_id, "name": name, "current": now, "previous": before})
    return sorted(
        result, key=lambda item: (-item["current"]["new"], -item["previous"]["new"], item["name"])
    )
