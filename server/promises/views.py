"""The medborgarlöfte through the API: promises, their insatser, follow-up and comments."""

from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.policy import require
from server.extensions import db
from server.promises import followup, presenters, service
from server.promises.schemas import (
    InsatsInputSchema,
    InsatsSchema,
    PromiseCreateSchema,
    PromiseFollowupArgsSchema,
    PromiseFollowupSchema,
    PromiseSchema,
    PromiseUpdateSchema,
    TertialCommentInputSchema,
    TertialCommentSchema,
)
from server.reports import periods

blp = Blueprint(
    "promises",
    __name__,
    url_prefix="/api/v1/promises",
    description="Medborgarlöften: commitments, insatser, the tertial follow-up",
)


@blp.get("")
@require("promises:read")
@blp.response(200, PromiseSchema(many=True))
def list_promises():
    """Every medborgarlöfte, the latest period first."""
    return [presenters.present(promise) for promise in service.list_promises()]


@blp.post("")
@require("promises:manage")
@blp.arguments(PromiseCreateSchema)
@blp.response(201, PromiseSchema)
def create_promise(data):
    """A new medborgarlöfte with its commitments; `public_url` is its public follow-up page."""
    promise = service.create_promise(current_user(), data)
    db.session.commit()
    return presenters.present(promise)


@blp.get("/<int:promise_id>")
@require("promises:read")
@blp.response(200, PromiseSchema)
def get_promise(promise_id: int):
    return presenters.present(service.visible_promise(promise_id))


@blp.patch("/<int:promise_id>")
@require("promises:manage")
@blp.arguments(PromiseUpdateSchema)
@blp.response(200, PromiseSchema)
def update_promise(data, promise_id: int):
    """Change the promise; `commitments`, when given, is the whole list (see the schema)."""
    promise = service.visible_promise(promise_id)
    service.update_promise(promise, data, current_user())
    db.session.commit()
    return presenters.present(promise)


@blp.get("/<int:promise_id>/commitments/<int:commitment_id>/insatser")
@require("promises:read")
@blp.response(200, InsatsSchema(many=True))
def list_insatser(promise_id: int, commitment_id: int):
    """The insatser logged against the commitment, by date."""
    promise = service.visible_promise(promise_id)
    commitment = service.commitment_of(promise, commitment_id)
    return [presenters.present_insats(insats) for insats in commitment.insatser]


@blp.post("/<int:promise_id>/commitments/<int:commitment_id>/insatser")
@require("insatser:create")
@blp.arguments(InsatsInputSchema)
@blp.response(201, InsatsSchema)
def log_insats(data, promise_id: int, commitment_id: int):
    """Log an insats (a traffic check, extra lighting, a clean-up) against the commitment; it
    counts as done on its date. Coordinators and admins, and owners whose organisation is a
    party to the promise (others 403)."""
    promise = service.visible_promise(promise_id)
    commitment = service.commitment_of(promise, commitment_id)
    insats = service.log_insats(current_user(), commitment, data)
    db.session.commit()
    return presenters.present_insats(insats)


@blp.get("/<int:promise_id>/followup")
@require("promises:read")
@blp.arguments(PromiseFollowupArgsSchema, location="query")
@blp.response(200, PromiseFollowupSchema)
def get_followup(args, promise_id: int):
    """The tertial's follow-up per commitment: planned, done, the activities that count (the
    walks among them that the caller may see), the findings of its walks and how many are
    fixed, the coordinator's comment (docs/promises.md)."""
    promise = service.visible_promise(promise_id)
    period, rows = followup.followup(promise, args["year"], args["tertial"], current_user())
    return presenters.present_followup(promise, args["year"], args["tertial"], period, rows)


@blp.put("/<int:promise_id>/commitments/<int:commitment_id>/comments/<int:year>/<int:tertial>")
@require("promises:manage")
@blp.arguments(TertialCommentInputSchema)
@blp.response(201, TertialCommentSchema, description="Written")
@blp.alt_response(200, schema=TertialCommentSchema, description="Written over the earlier comment")
def put_comment(data, promise_id: int, commitment_id: int, year: int, tertial: int):
    """The coordinator's comment on the commitment for tertial `tertial` (1–3) of `year`; shown
    on the public page once `published`."""
    promise = service.visible_promise(promise_id)
    commitment = service.commitment_of(promise, commitment_id)
    periods.tertial(year, tertial)  # 422 for a tertial that does not exist
    comment, created = service.put_comment(current_user(), commitment, year, tertial, data)
    db.session.commit()
    return presenters.present_comment(comment), 201 if created else 200
