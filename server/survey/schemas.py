"""What the survey's routes take and give (docs/survey.md)."""

import marshmallow as ma
from marshmallow import EXCLUDE, validate

from server.reports.schemas import PLAUSIBLE, CsvArgs
from server.schemas import IdField, InputSchema, JsonBoolean, OneLineField
from server.survey.models import TIMES_OF_DAY

REASON_CODE_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"
CAMPAIGN_CODE = "The campaign's short code, as in /trygghet/<code>"


class ReasonSchema(ma.Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True, metadata={"description": "In the reader's language"})


class ReasonFullSchema(ReasonSchema):
    """A reason as admins manage it."""

    name_sv = ma.fields.String()
    name_en = ma.fields.String()
    active = ma.fields.Boolean(metadata={"description": "Offered and accepted in new ratings"})
    position = ma.fields.Integer(metadata={"description": "Order on the page: lowest first"})


def _name(**kwargs):
    return OneLineField(validate=validate.Length(min=1, max=120), **kwargs)


class ReasonChangeSchema(InputSchema):
    """What an admin may change of a reason; its code never changes."""

    name_sv = _name()
    name_en = _name()
    active = JsonBoolean()
    position = ma.fields.Integer(strict=True, validate=validate.Range(0, 1_000_000))


class ReasonCreateSchema(ReasonChangeSchema):
    code = ma.fields.String(
        required=True,
        validate=validate.Regexp(
            REASON_CODE_PATTERN,
            error="2–40 lower-case letters a–z, digits and _, beginning with a letter.",
        ),
        metadata={"description": "Lower-case a–z, digits and _, never changed"},
    )
    name_sv = _name(required=True)
    name_en = _name(required=True)


class RatingInputSchema(InputSchema):
    """A resident's rating of a place. Fields it does not know are ignored."""

    class Meta:
        unknown = EXCLUDE

    lat = ma.fields.Float(required=True, validate=validate.Range(-90, 90), allow_nan=False)
    lon = ma.fields.Float(required=True, validate=validate.Range(-180, 180), allow_nan=False)
    score = ma.fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(1, 5),
        metadata={"description": "1 very unsafe … 5 very safe"},
    )
    time_of_day = ma.fields.String(required=True, validate=validate.OneOf(TIMES_OF_DAY))
    reasons = ma.fields.List(
        ma.fields.String(validate=validate.Length(max=40)),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={"description": "Codes from GET /api/v1/public/rating-reasons"},
    )
    campaign = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=16),
        metadata={"description": CAMPAIGN_CODE},
    )
    website = ma.fields.Raw(
        load_default=None,
        metadata={"description": "Leave out: a field people never see (bots fill it in)"},
    )


class AcceptedSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"description": "received"})


class PublicCampaignSchema(ma.Schema):
    code = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    intro = ma.fields.String(required=True, metadata={"description": "In the reader's language"})
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)
    open = ma.fields.Boolean(required=True, metadata={"description": "Ratings accepted today"})
    area = ma.fields.Dict(
        allow_none=True, metadata={"description": "{name, geometry (GeoJSON)} or null"}
    )
    bounds = ma.fields.List(
        ma.fields.Float(), metadata={"description": "[min lat, min lon, max lat, max lon]"}
    )
    center = ma.fields.List(ma.fields.Float(), metadata={"description": "[lat, lon]"})
    url = ma.fields.String(required=True, metadata={"description": "The public survey page"})


class CampaignSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    intro_sv = ma.fields.String(required=True)
    intro_en = ma.fields.String(required=True)
    area = ma.fields.Dict(allow_none=True, metadata={"description": "{id, name} or null"})
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)
    open = ma.fields.Boolean(required=True)
    ratings = ma.fields.Integer(required=True, metadata={"description": "How many so far"})
    url = ma.fields.String(required=True)
    poster_url = ma.fields.String(required=True)
    created_by = ma.fields.Dict(allow_none=True)
    created_at = ma.fields.DateTime(required=True)


class CampaignChangeSchema(InputSchema):
    title = OneLineField(validate=validate.Length(min=1, max=200))
    intro_sv = ma.fields.String(validate=validate.Length(max=2000))
    intro_en = ma.fields.String(validate=validate.Length(max=2000))
    area_id = IdField(allow_none=True)
    starts_on = ma.fields.Date(validate=PLAUSIBLE, metadata={"description": "Of 2000–2999"})
    ends_on = ma.fields.Date(
        validate=PLAUSIBLE, metadata={"description": "Of 2000–2999, not before starts_on"}
    )


class CampaignCreateSchema(CampaignChangeSchema):
    title = OneLineField(required=True, validate=validate.Length(min=1, max=200))
    starts_on = ma.fields.Date(
        required=True, validate=PLAUSIBLE, metadata={"description": "Of 2000–2999"}
    )
    ends_on = ma.fields.Date(
        required=True,
        validate=PLAUSIBLE,
        metadata={"description": "Of 2000–2999, not before starts_on"},
    )


class ResultArgsSchema(InputSchema):
    area_id = IdField(load_default=None)
    campaign_id = IdField(load_default=None)
    time_of_day = ma.fields.String(load_default=None, validate=validate.OneOf(TIMES_OF_DAY))
    from_ = ma.fields.Date(
        data_key="from",
        load_default=None,
        validate=PLAUSIBLE,
        metadata={"description": "First local day the ratings arrived (2000–2999)"},
    )
    to = ma.fields.Date(
        load_default=None,
        validate=PLAUSIBLE,
        metadata={"description": "Last local day, included; not before `from` (422)"},
    )


class ResultCsvArgsSchema(ResultArgsSchema, CsvArgs):
    dialect = CsvArgs.dialect
    bom = CsvArgs.bom


class CellSchema(ma.Schema):
    cell = ma.fields.String(required=True, metadata={"description": "The square's grid key"})
    lat = ma.fields.Float(required=True, metadata={"description": "The square's centre"})
    lon = ma.fields.Float(required=True)
    n = ma.fields.Integer(required=True, metadata={"description": "Ratings in it (at least k)"})
    mean = ma.fields.Float(required=True)
    by_time_of_day = ma.fields.Dict(
        metadata={"description": "{dag|kväll|natt: {n, mean}}; null where fewer than k"}
    )
    reasons = ma.fields.Dict(
        metadata={"description": "{code: count}; a reason with fewer than k is left out"}
    )
    bounds = ma.fields.List(
        ma.fields.Float(), metadata={"description": "[min lat, min lon, max lat, max lon]"}
    )
    area = ma.fields.String(allow_none=True, metadata={"description": "The area it lies in"})


class PerceivedSafetySchema(ma.Schema):
    cells = ma.fields.List(ma.fields.Nested(CellSchema), required=True)
    suppressed = ma.fields.Integer(
        required=True, metadata={"description": "Ratings in squares with fewer than k"}
    )
    k = ma.fields.Integer(required=True)
    cell_size_m = ma.fields.Integer(required=True)
    grid = ma.fields.String(required=True)
    total = ma.fields.Integer(required=True)
    filters = ma.fields.Dict()
    reasons = ma.fields.Dict(metadata={"description": "code → name in the reader's language"})
