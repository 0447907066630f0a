from typing import ClassVar

import marshmallow as ma
from marshmallow import validate

from server import cursors
from server.categories.models import Priority
from server.findings.schemas import COMMENT_MAX, FindingEventSchema, FindingSchema
from server.followup.queue import QUEUE_REASONS
from server.followup.visibility import Visibility
from server.notify.schemas import NotificationSchema
from server.schemas import IdField, InputSchema


class QueueArgsSchema(InputSchema):
    reason = ma.fields.String(
        validate=validate.OneOf(QUEUE_REASONS),
        metadata={"description": "Only findings in the queue for this reason"},
    )
    area = IdField(metadata={"description": "Lying in this area"})
    cursor = cursors.parameter()
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 500))


class QueueItemSchema(ma.Schema):
    finding = ma.fields.Nested(FindingSchema, required=True)
    reasons = ma.fields.List(
        ma.fields.Dict(),
        required=True,
        metadata={
            "description": "Why it is in the queue: {code, text} and the values of the reason "
            "(organisation, comment, candidates [{id, status, distance_m}], error, recipients)"
        },
    )


class QueuePageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(QueueItemSchema), required=True)
    next_cursor = ma.fields.String(allow_none=True, required=True)


class PossibleDuplicateSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True)
    distance_m = ma.fields.Float(required=True)
    captured_at = ma.fields.DateTime(required=True)
    distinct = ma.fields.Boolean(
        required=True, metadata={"description": "A coordinator judged it not the same"}
    )


class FindingDetailSchema(ma.Schema):
    finding = ma.fields.Nested(FindingSchema, required=True)
    history = ma.fields.List(ma.fields.Nested(FindingEventSchema), required=True)
    possible_duplicates = ma.fields.List(ma.fields.Nested(PossibleDuplicateSchema), required=True)
    notifications = ma.fields.List(ma.fields.Nested(NotificationSchema), required=True)


class MergeInputSchema(InputSchema):
    into = ma.fields.UUID(required=True, metadata={"description": "The original"})
    comment = ma.fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=COMMENT_MAX)
    )


class DistinctInputSchema(InputSchema):
    other = ma.fields.UUID(
        required=True, metadata={"description": "The nearby finding this one is not the same as"}
    )


class FollowupInputSchema(InputSchema):
    OPENAPI: ClassVar[dict] = {"minProperties": 1}  # priority, due_date or both (openapi.py)

    priority = ma.fields.Integer(
        validate=validate.OneOf([Priority.HIGH, Priority.NORMAL, Priority.LOW]),
        metadata={"description": "1 high, 2 normal, 3 low"},
    )
    due_date = ma.fields.Date(
        allow_none=True,
        metadata={"description": "null: the default, from the category's target days"},
    )

    @ma.validates_schema
    def something(self, data, **kwargs):
        if not data:
            raise ma.ValidationError("Give priority or due_date.", "_schema")


class CommentInputSchema(InputSchema):
    body = ma.fields.String(required=True, validate=validate.Length(min=1, max=COMMENT_MAX))
    visibility = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf([Visibility.INTERNAL, Visibility.OWNER]),
        metadata={
            "description": "internal: coordinators only (their default); owner: also the "
            "organisation the finding is sent to (owners' only choice)"
        },
    )


class OverdueArgsSchema(InputSchema):
    organisation = IdField(metadata={"description": "Only this organisation"})


class OverdueFindingSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    category = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    priority = ma.fields.Integer(required=True)
    due_date = ma.fields.Date(required=True)
    days_overdue = ma.fields.Integer(required=True)
    planned_for = ma.fields.Date(allow_none=True, required=True)
    reminded_at = ma.fields.DateTime(allow_none=True, required=True)
    lat = ma.fields.Float(allow_none=True, required=True)
    lon = ma.fields.Float(allow_none=True, required=True)
    routing_reason = ma.fields.String(allow_none=True, required=True)


class OverdueOrganisationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class OverdueGroupSchema(ma.Schema):
    organisation = ma.fields.Nested(OverdueOrganisationSchema, required=True)
    count = ma.fields.Integer(required=True)
    most_days_overdue = ma.fields.Integer(required=True)
    findings = ma.fields.List(ma.fields.Nested(OverdueFindingSchema), required=True)
