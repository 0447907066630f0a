"""Incidents: the idempotent PUT that phones replay, the types, and who reads which.

As with findings (server/findings/service.py), the phone chooses the id and may send the same
PUT again later: the first body is kept (`submitted`), the same body again is a replay (200),
another body under the same id a conflict that says which fields differ (409).

A note must not name anyone: the service has no business holding who was involved
(docs/incidents.md). Names cannot be recognised reliably, but something shaped like a Swedish
personnummer or samordningsnummer can, and is refused.
"""

import re
import uuid
from datetime import UTC

from sqlalchemy import select

from server import events
from server.accounts.models import Role, User
from server.accounts.policy import STAFF
from server.database import utcnow
from server.errors import Conflict, ValidationFailed
from server.extensions import db
from server.findings.service import CLOCK_SKEW
from server.idempotent import add_once, differing_fields
from server.incidents.models import Incident, IncidentType

SUBMITTED_FIELDS = ("type", "occurred_at", "lat", "lon", "note")
# Six or eight digits (YYMMDD, YYYYMMDD), maybe a "-" or "+", four digits; not inside a longer
# run of digits. The date part is checked in code: month 01–12, day 01–31 (61–91 for a
# samordningsnummer), so that most other numbers (an amount, a time) pass.
_IDENTITY_NUMBER = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+]?(\d{4})(?!\d)")
NO_IDENTITY_NUMBERS = (
    "Do not write personal identity numbers (personnummer) in the note: "
    "say what happened and where, not who."
)


def looks_like_identity_number(text: str) -> bool:
    """Whether the text holds something shaped like a personnummer or samordningsnummer:
    YYMMDD-XXXX, YYMMDDXXXX, YYYYMMDD-XXXX or YYYYMMDDXXXX (a "+" for the dash too)."""
    for match in _IDENTITY_NUMBER.finditer(text):
        month, day = int(match.group(1)[-4:-2]), int(match.group(1)[-2:])
        if 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91):
            return True
    return False


def active_types() -> list[IncidentType]:
    query = select(IncidentType).where(IncidentType.active.is_(True))
    return list(db.session.scalars(query.order_by(IncidentType.position, IncidentType.code)))


def type_by_code(code: str) -> IncidentType | None:
    return db.session.scalar(select(IncidentType).filter_by(code=code))


def canonical(data: dict) -> dict:
    """The submitted body in one form, so that replays compare equal however they were written."""
    return {
        "type": data["type"],
        "occurred_at": data["occurred_at"].astimezone(UTC).isoformat(),
        "lat": data["lat"],
        "lon": data["lon"],
        "note": (data.get("note") or "").strip(),
    }


def put_incident(user: User, incident_id: uuid.UUID, data: dict) -> tuple[Incident, bool]:
    """Record the incident, or recognise a replay. Returns the incident and whether it is new."""
    submitted = canonical(data)
    existing = db.session.get(Incident, incident_id)
    if existing is not None:
        return _replay(existing, user, submitted), False
    incident_type = _validate_new(data, submitted)
    incident = Incident(
        id=incident_id,
        type=incident_type,
        occurred_at=data["occurred_at"].astimezone(UTC),
        lat=submitted["lat"],
        lon=submitted["lon"],
        note=submitted["note"],
        reporter_id=user.id,
        organisation_id=user.organisation_id,
        received_at=utcnow(),
        submitted=submitted,
    )
    incident, created = add_once(incident, lambda existing: _replay(existing, user, submitted))
    if created:
        events.incident_recorded.send(incident, imported=False)
    return incident, created


def _replay(existing: Incident, user: User, submitted: dict) -> Incident:
    if existing.reporter_id != user.id:
        raise Conflict("This id is already used by another incident.")
    differs = differing_fields(existing.submitted, submitted, SUBMITTED_FIELDS)
    if differs:
        raise Conflict(
            "An incident with this id exists with other content.",
            errors={field: ["Differs from what was stored first."] for field in differs},
        )
    return existing


def _validate_new(data: dict, submitted: dict) -> IncidentType:
    problems: dict[str, list[str]] = {}
    incident_type = type_by_code(submitted["type"])
    if incident_type is None or not incident_type.active:
        problems["type"] = ["Unknown or inactive incident type."]
    if data["occurred_at"] > utcnow() + CLOCK_SKEW:
        problems["occurred_at"] = ["The time lies in the future."]
    if looks_like_identity_number(submitted["note"]):
        problems["note"] = [NO_IDENTITY_NUMBERS]
    if problems:
        raise ValidationFailed(errors=problems)
    return incident_type


def incident_scope(user: User):
    """A SQL condition on incidents: the ones this user may read. Coordinators and admins read
    all, an owner their organisation's, a reporter their own."""
    if user.role in STAFF:
        return Incident.id.is_not(None)
    if user.role == Role.OWNER:
        return Incident.organisation_id == user.organisation_id
    return Incident.reporter_id == user.id
