"""Findings and their history."""

import enum
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import Organisation, User
from server.categories.models import Category
from server.database import UTCDateTime, json_type, utcnow
from server.extensions import db

if TYPE_CHECKING:
    from server.photos.models import Photo
    from server.places.models import Area

# How the router placed a finding (finding.routing["kind"]): inside a property, or near one.
ON_A_PROPERTY = ("property", "nearest")


class Status(enum.StrEnum):
    NEW = "ny"
    TRIAGED = "granskad"
    SENT = "skickad"
    ACKNOWLEDGED = "mottagen"
    PLANNED = "planerad"
    FIXED = "åtgärdad"
    VERIFIED = "verifierad"
    REJECTED = "avvisad"
    NOT_OURS = "ej vårt ansvar"
    DUPLICATE = "dubblett"


CLOSED_STATUSES = frozenset({Status.FIXED, Status.VERIFIED, Status.REJECTED, Status.DUPLICATE})
OPEN_STATUSES = frozenset(Status) - CLOSED_STATUSES


class Finding(db.Model):
    __tablename__ = "findings"
    __table_args__ = (
        # Bounding-box queries: a range on lat narrows to a band, lon is checked in the index.
        Index("ix_findings_lat_lon", "lat", "lon"),
        # An owner's list: their organisation's findings by status, newest first.
        Index("ix_findings_org_status", "assigned_org_id", "status", "captured_at"),
        Index("ix_findings_status_captured", "status", "captured_at"),
        # A phone's sync and a reporter's own list.
        Index("ix_findings_reporter_updated", "reporter_id", "updated_at"),
        Index("ix_findings_walk_updated", "walk_id", "updated_at"),
        Index("ix_findings_updated", "updated_at"),
    )

    # The phone chooses the id, so that a replayed upload finds the finding it already made.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    walk_id: Mapped[int | None] = mapped_column(ForeignKey("walks.id"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    location_source: Mapped[str | None] = mapped_column(String(20))  # device | photo
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=Status.NEW.value)
    assigned_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    routing_reason: Mapped[str | None] = mapped_column(Text)  # Swedish, as the router said it
    # The routing decision with its values ({"kind": "property", ...}), to show it in any
    # language and, while a coordinator reviews it first, the proposed owner (server.routing).
    routing: Mapped[dict | None] = mapped_column(json_type())
    # Did the owner's notification go out: pending | sent | failed (server.notify).
    delivery_state: Mapped[str | None] = mapped_column(String(10))
    planned_for: Mapped[date | None] = mapped_column(Date)  # the owner's date, when 'planerad'
    priority: Mapped[int] = mapped_column(default=2)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    # Follow-up (server/followup): the original this one duplicates (status 'dubblett'), why it
    # has its present status (a rejection's reason is shown to the reporter), and when its
    # owner was last reminded that it is overdue.
    duplicate_of_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("findings.id"), index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    # The reporter's 'samma sak': the finding they said this one is the same as, for the
    # triage queue (server/findings/same_as.py). Not a verdict: only a coordinator's is.
    same_as_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("findings.id"))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    # The body of the first PUT, kept so that a replay weeks later is recognised as one even
    # after the finding was edited, and so that a conflict can say what differs.
    submitted: Mapped[dict] = mapped_column(json_type())
    photos_expected: Mapped[int] = mapped_column(default=0)
    complete: Mapped[bool] = mapped_column(default=True)
    # A resident's tip not (yet) let through by a coordinator (server/tips): waiting, or
    # rejected. Seen only by coordinators and admins, by id and in the moderation queue.
    awaiting_moderation: Mapped[bool] = mapped_column(default=False)

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    category: Mapped[Category] = relationship()
    assigned_org: Mapped[Organisation | None] = relationship()
    events: Mapped[list["FindingEvent"]] = relationship(
        back_populates="finding", order_by="FindingEvent.id", cascade="all, delete-orphan"
    )
    photos: Mapped[list["Photo"]] = relationship(
        back_populates="finding", order_by="Photo.created_at", passive_deletes=True
    )
    duplicate_of: Mapped["Finding | None"] = relationship(
        remote_side=[id], foreign_keys=[duplicate_of_id]
    )
    # The areas it lies in (server/places keeps finding_areas up to date), by name.
    areas: Mapped[list["Area"]] = relationship(
        secondary="finding_areas", order_by="Area.name", viewonly=True
    )

    # The routing decision is stored as values (server/routing/service.py); these read them.

    @property
    def area_names(self) -> list[str]:
        return [area.name for area in self.areas]

    @property
    def property_designation(self) -> str | None:
        """The property it lies on or next to, as the router found it (e.g. 'Messingen 2:13')."""
        routing = self.routing or {}
        return routing.get("property") if routing.get("kind") in ON_A_PROPERTY else None

    @property
    def property_id(self) -> int | None:
        routing = self.routing or {}
        return routing.get("property_id") if routing.get("kind") in ON_A_PROPERTY else None

    @property
    def proposed_org(self) -> dict | None:
        """{"id", "name"} of the organisation the router proposed while a coordinator reviews
        the finding; None once it is sent, or when nobody is proposed."""
        routing = self.routing or {}
        if self.assigned_org_id is None and routing.get("review"):
            return routing.get("organisation")
        return None

    def touch(self) -> None:
        """Mark a change that phones and other readers should pick up."""
        self.updated_at = utcnow()
        self.version += 1


class EventKind(enum.StrEnum):
    CREATED = "created"
    EDITED = "edited"
    STATUS = "status"
    ASSIGNED = "assigned"
    COMMENT = "comment"
    PHOTO = "photo"
    DELIVERY = "delivery"  # a notification to the owner could not be delivered
    # Follow-up (server/followup, server/photos/redaction.py)
    MERGED = "merged"  # a duplicate was merged into this finding (to_value: its id)
    PRIORITY = "priority"
    DUE_DATE = "due_date"
    REMINDER = "reminder"  # the owner was reminded that it is overdue
    REDACTED = "redacted"  # rectangles of a photo were blurred (to_value: the photo's id)
    RETENTION = "retention"  # a photo was deleted or blurred by `lykta retention`
    # Residents' tips (server/tips): a coordinator's decision (to_value: the tip's state), and
    # an email to the resident or their answer (never their address).
    MODERATED = "moderated"
    RESIDENT = "resident"


class FindingEvent(db.Model):
    """One line of a finding's history: who did what, when, from what to what, and why."""

    __tablename__ = "finding_events"
    # Reports: the status events of a period (server/reports).
    __table_args__ = (Index("ix_finding_events_kind_at", "kind", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the system
    # On whose behalf: the owner's organisation when it acted through a signed link (no user).
    actor_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    via: Mapped[str | None] = mapped_column(String(20))  # app | link | router | worker
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    from_value: Mapped[str | None] = mapped_column(Text)
    to_value: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict | None] = mapped_column(json_type())  # structured values, e.g. routing

    finding: Mapped[Finding] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
    actor_org: Mapped[Organisation | None] = relationship()
