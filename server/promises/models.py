"""Medborgarlöften, their commitments (åtaganden), the coordinator's comment per tertial and
the insatser logged against a commitment. Walks point at a commitment (walks.commitment_id), as
do EST actions and rounds; what counts toward one is kept in the ledger, CommitmentActivity."""

import datetime as dt
import enum

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import Organisation, User
from server.database import UTCDateTime, json_type, utcnow
from server.extensions import db
from server.places.models import Area


class CommitmentKind(enum.StrEnum):
    TRYGGHETSVANDRING = "trygghetsvandring"
    TRYGGHETSRUNDA = "trygghetsrunda"
    OMRADESVANDRING = "områdesvandring"
    INSATS = "insats"


class PromiseParty(db.Model):
    """An organisation that stands behind a promise (the municipality, the police, …)."""

    __tablename__ = "promise_parties"

    promise_id: Mapped[int] = mapped_column(
        ForeignKey("promises.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    organisation: Mapped[Organisation] = relationship()


class Promise(db.Model):
    __tablename__ = "promises"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True
    )
    focus_areas: Mapped[list] = mapped_column(json_type(), default=list)
    # The unguessable key of the public follow-up page, /lofte/<token>.
    public_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    area: Mapped[Area | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    parties: Mapped[list[PromiseParty]] = relationship(
        cascade="all, delete-orphan", order_by=PromiseParty.organisation_id
    )
    commitments: Mapped[list["Commitment"]] = relationship(
        back_populates="promise", cascade="all, delete-orphan", order_by="Commitment.position"
    )


class Commitment(db.Model):
    """An åtagande: what the parties promise to do, and how many times each tertial."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(
        ForeignKey("promises.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30))
    planned_per_tertial: Mapped[int] = mapped_column(default=0)

    promise: Mapped[Promise] = relationship(back_populates="commitments")
    comments: Mapped[list["CommitmentComment"]] = relationship(
        back_populates="commitment", cascade="all, delete-orphan"
    )
    insatser: Mapped[list["Insats"]] = relationship(
        back_populates="commitment", cascade="all, delete-orphan", order_by="Insats.date"
    )


class CommitmentComment(db.Model):
    """The coordinator's comment on one commitment for one tertial; public once published."""

    __tablename__ = "commitment_comments"
    __table_args__ = (UniqueConstraint("commitment_id", "year", "tertial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column()
    tertial: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=False)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="comments")


class Insats(db.Model):
    """Something done for a commitment that is not a walk: a traffic check, extra lighting, a
    clean-up. It counts as done on its date."""

    __tablename__ = "insatser"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    result: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="insatser")
    created_by: Mapped[User | None] = relationship()


class ActivityKind(enum.StrEnum):
    WALK = "walk"
    ROUND = "round"
    INSATS = "insats"


class CommitmentActivity(db.Model):
    """The ledger: one row for each activity that counts toward a commitment, on the local day
    it counts (server/promises/reactions.py keeps it). A walk once closed, on the day it
    started; a round on the day it began; an insats on its date. The tertial follow-up counts
    these rows."""

    __tablename__ = "commitment_activities"
    __table_args__ = (
        # One activity counts once, for one commitment.
        UniqueConstraint("kind", "source_id", name="uq_commitment_activities_source"),
        Index("ix_commitment_activities_commitment_on", "commitment_id", "counts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    # The walk's or the insats' id, the round's uuid: as text, for all three.
    source_id: Mapped[str] = mapped_column(String(36))
    counts_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300), default="")
