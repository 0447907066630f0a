"""The figures of every report, computed from the findings and their history.

Nothing is stored for the reports: each figure is derived from the findings' status events
(FindingEvent), so it can always be traced back to the events behind it.

Definitions (the README repeats them):
- *sent*: a status event to 'skickad', or an assignment to an organisation (a re-route of a
  finding that is already 'skickad' only writes the assignment);
- *acknowledged*: the owner's first answer after it was first sent — a move to 'mottagen',
  'planerad' or 'åtgärdad' (an owner who fixes at once has acknowledged too); the time to
  acknowledge runs from the send just before it;
- *fixed*: the last move to 'åtgärdad', when the finding is 'åtgärdad' or 'verifierad' now;
  the time to fix runs from the send just before it;
- *closed*: the last move into a closed status (åtgärdad, verifierad, avvisad, dubblett), when
  the finding is closed now;
- *new* in a period: captured (observed on the walk) in it;
- *fixed within target*: fixed on or before its due date (in local time); the share is taken
  over the findings fixed in the period that have a due date;
- *overdue*: open, not yet fixed, with a due date before the reference day.
Positive marks ('trygg plats') are no deviations: they are counted apart and left out of
every other figure. Periods are whole days in LYKTA_TIMEZONE (Europe/Stockholm), so a
finding at 23:59 on 30 April belongs to the first tertial and one at 00:00 on 1 May to the
second, on either side of a change to or from summer time.
"""

import math
import re
import statistics
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, or_, select

from server.accounts.models import Organisation, User
from server.accounts.policy import report_scope
from server.categories.models import Category
from server.database import utcnow
from server.errors import ValidationFailed
from server.extensions import db
from server.findings.models import CLOSED_STATUSES, EventKind, Finding, FindingEvent, Status
from server.places.index import metres_per_degree
from server.places.models import Area, FindingArea
from server.walks.models import Walk, WalkStatus

ANSWERS = frozenset({Status.ACKNOWLEDGED, Status.PLANNED, Status.FIXED})
FIXED = frozenset({Status.FIXED, Status.VERIFIED})
UNASSIGNED = "Ej tilldelad"
TERTIALS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}
WEEK_PATTERN = re.compile(r"^(\d{4})-?W(\d{1,2})$")


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["LYKTA_TIMEZONE"])


def local_today() -> date:
    return utcnow().astimezone(zone()).date()


# --- periods -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole local days, first to last inclusive."""

    first: date
    last: date
    label: str

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) in UTC: local midnight before the first day to the one after the last."""
        tz = zone()
        start = datetime.combine(self.first, time(0), tzinfo=tz)
        end = datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=tz)
        return start.astimezone(UTC), end.astimezone(UTC)

    def contains(self, moment: datetime | None) -> bool:
        if moment is None:
            return False
        start, end = self.bounds()
        return start <= moment < end

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def days_period(first: date | None, last: date | None, default_days: int = 90) -> Period:
    last = last or local_today()
    first = first or last - timedelta(days=default_days - 1)
    if first > last:
        raise ValidationFailed(errors={"from": ["The period starts after it ends."]})
    if (last - first).days > 3 * 366:
        raise ValidationFailed(errors={"from": ["The period may be at most three years."]})
    return Period(first, last, f"{first.isoformat()} – {last.isoformat()}")


def iso_week(year: int, week: int) -> Period:
    if not 2000 <= year <= 2999:
        raise ValidationFailed(errors={"week": ["No such ISO week."]})
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValidationFailed(errors={"week": ["No such ISO week."]}) from None
    return Period(monday, monday + timedelta(days=6), f"vecka {week} {year}")


def parse_week(text: str | None) -> Period:
    """'2026-W47' (or 2026W47); None: the current week."""
    if not text:
        year, week, _ = local_today().isocalendar()
        return iso_week(year, week)
    match = WEEK_PATTERN.match(text.strip())
    if not match:
        raise ValidationFailed(errors={"week": ["Give the week as YYYY-Www, e.g. 2026-W47."]})
    return iso_week(int(match.group(1)), int(match.group(2)))


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def tertial(year: int, number: int) -> Period:
    if number not in TERTIALS or not 2000 <= year <= 2999:
        raise ValidationFailed(errors={"tertial": ["Give the tertial as 1, 2 or 3."]})
    first_month, last_month = TERTIALS[number]
    last = date(year + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1)
    return Period(date(year, first_month, 1), last, f"tertial {number} {year}")


def previous_tertial(year: int, number: int) -> tuple[int, int]:
    return (year - 1, 3) if number == 1 else (year, number - 1)


def tertial_of(day: date) -> tuple[int, int]:
    return day.year, 1 + (day.month - 1) // 4


# --- the findings, with their timeline -----------------------------------------------------------


@dataclass
class Row:
    """One finding as the reports see it."""

    id: uuid.UUID
    category: str
    category_name: str
    positive: bool
    status: str
    owner_id: int | None
    owner: str
    area_ids: list[int]
    lat: float | None
    lon: float | None
    captured_at: datetime
    due_date: date | None
    priority: int
    note: str
    walk_id: int | None
    sent_at: datetime | None = None  # the first send
    acknowledged_at: datetime | None = None
    ack_from: datetime | None = None  # the send the acknowledgement answers
    fixed_at: datetime | None = None
    fix_from: datetime | None = None
    verified_at: datetime | None = None
    closed_at: datetime | None = None

    @classmethod
    def of(cls, finding: Finding, category: Category, owner: str | None) -> "Row":
        """The row of a finding before its timeline is read (`timeline`)."""
        return cls(
            id=finding.id,
            category=category.code,
            category_name=category.name_sv,
            positive=category.positive,
            status=finding.status,
            owner_id=finding.assigned_org_id,
            owner=owner or UNASSIGNED,
            area_ids=[],
            lat=finding.lat,
            lon=finding.lon,
            captured_at=finding.captured_at,
            due_date=finding.due_date,
            priority=finding.priority,
            note=finding.note,
            walk_id=finding.walk_id,
        )

    @property
    def hours_to_acknowledge(self) -> float | None:
        if self.acknowledged_at is None or self.ack_from is None:
            return None
        return (self.acknowledged_at - self.ack_from).total_seconds() / 3600

    @property
    def hours_to_fix(self) -> float | None:
        if self.fixed_at is None or self.fix_from is None:
            return None
        return (self.fixed_at - self.fix_from).total_seconds() / 3600

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    def fixed_within_target(self) -> bool | None:
        """None when it is not fixed or has no due date."""
        if self.fixed_at is None or self.due_date is None:
            return None
        return self.fixed_at.astimezone(zone()).date() <= self.due_date

    def overdue_on(self, day: date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < day


@dataclass
class Filters:
    area: int | None = None
    categories: list[str] = field(default_factory=list)
    walk: int | None = None
    owner: int | None = None


def load_rows(viewer: User, filters: Filters, *conditions) -> list[Row]:
    """The findings the viewer's reports count (report_scope), matching the filters and the
    extra SQL conditions, with the timeline from their history."""
    query = (
        select(Finding, Category, Organisation.name)
        .join(Category, Category.id == Finding.category_id)
        .outerjoin(Organisation, Organisation.id == Finding.assigned_org_id)
        .where(report_scope(viewer), *conditions)
    )
    if filters.area is not None:
        query = query.where(
            Finding.id.in_(
                select(FindingArea.finding_id).where(FindingArea.area_id == filters.area)
            )
        )
    if filters.categories:
        query = query.where(Category.code.in_(filters.categories))
    if filters.walk is not None:
        query = query.where(Finding.walk_id == filters.walk)
    if filters.owner is not None:
        query = query.where(Finding.assigned_org_id == filters.owner)
    rows: dict[uuid.UUID, Row] = {}
    for finding, category, owner in db.session.execute(query):
        rows[finding.id] = Row.of(finding, category, owner)
    _attach(rows)
    return list(rows.values())


def _chunks(ids: list, size: int = 900):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _attach(rows: dict[uuid.UUID, Row]) -> None:
    ids = list(rows)
    events: dict[uuid.UUID, list] = defaultdict(list)
    for chunk in _chunks(ids):
        for finding_id, area_id in db.session.execute(
            select(FindingArea.finding_id, FindingArea.area_id).where(
                FindingArea.finding_id.in_(chunk)
            )
        ):
            rows[finding_id].area_ids.append(area_id)
        query = (
            select(
                FindingEvent.finding_id,
                FindingEvent.kind,
                FindingEvent.to_value,
                FindingEvent.at,
            )
            .where(
                FindingEvent.finding_id.in_(chunk),
                FindingEvent.kind.in_([EventKind.STATUS, EventKind.ASSIGNED]),
            )
            .order_by(FindingEvent.at, FindingEvent.id)
        )
        for finding_id, kind, to_value, at in db.session.execute(query):
            events[finding_id].append((kind, to_value, at))
    for finding_id, row in rows.items():
        timeline(row, events.get(finding_id, []))


def timeline(row: Row, events: list[tuple[str, str | None, datetime]]) -> None:
    """Fill the row's moments from its events (kind, to_value, at), oldest first."""
    last_send = None
    last_fix = last_fix_from = last_close = None
    for kind, to_value, at in events:
        if (kind == EventKind.STATUS and to_value == Status.SENT) or (
            kind == EventKind.ASSIGNED and to_value
        ):
            last_send = at
            if row.sent_at is None:
                row.sent_at = at
            continue
        if kind != EventKind.STATUS:
            continue
        if to_value in ANSWERS and row.acknowledged_at is None and last_send is not None:
            row.acknowledged_at, row.ack_from = at, last_send
        if to_value == Status.FIXED:
            last_fix, last_fix_from = at, last_send
        if to_value == Status.VERIFIED and row.verified_at is None:
            row.verified_at = at
        if to_value in CLOSED_STATUSES:
            last_close = at
    if row.status in FIXED:
        row.fixed_at, row.fix_from = last_fix, last_fix_from
    if row.status in CLOSED_STATUSES:
        row.closed_at = last_close


def rows_for_period(viewer: User, filters: Filters, period: Period) -> list[Row]:
    """Findings captured in the period, or that changed status in it."""
    start, end = period.bounds()
    moved = select(FindingEvent.finding_id).where(
        FindingEvent.kind == EventKind.STATUS, FindingEvent.at >= start, FindingEvent.at < end
    )
    return load_rows(
        viewer,
        filters,
        or_(and_(Finding.captured_at >= start, Finding.captured_at < end), Finding.id.in_(moved)),
    )


def open_rows(viewer: User, filters: Filters) -> list[Row]:
    closed = [status.value for status in CLOSED_STATUSES]
    return [row for row in load_rows(viewer, filters, Finding.status.not_in(closed))]


# --- figures ---------------------------------------------------------------------------------


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
    tz = zone()
    for row in deviations(rows):
        if period.contains(row.captured_at):
            weeks[week_key(row.captured_at.astimezone(tz).date())]["new"] += 1
        if period.contains(row.closed_at):
            weeks[week_key(row.closed_at.astimezone(tz).date())]["closed"] += 1
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


# --- hot spots -------------------------------------------------------------------------------


def hot_spots(rows: list[Row], cell_m: float = 150.0, minimum: int = 2) -> list[dict]:
    """Findings counted in square cells of cell_m metres, busiest first; the grid is anchored at
    whole degrees so that the same place falls in the same cell in every report."""
    located = [r for r in deviations(rows) if r.lat is not None and r.lon is not None]
    if not located:
        return []
    reference = math.floor(statistics.median(r.lat for r in located))
    east, north = metres_per_degree(reference + 0.5)
    cells: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for row in located:
        cells[(math.floor(row.lon * east / cell_m), math.floor(row.lat * north / cell_m))].append(
            row
        )
    result = []
    for (i, j), members in cells.items():
        if len(members) < minimum:
            continue
        west, south = i * cell_m / east, j * cell_m / north
        east_edge, north_edge = (i + 1) * cell_m / east, (j + 1) * cell_m / north
        categories = Counter((r.category, r.category_name) for r in members).most_common()
        (top_code, top_name), _ = categories[0]
        result.append(
            {
                "cell": f"{i}:{j}",
                "count": len(members),
                "open": sum(r.is_open for r in members),
                "top_category": top_name,
                "top_category_code": top_code,  # for a reader in another language
                "categories": {name: count for (_, name), count in categories},
                "centre": [(west + east_edge) / 2, (south + north_edge) / 2],
                "bbox": [west, south, east_edge, north_edge],
            }
        )
    return sorted(result, key=lambda cell: (-cell["count"], cell["cell"]))


def hot_spot_collection(cells: list[dict], cell_m: float) -> dict:
    """The cells as a GeoJSON FeatureCollection of polygons."""
    features = []
    for cell in cells:
        west, south, east, north = cell["bbox"]
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {
                    key: cell[key]
                    for key in (
                        "cell",
                        "count",
                        "open",
                        "top_category",
                        "top_category_code",
                        "categories",
                    )
                },
            }
        )
    return {"type": "FeatureCollection", "cell_m": cell_m, "features": features}


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


def in_period(rows: list[Row], period: Period) -> list[Row]:
    return [row for row in rows if period.contains(row.captured_at)]
