"""The audit log: who viewed which photo, and who changed what.

Append-only and independent of the rows it is about: no foreign keys, so that it outlives a
finding, a photo or a user, and names what it refers to by type and id.
"""

import uuid
from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.database import UTCDateTime, json_type, utcnow
from server.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_actor", "actor_id", "id"),
        Index("ix_audit_log_object", "object_type", "object_id", "id"),
        Index("ix_audit_log_action", "action", "id"),
        Index("ix_audit_log_finding", "finding_id", "id"),
        Index("ix_audit_log_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column()  # a user; None: the system or a signed link
    actor_org_id: Mapped[int | None] = mapped_column()  # the actor's organisation, or the link's
    action: Mapped[str] = mapped_column(String(40))  # finding.status, photo.viewed, ...
    object_type: Mapped[str] = mapped_column(String(20))  # finding, photo, user, organisation...
    object_id: Mapped[str | None] = mapped_column(String(64))
    finding_id: Mapped[uuid.UUID | None] = mapped_column()
    # Views are recorded once per viewer, photo and local day: this key is unique, and NULL
    # (never equal to another NULL) for everything else.
    view_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    data: Mapped[dict | None] = mapped_column(json_type())
