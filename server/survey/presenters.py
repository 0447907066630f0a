"""How the survey's objects leave the API; server/survey/schemas.py documents them."""

from flask import current_app, url_for

from server.clock import local_today
from server.i18n import current_locale
from server.open311 import bounds
from server.survey.models import RatingReason, SurveyCampaign


def present_reason(reason: RatingReason) -> dict:
    return {"code": reason.code, "name": reason.name(current_locale())}


def present_reason_in_full(reason: RatingReason) -> dict:
    return {
        **present_reason(reason),
        "name_sv": reason.name_sv,
        "name_en": reason.name_en,
        "active": reason.active,
        "position": reason.position,
    }


def public_url(campaign: SurveyCampaign) -> str:
    """The survey page residents open (the poster's QR code)."""
    return f"{current_app.config['LYKTA_BASE_URL'].rstrip('/')}/trygghet/{campaign.code}"


def present_public(campaign: SurveyCampaign) -> dict:
    """What the survey page needs: no people, no counts."""
    area = campaign.area
    if area is not None:
        box = [area.min_lat, area.min_lon, area.max_lat, area.max_lon]
        outline = {"name": area.name, "geometry": area.geometry}
    else:
        box, outline = list(bounds.served_box()), None
    return {
        "code": campaign.code,
        "title": campaign.title,
        "intro": campaign.intro(current_locale()),
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "open": campaign.is_open_on(local_today()),
        "area": outline,
        "bounds": box,
        "center": [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2],
        "url": public_url(campaign),
    }


def present_campaign(campaign: SurveyCampaign, ratings: int) -> dict:
    area, author = campaign.area, campaign.created_by
    return {
        "id": campaign.id,
        "code": campaign.code,
        "title": campaign.title,
        "intro_sv": campaign.intro_sv,
        "intro_en": campaign.intro_en,
        "area": {"id": area.id, "name": area.name} if area else None,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "open": campaign.is_open_on(local_today()),
        "ratings": ratings,
        "url": public_url(campaign),
        "poster_url": url_for("survey.campaign_poster", campaign_id=campaign.id),
        "created_by": {"id": author.id, "name": author.name} if author else None,
        "created_at": campaign.created_at,
    }
