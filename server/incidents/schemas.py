"""What an incident request may send and what the responses hold."""

from datetime import date

import marshmallow as ma
from marshmallow import EXCLUDE, validate

from server import cursors, patterns
from server.schemas import InputSchema, JsonBoolean, MomentField, OneLine

NOTE_MAX = 500
TYPE_CODE = "The code of an active incident type (GET /api/v1/incident-types); 422 for any other"
PLAUSIBLE = validate.Range(date(2000, 1, 1), date(2999, 12, 31), error="The date is not plausible.")


class IncidentTypeSchema(ma.Schema):
    code = ma.fields.String(
        required=True,
        metadata={"description": "Lower-case letters, digits and _ only: safe in URLs and CSV"},
    )
    name = ma.fields.String(required=True, metadata={"description": "In the reader's language"})


class IncidentInputSchema(InputSchema):
    """The body a phone PUTs. Fields it does not know are ignored, so that a newer app can talk
    to an older server."""

    class Meta:
        unknown = EXCLUDE

    type = ma.fields.String(
        required=True, validate=validate.Length(min=1, max=40), metadata={"description": TYPE_CODE}
    )
    occurred_at = MomentField(
        required=True,
        metadata={
            "description": "When it happened: ISO 8601 with an offset, not in the future "
            "(10 minutes of clock skew allowed); 422 otherwise"
        },
    )
    lat = ma.fields.Float(required=True, validate=validate.Range(-90, 90))
    lon = ma.fields.Float(required=True, validate=validate.Range(-180, 180))
    note = ma.fields.String(
        load_default="",
        validate=validate.Length(max=NOTE_MAX),
        metadata={
            "description": "Optional, short: what happened. Never names or personal identity "
            "numbers: a note holding something shaped like a personnummer is refused (422)"
        },
    )


class IncidentOrganisationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class IncidentSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    type = ma.fields.String(required=True)
    type_name = ma.fields.String(required=True, metadata={"description": "In your language"})
    occurred_at = ma.fields.DateTime(required=True)
    lat = ma.fields.Float(required=True)
    lon = ma.fields.Float(required=True)
    note = ma.fields.String(required=True)
    received_at = ma.fields.DateTime(required=True)
    organisation = ma.fields.Nested(
        IncidentOrganisationSchema,
        required=True,
        metadata={"description": "The partner it was recorded for (the reporter's organisation)"},
    )
    mine = ma.fields.Boolean(required=True, metadata={"description": "Recorded by the caller"})
    imported = ma.fields.Boolean(
        required=True, metadata={"description": "From a CSV import (POST /incidents/import)"}
    )
    external_id = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The partner's own id, from the import's id column"},
    )


class IncidentPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(IncidentSchema), required=True)
    next_cursor = ma.fields.String(
        allow_none=True, required=True, metadata={"description": "Pass as cursor for more"}
    )


class IncidentListArgsSchema(InputSchema):
    week = ma.fields.String(
        validate=validate.Length(max=10),
        metadata={
            "description": "ISO week, e.g. 2026-W47, in local time; not with from and to (422)",
            "pattern": patterns.ISO_WEEK,
        },
    )
    from_ = ma.fields.Date(
        data_key="from",
        validate=PLAUSIBLE,
        metadata={"description": "First local day (default: 90 days before `to`)"},
    )
    to = ma.fields.Date(
        validate=PLAUSIBLE, metadata={"description": "Last local day, included (default: today)"}
    )
    type = ma.fields.String(
        validate=validate.Length(min=1, max=40), metadata={"description": "One type's code"}
    )
    cursor = cursors.parameter()
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 500))

    @ma.post_load
    def rename(self, data, **kwargs):
        if "from_" in data:
            data["from"] = data.pop("from_")
        return data


TYPE_CODE_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"


class IncidentTypeFullSchema(IncidentTypeSchema):
    """A type as admins manage it (POST, PATCH, and GET with all=1)."""

    name_sv = ma.fields.String()
    name_en = ma.fields.String()
    active = ma.fields.Boolean(metadata={"description": "Offered and accepted for new incidents"})
    alert = ma.fields.Boolean(
        metadata={"description": "Coordinators are emailed when one is recorded in the app"}
    )
    position = ma.fields.Integer(metadata={"description": "Order in the app: lowest first"})


class IncidentTypeListArgsSchema(InputSchema):
    all = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Admins only: inactive types too, with every field (else 403)"},
    )


def _name(**kwargs):
    return ma.fields.String(validate=[validate.Length(min=1, max=120), OneLine()], **kwargs)


class IncidentTypeChangeSchema(InputSchema):
    """What an admin may change of a type; its code never changes."""

    name_sv = _name()
    name_en = _name()
    active = JsonBoolean()
    alert = JsonBoolean()
    position = ma.fields.Integer(strict=True, validate=validate.Range(0, 1_000_000))


class IncidentTypeCreateSchema(IncidentTypeChangeSchema):
    code = ma.fields.String(
        required=True,
        validate=validate.Regexp(
            TYPE_CODE_PATTERN,
            error="2–40 lower-case letters a–z, digits and _, beginning with a letter.",
        ),
        metadata={
            "description": "Lower-case a–z, digits and _, never changed",
            "pattern": TYPE_CODE_PATTERN,
        },
    )
    name_sv = _name(required=True)
    name_en = _name(required=True)


class IncidentImportArgsSchema(InputSchema):
    dry_run = ma.fields.Boolean(
        load_default=False, metadata={"description": "Say what would be imported; store nothing"}
    )
    skip_errors = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Import the good rows of a file with bad ones (else 422)"},
    )


class ImportErrorSchema(ma.Schema):
    line = ma.fields.Integer(required=True, metadata={"description": "Line 1 is the header"})
    messages = ma.fields.List(ma.fields.String(), required=True)


class ImportItemSchema(ma.Schema):
    line = ma.fields.Integer(required=True)
    id = ma.fields.UUID(required=True, allow_none=True, metadata={"description": "None when bad"})
    status = ma.fields.String(required=True, metadata={"description": "new, existing or bad"})


class IncidentImportSchema(ma.Schema):
    dry_run = ma.fields.Boolean(required=True)
    rows = ma.fields.Integer(required=True, metadata={"description": "Rows below the header"})
    new = ma.fields.Integer(required=True, metadata={"description": "Imported (would be)"})
    existing = ma.fields.Integer(required=True, metadata={"description": "Already there"})
    bad = ma.fields.Integer(required=True, metadata={"description": "Not imported: see errors"})
    errors = ma.fields.List(ma.fields.Nested(ImportErrorSchema), required=True)
    items = ma.fields.List(ma.fields.Nested(ImportItemSchema), required=True)
