import math

import marshmallow as ma
from marshmallow import validate

from server.schemas import IdField, InputSchema, MomentField, OneLineField
from server.walks.models import RevisitState, WalkStatus, WalkType

MAX_ROUTE_POINTS = 2000


class AreaRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    bbox = ma.fields.List(
        ma.fields.Float(),
        metadata={"description": "[west, south, east, north]: the map kept offline for a walk"},
    )


class EarlierWalkSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    planned_start = ma.fields.DateTime(required=True)
    status = ma.fields.String(required=True)


class WalkSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    area = ma.fields.Nested(AreaRefSchema, allow_none=True, required=True)
    planned_start = ma.fields.DateTime(required=True)
    status = ma.fields.String(required=True)
    updated_at = ma.fields.DateTime(required=True)
    # Planning (issue 6); the phone shows where to meet.
    planned_end = ma.fields.DateTime(allow_none=True)
    meeting_point = ma.fields.String()
    meeting_lat = ma.fields.Float(allow_none=True)
    meeting_lon = ma.fields.Float(allow_none=True)
    route = ma.fields.Dict(allow_none=True, metadata={"description": "A GeoJSON LineString"})
    commitment_id = ma.fields.Integer(
        allow_none=True,
        metadata={"description": "The commitment of a medborgarlöfte it is done for"},
    )
    follows_walk_id = ma.fields.Integer(
        allow_none=True,
        metadata={"description": "The earlier walk this one follows up (uppföljande vandring)"},
    )
    follows = ma.fields.Nested(
        EarlierWalkSchema,
        allow_none=True,
        metadata={"description": "The earlier walk: its title and date"},
    )


class PersonRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class ParticipantSchema(PersonRefSchema):
    organisation = ma.fields.String(required=True)


class InvitationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    user = ma.fields.Nested(PersonRefSchema, allow_none=True, required=True)
    invited_at = ma.fields.DateTime(required=True)
    delivery = ma.fields.String(
        required=True, metadata={"description": "The email: pending, sending, sent or failed"}
    )


class FindingCountSchema(ma.Schema):
    deviations = ma.fields.Integer(required=True)
    positive = ma.fields.Integer(required=True)


class WalkDetailSchema(WalkSchema):
    summary = ma.fields.String(required=True)
    started_at = ma.fields.DateTime(allow_none=True, required=True)
    closed_at = ma.fields.DateTime(allow_none=True, required=True)
    created_by = ma.fields.Nested(PersonRefSchema, allow_none=True, required=True)
    participants = ma.fields.List(ma.fields.Nested(ParticipantSchema), required=True)
    invitations = ma.fields.List(
        ma.fields.Nested(InvitationSchema),
        allow_none=True,
        required=True,
        metadata={"description": "Coordinators only: who was invited, and the email's state"},
    )
    findings = ma.fields.Nested(FindingCountSchema, required=True)
    protocol_url = ma.fields.String(required=True)
    protocol_pdf_url = ma.fields.String(required=True)
    revision = ma.fields.Integer(
        required=True,
        metadata={"description": "Raised each time the time or place of the planned walk moves"},
    )


def _check_line_string(value) -> None:
    if not isinstance(value, dict) or value.get("type") != "LineString":
        raise ma.ValidationError("Give a GeoJSON LineString.")
    coordinates = value.get("coordinates")
    if not isinstance(coordinates, list) or not 2 <= len(coordinates) <= MAX_ROUTE_POINTS:
        raise ma.ValidationError(f"A route has 2 to {MAX_ROUTE_POINTS} positions.")
    for position in coordinates:
        if (
            not isinstance(position, list)
            or len(position) not in (2, 3)
            or not all(
                isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n)
                for n in position
            )
            or not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90)
        ):
            raise ma.ValidationError("Positions are [longitude, latitude] in WGS 84.")


class WalkFieldsSchema(InputSchema):
    type = ma.fields.String(validate=validate.OneOf([t.value for t in WalkType]))
    title = OneLineField(validate=validate.Length(min=1, max=200))
    description = ma.fields.String(validate=validate.Length(max=4000))
    area_id = IdField(allow_none=True)
    planned_start = MomentField(metadata={"description": "ISO 8601 with an offset"})
    planned_end = MomentField(allow_none=True)
    meeting_point = OneLineField(
        validate=validate.Length(max=300), metadata={"description": "Where the walkers meet"}
    )
    meeting_lat = ma.fields.Float(allow_none=True, validate=validate.Range(-90, 90))
    meeting_lon = ma.fields.Float(allow_none=True, validate=validate.Range(-180, 180))
    route = ma.fields.Dict(
        allow_none=True,
        validate=_check_line_string,
        metadata={"description": "A GeoJSON LineString, [lon, lat] positions"},
    )
    commitment_id = IdField(
        allow_none=True,
        metadata={"description": "A commitment of a medborgarlöfte: the walk counts toward it"},
    )
    follows_walk_id = IdField(
        allow_none=True,
        metadata={
            "description": "The earlier walk this one follows up: one the planner sees, closed, "
            "not the walk itself; it cannot change once its findings are marked"
        },
    )


class WalkCreateSchema(WalkFieldsSchema):
    type = ma.fields.String(required=True, validate=validate.OneOf([t.value for t in WalkType]))
    title = OneLineField(required=True, validate=validate.Length(min=1, max=200))
    planned_start = MomentField(required=True, metadata={"description": "ISO 8601 with offset"})
    invite = ma.fields.List(
        ma.fields.Email(validate=validate.Length(max=320)),
        load_default=list,
        validate=validate.Length(max=200),
        metadata={"description": "Addresses to invite (with or without an account)"},
    )


class WalkUpdateSchema(WalkFieldsSchema):
    summary = ma.fields.String(
        validate=validate.Length(max=20000), metadata={"description": "For the follow-up meeting"}
    )


class InviteSchema(InputSchema):
    emails = ma.fields.List(
        ma.fields.Email(validate=validate.Length(max=320)),
        required=True,
        validate=validate.Length(min=1, max=200),
    )


class CancelSchema(InputSchema):
    reason = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=2000),
        metadata={
            "description": "Why the walk is called off (optional): kept as its summary, and "
            "told to those invited"
        },
    )


class CloseSchema(InputSchema):
    summary = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=20000),
        metadata={"description": "The summary for the follow-up meeting"},
    )


class WalkListArgsSchema(InputSchema):
    status = ma.fields.String(validate=validate.OneOf([s.value for s in WalkStatus]))
    area = IdField()
    after = MomentField(metadata={"description": "Planned to start at or after"})
    before = MomentField(metadata={"description": "Planned to start before"})
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 500))


class ProtocolArgsSchema(InputSchema):
    view = ma.fields.String(
        validate=validate.OneOf(["full", "public"]),
        metadata={
            "description": "full (coordinators' default): participants' addresses, reporters, "
            "routing; public (everyone else's): to send to owners and publish"
        },
    )


class RevisitMarkSchema(ma.Schema):
    state = ma.fields.String(required=True)
    note = ma.fields.String(required=True)
    marked_at = ma.fields.DateTime(required=True)
    marked_by = ma.fields.Nested(PersonRefSchema, allow_none=True, required=True)


class RevisitSchema(ma.Schema):
    finding_id = ma.fields.UUID(required=True)
    number = ma.fields.String(
        required=True, metadata={"description": "Its number in the earlier walk's protocol"}
    )
    category = ma.fields.String(required=True, metadata={"description": "The category's code"})
    category_name = ma.fields.String(required=True, metadata={"description": "In Swedish"})
    note = ma.fields.String(required=True)
    place = ma.fields.String(
        required=True, metadata={"description": "In words: the property and the areas"}
    )
    lat = ma.fields.Float(allow_none=True, required=True)
    lon = ma.fields.Float(allow_none=True, required=True)
    captured_at = ma.fields.DateTime(required=True)
    status = ma.fields.String(required=True, metadata={"description": "Its status now"})
    thumbnail_url = ma.fields.String(allow_none=True, required=True)
    mark = ma.fields.Nested(
        RevisitMarkSchema,
        allow_none=True,
        required=True,
        metadata={"description": "What this walk found there, if it is marked"},
    )
    still_there_though_fixed = ma.fields.Boolean(
        required=True,
        metadata={"description": "Marked 'kvar' while its status says fixed: look again"},
    )


class RevisitPutSchema(InputSchema):
    state = ma.fields.String(
        required=True, validate=validate.OneOf([state.value for state in RevisitState])
    )
    note = ma.fields.String(
        load_default="", validate=validate.Length(max=2000), metadata={"description": "Optional"}
    )


class TrackPointSchema(InputSchema):
    lat = ma.fields.Float(required=True, validate=validate.Range(-90, 90))
    lon = ma.fields.Float(required=True, validate=validate.Range(-180, 180))
    at = MomentField(required=True, metadata={"description": "ISO 8601 with an offset"})
    accuracy_m = ma.fields.Float(
        load_default=None, allow_none=True, validate=validate.Range(min=0, max=10_000)
    )


class TrackPutSchema(InputSchema):
    points = ma.fields.List(
        ma.fields.Nested(TrackPointSchema),
        required=True,
        validate=validate.Length(min=1, max=20_000),
        metadata={"description": "The whole track so far, each point once; any order"},
    )


class TrackPointOutSchema(ma.Schema):
    lat = ma.fields.Float(required=True)
    lon = ma.fields.Float(required=True)
    at = ma.fields.String(required=True, metadata={"description": "ISO 8601, UTC"})
    accuracy_m = ma.fields.Float(allow_none=True, required=True)


class TrackUserSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class TrackSchema(ma.Schema):
    walk_id = ma.fields.Integer(required=True)
    user = ma.fields.Nested(TrackUserSchema, required=True, metadata={"description": "The walker"})
    points = ma.fields.List(ma.fields.Nested(TrackPointOutSchema), required=True)
    length_m = ma.fields.Float(required=True, metadata={"description": "Along the points"})
    started_at = ma.fields.DateTime(allow_none=True, required=True)
    ended_at = ma.fields.DateTime(allow_none=True, required=True)
    updated_at = ma.fields.DateTime(required=True)
