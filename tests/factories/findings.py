"""Findings: what a phone sends for one, one written directly with its history (for figures
known in advance), and a finding's columns set as if it had got there."""

import uuid
from datetime import datetime

from sqlalchemy import select

from server.categories.models import Category
from server.extensions import db
from server.findings.models import Finding, FindingEvent
from server.places.models import FindingArea
from tests.factories.dates import STOCKHOLM
from tests.factories.places import at


def finding_body(**overrides) -> dict:
    """What a phone sends for a finding in Upplands Väsby centrum."""
    body = {
        "category": "belysning",
        "note": "Lampan vid cykelställen är trasig",
        "lat": 59.5186,
        "lon": 17.9119,
        "accuracy_m": 8.0,
        "captured_at": "2026-11-20T18:42:10+01:00",
        "photos": [],
    }
    body.update(overrides)
    return body


def local(text: str) -> datetime:
    """A Stockholm wall-clock time, '2026-03-29 12:00'."""
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def add_finding(
    app,
    reporter,
    name: str,
    category: str,
    captured: str,
    status: str,
    *,
    owner: int | None = None,
    due: str | None = None,
    events=(),
    position=(10, 10),
    areas=(),
    priority: int = 2,
    note: str | None = None,
    walk: int | None = None,
) -> str:
    """A finding with its history written directly: (kind, to_value, local time) events."""
    with app.app_context():
        category_row = db.session.scalar(select(Category).filter_by(code=category))
        lat, lon = at(*position)
        finding = Finding(
            id=uuid.uuid4(),
            reporter_id=reporter.id,
            category_id=category_row.id,
            note=note if note is not None else f"{name}: {category}",
            lat=lat,
            lon=lon,
            captured_at=local(captured),
            received_at=local(captured),
            updated_at=local(captured),
            status=status,
            assigned_org_id=owner,
            due_date=datetime.fromisoformat(due).date() if due else None,
            priority=priority,
            walk_id=walk,
            submitted={},
        )
        finding.events.append(FindingEvent(kind="created", to_value="ny", at=local(captured)))
        for kind, to_value, moment in events:
            finding.events.append(FindingEvent(kind=kind, to_value=to_value, at=local(moment)))
        db.session.add(finding)
        db.session.flush()
        for area in areas:
            db.session.add(FindingArea(finding_id=finding.id, area_id=area))
        db.session.commit()
        return str(finding.id)


def sent(moment: str, organisation: str = "A"):
    """The events of a finding sent to `organisation` at that local time."""
    return [("assigned", organisation, moment), ("status", "skickad", moment)]


def update_finding(app, finding_id: str, **fields) -> None:
    """Set a finding's columns directly (status, due_date...), as if it had got there."""
    with app.app_context():
        finding = db.session.get(Finding, uuid.UUID(finding_id))
        for key, value in fields.items():
            setattr(finding, key, value)
        finding.touch()
        db.session.commit()
        db.session.remove()
