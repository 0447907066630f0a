"""Incidents (händelser) for the weekly EST meeting, and the managed list of their types.

An incident is what a partner's staff saw or handled: its type, when it happened, where, and an
optional short note. It never names anyone (docs/incidents.md says why)."""

import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import Organisation, User
from server.database import UTCDateTime, json_type, utcnow
from server.extensions import db


class IncidentType(db.Model):
    """A type on the managed list. The code is lower-case ASCII letters, digits and "_" only
    (stöld/inbrott is "stold_inbrott"), so that it can stand in a URL, a CSV column or a query
    string as it is; the names are what people read."""

    __tablename__ = "incident_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_sv: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    # Coordinators get an email when an incident of this type is recorded in the app
    # (server/notify/alerts.py); never for imported ones.
    alert: Mapped[bool] = mapped_column(default=False)

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_sv


class Incident(db.Model):
    __tablename__ = "incidents"
    __table_args__ = (
        # The lägesbild counts a week (all, or one organisation's); a reporter reads their own.
        Index("ix_incidents_occurred", "occurred_at"),
        Index("ix_incidents_org_occurred", "organisation_id", "occurred_at"),
        Index("ix_incidents_reporter_occurred", "reporter_id", "occurred_at"),
    )

    # The phone chooses the id, so that a replayed upload finds the incident it already made.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("incident_types.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The reporter's organisation when it was recorded: the partner it counts for.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The body of the first PUT, so that a replay is recognised and a conflict says what differs.
    submitted: Mapped[dict] = mapped_column(json_type())
    # Imported from a partner's own system (POST /api/v1/incidents/import), with that system's
    # id for the row when the file gave one.
    imported: Mapped[bool] = mapped_column(default=False)
    external_id: Mapped[str | None] = mapped_column(String(100))

    type: Mapped[IncidentType] = relationship()
    reporter: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()
