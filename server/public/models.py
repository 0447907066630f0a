"""One public submission under one client key, kept for the limit's window."""

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.database import UTCDateTime, utcnow
from server.extensions import db


class PublicSubmission(db.Model):
    """A tip or a rating that a client sent (server/public/limits.py): a digest of its address
    and the kind, never linked to what it sent. In the database, so that every worker and every
    instance counts the same submissions; rows older than the window are deleted."""

    __tablename__ = "public_submissions"
    __table_args__ = (
        Index("ix_public_submissions_key_at", "key", "sent_at"),
        Index("ix_public_submissions_sent_at", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80))  # "<kind>:<digest of the client key>"
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
