import marshmallow as ma
from marshmallow import INCLUDE, validate

from server import cursors, patterns
from server.places.service import AREA_KINDS
from server.schemas import IdField, InputSchema


class GeoJSONDocumentSchema(InputSchema):
    """A GeoJSON FeatureCollection, passed on as it is: the import checks every feature itself
    so that it can report each problem with the feature's index (text a database cannot
    store, anywhere in the file, is refused as a whole first)."""

    class Meta:
        unknown = INCLUDE

    type = ma.fields.String(required=True, metadata={"description": "FeatureCollection"})
    features = ma.fields.List(ma.fields.Raw(), required=True)


class ImportArgsSchema(InputSchema):
    dry_run = ma.fields.Boolean(
        load_default=False, metadata={"description": "Check and count, write nothing"}
    )
    strict = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Write nothing when any feature fails (422)"},
    )


class FeatureErrorSchema(ma.Schema):
    index = ma.fields.Integer(required=True, metadata={"description": "From 0, in file order"})
    designation = ma.fields.String(allow_none=True)
    name = ma.fields.String(allow_none=True)
    code = ma.fields.String(required=True)
    message = ma.fields.String(required=True)


class ImportReportSchema(ma.Schema):
    total = ma.fields.Integer(required=True)
    created = ma.fields.Integer(required=True)
    updated = ma.fields.Integer(required=True)
    unchanged = ma.fields.Integer(required=True)
    failed = ma.fields.Integer(required=True)
    errors = ma.fields.List(ma.fields.Nested(FeatureErrorSchema), required=True)
    new_organisations = ma.fields.List(ma.fields.String(), required=True)
    dry_run = ma.fields.Boolean(required=True)
    written = ma.fields.Boolean(required=True)


class OwnerSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class PropertySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    designation = ma.fields.String(required=True)
    owner = ma.fields.Nested(OwnerSchema, required=True)
    contact_emails = ma.fields.List(ma.fields.String(), required=True)
    bbox = ma.fields.List(ma.fields.Float(), required=True)
    updated_at = ma.fields.DateTime(required=True)
    geometry = ma.fields.Dict(metadata={"description": "GeoJSON, when asked for"})


class PropertyPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PropertySchema), required=True)
    next_cursor = ma.fields.String(allow_none=True, required=True)


class PropertyListArgsSchema(InputSchema):
    owner = IdField(metadata={"description": "Owned by this organisation"})
    q = ma.fields.String(
        validate=validate.Length(max=200), metadata={"description": "Designation contains"}
    )
    bbox = ma.fields.String(
        metadata={
            "description": "minlon,minlat,maxlon,maxlat, as for findings",
            "pattern": patterns.number_box(),
        }
    )
    geometry = ma.fields.Boolean(load_default=False)
    cursor = cursors.parameter()
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class AreaSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    review_first = ma.fields.Boolean(required=True)
    bbox = ma.fields.List(ma.fields.Float(), required=True)
    geometry = ma.fields.Dict(metadata={"description": "GeoJSON, when asked for"})


class AreaListArgsSchema(InputSchema):
    geometry = ma.fields.Boolean(load_default=False)


class AreaUpdateSchema(InputSchema):
    kind = ma.fields.String(validate=validate.OneOf(AREA_KINDS))
    review_first = ma.fields.Boolean()
