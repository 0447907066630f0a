"""Incidents: what a phone sends for one, and turning an incident type on or off."""

from sqlalchemy import update

from server.extensions import db
from server.incidents.models import IncidentType


def incident_body(**overrides) -> dict:
    """What a phone sends for an incident in Upplands Väsby centrum."""
    body = {
        "type": "skadegorelse",
        "occurred_at": "2026-11-20T22:15:00+01:00",
        "lat": 59.5186,
        "lon": 17.9119,
        "note": "Krossad ruta i busskuren",
    }
    body.update(overrides)
    return body


def set_incident_type_active(app, code: str, active: bool) -> None:
    with app.app_context():
        db.session.execute(update(IncidentType).filter_by(code=code).values(active=active))
        db.session.commit()
