import marshmallow as ma
from marshmallow import validate

from server import cursors
from server.notify.models import Delivery
from server.schemas import InputSchema


class NotificationListArgsSchema(InputSchema):
    status = ma.fields.String(
        load_default=Delivery.FAILED.value,
        validate=validate.OneOf([*[status.value for status in Delivery], "all"]),
        metadata={"description": "failed (default), pending, sending, sent, cancelled or all"},
    )
    finding = ma.fields.UUID(metadata={"description": "Of this finding only"})
    current = ma.fields.Boolean(
        load_default=True,
        metadata={"description": "Only those about the finding's present owner (default)"},
    )
    cursor = cursors.parameter()
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 500))


class RefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class NotificationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True)
    finding_id = ma.fields.UUID(required=True, allow_none=True)
    walk_id = ma.fields.Integer(
        allow_none=True, metadata={"description": "A walk invitation's walk (no finding)"}
    )
    incident_id = ma.fields.UUID(
        allow_none=True, metadata={"description": "An incident alert's incident (no finding)"}
    )
    organisation = ma.fields.Nested(RefSchema, allow_none=True, required=True)
    recipient = ma.fields.String(allow_none=True, required=True)
    user = ma.fields.Nested(RefSchema, allow_none=True, required=True)
    locale = ma.fields.String(required=True)
    digest = ma.fields.Boolean(required=True)
    current = ma.fields.Boolean(required=True)
    status = ma.fields.String(required=True)
    attempts = ma.fields.Integer(required=True)
    next_attempt_at = ma.fields.DateTime(required=True)
    last_error = ma.fields.String(allow_none=True, required=True)
    created_at = ma.fields.DateTime(required=True)
    sent_at = ma.fields.DateTime(allow_none=True, required=True)
    failed_at = ma.fields.DateTime(allow_none=True, required=True)


class NotificationPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(NotificationSchema), required=True)
    next_cursor = ma.fields.String(allow_none=True, required=True)
