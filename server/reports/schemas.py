from datetime import date

import marshmallow as ma
from marshmallow import validate

from server import patterns
from server.findings.schemas import FindingListArgsSchema
from server.reports import columns
from server.schemas import IdField, InputSchema


class _FromTo:
    """`from` and `to` are local dates, both included; `from` is a keyword in Python."""

    @ma.post_load
    def rename(self, data, **kwargs):
        if "from_" in data:
            data["from"] = data.pop("from_")
        return data


# Days a report can be about; beyond them date arithmetic would overflow.
PLAUSIBLE = validate.Range(date(2000, 1, 1), date(2999, 12, 31), error="The date is not plausible.")


def _from():
    return ma.fields.Date(
        data_key="from",
        validate=PLAUSIBLE,
        metadata={
            "description": "First day (local date of 2000–2999; default: 90 days before "
            "`to`); at most `to`, and at most three years before it (422 otherwise)"
        },
    )


def _to():
    return ma.fields.Date(
        validate=PLAUSIBLE,
        metadata={"description": "Last day, included (of 2000–2999; default: today)"},
    )


class DashboardArgsSchema(_FromTo, InputSchema):
    from_ = _from()
    to = _to()
    area = IdField(metadata={"description": "Findings lying in this area"})
    category = ma.fields.String(metadata={"description": "Category codes, comma-separated"})
    walk = IdField(metadata={"description": "Findings of this walk"})
    owner = IdField(metadata={"description": "Findings sent to this organisation"})
    cell_m = ma.fields.Integer(
        validate=validate.Range(25, 2000), metadata={"description": "Hot-spot cell size (150)"}
    )
    min_count = ma.fields.Integer(
        validate=validate.Range(1, 1000), metadata={"description": "Smallest hot spot (2)"}
    )


class HotSpotArgsSchema(_FromTo, InputSchema):
    from_ = _from()
    to = _to()
    area = IdField()
    category = ma.fields.String()
    open = ma.fields.Boolean(metadata={"description": "Only findings that are open now"})
    cell_m = ma.fields.Integer(validate=validate.Range(25, 2000))
    min_count = ma.fields.Integer(validate=validate.Range(1, 1000))


class CsvArgs:
    dialect = ma.fields.String(
        load_default="sv",
        validate=validate.OneOf(["sv", "rfc"]),
        metadata={"description": "sv: ';', decimal comma, local times (Swedish Excel); rfc: ','"},
    )
    bom = ma.fields.Boolean(load_default=True, metadata={"description": "Start with a UTF-8 BOM"})


class LagesbildArgsSchema(InputSchema):
    area = IdField(metadata={"description": "The area (default: all)"})
    week = ma.fields.String(
        validate=validate.Length(max=10),
        metadata={
            "description": "ISO week, e.g. 2026-W47 (default: this week); week 53 only in the "
            "years that have one (422 otherwise)",
            "pattern": patterns.ISO_WEEK,
        },
    )


class LagesbildCsvArgsSchema(LagesbildArgsSchema, CsvArgs):
    dialect = CsvArgs.dialect
    bom = CsvArgs.bom


class OwnerCategoryCsvArgsSchema(DashboardArgsSchema, CsvArgs):
    dialect = CsvArgs.dialect
    bom = CsvArgs.bom

    class Meta:
        exclude = ("cell_m", "min_count")


class TertialArgsSchema(InputSchema):
    year = ma.fields.Integer(
        validate=validate.Range(2000, 2999),
        metadata={"description": "Give it with tertial, or neither (422 otherwise)"},
    )
    tertial = ma.fields.Integer(
        validate=validate.Range(1, 3),
        metadata={"description": "1: Jan–Apr, 2: May–Aug, 3: Sep–Dec (default: the current)"},
    )
    area = IdField()

    @ma.validates_schema
    def both_or_neither(self, data, **kwargs):
        if ("year" in data) != ("tertial" in data):
            raise ma.ValidationError("Give both year and tertial, or neither.", "tertial")


class TertialCsvArgsSchema(TertialArgsSchema):
    dialect = CsvArgs.dialect
    bom = CsvArgs.bom


# 'all' alone, or known keys (server/reports/columns.choose_columns).
COLUMNS_PATTERN = r"^[\s,]*all[\s,]*$|" + patterns.comma_list(columns.BY_KEY)


class ExportArgsSchema(_FromTo, FindingListArgsSchema):
    """The filters of GET /api/v1/findings, plus the captured dates and the columns."""

    class Meta:
        exclude = ("cursor", "limit")

    from_ = ma.fields.Date(
        data_key="from",
        validate=PLAUSIBLE,
        metadata={"description": "Captured on or after (a day of 2000–2999)"},
    )
    to = ma.fields.Date(
        validate=PLAUSIBLE,
        metadata={"description": "Captured on or before (local date, of 2000–2999)"},
    )
    columns = ma.fields.String(
        validate=validate.Length(max=2000),
        metadata={
            "description": "Column keys, comma-separated, or 'all' (see /exports/columns); "
            "the columns marked not available: 403",
            "pattern": COLUMNS_PATTERN,
        },
    )


class CsvExportArgsSchema(ExportArgsSchema):
    dialect = CsvArgs.dialect
    bom = CsvArgs.bom
    labels = ma.fields.Boolean(
        load_default=False, metadata={"description": "Swedish column labels instead of keys"}
    )


class ColumnSchema(ma.Schema):
    key = ma.fields.String(required=True)
    label = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    default = ma.fields.Boolean(required=True)
    available = ma.fields.Boolean(required=True)


def _dict(description: str, **kwargs):
    return ma.fields.Dict(required=True, metadata={"description": description}, **kwargs)


def _list(description: str):
    return ma.fields.List(ma.fields.Dict(), required=True, metadata={"description": description})


SCOPE = "What is counted: kind 'all' (coordinators) or 'organisation' (an owner's own)"


class ReportOwnerSchema(ma.Schema):
    id = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": "null: not assigned"}
    )
    name = ma.fields.String(required=True)


class ReportCategorySchema(ma.Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


def _count(description: str):
    return ma.fields.Integer(required=True, metadata={"description": description})


def _maybe(description: str):
    """A median or a share: null when there is nothing to take it of."""
    return ma.fields.Float(required=True, allow_none=True, metadata={"description": description})


class OwnerCategorySchema(ma.Schema):
    """One pair of the cross table owner × category, with the figures defined as per owner and
    per category."""

    owner = ma.fields.Nested(ReportOwnerSchema, required=True)
    category = ma.fields.Nested(ReportCategorySchema, required=True)
    new = _count("Captured in the period")
    closed = _count("Closed in the period (and closed now)")
    open = _count("Open now")
    overdue = _count("Open now with a due date before today")
    acknowledged = _count("Acknowledged in the period")
    median_hours_to_acknowledge = _maybe("From the send to the first answer")
    fixed = _count("Fixed in the period")
    median_hours_to_fix = _maybe("From the send to the fix")
    fixed_with_due_date = _count("Fixed in the period, with a due date")
    fixed_within_target = _count("Of those, fixed on or before the due date")
    share_fixed_within_target = _maybe("fixed_within_target / fixed_with_due_date")


def _pairs(description: str):
    return ma.fields.List(
        ma.fields.Nested(OwnerCategorySchema), required=True, metadata={"description": description}
    )


class DashboardSchema(ma.Schema):
    period = _dict("from and to, local dates")
    scope = _dict(SCOPE)
    area = _dict("The area filtered by", allow_none=True)
    summary = _dict(
        "new, closed, positive, acknowledged, median_hours_to_acknowledge, fixed, "
        "median_hours_to_fix, fixed_with_due_date, fixed_within_target, "
        "share_fixed_within_target, overdue"
    )
    by_status = _list("New findings of the period per status: id, name, count")
    by_category = _list("Per category: id (code), name, count")
    by_area = _list("Per area: id, name, count (a finding may lie in several areas)")
    by_owner = _list("Per owner: id (null: not assigned), name, count")
    durations = _dict("overall, by_owner, by_category: counts, medians and shares")
    by_owner_category = _pairs(
        "The cross table owner × category: the pairs with findings, by owner (not assigned "
        "last) and category name"
    )
    weekly = _list("Per ISO week: week, from, new, closed")
    backlog = _dict("open, overdue and overdue_by_owner now")
    hot_spots = _dict("A GeoJSON FeatureCollection of grid cells with their counts")


class HotSpotsSchema(ma.Schema):
    type = ma.fields.String(required=True)
    cell_m = ma.fields.Float(required=True)
    period = _dict("from and to")
    features = _list(
        "GeoJSON Polygon features: cell, count, open, top_category (its name), top_category_code, "
        "categories"
    )


class LagesbildSchema(ma.Schema):
    week = ma.fields.String(required=True)
    from_ = ma.fields.String(required=True, data_key="from", attribute="from")
    to = ma.fields.String(required=True)
    reference_day = ma.fields.String(
        required=True, metadata={"description": "Overdue means due before this day"}
    )
    scope = _dict(SCOPE)
    area = _dict("The area", allow_none=True)
    summary = _dict("new, closed, positive, open, overdue")
    by_category = _list("code, name, new, closed")
    hot_spots = _list(
        "The busiest cells: count, open, top_category, top_category_code, centre, bbox"
    )
    overdue_by_owner = _list("id, name, overdue, oldest_due_date, max_days_overdue")
    notable = _list("High priority this week, or overdue by 14 days or more, with the reason")
    new_findings = _list("The week's new findings: id, category, status, lat, lon")
    incidents = ma.fields.Dict(
        metadata={
            "description": "Coordinators and admins only (absent for owners): the partners' "
            "incidents of the week (docs/incidents.md): total, by_type {code: count}, "
            "by_weekday_hour (7 × 24, Monday first, local hours), trend [{week, total}] over "
            "the 8 weeks up to this one, hot_spots [{cell, count, top_type, by_type, centre, "
            "bbox}]"
        }
    )
    actions = ma.fields.Dict(
        metadata={
            "description": "Coordinators and admins only: the EST meeting's actions "
            "(docs/est.md): decided [this week's actions], followed_up [last week's, with "
            "done]; each with incidents {before, before_weeks, meeting_week, after, after_weeks}: "
            "at its place, the 4 weeks before its meeting's week, that week, the weeks since"
        }
    )
    rounds = ma.fields.Dict(
        metadata={
            "description": "Coordinators and admins only: the week's rounds at hot spots, total "
            "and by_hot_spot [{cell, count, no_deviations, action_ids, centre, bbox}], and "
            "positions [{id, action_id, arrived_at, no_deviations, lat, lon}] for the map"
        }
    )
    combined_hot_spots = ma.fields.List(
        ma.fields.Dict(),
        metadata={
            "description": "Coordinators and admins only: the week's hot spots of findings and "
            "incidents together (docs/reports.md), busiest first: cell, count, findings, open, "
            "incidents, rounds (this week), categories, incident_types, centre, bbox, and "
            "weeks [{week, incidents, rounds}] over the 8 weeks up to this one"
        },
    )
    perceived_safety = ma.fields.Dict(
        metadata={
            "description": "Coordinators and admins: the safety survey's worst places "
            "and change since the previous campaign, k-anonymous (docs/survey.md)"
        }
    )


class TertialSchema(ma.Schema):
    year = ma.fields.Integer(required=True)
    tertial = ma.fields.Integer(required=True)
    from_ = ma.fields.String(required=True, data_key="from", attribute="from")
    to = ma.fields.String(required=True)
    previous = _dict("year, tertial, from, to of the tertial compared with")
    scope = _dict(SCOPE)
    area = _dict("The area", allow_none=True)
    summary = _dict("current and previous: new, closed, positive, durations, shares")
    overdue_now = ma.fields.Integer(required=True)
    by_category = _list("id, name, current, previous")
    by_owner = _list("id, name, current, previous")
    by_owner_category = _pairs("The cross table owner × category for this tertial")
    walks = _dict("Walks held: current and previous, total and by_type")
    perceived_safety = ma.fields.Dict(
        metadata={
            "description": "Coordinators and admins: the safety survey's worst places "
            "and change since the previous campaign, k-anonymous (docs/survey.md)"
        }
    )
