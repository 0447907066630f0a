"""How an incident and its types leave the API; server/incidents/schemas.py documents these
dictionaries."""

from server.accounts.models import User
from server.i18n import current_locale
from server.incidents.models import Incident, IncidentType


def present_type(incident_type: IncidentType) -> dict:
    return {"code": incident_type.code, "name": incident_type.name(current_locale())}


def present(incident: Incident, viewer: User) -> dict:
    return {
        "id": incident.id,
        "type": incident.type.code,
        "type_name": incident.type.name(current_locale()),
        "occurred_at": incident.occurred_at,
        "lat": incident.lat,
        "lon": incident.lon,
        "note": incident.note,
        "received_at": incident.received_at,
        "organisation": {"id": incident.organisation.id, "name": incident.organisation.name},
        "mine": incident.reporter_id == viewer.id,
        "imported": incident.imported,
        "external_id": incident.external_id,
    }


def present_type_in_full(incident_type: IncidentType) -> dict:
    """A type as admins manage it."""
    return {
        **present_type(incident_type),
        "name_sv": incident_type.name_sv,
        "name_en": incident_type.name_en,
        "active": incident_type.active,
        "alert": incident_type.alert,
        "position": incident_type.position,
    }
