"""Ratings and campaigns: plain arguments, no request, no commit (the caller commits)."""

import secrets
from datetime import date

from shapely.geometry import Point, shape
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from server.accounts.models import User
from server.audit import service as audit
from server.clock import local_today
from server.database import utcnow
from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.open311 import bounds
from server.places.models import Area
from server.survey.models import RatingReason, SafetyRating, SurveyCampaign

# Unambiguous letters and digits (no 0/o, 1/l/i): 8 of them are 31**8, about 850 000 million.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 8
DECIMALS = 4  # a stored position: 0.0001° is about 11 m north–south, 6 m east–west here


def submit_rating(data: dict) -> SafetyRating:
    """Store one resident's rating, or refuse it (422) naming every field that is wrong."""
    errors: dict[str, list[str]] = {}
    active = set(db.session.scalars(select(RatingReason.code).where(RatingReason.active)))
    unknown = [code for code in data["reasons"] if code not in active]
    if unknown:
        errors["reasons"] = [f"Unknown reason: {', '.join(sorted(set(unknown)))}."]
    campaign = None
    if data.get("campaign"):
        campaign = campaign_by_code(data["campaign"])
        if campaign is None:
            errors["campaign"] = ["No such survey."]
        elif not campaign.is_open_on(local_today()):
            errors["campaign"] = ["This survey is not open."]
        elif campaign.area is not None and not _covers(campaign.area, data["lat"], data["lon"]):
            errors["lat"] = ["The place is outside the survey's area."]
    in_an_area = campaign is not None and campaign.area is not None
    if not in_an_area and not bounds.inside(data["lat"], data["lon"]):
        errors["lat"] = ["The place is outside the municipality."]
    if errors:
        raise ValidationFailed(errors=errors)
    rating = SafetyRating(
        campaign_id=campaign.id if campaign else None,
        lat=round(data["lat"], DECIMALS),
        lon=round(data["lon"], DECIMALS),
        score=data["score"],
        time_of_day=data["time_of_day"],
        reasons=list(dict.fromkeys(data["reasons"])),
        created_at=utcnow().replace(minute=0, second=0, microsecond=0),
    )
    db.session.add(rating)
    return rating


def _covers(area: Area, lat: float, lon: float) -> bool:
    return shape(area.geometry).covers(Point(lon, lat))


# --- campaigns ---------------------------------------------------------------------------------


def campaigns() -> list[SurveyCampaign]:
    query = select(SurveyCampaign).order_by(SurveyCampaign.starts_on.desc(), SurveyCampaign.id)
    return list(db.session.scalars(query))


def campaign_by_code(code: str) -> SurveyCampaign | None:
    return db.session.scalar(select(SurveyCampaign).where(SurveyCampaign.code == code.lower()))


def campaign(campaign_id: int) -> SurveyCampaign:
    found = db.session.get(SurveyCampaign, campaign_id)
    if found is None:
        raise NotFound()
    return found


def rating_counts() -> dict[int, int]:
    query = select(SafetyRating.campaign_id, func.count()).group_by(SafetyRating.campaign_id)
    return {campaign_id: n for campaign_id, n in db.session.execute(query) if campaign_id}


def create_campaign(actor: User | None, data: dict) -> SurveyCampaign:
    made = SurveyCampaign(
        title=data["title"],
        intro_sv=data.get("intro_sv") or "",
        intro_en=data.get("intro_en") or "",
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        created_by_id=actor.id if actor else None,
    )
    _set_area(made, data.get("area_id"))
    _check_period(made.starts_on, made.ends_on)
    for _ in range(5):
        made.code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with db.session.begin_nested():
                db.session.add(made)
            break
        except IntegrityError:  # pragma: no cover - one in 10**11
            continue
    if actor is not None:
        data = {"title": made.title, "code": made.code}
        audit.record("survey_campaign.created", "survey_campaign", made.id, actor=actor, data=data)
    return made


def update_campaign(actor: User, made: SurveyCampaign, data: dict) -> SurveyCampaign:
    for field in ("title", "intro_sv", "intro_en", "starts_on", "ends_on"):
        if field in data:
            setattr(made, field, data[field] if data[field] is not None else "")
    if "area_id" in data:
        _set_area(made, data["area_id"])
    _check_period(made.starts_on, made.ends_on)
    changed = {"fields": sorted(data)}
    audit.record("survey_campaign.updated", "survey_campaign", made.id, actor=actor, data=changed)
    return made


def _set_area(made: SurveyCampaign, area_id: int | None) -> None:
    area = db.session.get(Area, area_id) if area_id is not None else None
    if area_id is not None and area is None:
        raise ValidationFailed(errors={"area_id": ["No such area."]})
    made.area = area


def _check_period(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationFailed(errors={"ends_on": ["The survey ends before it starts."]})


def previous_campaigns(until: date) -> list[SurveyCampaign]:
    """The campaigns begun on or before `until`, latest first."""
    query = (
        select(SurveyCampaign)
        .where(SurveyCampaign.starts_on <= until)
        .order_by(SurveyCampaign.starts_on.desc(), SurveyCampaign.id.desc())
    )
    return list(db.session.scalars(query))
