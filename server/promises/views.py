"""The medborgarlöfte through the API: promises, their insatser, follow-up and comments."""

from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.policy import STAFF, can, require
from server.clock import zone
from server.downloads import download, file_doc
from server.extensions import db
from server.promises import documents, followup, indicators, presenters, service
from server.promises.schemas import (
    InsatsInputSchema,
    InsatsSchema,
    PromiseCreateSchema,
    PromiseFollowupArgsSchema,
    PromiseFollowupCsvArgsSchema,
    PromiseFollowupSchema,
    PromiseSchema,
    PromiseUpdateSchema,
    TertialCommentInputSchema,
    TertialCommentSchema,
)
from server.reports import csvout, periods
from server.reports import service as reports

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
    year, number = args["year"], args["tertial"]
    period, rows = followup.followup(promise, year, number, current_user())
    answer = presenters.present_followup(promise, year, number, period, rows)
    query = f"?year={year}&tertial={number}"
    return answer | {
        "indicators": indicators.indicators(promise, year, number),
        "pdf_url": f"/api/v1/promises/{promise.id}/followup.pdf{query}",
        "csv_url": f"/api/v1/promises/{promise.id}/followup.csv{query}",
    }


def _document(promise_id: int, args: dict) -> tuple:
    """What the follow-up's PDF and CSV print; the tertial report's sections only for those
    who may read reports (docs/reports.md)."""
    user = current_user()
    promise = service.visible_promise(promise_id)
    year, number = args["year"], args["tertial"]
    period, rows = followup.followup(promise, year, number, user)
    tertial = None
    if can(user, "reports:read") and periods.has_previous_tertial(year, number):
        tertial = reports.tertial_report(user, year, number, promise.area_id)
    figures = indicators.indicators(promise, year, number)
    rounds = None
    if user.role in STAFF:  # where the rounds went: coordinators and admins (docs/reports.md)
        rounds = documents.tertial_rounds(promise, year, number)
    return promise, year, number, period, rows, figures, tertial, rounds


@blp.get("/<int:promise_id>/followup.pdf")
@require("promises:read")
@blp.arguments(PromiseFollowupArgsSchema, location="query")
@blp.doc(**file_doc("application/pdf", "The follow-up as a PDF in Swedish"))
def get_followup_pdf(args, promise_id: int):
    """The tertial's follow-up as one PDF: the commitments, the area's indicators, and the
    tertial report's sections for owners, coordinators and admins (docs/reports.md)."""
    parts = _document(promise_id, args)
    name = documents.filename(parts[0], parts[1], parts[2], "pdf")
    return download(documents.followup_pdf(*parts), "application/pdf", name)


@blp.get("/<int:promise_id>/followup.csv")
@require("promises:read")
@blp.arguments(PromiseFollowupCsvArgsSchema, location="query")
@blp.doc(**file_doc("text/csv", "The follow-up, one figure per line"))
def get_followup_csv(args, promise_id: int):
    """The PDF's figures, one per line (avsnitt, nyckel, namn, mått, this and the previous
    tertial), the tertial report's lines included as GET /reports/tertial.csv has them."""
    parts = _document(promise_id, args)
    name = documents.filename(parts[0], parts[1], parts[2], "csv")
    how = csvout.dialect(args["dialect"], args["bom"])
    body = csvout.text(documents.followup_rows(*parts), how, zone())
    return download(body, "text/csv; charset=utf-8", name)


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
