import uuid

from flask import request
from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.models import Organisation
from server.accounts.policy import require
from server.categories import service as categories
from server.errors import NotFound, PreconditionFailed, PreconditionRequired, ValidationFailed
from server.extensions import db
from server.findings import presenters, queries, service, workflow
from server.findings.schemas import (
    FindingCorrectionSchema,
    FindingEventSchema,
    FindingInputSchema,
    FindingListArgsSchema,
    FindingPageSchema,
    FindingSchema,
    NearbyArgsSchema,
    NearbyFindingSchema,
    StatusChangeSchema,
)

blp = Blueprint("findings", __name__, url_prefix="/api/v1/findings", description="Findings")

IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "schema": {"type": "string"},
    "description": "The version you saw (the finding's ETag): 412 when someone changed it "
    "since, 428 when it is required and missing",
}


@blp.put("/<uuid:finding_id>")
@require("findings:create")
@blp.arguments(FindingInputSchema)
@blp.response(201, FindingSchema, description="Created")
@blp.alt_response(200, schema=FindingSchema, description="The same PUT again: nothing changed")
def put_finding(data, finding_id: uuid.UUID):
    """Report a finding under an id the phone chose. Safe to repeat: 201, then 200, or 409."""
    user = current_user()
    finding, created = service.put_finding(user, finding_id, data)
    db.session.commit()
    return presenters.present(finding, user), 201 if created else 200


@blp.get("/<uuid:finding_id>")
@require("findings:read")
@blp.response(200, FindingSchema)
def get_finding(finding_id: uuid.UUID):
    user = current_user()
    finding = service.visible_finding(user, finding_id)
    return presenters.present_detail(finding, user), 200, {"ETag": f'"{finding.version}"'}


@blp.patch("/<uuid:finding_id>")
@require("findings:correct_own")
@blp.arguments(FindingCorrectionSchema)
@blp.response(200, FindingSchema)
@blp.doc(parameters=[IF_MATCH | {"required": True, "schema": {"type": "string", "minLength": 1}}])
def correct_finding(changes, finding_id: uuid.UUID):
    """Correct the note or category of one's own finding while it is still 'ny'.
    Send the version you saw in If-Match; a stale one gives 412."""
    user = current_user()
    finding = service.correct(user, finding_id, _expected_version(), changes)
    db.session.commit()
    return presenters.present(finding, user), 200, {"ETag": f'"{finding.version}"'}


@blp.get("")
@require("findings:read")
@blp.arguments(FindingListArgsSchema, location="query")
@blp.response(200, FindingPageSchema)
def list_findings(args):
    """The findings you may see, newest first, filtered; follow next_cursor for more."""
    user = current_user()
    findings, next_cursor = queries.list_findings(user, args)
    return {"items": [presenters.present(f, user) for f in findings], "next_cursor": next_cursor}


@blp.get("/nearby")
@require("findings:read")
@blp.arguments(NearbyArgsSchema, location="query")
@blp.response(200, NearbyFindingSchema(many=True))
def nearby(args):
    """Open findings of the category near a point: is this already reported?"""
    category = categories.by_code(args["category"])
    if category is None:
        raise ValidationFailed(errors={"category": ["Unknown or inactive category."]})
    radius = args.get("radius_m") or category.nearby_radius_m
    return queries.nearby_open(current_user(), args["lat"], args["lon"], category, radius)


@blp.post("/<uuid:finding_id>/status")
@require("findings:act")
@blp.arguments(StatusChangeSchema)
@blp.response(200, FindingSchema)
@blp.doc(parameters=[IF_MATCH])
def change_status(data, finding_id: uuid.UUID):
    """Move the finding along its lifecycle: the owner's mottagen, planerad (with
    planned_for), åtgärdad, ej vårt ansvar (with a comment); a coordinator's granskad, skickad,
    avvisad. The finding's `transitions` list what you may do now. Repeating a move that is
    already made answers 200 and changes nothing. If-Match is optional (412 when stale)."""
    user = current_user()
    finding = service.visible_finding(user, finding_id)
    db.session.refresh(finding, with_for_update=True)  # one change at a time (PostgreSQL)
    expected = _expected_version(required=False)
    if expected is not None and expected != finding.version:
        raise PreconditionFailed()
    send_to = None
    if data["organisation_id"] is not None:
        send_to = db.session.get(Organisation, data["organisation_id"])
        if send_to is None:
            raise ValidationFailed(errors={"organisation_id": ["No such organisation."]})
    duplicate_of = None
    if data["duplicate_of"] is not None:
        try:
            duplicate_of = service.visible_finding(user, data["duplicate_of"])
        except NotFound:
            raise ValidationFailed(errors={"duplicate_of": ["No such finding."]}) from None
    workflow.change_status(
        finding,
        user,
        data["status"],
        comment=data["comment"],
        planned_for=data["planned_for"],
        send_to=send_to,
        duplicate_of=duplicate_of,
    )
    db.session.commit()
    return presenters.present(finding, user), 200, {"ETag": f'"{finding.version}"'}


@blp.get("/<uuid:finding_id>/events")
@require("findings:read")
@blp.response(200, FindingEventSchema(many=True))
def history(finding_id: uuid.UUID):
    """The finding's history, oldest first: who did what, when, from what to what, and why."""
    user = current_user()
    finding = service.visible_finding(user, finding_id)
    return presenters.history(finding, user)


def _expected_version(required: bool = True) -> int | None:
    """The version the client saw, from If-Match. `*` ("whatever is there") is no version: where
    one is required it is missing (428), where it is optional it asks for nothing."""
    header = (request.headers.get("If-Match") or "").strip()
    if not header or header == "*":
        if required:
            raise PreconditionRequired()
        return None
    value = header.removeprefix("W/").strip('"')
    try:
        return int(value)
    except ValueError:
        raise PreconditionFailed() from None
