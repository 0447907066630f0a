"""The actions (åtgärder) decided at the weekly EST meeting: who does what, where, by when; and
the rounds (trygghetsrundor) logged at hot spots."""

import datetime as dt
import enum
import uuid

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
    # The medborgarlöfte's commitment it carries out (a trygghetsrunda commitment, most often):
    # its rounds count toward it (server/promises keeps the count).
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitments.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    area: Mapped[Area | None] = relationship()
    created_by: Mapped[User | None] = relationship()


class EstRound(db.Model):
    """A trygghetsrunda logged at the spot: where, when the walkers arrived and left, what they
    saw; "inga avvikelser" (no deviations) is a result too."""

    __tablename__ = "est_rounds"
    __table_args__ = (
        Index("ix_est_rounds_arrived", "arrived_at"),
        Index("ix_est_rounds_org_arrived", "organisation_id", "arrived_at"),
        Index("ix_est_rounds_reporter_arrived", "reporter_id", "arrived_at"),
    )

    # The phone chooses the id, so that a replayed upload finds the round it already made.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("est_actions.id", ondelete="SET NULL"), index=True
    )
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    arrived_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    left_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    seen: Mapped[str] = mapped_column(Text, default="")
    no_deviations: Mapped[bool] = mapped_column(default=False)
    # The commitment the round was logged for, when the phone said so; otherwise its action's
    # counts (counted_commitment_id).
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitments.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The reporter's organisation when it was logged: the partner it counts for.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The body of the first PUT, so that a replay is recognised and a conflict says what differs.
    submitted: Mapped[dict] = mapped_column(json_type())

    action: Mapped[EstAction | None] = relationship()
    organisation: Mapped[Organisation] = relationship()

    @property
    def counted_commitment_id(self) -> int | None:
        """The commitment the round counts toward: its own, or else its action's."""
        if self.commitment_id is not None:
            return self.commitment_id
        return self.action.commitment_id if self.action is not None else None
