"""Walks: trygghetsvandring, områdesvandring, trygghetsrunda, and who takes part."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import User
from server.database import UTCDateTime, json_type, utcnow
from server.extensions import db
from server.findings.models import Finding
from server.places.models import Area


class WalkType(enum.StrEnum):
    TRYGGHETSVANDRING = "trygghetsvandring"
    OMRADESVANDRING = "områdesvandring"
    TRYGGHETSRUNDA = "trygghetsrunda"


class WalkStatus(enum.StrEnum):
    PLANNED = "planerad"
    ONGOING = "pågår"
    CLOSED = "avslutad"
    CANCELLED = "inställd"  # called off while planned; the reason is kept as its summary


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
    # Planning (issue 6): when it ends, where the walkers meet, the route to walk (a GeoJSON
    # LineString), and after the walk the summary for the follow-up meeting.
    planned_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    meeting_point: Mapped[str] = mapped_column(String(300), default="")
    meeting_lat: Mapped[float | None] = mapped_column(Float)
    meeting_lon: Mapped[float | None] = mapped_column(Float)
    route: Mapped[dict | None] = mapped_column(json_type())
    summary: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Raised when the time or place of a planned walk moves: the SEQUENCE of its calendar event.
    revision: Mapped[int] = mapped_column(default=0)
    # The commitment of a medborgarlöfte this walk is done for (server/promises), if any.
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitments.id"), index=True)
    # The earlier walk this one follows up (uppföljande vandring), if any: its participants
    # mark the earlier walk's findings (WalkRevisit).
    follows_walk_id: Mapped[int | None] = mapped_column(ForeignKey("walks.id"), index=True)

    area: Mapped[Area | None] = relationship()
    follows: Mapped["Walk | None"] = relationship(remote_side=[id])
    created_by: Mapped[User | None] = relationship()
    participants: Mapped[list["WalkParticipant"]] = relationship(
        back_populates="walk", cascade="all, delete-orphan"
    )
    invitations: Mapped[list["WalkInvitation"]] = relationship(
        back_populates="walk", cascade="all, delete-orphan", order_by="WalkInvitation.id"
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


class WalkInvitation(db.Model):
    """An email address invited to a walk. Someone with an account takes part at once; someone
    without one becomes a participant when an account with this address is created."""

    __tablename__ = "walk_invitations"
    __table_args__ = (UniqueConstraint("walk_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_id: Mapped[int] = mapped_column(ForeignKey("walks.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    walk: Mapped[Walk] = relationship(back_populates="invitations")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class RevisitState(enum.StrEnum):
    """What a follow-up walk's participants found at an earlier walk's finding."""

    STILL_THERE = "kvar"
    FIXED = "åtgärdad"
    CHANGED = "förändrad"


class WalkRevisit(db.Model):
    """The mark a follow-up walk gives one of the earlier walk's findings. It does not change
    the finding's status: the owner's workflow does."""

    __tablename__ = "walk_revisits"

    walk_id: Mapped[int] = mapped_column(
        ForeignKey("walks.id", ondelete="CASCADE"), primary_key=True
    )
    finding_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    finding: Mapped[Finding] = relationship()
    marked_by: Mapped[User | None] = relationship()


class WalkTrack(db.Model):
    """Where one walker actually went on a walk, recorded on their phone with their consent
    (server/walks/tracks.py). Seen only by the walker and the coordinators."""

    __tablename__ = "walk_tracks"

    walk_id: Mapped[int] = mapped_column(
        ForeignKey("walks.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # [[lat, lon, ISO time in UTC, accuracy in metres or null], ...] in the order walked.
    points: Mapped[list] = mapped_column(json_type())
    length_m: Mapped[float] = mapped_column(Float)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
