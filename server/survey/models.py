"""The survey's tables: the managed list of reasons, the campaigns and the ratings.

A rating holds the place (rounded to about 10 m), the score, the time of day, its reasons, the
campaign it was given for and the hour it arrived: never who sent it, their address or device
(docs/survey.md#what-is-stored)."""

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import User
from server.database import UTCDateTime, json_type, utcnow
from server.extensions import db
from server.places.models import Area

TIMES_OF_DAY = ("dag", "kväll", "natt")


class RatingReason(db.Model):
    """A reason on the managed list. The code never changes: ratings store it."""

    __tablename__ = "rating_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_sv: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_sv


class SurveyCampaign(db.Model):
    """A period (and maybe an area) in which residents are asked to rate, with the text of its
    poster and page. `code` is the public address: /trygghet/<code>."""

    __tablename__ = "survey_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    intro_sv: Mapped[str] = mapped_column(Text, default="")
    intro_en: Mapped[str] = mapped_column(Text, default="")
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True
    )
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    area: Mapped[Area | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    def intro(self, locale: str) -> str:
        return self.intro_en if locale == "en" and self.intro_en else self.intro_sv

    def is_open_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class SafetyRating(db.Model):
    __tablename__ = "safety_ratings"
    __table_args__ = (Index("ix_safety_ratings_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_campaigns.id", ondelete="CASCADE"), index=True
    )
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    score: Mapped[int] = mapped_column(SmallInteger)
    time_of_day: Mapped[str] = mapped_column(String(5))
    reasons: Mapped[list] = mapped_column(json_type(), default=list)
    # The hour it arrived (minutes and seconds dropped), so that it cannot be matched to a
    # request in an access log.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
