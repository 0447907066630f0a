import marshmallow as ma
from marshmallow import validate

from server.photos.models import PhotoKind
from server.schemas import InputSchema


class PhotoUploadArgsSchema(InputSchema):
    kind = ma.fields.String(
        load_default=PhotoKind.REPORT.value,
        validate=validate.OneOf([kind.value for kind in PhotoKind]),
        metadata={
            "description": "report: announced with the finding; after: the owner's photo of the "
            "fix; added: another reporter's photo of the same thing (a finding you may see)"
        },
    )


class PhotoSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    finding_id = ma.fields.UUID(required=True)
    url = ma.fields.String(required=True)
    thumbnail_url = ma.fields.String(required=True)
    width = ma.fields.Integer(required=True)
    height = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, metadata={"description": "report or after"})
    sha256 = ma.fields.String(required=True, metadata={"description": "Of the uploaded bytes"})
    taken_at = ma.fields.NaiveDateTime(
        allow_none=True, required=True, metadata={"description": "The camera's clock"}
    )
    redacted = ma.fields.Boolean(metadata={"description": "Rectangles were blurred"})
    redactions = ma.fields.List(
        ma.fields.Dict(), allow_none=True, metadata={"description": "Every blurred rectangle"}
    )


class RectangleSchema(InputSchema):
    x = ma.fields.Float(required=True, validate=validate.Range(min=0, max=100_000))
    y = ma.fields.Float(required=True, validate=validate.Range(min=0, max=100_000))
    width = ma.fields.Float(required=True, validate=validate.Range(min=1, max=100_000))
    height = ma.fields.Float(required=True, validate=validate.Range(min=1, max=100_000))


class RedactionSchema(InputSchema):
    rectangles = ma.fields.List(
        ma.fields.Nested(RectangleSchema),
        required=True,
        validate=validate.Length(min=1, max=50),
        metadata={"description": "In the served display image's pixels, top left is 0, 0"},
    )
    comment = ma.fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=2000)
    )
