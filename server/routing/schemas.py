import marshmallow as ma
from marshmallow import validate

from server.accounts.models import NotifyMode, OrganisationKind
from server.findings.schemas import COMMENT_MAX
from server.schemas import IdField, InputSchema


class RouteSchema(InputSchema):
    organisation_id = IdField(
        allow_none=True,
        metadata={"description": "Send it here; null: back to the triage queue"},
    )
    auto = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Ask the router again and follow its answer"},
    )
    comment = ma.fields.String(
        load_default="",
        validate=validate.Length(max=COMMENT_MAX),
        metadata={"description": "Why (required unless auto); kept in the history"},
    )

    @ma.validates_schema
    def one_target(self, data, **kwargs):
        if data.get("auto") == ("organisation_id" in data):
            raise ma.ValidationError(
                "Give organisation_id (null for triage), or auto: true.", "organisation_id"
            )
        if not data.get("auto") and not data.get("comment", "").strip():
            raise ma.ValidationError("Say why.", "comment")


class ExplainArgsSchema(InputSchema):
    lat = ma.fields.Float(required=True, validate=validate.Range(-90, 90))
    lon = ma.fields.Float(required=True, validate=validate.Range(-180, 180))
    category = ma.fields.String(required=True, validate=validate.Length(min=1, max=40))


class OrgRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class ExplanationSchema(ma.Schema):
    kind = ma.fields.String(required=True)
    text = ma.fields.String(required=True)
    review = ma.fields.Boolean(required=True)
    organisation = ma.fields.Nested(OrgRefSchema, allow_none=True, required=True)
    routing = ma.fields.Dict(required=True)
    areas = ma.fields.List(ma.fields.Nested(OrgRefSchema), required=True)


class RuleSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    position = ma.fields.Integer(required=True)
    category = ma.fields.String(allow_none=True, required=True)
    area = ma.fields.Nested(OrgRefSchema, allow_none=True, required=True)
    organisation = ma.fields.Nested(OrgRefSchema, required=True)
    active = ma.fields.Boolean(required=True)
    note = ma.fields.String(required=True)
    text = ma.fields.String(required=True, metadata={"description": "The rule in words"})
    updated_at = ma.fields.DateTime(required=True)


class RuleInputSchema(InputSchema):
    category = ma.fields.String(
        allow_none=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "A category code; null for every category"},
    )
    area_id = IdField(allow_none=True, metadata={"description": "null for everywhere"})
    organisation_id = IdField()
    position = ma.fields.Integer(
        validate=validate.Range(-1_000_000, 1_000_000),
        metadata={"description": "Lower first; default after the last rule"},
    )
    active = ma.fields.Boolean()
    note = ma.fields.String(validate=validate.Length(max=COMMENT_MAX))


class OrganisationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    email = ma.fields.String(allow_none=True, required=True)
    review_first = ma.fields.Boolean(required=True)
    notify_mode = ma.fields.String(required=True)


class OrganisationUpdateSchema(InputSchema):
    email = ma.fields.Email(allow_none=True, validate=validate.Length(max=320))
    kind = ma.fields.String(validate=validate.OneOf([kind.value for kind in OrganisationKind]))
    review_first = ma.fields.Boolean()
    notify_mode = ma.fields.String(
        validate=validate.OneOf([NotifyMode.IMMEDIATE.value, NotifyMode.DIGEST.value])
    )
