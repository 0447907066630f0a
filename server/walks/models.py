"""Walks: trygghetsvandring, områdesvandring, trygghetsrunda, and who takes part."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import User
from server.database import UTCDateTime, utcnow
from server.extensions import db
from server.places.models import Area


class WalkType(enum.StrEnum):
    TRYGGHETSVANDRING = "trygghetsvandring"
    OMRADESVANDRING = "områdesvandring"
    TRYGGHETSRUNDA = "trygghetsrunda"


class WalkStatus(enum.StrEnum):
    PLANNED = "planerad"
    ONGOING = "pågår"
    CLOSED = "avslutad"


class Walk(db.Model):
    __tablename__ = "walks"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    planned_start: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=WalkStatus.PLANNED.value)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, index=True
    )

    area: Mapped[Area | None] = relationship()
    participants: Mapped[list["WalkParticipant"]] = relationship(
        back_populates="walk", cascade="all, delete-orphan"
    )


class WalkParticipant(db.Model):
    __tablename__ = "walk_participants"

    walk_id: Mapped[int] = mapped_column(
        ForeignKey("walks.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    walk: Mapped[Walk] = relationship(back_populates="participants")
    user: Mapped[User] = relationship()
