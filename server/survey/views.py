"""The survey's routes: public ones for residents (no account, limited per client address),
campaigns for coordinators, the managed reasons for admins, and the k-anonymous results."""

from flask import request
from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.policy import public, require
from server.clock import zone
from server.downloads import download, file_doc
from server.errors import NotFound
from server.extensions import db
from server.i18n import LOCALES, current_locale
from server.public import limits
from server.reports import csvout
from server.survey import poster, presenters, reasons, results, service
from server.survey.models import RatingReason
from server.survey.schemas import (
    AcceptedSchema,
    CampaignChangeSchema,
    CampaignCreateSchema,
    CampaignSchema,
    PerceivedSafetySchema,
    PublicCampaignSchema,
    RatingInputSchema,
    ReasonChangeSchema,
    ReasonCreateSchema,
    ReasonFullSchema,
    ReasonSchema,
    ResultArgsSchema,
    ResultCsvArgsSchema,
)

blp = Blueprint(
    "survey",
    __name__,
    url_prefix="/api/v1",
    description="The safety survey (trygghetsundersökning): ratings, campaigns, results",
)


def _reason_name(reason: RatingReason) -> dict:
    """?lang=sv|en wins over the browser's language (the public page's language switch)."""
    chosen = request.args.get("lang")
    locale = chosen if chosen in LOCALES else current_locale()
    return {"code": reason.code, "name": reason.name(locale)}


# --- public: residents ---------------------------------------------------------------------------


@blp.get("/public/rating-reasons")
@public
@blp.response(200, ReasonSchema(many=True))
def public_rating_reasons():
    """The reasons a rating may give, in the order the page shows them, named in the reader's
    language (?lang=sv|en, else Accept-Language)."""
    return [_reason_name(reason) for reason in reasons.active_reasons()]


@blp.post("/public/ratings")
@public
@blp.arguments(RatingInputSchema)
@blp.response(201, AcceptedSchema)
def post_rating(data):
    """A resident's rating of how safe a place feels (no account). 422 for bad input, a place
    outside the municipality or outside an open campaign's area or period; 429 with Retry-After
    past the hour's limit for this client address. Nothing about the sender is stored."""
    if limits.is_bot(data):
        return {"status": "received"}
    limits.count_submission("rating")
    service.submit_rating(data)
    db.session.commit()
    return {"status": "received"}


@blp.get("/public/campaigns/<string:code>")
@public
@blp.response(200, PublicCampaignSchema)
def public_campaign(code: str):
    """A campaign's public facts for its survey page: title, introduction, period, whether it
    is open today, its area's outline and bounds. 404 for an unknown code."""
    campaign = service.campaign_by_code(code) if len(code) <= 16 else None
    if campaign is None:
        raise NotFound()
    return presenters.present_public(campaign)


# --- campaigns: coordinators -------------------------------------------------------------------


@blp.get("/survey/campaigns")
@require("survey:manage")
@blp.response(200, CampaignSchema(many=True))
def list_campaigns():
    """Every campaign, latest first, with how many ratings each has."""
    counts = service.rating_counts()
    return [presenters.present_campaign(c, counts.get(c.id, 0)) for c in service.campaigns()]


@blp.post("/survey/campaigns")
@require("survey:manage")
@blp.arguments(CampaignCreateSchema)
@blp.response(201, CampaignSchema)
def create_campaign(data):
    """A new campaign: title, introduction (Swedish; English optional), optional area, period.
    Its code, the public address /trygghet/<code>, is chosen by the server."""
    campaign = service.create_campaign(current_user(), data)
    db.session.commit()
    return presenters.present_campaign(campaign, 0)


@blp.get("/survey/campaigns/<int:campaign_id>")
@require("survey:manage")
@blp.response(200, CampaignSchema)
def get_campaign(campaign_id: int):
    campaign = service.campaign(campaign_id)
    return presenters.present_campaign(campaign, service.rating_counts().get(campaign.id, 0))


@blp.patch("/survey/campaigns/<int:campaign_id>")
@require("survey:manage")
@blp.arguments(CampaignChangeSchema)
@blp.response(200, CampaignSchema)
def update_campaign(data, campaign_id: int):
    """Change the title, texts, area or period; the code never changes (posters are printed)."""
    campaign = service.update_campaign(current_user(), service.campaign(campaign_id), data)
    db.session.commit()
    return presenters.present_campaign(campaign, service.rating_counts().get(campaign.id, 0))


@blp.get("/survey/campaigns/<int:campaign_id>/poster.pdf")
@require("survey:manage")
@blp.doc(**file_doc("application/pdf", "The campaign's A4 poster with its QR code"))
def campaign_poster(campaign_id: int):
    campaign = service.campaign(campaign_id)
    return download(poster.poster_pdf(campaign), "application/pdf", f"trygghet-{campaign.code}.pdf")


# --- the managed reasons: admins ---------------------------------------------------------------


@blp.get("/rating-reasons")
@require("rating_reasons:manage")
@blp.response(200, ReasonFullSchema(many=True))
def list_rating_reasons():
    """Every reason, inactive ones too, with both names, active and position."""
    return [presenters.present_reason_in_full(r) for r in reasons.all_reasons()]


@blp.post("/rating-reasons")
@require("rating_reasons:manage")
@blp.arguments(ReasonCreateSchema)
@blp.response(201, ReasonFullSchema)
def create_rating_reason(data):
    """Add a reason. 409 when its code is taken."""
    reason = reasons.create_reason(current_user(), data)
    db.session.commit()
    return presenters.present_reason_in_full(reason)


@blp.patch("/rating-reasons/<string:code>")
@require("rating_reasons:manage")
@blp.arguments(ReasonChangeSchema)
@blp.response(200, ReasonFullSchema)
def update_rating_reason(data, code: str):
    """Rename a reason, move it, make it (in)active; its code never changes."""
    reason = reasons.update_reason(current_user(), code, data)
    db.session.commit()
    return presenters.present_reason_in_full(reason)


# --- results -----------------------------------------------------------------------------------


@blp.get("/reports/perceived-safety")
@require("survey:results")
@blp.arguments(ResultArgsSchema, location="query")
@blp.response(200, PerceivedSafetySchema)
def perceived_safety(args):
    """Mean scores per square of 150 m (SWEREF 99 TM), worst first. A square with fewer than
    k = 5 ratings is not listed (its ratings counted in `suppressed`); a breakdown of fewer
    than 5 is null or left out."""
    return results.perceived_safety(args)


@blp.get("/reports/perceived-safety.csv")
@require("survey:results")
@blp.arguments(ResultCsvArgsSchema, location="query")
@blp.doc(**file_doc("text/csv", "The squares, one per line, with the same rule"))
def perceived_safety_csv(args):
    """`dialect` sv (';', decimal comma; the default) or rfc (',')."""
    report = results.perceived_safety(args)
    how = csvout.dialect(args["dialect"], args["bom"])
    body = csvout.text(results.csv_rows(report), how, zone())
    return download(body, "text/csv; charset=utf-8", "upplevd-trygghet.csv")


@blp.get("/reports/perceived-safety.pdf")
@require("survey:results")
@blp.arguments(ResultArgsSchema, location="query")
@blp.doc(**file_doc("application/pdf", "The squares as a table, with the same rule"))
def perceived_safety_pdf(args):
    report = results.perceived_safety(args)
    campaign_id = args.get("campaign_id")
    title = service.campaign(campaign_id).title if campaign_id else None
    return download(results.pdf(report, title), "application/pdf", "upplevd-trygghet.pdf")
