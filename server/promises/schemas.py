"""What a request about a medborgarlöfte may send, and what the answers hold."""

import marshmallow as ma
from marshmallow import validate

from server.promises.models import CommitmentKind
from server.reports.schemas import CsvArgs
from server.schemas import IdField, InputSchema, OneLineField

KINDS = [kind.value for kind in CommitmentKind]
MAX_COMMITMENTS = 50


# Requests


class NewCommitmentSchema(InputSchema):
    text = ma.fields.String(required=True, validate=validate.Length(min=1, max=2000))
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    planned_per_tertial = ma.fields.Integer(required=True, validate=validate.Range(0, 1000))


class CommitmentInputSchema(NewCommitmentSchema):
    id = IdField(metadata={"description": "An existing commitment to change; none: a new one"})


class PromiseFieldsSchema(InputSchema):
    title = OneLineField(validate=validate.Length(min=1, max=200))
    starts_on = ma.fields.Date(metadata={"description": "YYYY-MM-DD, the first day"})
    ends_on = ma.fields.Date(metadata={"description": "YYYY-MM-DD, the last day"})
    area_id = IdField(allow_none=True)
    parties = ma.fields.List(
        IdField(),
        validate=validate.Length(max=50),
        metadata={"description": "The ids of the organisations behind the promise"},
    )
    focus_areas = ma.fields.List(
        OneLineField(validate=validate.Length(min=1, max=200)),
        validate=validate.Length(max=20),
        metadata={"description": "Short texts, e.g. 'ökad trygghet', 'trafiksäkerhet'"},
    )
    commitments = ma.fields.List(
        ma.fields.Nested(CommitmentInputSchema),
        validate=validate.Length(min=1, max=MAX_COMMITMENTS),
    )


class PromiseCreateSchema(PromiseFieldsSchema):
    title = OneLineField(required=True, validate=validate.Length(min=1, max=200))
    starts_on = ma.fields.Date(required=True, metadata={"description": "YYYY-MM-DD"})
    ends_on = ma.fields.Date(required=True, metadata={"description": "YYYY-MM-DD"})
    area_id = IdField(allow_none=True, load_default=None)
    commitments = ma.fields.List(
        ma.fields.Nested(NewCommitmentSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_COMMITMENTS),
    )


class PromiseUpdateSchema(PromiseFieldsSchema):
    """Fields left out stay as they are. `commitments`, when given, is the whole list in its
    order: an item with an id changes that commitment, one without adds a commitment; a
    commitment left out is removed, unless walks, insatser or comments refer to it (409)."""


class InsatsInputSchema(InputSchema):
    date = ma.fields.Date(required=True, metadata={"description": "YYYY-MM-DD, the day done"})
    place = OneLineField(required=True, validate=validate.Length(min=1, max=300))
    lat = ma.fields.Float(allow_none=True, load_default=None, validate=validate.Range(-90, 90))
    lon = ma.fields.Float(allow_none=True, load_default=None, validate=validate.Range(-180, 180))
    result = ma.fields.String(required=True, validate=validate.Length(max=4000))


class PromiseFollowupArgsSchema(InputSchema):
    year = ma.fields.Integer(required=True, validate=validate.Range(2000, 2999))
    tertial = ma.fields.Integer(required=True, validate=validate.OneOf([1, 2, 3]))


class PromiseFollowupCsvArgsSchema(PromiseFollowupArgsSchema, CsvArgs):
    pass


class TertialCommentInputSchema(InputSchema):
    text = ma.fields.String(required=True, validate=validate.Length(max=4000))
    published = ma.fields.Boolean(required=True)


# Answers


class PromiseRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class CommitmentSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    text = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    planned_per_tertial = ma.fields.Integer(required=True)


class PromiseSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)
    area = ma.fields.Nested(PromiseRefSchema, allow_none=True, required=True)
    parties = ma.fields.List(ma.fields.Nested(PromiseRefSchema), required=True)
    focus_areas = ma.fields.List(ma.fields.String(), required=True)
    commitments = ma.fields.List(ma.fields.Nested(CommitmentSchema), required=True)
    public_url = ma.fields.String(
        required=True, metadata={"description": "The public follow-up page, no sign-in"}
    )
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


class InsatsSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    commitment_id = ma.fields.Integer(required=True)
    date = ma.fields.Date(required=True)
    place = ma.fields.String(required=True)
    lat = ma.fields.Float(allow_none=True, required=True)
    lon = ma.fields.Float(allow_none=True, required=True)
    result = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)


class TertialCommentSchema(ma.Schema):
    year = ma.fields.Integer(required=True)
    tertial = ma.fields.Integer(required=True)
    text = ma.fields.String(required=True)
    published = ma.fields.Boolean(required=True)
    updated_at = ma.fields.DateTime(required=True)


class FollowupActivitySchema(ma.Schema):
    type = ma.fields.String(required=True, metadata={"description": "walk, round or insats"})
    id = ma.fields.Raw(
        required=True,
        metadata={"description": "A walk's or an insats' id (integer), a round's uuid (string)"},
    )
    date = ma.fields.Date(required=True, metadata={"description": "The local day it counts on"})
    title = ma.fields.String(
        required=True,
        metadata={
            "description": "A walk's title, a round's place (its action's place or what), an "
            "insats' place"
        },
    )


class CommitmentFollowupSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    text = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    planned = ma.fields.Integer(required=True)
    done = ma.fields.Integer(required=True)
    activities = ma.fields.List(ma.fields.Nested(FollowupActivitySchema), required=True)
    findings = ma.fields.Integer(
        required=True, metadata={"description": "Deviations found on the walks that count"}
    )
    fixed = ma.fields.Integer(required=True, metadata={"description": "Of those, fixed now"})
    comment = ma.fields.Nested(TertialCommentSchema, allow_none=True, required=True)


class FollowupPeriodSchema(ma.Schema):
    from_ = ma.fields.Date(required=True, data_key="from")
    to = ma.fields.Date(required=True)


class PromiseFollowupSchema(ma.Schema):
    promise_id = ma.fields.Integer(required=True)
    year = ma.fields.Integer(required=True)
    tertial = ma.fields.Integer(required=True)
    period = ma.fields.Nested(FollowupPeriodSchema, required=True)
    commitments = ma.fields.List(ma.fields.Nested(CommitmentFollowupSchema), required=True)
    indicators = ma.fields.Dict(
        metadata={
            "description": "The area's indicators (docs/reports.md): findings, fixed, "
            "median_days_to_fix, incidents, hot_spots, each {current, previous} for this "
            "tertial and the one before; counts only, the same for every reader"
        }
    )
    pdf_url = ma.fields.String(metadata={"description": "This follow-up as a PDF"})
    csv_url = ma.fields.String(metadata={"description": "This follow-up as CSV"})
