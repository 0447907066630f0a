"""The actions (åtgärder) decided at the weekly EST meeting: who does what, where, by when."""

import datetime as dt
import enum

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import Organisation, User
from server.database import UTCDateTime, json_type, utcnow
from server.extensions import db
from server.places.models import Area


class ActionKind(enum.StrEnum):
    TRYGGHETSRUNDA = "trygghetsrunda"
    INSATS = "insats"
    ANNAT = "annat"


class ActionStatus(enum.StrEnum):
    PLANNED = "planerad"
    DONE = "gjord"
    NOT_DONE = "inte gjord"


class EstAction(db.Model):
    __tablename__ = "est_actions"
    __table_args__ = (
        # The meeting reads one week's actions; an owner those given to their organisation.
        Index("ix_est_actions_week", "week"),
        Index("ix_est_actions_org_week", "organisation_id", "week"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The meeting's ISO week, local time: "2026-W47".
    week: Mapped[str] = mapped_column(String(8))
    what: Mapped[str] = mapped_column(Text)
    # Who does it: a partner organisation.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    # Where: an area, a position (a hot spot), a place in words; at least one of them.
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True
    )
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    place: Mapped[str] = mapped_column(String(300), default="")
    due_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    # ISO weekday numbers (1 Monday … 7 Sunday) of the evenings it is done, for a round.
    evenings: Mapped[list] = mapped_column(json_type(), default=list)
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.PLANNED.value)
    result: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    area: Mapped[Area | None] = relationship()
    created_by: Mapped[User | None] = relationship()
