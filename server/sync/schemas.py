import marshmallow as ma

from server import cursors
from server.categories.schemas import CategorySchema
from server.findings.schemas import FindingSchema
from server.schemas import InputSchema
from server.walks.schemas import RevisitSchema, WalkSchema


class SyncWalkSchema(WalkSchema):
    revisits = ma.fields.List(
        ma.fields.Nested(RevisitSchema),
        allow_none=True,
        metadata={
            "description": "A follow-up walk that is planned or going: the earlier walk's "
            "findings with their status now and this walk's marks (sent at every sync)"
        },
    )


class SyncArgsSchema(InputSchema):
    cursor = cursors.parameter()


class SyncSchema(ma.Schema):
    findings = ma.fields.List(ma.fields.Nested(FindingSchema), required=True)
    categories = ma.fields.List(ma.fields.Nested(CategorySchema), required=True)
    walks = ma.fields.List(ma.fields.Nested(SyncWalkSchema), required=True)
    walk_ids = ma.fields.List(
        ma.fields.Integer(),
        required=True,
        metadata={"description": "Every walk you take part in now; forget the others"},
    )
    cursor = ma.fields.String(required=True, metadata={"description": "Send it next time"})
    more = ma.fields.Boolean(required=True, metadata={"description": "Call again at once"})
