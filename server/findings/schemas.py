import marshmallow as ma
from marshmallow import EXCLUDE, validate

from server import cursors, patterns
from server.findings.models import Status
from server.schemas import IdField, InputSchema, MomentField

NOTE_MAX = 4000
COMMENT_MAX = 2000
CATEGORY_CODE = "The code of an active category (GET /api/v1/categories); 422 for any other"


class FindingInputSchema(InputSchema):
    """The body a phone PUTs. Fields it does not know are ignored, so that a newer app can talk
    to an older server."""

    class Meta:
        unknown = EXCLUDE

    category = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": CATEGORY_CODE},
    )
    note = ma.fields.String(load_default="", validate=validate.Length(max=NOTE_MAX))
    lat = ma.fields.Float(allow_none=True, load_default=None, validate=validate.Range(-90, 90))
    lon = ma.fields.Float(allow_none=True, load_default=None, validate=validate.Range(-180, 180))
    accuracy_m = ma.fields.Float(allow_none=True, load_default=None, validate=validate.Range(min=0))
    captured_at = MomentField(required=True, metadata={"description": "ISO 8601 with an offset"})
    walk_id = IdField(allow_none=True, load_default=None)
    photos = ma.fields.List(
        ma.fields.UUID(), load_default=list, metadata={"description": "Ids of the photos to come"}
    )
    same_as = ma.fields.String(
        validate=validate.Length(min=1, max=300),
        metadata={
            "description": "'Samma sak': the ref of a finding from /findings/nearby (or the id "
            "of one you may read) that this one is the same as; shown in the triage queue"
        },
    )


class FindingCorrectionSchema(InputSchema):
    category = ma.fields.String(
        validate=validate.Length(min=1, max=40), metadata={"description": CATEGORY_CODE}
    )
    note = ma.fields.String(validate=validate.Length(max=NOTE_MAX))


class AssignedOrgSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class PhotoRefSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    url = ma.fields.String(required=True)
    thumbnail_url = ma.fields.String(required=True)
    width = ma.fields.Integer(required=True)
    height = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, metadata={"description": "report or after (the fix)"})
    redacted = ma.fields.Boolean(
        metadata={"description": "Rectangles were blurred (faces, number plates)"}
    )


class FindingRefSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True)


class MergedDuplicateSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    category = ma.fields.String(required=True)
    note = ma.fields.String(required=True)
    captured_at = ma.fields.DateTime(required=True)
    lat = ma.fields.Float(allow_none=True, required=True)
    lon = ma.fields.Float(allow_none=True, required=True)
    photos = ma.fields.List(ma.fields.Nested(PhotoRefSchema), required=True)


class FindingSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    category = ma.fields.String(required=True)
    note = ma.fields.String(required=True)
    lat = ma.fields.Float(allow_none=True, required=True)
    lon = ma.fields.Float(allow_none=True, required=True)
    accuracy_m = ma.fields.Float(allow_none=True, required=True)
    location_source = ma.fields.String(allow_none=True, required=True)
    captured_at = ma.fields.DateTime(required=True)
    received_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)
    walk_id = ma.fields.Integer(allow_none=True, required=True)
    status = ma.fields.String(required=True, validate=validate.OneOf([s.value for s in Status]))
    assigned_org = ma.fields.Nested(AssignedOrgSchema, allow_none=True, required=True)
    routing_reason = ma.fields.String(
        allow_none=True, required=True, metadata={"description": "Why it went where, in Swedish"}
    )
    routing = ma.fields.Dict(
        allow_none=True,
        required=True,
        metadata={
            "description": "The routing decision: kind (rule, property, nearest, none, positive, "
            "manual, not_ours), its values, review, and text in the reader's language"
        },
    )
    proposed_org = ma.fields.Nested(
        AssignedOrgSchema,
        allow_none=True,
        required=True,
        metadata={"description": "The owner proposed while a coordinator reviews it first"},
    )
    priority = ma.fields.Integer(required=True)
    due_date = ma.fields.Date(allow_none=True, required=True)
    planned_for = ma.fields.Date(
        allow_none=True, required=True, metadata={"description": "The owner's date, when planned"}
    )
    delivery = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "Coordinators: pending, sent or failed email to the owner"},
    )
    transitions = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={"description": "The statuses you may move it to now"},
    )
    version = ma.fields.Integer(required=True)
    mine = ma.fields.Boolean(required=True, metadata={"description": "Reported by the caller"})
    complete = ma.fields.Boolean(
        required=True, metadata={"description": "All announced photos have arrived"}
    )
    photos_expected = ma.fields.Integer(required=True)
    photos = ma.fields.List(ma.fields.Nested(PhotoRefSchema), required=True)
    status_reason = ma.fields.String(
        allow_none=True,
        metadata={"description": "Why it has its status: the comment of the last move"},
    )
    duplicate_of = ma.fields.Nested(
        FindingRefSchema,
        allow_none=True,
        metadata={"description": "The original this finding duplicates (status 'dubblett')"},
    )
    photos_removed = ma.fields.Integer(
        metadata={"description": "Photos deleted by the retention (their routes answer 410)"}
    )
    awaiting_moderation = ma.fields.Boolean(
        metadata={"description": "A resident's tip waiting for a coordinator (server/tips)"}
    )
    duplicates = ma.fields.List(
        ma.fields.Nested(MergedDuplicateSchema),
        metadata={"description": "Detail only: the duplicates merged into it, with photos"},
    )


class FindingPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(FindingSchema), required=True)
    next_cursor = ma.fields.String(
        allow_none=True, required=True, metadata={"description": "Pass as cursor for more"}
    )


class FindingListArgsSchema(InputSchema):
    bbox = ma.fields.String(
        metadata={
            "description": "minlon,minlat,maxlon,maxlat: longitudes -180–180, latitudes -90–90, "
            "each min at most its max (422 otherwise)",
            "pattern": patterns.number_box(),
        }
    )
    status = ma.fields.String(
        metadata={
            "description": "One status or several, comma-separated",
            "pattern": patterns.comma_list([s.value for s in Status]),
        }
    )
    category = ma.fields.String(
        metadata={"description": "One category code or several, comma-separated"}
    )
    walk = IdField()
    since = MomentField(metadata={"description": "Changed at or after this time"})
    area = IdField(metadata={"description": "Lying in this area"})
    assigned_org = IdField(metadata={"description": "Sent to this organisation"})
    delivery = ma.fields.String(
        validate=validate.OneOf(["pending", "sent", "failed"]),
        metadata={
            "description": "Coordinators and admins: the owner's email is pending, sent or "
            "failed (403 for anyone else, who never sees the delivery state)"
        },
    )
    cursor = cursors.parameter()
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 500))


class NearbyArgsSchema(InputSchema):
    lat = ma.fields.Float(required=True, validate=validate.Range(-90, 90))
    lon = ma.fields.Float(required=True, validate=validate.Range(-180, 180))
    category = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": CATEGORY_CODE},
    )
    radius_m = ma.fields.Integer(validate=validate.Range(1, 1000))


class NearbyFindingSchema(ma.Schema):
    """Place, status and distance of every open finding of the category nearby; which one it
    is, when it was taken and whether it is yours only for the findings you may read."""

    category = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    lat = ma.fields.Float(required=True)
    lon = ma.fields.Float(required=True)
    distance_m = ma.fields.Float(required=True)
    id = ma.fields.UUID(metadata={"description": "Only for a finding you may read"})
    captured_at = ma.fields.DateTime(metadata={"description": "Only for a finding you may read"})
    mine = ma.fields.Boolean(metadata={"description": "Only for a finding you may read"})
    note = ma.fields.String(metadata={"description": "Only for a finding you may read"})
    thumbnail_url = ma.fields.String(
        allow_none=True,
        metadata={"description": "Its first photo's, only for a finding you may read"},
    )
    may_add_photo = ma.fields.Boolean(
        required=True,
        metadata={"description": "You may add your photo to it (kind=added): 'samma sak'"},
    )
    ref = ma.fields.String(
        required=True,
        metadata={"description": "Names it for a new finding's same_as, revealing nothing"},
    )


class StatusChangeSchema(InputSchema):
    status = ma.fields.String(
        required=True,
        validate=validate.OneOf([s.value for s in Status]),
        metadata={"description": "The status to move to; see the finding's transitions"},
    )
    duplicate_of = ma.fields.UUID(
        load_default=None,
        allow_none=True,
        metadata={"description": "Coordinators, 'dubblett': the original it duplicates"},
    )
    comment = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=COMMENT_MAX),
        metadata={"description": "Why; required for 'ej vårt ansvar' and 'avvisad'"},
    )
    planned_for = ma.fields.Date(
        load_default=None, allow_none=True, metadata={"description": "Required for 'planerad'"}
    )
    organisation_id = IdField(
        load_default=None,
        allow_none=True,
        metadata={"description": "Coordinators, 'skickad': to whom (default: the proposed)"},
    )


class EventActorSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class FindingEventSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    finding_id = ma.fields.UUID(
        metadata={"description": "Its finding: the original's or a merged duplicate's"}
    )
    at = ma.fields.DateTime(required=True)
    kind = ma.fields.String(required=True)
    from_value = ma.fields.String(allow_none=True, required=True)
    to_value = ma.fields.String(allow_none=True, required=True)
    comment = ma.fields.String(allow_none=True, required=True)
    text = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "What happened, in the reader's language, when it can be said"},
    )
    actor = ma.fields.Nested(
        EventActorSchema, allow_none=True, required=True, metadata={"description": "A person"}
    )
    organisation = ma.fields.Nested(
        EventActorSchema,
        allow_none=True,
        required=True,
        metadata={"description": "On whose behalf (the actor's organisation, or a signed link's)"},
    )
    via = ma.fields.String(allow_none=True, required=True)
    data = ma.fields.Dict(allow_none=True, required=True)
