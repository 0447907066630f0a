import marshmallow as ma


class PhotoSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    finding_id = ma.fields.UUID(required=True)
    url = ma.fields.String(required=True)
    thumbnail_url = ma.fields.String(required=True)
    width = ma.fields.Integer(required=True)
    height = ma.fields.Integer(required=True)
    sha256 = ma.fields.String(required=True, metadata={"description": "Of the uploaded bytes"})
    taken_at = ma.fields.NaiveDateTime(
        allow_none=True, required=True, metadata={"description": "The camera's clock"}
    )
