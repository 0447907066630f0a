"""The findings as the reports see them (Row), each with the moments of its timeline read
from its history: nothing is stored for the reports, every moment is derived from the
findings' status and assignment events (FindingEvent), so it can be traced back to them.

The moments (docs and README repeat them):
- *sent*: a status event to 'skickad', or an assignment to an organisation (a re-route of a
  finding that is already 'skickad' only writes the assignment);
- *acknowledged*: the owner's first answer after it was first sent — a move to 'mottagen',
  'planerad' or 'åtgärdad' (an owner who fixes at once has acknowledged too); the time to
  acknowledge runs from the send just before it;
- *fixed*: the last move to 'åtgärdad', when the finding is 'åtgärdad' or 'verifierad' now;
  the time to fix runs from the send just before it;
- *closed*: the last move into a closed status (åtgärdad, verifierad, avvisad, dubblett), when
  the finding is closed now.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, or_, select

from server.accounts.models import Organisation, User
from server.accounts.policy import moderated, report_scope
from server.categories.models import Category
from server.clock import local_date
from server.extensions import db
from server.findings.models import CLOSED_STATUSES, EventKind, Finding, FindingEvent, Status
from server.places.models import FindingArea
from server.reports.periods import Period

ANSWERS = frozenset({Status.ACKNOWLEDGED, Status.PLANNED, Status.FIXED})
FIXED = frozenset({Status.FIXED, Status.VERIFIED})
UNASSIGNED = "Ej tilldelad"


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
        return local_date(self.fixed_at) <= self.due_date

    def overdue_on(self, day: date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < day


@dataclass
class Filters:
    area: int | None = None
    categories: list[str] = field(default_factory=list)
    walk: int | None = None
    owner: int | None = None


def load_rows(viewer: User | None, filters: Filters, *conditions) -> list[Row]:
    """The findings the viewer's reports count (report_scope), matching the filters and the
    extra SQL conditions, with the timeline from their history. Without a viewer, every
    finding: for counts that are the same for every reader (a promise's area indicators)."""
    scope = report_scope(viewer) if viewer is not None else moderated()
    query = (
        select(Finding, Category, Organisation.name)
        .join(Category, Category.id == Finding.category_id)
        .outerjoin(Organisation, Organisation.id == Finding.assigned_org_id)
        .where(scope, *conditions)
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


def rows_for_period(viewer: User | None, filters: Filters, period: Period) -> list[Row]:
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
