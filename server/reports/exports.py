"""Exports of findings, with the filters of GET /api/v1/findings: CSV with a choice of columns
(server/reports/columns.py), and GeoJSON. Streamed in pages of PAGE findings, so a large export
neither waits nor fills memory; every page is read with the policy's report_scope()."""

import json
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from server.accounts.models import User
from server.accounts.policy import report_scope
from server.clock import local_today
from server.extensions import db
from server.findings import queries
from server.findings.models import EventKind, Finding, FindingEvent
from server.photos.models import Photo
from server.reports.columns import Column, Item
from server.reports.periods import Period
from server.reports.timelines import Row, timeline
from server.walks.models import Walk

PAGE = 500


@dataclass
class Export:
    viewer: User
    args: dict
    columns: list[Column] = field(default_factory=list)

    def __post_init__(self):
        self._query(None)  # a bad filter is a 422 now, not an error halfway through a download

    def _query(self, after):
        query = select(Finding).where(report_scope(self.viewer))
        query = queries.apply_filters(query, self.args, self.viewer)  # the list's own filters
        query = _captured_between(query, self.args)
        if after is not None:
            query = query.where(
                or_(
                    Finding.captured_at < after[0],
                    and_(Finding.captured_at == after[0], Finding.id < after[1]),
                )
            )
        return (
            query.options(
                selectinload(Finding.category),
                selectinload(Finding.areas),
                selectinload(Finding.assigned_org),
                selectinload(Finding.reporter).selectinload(User.organisation),
            )
            .order_by(Finding.captured_at.desc(), Finding.id.desc())
            .limit(PAGE)
        )

    def items(self) -> Iterator[Item]:
        """Every matching finding the viewer's reports may count, newest first, page by page."""
        base = current_app.config["LYKTA_BASE_URL"].rstrip("/")
        today = local_today()
        after = None
        while True:
            page = list(db.session.scalars(self._query(after)))
            if not page:
                return
            items = list(_enrich(page, base, today))
            # End the transaction between pages: SQLite holds its lock for a transaction's
            # length, and a long download must not keep writers waiting.
            db.session.commit()
            yield from items
            if len(page) < PAGE:
                return
            # The identity map holds rows weakly: a long export keeps one page in memory.
            after = (page[-1].captured_at, page[-1].id)

    def csv_rows(self, labels: bool) -> Iterator[list]:
        yield [column.label if labels else column.key for column in self.columns]
        for item in self.items():
            yield [column.get(item) for column in self.columns]

    def geojson(self) -> Iterator[str]:
        """A FeatureCollection (RFC 7946), streamed: Point geometries in WGS 84, null for a
        finding that has no position yet."""
        yield '{"type": "FeatureCollection", "features": ['
        first = True
        for item in self.items():
            finding = item.finding
            geometry = (
                {"type": "Point", "coordinates": [round(finding.lon, 7), round(finding.lat, 7)]}
                if finding.lat is not None and finding.lon is not None
                else None
            )
            feature = {
                "type": "Feature",
                "id": str(finding.id),
                "geometry": geometry,
                "properties": {c.key: _json_value(c.get(item)) for c in self.columns},
            }
            yield ("" if first else ",") + "\n" + json.dumps(feature, ensure_ascii=False)
            first = False
        yield "\n]}\n"


def _captured_between(query, args: dict):
    bounds = None
    if args.get("from") or args.get("to"):
        bounds = Period(
            args.get("from") or date(2000, 1, 1), args.get("to") or date(2999, 12, 31), ""
        ).bounds()
        query = query.where(Finding.captured_at >= bounds[0], Finding.captured_at < bounds[1])
    return query


def _json_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _enrich(page: list[Finding], base: str, today: date) -> Iterator[Item]:
    ids = [finding.id for finding in page]
    events: dict[uuid.UUID, list] = defaultdict(list)
    for finding_id, kind, to_value, at in db.session.execute(
        select(FindingEvent.finding_id, FindingEvent.kind, FindingEvent.to_value, FindingEvent.at)
        .where(
            FindingEvent.finding_id.in_(ids),
            FindingEvent.kind.in_([EventKind.STATUS, EventKind.ASSIGNED]),
        )
        .order_by(FindingEvent.at, FindingEvent.id)
    ):
        events[finding_id].append((kind, to_value, at))
    photos: dict[uuid.UUID, list[Photo]] = defaultdict(list)
    for photo in db.session.scalars(
        select(Photo).where(Photo.finding_id.in_(ids)).order_by(Photo.created_at)
    ):
        photos[photo.finding_id].append(photo)
    walk_ids = {finding.walk_id for finding in page if finding.walk_id}
    walks = (
        dict(db.session.execute(select(Walk.id, Walk.title).where(Walk.id.in_(walk_ids))).all())
        if walk_ids
        else {}
    )
    for finding in page:
        owner = finding.assigned_org.name if finding.assigned_org else None
        row = Row.of(finding, finding.category, owner)
        timeline(row, events.get(finding.id, []))
        yield Item(
            finding,
            row,
            finding.area_names,
            photos.get(finding.id, []),
            walks.get(finding.walk_id),
            base,
            today,
        )
