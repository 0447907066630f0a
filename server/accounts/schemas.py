import marshmallow as ma
from marshmallow import validate

from server.accounts.models import NotifyMode
from server.i18n import LOCALES
from server.schemas import InputSchema


class CredentialsSchema(InputSchema):
    email = ma.fields.String(required=True, validate=validate.Length(min=3, max=320))
    password = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class TokenRequestSchema(CredentialsSchema):
    label = ma.fields.String(validate=validate.Length(max=200))


class TokenSchema(ma.Schema):
    token = ma.fields.String(required=True, metadata={"description": "Shown once; keep it safe"})


class OrganisationRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)


class UserSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    role = ma.fields.String(required=True)
    locale = ma.fields.String(required=True)
    notify_mode = ma.fields.String(
        required=True, metadata={"description": "Emails about findings: immediate, digest, off"}
    )
    organisation = ma.fields.Nested(OrganisationRefSchema, required=True)


class SessionSchema(ma.Schema):
    user = ma.fields.Nested(UserSchema, required=True)
    csrf_token = ma.fields.String(
        allow_none=True,
        metadata={"description": "Send it as X-CSRF-Token on writes made with the session cookie"},
    )


class ProfileUpdateSchema(InputSchema):
    locale = ma.fields.String(validate=validate.OneOf(LOCALES))
    name = ma.fields.String(validate=validate.Length(min=1, max=200))
    notify_mode = ma.fields.String(validate=validate.OneOf([mode.value for mode in NotifyMode]))
