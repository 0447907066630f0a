"""Residents' tips over HTTP: the public PUTs and categories (no sign-in, limited per client
address), and the coordinators' moderation queue and decisions. A merge is the follow-up's
POST /api/v1/findings/<id>/merge {"into"} (server/followup/views.py), as for any duplicate."""

import uuid

from flask import current_app, request
from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.policy import public, require
from server.categories import service as categories
from server.extensions import db
from server.findings import presenters as finding_presenters
from server.findings.schemas import FindingSchema
from server.i18n import current_locale
from server.photos import presenters as photo_presenters
from server.photos.schemas import PhotoSchema
from server.photos.storage import media_store
from server.photos.views import IMAGE_BODY
from server.tips import moderation, presenters, service
from server.tips.schemas import (
    PublicCategorySchema,
    RejectSchema,
    TipAcceptedSchema,
    TipInputSchema,
    TipListArgsSchema,
    TipPageSchema,
)

public_blp = Blueprint(
    "tips_public",
    __name__,
    url_prefix="/api/v1/public",
    description="Residents' tips: no sign-in, limited per client address",
)
blp = Blueprint(
    "tips", __name__, url_prefix="/api/v1", description="Residents' tips: the moderation"
)


@public_blp.put("/findings/<uuid:finding_id>")
@public
@public_blp.arguments(TipInputSchema)
@public_blp.response(202, TipAcceptedSchema, description="Received: waits for moderation")
def put_tip(data, finding_id: uuid.UUID):
    """A resident's tip under an id the page chose. Safe to repeat: 202 again for the same
    content, 409 for other content; 429 with Retry-After when this address sent too many."""
    if service.is_bot(data):
        return {"id": finding_id, "status": "väntar"}, 202
    _, tip, _ = service.put_tip(finding_id, data, data.get("locale") or current_locale())
    answer = presenters.accepted(tip)
    db.session.commit()
    return answer, 202


@public_blp.put("/findings/<uuid:finding_id>/photos/<uuid:photo_id>")
@public
@public_blp.doc(requestBody=IMAGE_BODY)
@public_blp.response(201, PhotoSchema, description="Stored")
@public_blp.alt_response(200, schema=PhotoSchema, description="The same bytes again")
def put_tip_photo(finding_id: uuid.UUID, photo_id: uuid.UUID):
    """One photo the tip announced, raw bytes (JPEG, PNG, WebP or HEIC); metadata is stripped.
    404 for a photo the tip did not announce, or a tip that is closed."""
    db.session.commit()  # nothing is held while the body arrives
    data = request.get_data(cache=False)
    photo, created = service.put_tip_photo(
        media_store(current_app), finding_id, photo_id, data, request.content_type
    )
    answer = photo_presenters.present(photo)
    db.session.commit()
    return answer, 201 if created else 200


@public_blp.get("/categories")
@public
@public_blp.response(200, PublicCategorySchema(many=True))
def public_categories():
    """The categories a resident may choose, named in the request's language."""
    locale = current_locale()
    return [
        {"code": category.code, "name": category.name(locale)}
        for category in categories.list_categories()
        if not category.positive
    ]


@blp.get("/tips")
@require("tips:moderate")
@blp.arguments(TipListArgsSchema, location="query")
@blp.response(200, TipPageSchema)
def list_tips(args):
    """The moderation queue: tips in a state (default väntar), oldest first, each with the open
    findings within about 50 m to merge it with."""
    tips, next_cursor = moderation.queue(args["state"], args.get("cursor"), args["limit"])
    return {"items": [presenters.present(tip) for tip in tips], "next_cursor": next_cursor}


@blp.post("/findings/<uuid:finding_id>/approve")
@require("tips:moderate")
@blp.response(200, FindingSchema)
def approve(finding_id: uuid.UUID):
    """Let a waiting tip through: it is routed as any finding. 409 when it is not waiting."""
    user = current_user()
    finding = moderation.approve(finding_id, user)
    db.session.commit()
    return finding_presenters.present(finding, user)


@blp.post("/findings/<uuid:finding_id>/reject")
@require("tips:moderate")
@blp.arguments(RejectSchema)
@blp.response(200, FindingSchema)
def reject(data, finding_id: uuid.UUID):
    """Reject a waiting tip with a reason (told to the resident): status avvisad."""
    user = current_user()
    finding = moderation.reject(finding_id, user, data["reason"])
    db.session.commit()
    return finding_presenters.present(finding, user)
