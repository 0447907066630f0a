import marshmallow as ma
from marshmallow import EXCLUDE, validate

from server import cursors
from server.findings.schemas import NOTE_MAX, PhotoRefSchema
from server.i18n import LOCALES
from server.schemas import InputSchema, MomentField
from server.tips.models import TipState

EMAIL_MAX = 320
REASON_MAX = 2000


class TipInputSchema(InputSchema):
    """What the public tip page PUTs. A position is required (no position from a photo's GPS
    for a tip: its metadata is stripped). Fields it does not know are ignored."""

    class Meta:
        unknown = EXCLUDE

    category = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "The code of a category of GET /api/v1/public/categories"},
    )
    note = ma.fields.String(load_default="", validate=validate.Length(max=NOTE_MAX))
    lat = ma.fields.Float(required=True, validate=validate.Range(-90, 90))
    lon = ma.fields.Float(required=True, validate=validate.Range(-180, 180))
    captured_at = MomentField(required=True, metadata={"description": "ISO 8601 with an offset"})
    photos = ma.fields.List(
        ma.fields.UUID(), load_default=list, metadata={"description": "Ids of the photos to come"}
    )
    email = ma.fields.Email(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=EMAIL_MAX),
        metadata={"description": "For updates only; never shown to owners, deleted when done"},
    )
    locale = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.OneOf(LOCALES),
        metadata={"description": "The page's language, for the emails (default: the request's)"},
    )
    website = ma.fields.Raw(
        load_default="",
        metadata={"description": "Leave empty (a field people never see)"},
    )


class TipAcceptedSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    status = ma.fields.String(
        required=True, metadata={"description": "väntar, godkänd, avvisad or sammanslagen"}
    )


class PublicCategorySchema(ma.Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class RejectSchema(InputSchema):
    reason = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=REASON_MAX),
        metadata={"description": "Shown to the resident (when they left an email)"},
    )


class TipListArgsSchema(InputSchema):
    state = ma.fields.String(
        load_default=TipState.WAITING.value, validate=validate.OneOf([s.value for s in TipState])
    )
    cursor = cursors.parameter()
    limit = ma.fields.Integer(load_default=50, validate=validate.Range(1, 200))


class NearbySchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    category = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    distance_m = ma.fields.Float(required=True)


class TipSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    category = ma.fields.String(required=True)
    note = ma.fields.String(required=True)
    lat = ma.fields.Float(required=True)
    lon = ma.fields.Float(required=True)
    captured_at = ma.fields.DateTime(required=True)
    received_at = ma.fields.DateTime(required=True)
    photos = ma.fields.List(ma.fields.Nested(PhotoRefSchema), required=True)
    photos_expected = ma.fields.Integer(required=True)
    has_email = ma.fields.Boolean(
        required=True, metadata={"description": "Whether the resident left an email (never it)"}
    )
    state = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"description": "The finding's status"})
    reason = ma.fields.String(allow_none=True, required=True)
    decided_at = ma.fields.DateTime(allow_none=True, required=True)
    decided_by = ma.fields.Dict(allow_none=True, required=True)
    duplicate_of = ma.fields.UUID(allow_none=True, required=True)
    fixed_answer = ma.fields.String(allow_none=True, required=True)
    nearby = ma.fields.List(ma.fields.Nested(NearbySchema), required=True)


class TipPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(TipSchema), required=True)
    next_cursor = ma.fields.String(allow_none=True, required=True)
