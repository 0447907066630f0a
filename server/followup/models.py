"""What the follow-up stores beside the findings themselves."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from server.database import UTCDateTime, utcnow
from server.extensions import db


class DistinctPair(db.Model):
    """Two nearby findings of one category that a coordinator judged different ("inte en
    dubblett"): the pair is no longer proposed as a possible duplicate. Stored once per pair,
    the smaller id first."""

    __tablename__ = "distinct_pairs"

    first_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True
    )
    second_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    judged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @staticmethod
    def key(one: uuid.UUID, other: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
        return (one, other) if str(one) < str(other) else (other, one)
