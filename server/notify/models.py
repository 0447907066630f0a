"""The outbox: one row per email to send, written in the same transaction as the change that
causes it, and delivered by `lykta worker`."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import Organisation, User
from server.database import UTCDateTime, utcnow
from server.extensions import db
from server.findings.models import Finding, FindingEvent


class NotificationKind(enum.StrEnum):
    ASSIGNED = "assigned"  # a finding was sent to the recipient's organisation
    REMINDER = "reminder"  # the finding is past its due date (server/followup)
    WALK_INVITATION = "walk_invitation"  # invited to a walk (server/walks); no finding
    WALK_CHANGED = "walk_changed"  # the time or place of a walk one was invited to moved
    WALK_WITHDRAWN = "walk_withdrawn"  # one's invitation to a walk was taken back
    WALK_CANCELLED = "walk_cancelled"  # a walk one was invited to was called off
    # A comment shared across (event_id): a coordinator's to the organisation the finding is
    # sent to, and an owner's (in the app or through the signed link) to the coordinators.
    COORDINATOR_COMMENT = "coordinator_comment"
    OWNER_COMMENT = "owner_comment"
    # An incident of a type marked alert was recorded (incident_id): to the coordinators.
    INCIDENT_ALERT = "incident_alert"
    # To a resident who left an email with a tip (server/tips/emails.py): no finding_id (the
    # owner's delivery state is not theirs); event_id: the history line on the tip's finding.
    TIP_APPROVED = "tip_approved"
    TIP_REJECTED = "tip_rejected"
    TIP_FIXED = "tip_fixed"  # with the one question "Är det åtgärdat?"


COMMENT_KINDS = (NotificationKind.COORDINATOR_COMMENT, NotificationKind.OWNER_COMMENT)
# A resident's address is cleared from the row once it is sent or given up (server/tips).
TIP_KINDS = (
    NotificationKind.TIP_APPROVED,
    NotificationKind.TIP_REJECTED,
    NotificationKind.TIP_FIXED,
)


# Emails about a walk rather than a finding: built by server/walks/emails.py.
WALK_KINDS = (
    NotificationKind.WALK_INVITATION,
    NotificationKind.WALK_CHANGED,
    NotificationKind.WALK_WITHDRAWN,
    NotificationKind.WALK_CANCELLED,
)


class Delivery(enum.StrEnum):
    PENDING = "pending"  # waiting for its time (next_attempt_at)
    SENDING = "sending"  # claimed by a worker until claimed_until
    SENT = "sent"
    FAILED = "failed"  # gave up: shown to coordinators
    CANCELLED = "cancelled"  # the finding went elsewhere before it was sent


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # What the workers look for: due rows, oldest first.
        Index("ix_notifications_status_due", "status", "next_attempt_at"),
        Index("ix_notifications_finding", "finding_id", "current"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=NotificationKind.ASSIGNED.value)
    # None for an email about a walk (walk_id) rather than a finding.
    finding_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE")
    )
    walk_id: Mapped[int | None] = mapped_column(ForeignKey("walks.id", ondelete="CASCADE"))
    # An alert about an incident (server/notify/alerts.py); no finding, no walk.
    incident_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE")
    )
    # The comment an email is about (COMMENT_KINDS).
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("finding_events.id", ondelete="CASCADE")
    )
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    # A user of the organisation, or None for a contact address (which gets a signed link).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recipient: Mapped[str | None] = mapped_column(String(320))  # None: nobody to send to
    locale: Mapped[str] = mapped_column(String(5), default="sv")
    digest: Mapped[bool] = mapped_column(default=False)
    # False once the finding was routed again: the row no longer says whether its owner knows.
    current: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(12), default=Delivery.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(250))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    finding: Mapped[Finding | None] = relationship()
    event: Mapped[FindingEvent | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    user: Mapped[User | None] = relationship()
