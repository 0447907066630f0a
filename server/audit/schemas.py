import marshmallow as ma
from marshmallow import validate

from server import cursors
from server.schemas import IdField, InputSchema, MomentField


class AuditArgsSchema(InputSchema):
    actor = IdField(metadata={"description": "A user's id"})
    organisation = IdField(metadata={"description": "The actor's organisation"})
    object_type = ma.fields.String(
        validate=validate.Length(max=20),
        metadata={"description": "finding, photo, user, organisation, retention"},
    )
    object_id = ma.fields.String(validate=validate.Length(max=64))
    finding = ma.fields.UUID(metadata={"description": "Everything about one finding"})
    action = ma.fields.String(
        validate=validate.Length(max=40),
        metadata={"description": "An action (photo.viewed), or a prefix ending in '.' (finding.)"},
    )
    since = MomentField(metadata={"description": "At or after this time"})
    until = MomentField(metadata={"description": "Before this time"})
    cursor = cursors.parameter()
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 500))


class AuditRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(allow_none=True, required=True)


class AuditActorSchema(AuditRefSchema):
    email = ma.fields.String(allow_none=True, required=True)


class AuditEntrySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    at = ma.fields.DateTime(required=True)
    action = ma.fields.String(required=True)
    actor = ma.fields.Nested(AuditActorSchema, allow_none=True, required=True)
    organisation = ma.fields.Nested(AuditRefSchema, allow_none=True, required=True)
    object_type = ma.fields.String(required=True)
    object_id = ma.fields.String(allow_none=True, required=True)
    finding_id = ma.fields.UUID(allow_none=True, required=True)
    data = ma.fields.Dict(allow_none=True, required=True)


class AuditPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(AuditEntrySchema), required=True)
    next_cursor = ma.fields.String(allow_none=True, required=True)
