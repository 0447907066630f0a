"""What a request about the EST meeting's actions and rounds may send, and what the answers
hold."""

import marshmallow as ma
from marshmallow import EXCLUDE, validate

from server import patterns
from server.est.models import ActionKind, ActionStatus
from server.schemas import IdField, InputSchema, MomentField, OneLineField

KINDS = [kind.value for kind in ActionKind]
STATUSES = [status.value for status in ActionStatus]
WEEK = {"description": "The meeting's ISO week, e.g. 2026-W47", "pattern": patterns.ISO_WEEK}
COMMITMENT = {
    "description": "The medborgarlöfte's commitment it carries out: its rounds count toward "
    "it (422 when there is no such commitment)"
}


# Requests


class ActionWhereInputSchema(InputSchema):
    area_id = IdField(allow_none=True, load_default=None)
    lat = ma.fields.Float(allow_none=True, load_default=None, validate=validate.Range(-90, 90))
    lon = ma.fields.Float(allow_none=True, load_default=None, validate=validate.Range(-180, 180))
    place = OneLineField(load_default="", validate=validate.Length(max=300))


class ActionInputSchema(InputSchema):
    week = ma.fields.String(required=True, validate=validate.Length(min=1, max=10), metadata=WEEK)
    what = ma.fields.String(required=True, validate=validate.Length(min=1, max=2000))
    who = IdField(required=True, metadata={"description": "The organisation that does it"})
    where = ma.fields.Nested(
        ActionWhereInputSchema,
        required=True,
        metadata={
            "description": "An area, a position (lat and lon together) or a place in words: at "
            "least one"
        },
    )
    due_on = ma.fields.Date(required=True, metadata={"description": "YYYY-MM-DD, done by"})
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    evenings = ma.fields.List(
        ma.fields.Integer(validate=validate.Range(1, 7)),
        load_default=list,
        validate=validate.Length(max=7),
        metadata={"description": "ISO weekday numbers, 1 Monday … 7 Sunday"},
    )
    commitment_id = IdField(allow_none=True, load_default=None, metadata=COMMITMENT)


class ActionUpdateSchema(InputSchema):
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    result = ma.fields.String(validate=validate.Length(max=2000))
    commitment_id = IdField(
        allow_none=True,
        metadata={
            "description": COMMITMENT["description"] + "; null for none. Coordinators and "
            "admins only (403 for an owner)"
        },
    )

    @ma.validates_schema
    def something_to_change(self, data, **kwargs):
        if "status" not in data and "commitment_id" not in data:
            raise ma.ValidationError("Give a status or a commitment.", "status")


class ActionListArgsSchema(InputSchema):
    week = ma.fields.String(validate=validate.Length(max=10), metadata=WEEK)


# Answers


class ActionRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class ActionWhereSchema(ma.Schema):
    area = ma.fields.Nested(ActionRefSchema, allow_none=True, required=True)
    lat = ma.fields.Float(allow_none=True, required=True)
    lon = ma.fields.Float(allow_none=True, required=True)
    place = ma.fields.String(required=True)


class ActionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    week = ma.fields.String(required=True)
    what = ma.fields.String(required=True)
    who = ma.fields.Nested(ActionRefSchema, required=True)
    where = ma.fields.Nested(ActionWhereSchema, required=True)
    due_on = ma.fields.Date(required=True)
    kind = ma.fields.String(required=True)
    evenings = ma.fields.List(ma.fields.Integer(), required=True)
    commitment_id = ma.fields.Integer(allow_none=True, required=True)
    status = ma.fields.String(required=True)
    result = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


class FollowupWeekSchema(ma.Schema):
    week = ma.fields.String(required=True)
    relation = ma.fields.String(
        required=True, metadata={"description": "before, meeting (the action's week) or after"}
    )
    incidents = ma.fields.Integer(required=True)


class ActionFollowupSchema(ma.Schema):
    action = ma.fields.Nested(ActionSchema, required=True)
    done = ma.fields.Boolean(required=True, metadata={"description": "status is gjord"})
    counted_by = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={
            "description": "radius (150 m around its position), area, or null: a place in "
            "words only, nothing counted"
        },
    )
    radius_m = ma.fields.Integer(allow_none=True, required=True)
    weeks = ma.fields.List(
        ma.fields.Nested(FollowupWeekSchema),
        allow_none=True,
        required=True,
        metadata={"description": "4 weeks before, the week, 4 after; null when nothing counted"},
    )
    before = ma.fields.Integer(allow_none=True, required=True)
    after = ma.fields.Integer(allow_none=True, required=True)


# Rounds at hot spots


class RoundInputSchema(InputSchema):
    """The body a phone PUTs. Fields it does not know are ignored, so that a newer app can talk
    to an older server."""

    class Meta:
        unknown = EXCLUDE

    action_id = IdField(
        allow_none=True, load_default=None, metadata={"description": "The action it carries out"}
    )
    commitment_id = IdField(
        allow_none=True,
        load_default=None,
        metadata={
            "description": "The medborgarlöfte's commitment it counts toward; without one, its "
            "action's (422 when there is no such commitment)"
        },
    )
    lat = ma.fields.Float(required=True, validate=validate.Range(-90, 90))
    lon = ma.fields.Float(required=True, validate=validate.Range(-180, 180))
    arrived_at = MomentField(required=True, metadata={"description": "ISO 8601 with an offset"})
    left_at = MomentField(
        required=True,
        metadata={"description": "Not before arrived_at, not in the future (422 otherwise)"},
    )
    seen = ma.fields.String(
        load_default="",
        validate=validate.Length(max=1000),
        metadata={
            "description": "What was seen; empty with no_deviations true is 'inga avvikelser'. "
            "Never names or personal identity numbers (422)"
        },
    )
    no_deviations = ma.fields.Boolean(required=True)


class RoundListArgsSchema(InputSchema):
    week = ma.fields.String(
        validate=validate.Length(max=10),
        metadata={"description": "ISO week, local time (default: this week)", **WEEK},
    )


class RoundSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    action_id = ma.fields.Integer(allow_none=True, required=True)
    commitment_id = ma.fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "The commitment it counts toward: its own, or its action's"},
    )
    lat = ma.fields.Float(required=True)
    lon = ma.fields.Float(required=True)
    arrived_at = ma.fields.DateTime(required=True)
    left_at = ma.fields.DateTime(required=True)
    seen = ma.fields.String(required=True)
    no_deviations = ma.fields.Boolean(required=True)
    received_at = ma.fields.DateTime(required=True)
    organisation = ma.fields.Nested(ActionRefSchema, required=True)
    mine = ma.fields.Boolean(required=True)


class RoundHotSpotSchema(ma.Schema):
    cell = ma.fields.String(required=True, metadata={"description": "The lägesbild's grid cell"})
    count = ma.fields.Integer(required=True)
    no_deviations = ma.fields.Integer(required=True)
    action_ids = ma.fields.List(ma.fields.Integer(), required=True)
    centre = ma.fields.List(ma.fields.Float(), required=True)
    bbox = ma.fields.List(ma.fields.Float(), required=True)


class RoundWeekSchema(ma.Schema):
    week = ma.fields.String(required=True)
    total = ma.fields.Integer(required=True)
    by_hot_spot = ma.fields.List(ma.fields.Nested(RoundHotSpotSchema), required=True)
    items = ma.fields.List(ma.fields.Nested(RoundSchema), required=True)
