"""Survey data for tests: ratings stored directly (as many as a test needs, past the per-address
limit) in a chosen 150 m square, and campaigns."""

import uuid
from datetime import date

from server.extensions import db
from server.survey import grid
from server.survey.models import SafetyRating, SurveyCampaign
from tests.factories.places import at


def square(x: float, y: float) -> tuple[str, float, float]:
    """(key, lat, lon) of the grid square around the point x, y metres from Väsby centrum, the
    position being the square's centre."""
    key = grid.cell_of(*at(x, y))
    lat, lon = grid.centre(key)
    return key, lat, lon


def add_ratings(app, x: float, y: float, scores, *, time_of_day="kväll", reasons=(),
                campaign_id=None) -> str:  # fmt: skip
    """Store one rating per score at the centre of the square around (x, y); the square's key."""
    key, lat, lon = square(x, y)
    times = [time_of_day] * len(scores) if isinstance(time_of_day, str) else list(time_of_day)
    with app.app_context():
        for score, when in zip(scores, times, strict=True):
            db.session.add(
                SafetyRating(
                    lat=round(lat, 4),
                    lon=round(lon, 4),
                    score=score,
                    time_of_day=when,
                    reasons=list(reasons),
                    campaign_id=campaign_id,
                )
            )
        db.session.commit()
    return key


def add_campaign(app, title="Trygghetsundersökning Väsby centrum", *, starts_on=None,
                 ends_on=None, area_id=None, code=None) -> tuple[int, str]:  # fmt: skip
    """A campaign stored directly: (id, code)."""
    with app.app_context():
        campaign = SurveyCampaign(
            code=code or uuid.uuid4().hex[:8],
            title=title,
            intro_sv="Berätta hur trygg platsen känns.",
            intro_en="Tell us how safe the place feels.",
            starts_on=starts_on or date(2026, 1, 1),
            ends_on=ends_on or date(2030, 12, 31),
            area_id=area_id,
        )
        db.session.add(campaign)
        db.session.commit()
        return campaign.id, campaign.code
