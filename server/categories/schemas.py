import marshmallow as ma


class CategorySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)
    name_sv = ma.fields.String(required=True)
    name_en = ma.fields.String(required=True)
    icon = ma.fields.String(required=True)
    default_priority = ma.fields.Integer(required=True)
    target_days = ma.fields.Integer(allow_none=True, required=True)
    nearby_radius_m = ma.fields.Integer(required=True)
    positive = ma.fields.Boolean(required=True, metadata={"description": "'trygg plats'"})
    active = ma.fields.Boolean(required=True)
    sort_order = ma.fields.Integer(required=True)
