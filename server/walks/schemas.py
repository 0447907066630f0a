import marshmallow as ma


class AreaRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class WalkSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    area = ma.fields.Nested(AreaRefSchema, allow_none=True, required=True)
    planned_start = ma.fields.DateTime(required=True)
    status = ma.fields.String(required=True)
    updated_at = ma.fields.DateTime(required=True)
