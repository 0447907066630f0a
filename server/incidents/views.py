import uuid

from flask import request
from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.models import Role
from server.accounts.policy import require
from server.errors import Forbidden, PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from server.extensions import db
from server.i18n import current_locale
from server.incidents import imports, presenters, queries, service, types
from server.incidents.csv_rows import MAX_BYTES
from server.incidents.schemas import (
    IncidentImportArgsSchema,
    IncidentImportSchema,
    IncidentInputSchema,
    IncidentListArgsSchema,
    IncidentPageSchema,
    IncidentSchema,
    IncidentTypeChangeSchema,
    IncidentTypeCreateSchema,
    IncidentTypeFullSchema,
    IncidentTypeListArgsSchema,
)

blp = Blueprint(
    "incidents",
    __name__,
    url_prefix="/api/v1",
    description="Incidents (händelser) for the weekly EST lägesbild",
)


CSV_BODY = {
    "required": True,
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
    },
}
CSV_TYPES = ("text/csv", "text/plain", "application/csv", "application/vnd.ms-excel")
MULTIPART_OVERHEAD = 64 * 1024


@blp.get("/incident-types")
@require("incident_types:read")
@blp.arguments(IncidentTypeListArgsSchema, location="query")
@blp.response(200, IncidentTypeFullSchema(many=True))
def list_incident_types(args):
    """The active incident types, in the order the app shows them, named in your language.
    Admins with all=1: every type, inactive ones too, with its names, active and alert."""
    if args["all"]:
        if current_user().role != Role.ADMIN:
            raise Forbidden()
        return [presenters.present_type_in_full(t) for t in types.all_types()]
    return [presenters.present_type(t) for t in service.active_types()]


@blp.post("/incident-types")
@require("incident_types:manage")
@blp.arguments(IncidentTypeCreateSchema)
@blp.response(201, IncidentTypeFullSchema)
def create_incident_type(data):
    """Add a type (admins). 409 when its code, or one of its names, is another type's."""
    incident_type = types.create_type(current_user(), data)
    db.session.commit()
    return presenters.present_type_in_full(incident_type)


@blp.patch("/incident-types/<string:code>")
@require("incident_types:manage")
@blp.arguments(IncidentTypeChangeSchema)
@blp.response(200, IncidentTypeFullSchema)
def update_incident_type(data, code: str):
    """Rename a type, make it (in)active, or mark it for alerts (admins); its code never
    changes. An inactive type is refused for new incidents and kept on the old ones."""
    incident_type = types.update_type(current_user(), code, data)
    db.session.commit()
    return presenters.present_type_in_full(incident_type)


@blp.post("/incidents/import")
@require("incidents:import")
@blp.arguments(IncidentImportArgsSchema, location="query")
@blp.doc(requestBody=CSV_BODY)
@blp.response(200, IncidentImportSchema)
def import_incidents(args):
    """Import a week of incidents from your organisation's own system: a CSV file (columns
    id, typ, tidpunkt, lat, lon or n, e, anteckning; docs/incidents.md), as multipart (field
    `file`) or as a text/csv body, at most 2 MB. Bad rows are reported by line and nothing is
    imported (422) unless skip_errors=1; dry_run=1 says what would happen. Importing the same
    file again imports nothing twice."""
    data, filename = _uploaded_csv()
    options = imports.Options(args["dry_run"], args["skip_errors"], filename)
    report = imports.import_csv(current_user(), data, options, current_locale())
    if options.dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return report


def _uploaded_csv() -> tuple[bytes, str | None]:
    """The file's bytes and name; 413 over MAX_BYTES, 415 when it is neither form nor CSV."""
    if request.content_length and request.content_length > MAX_BYTES + MULTIPART_OVERHEAD:
        raise _too_large()
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise ValidationFailed(errors={"file": ["Missing data for required field."]})
        data = upload.stream.read(MAX_BYTES + 1)
        filename = (upload.filename or "").replace("\x00", "")[:200] or None
    elif request.mimetype in CSV_TYPES:
        data, filename = request.stream.read(MAX_BYTES + 1), None
    else:
        raise UnsupportedMediaType("Send the file as multipart/form-data (field file) or text/csv.")
    if len(data) > MAX_BYTES:
        raise _too_large()
    return data, filename


def _too_large() -> PayloadTooLarge:
    return PayloadTooLarge(
        "The file is larger than {limit} MB: split it.", limit=MAX_BYTES // (1024 * 1024)
    )


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
