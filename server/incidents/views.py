import uuid

from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.policy import require
from server.extensions import db
from server.incidents import presenters, queries, service
from server.incidents.schemas import (
    IncidentInputSchema,
    IncidentListArgsSchema,
    IncidentPageSchema,
    IncidentSchema,
    IncidentTypeSchema,
)

blp = Blueprint(
    "incidents",
    __name__,
    url_prefix="/api/v1",
    description="Incidents (händelser) for the weekly EST lägesbild",
)


@blp.get("/incident-types")
@require("incident_types:read")
@blp.response(200, IncidentTypeSchema(many=True))
def list_incident_types():
    """The active incident types, in the order the app shows them, named in your language."""
    return [presenters.present_type(t) for t in service.active_types()]


@blp.put("/incidents/<uuid:incident_id>")
@require("incidents:create")
@blp.arguments(IncidentInputSchema)
@blp.response(201, IncidentSchema, description="Created")
@blp.alt_response(200, schema=IncidentSchema, description="The same PUT again: nothing changed")
def put_incident(data, incident_id: uuid.UUID):
    """Record an incident under an id the phone chose. Safe to repeat: 201, then 200, or 409
    naming the fields that differ. Never write names or personal identity numbers in the note:
    one shaped like a personnummer is refused (422)."""
    user = current_user()
    incident, created = service.put_incident(user, incident_id, data)
    db.session.commit()
    return presenters.present(incident, user), 201 if created else 200


@blp.get("/incidents")
@require("incidents:read")
@blp.arguments(IncidentListArgsSchema, location="query")
@blp.response(200, IncidentPageSchema)
def list_incidents(args):
    """The incidents you may read, latest first: coordinators and admins all, an owner their
    organisation's, a reporter their own. Filter by ISO week, or from and to (local days), and
    type; follow next_cursor for more."""
    user = current_user()
    incidents, next_cursor = queries.list_incidents(user, args)
    return {"items": [presenters.present(i, user) for i in incidents], "next_cursor": next_cursor}
