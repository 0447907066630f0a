"""Areas (the BID area, districts) and properties with their owners.

Geometry is kept as GeoJSON with its bounding box beside it, so that the same schema works on
SQLite and PostgreSQL; containment is computed with shapely over an in-memory index.
"""

import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import Organisation
from server.database import UTCDateTime, json_type, utcnow
from server.extensions import db


class BoundingBoxMixin:
    min_lon: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)


class Area(BoundingBoxMixin, db.Model):
    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="district")  # bid | district | other
    geometry: Mapped[dict] = mapped_column(json_type())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Findings inside the area wait for a coordinator before they go out (server.routing).
    review_first: Mapped[bool] = mapped_column(default=False)


class Property(BoundingBoxMixin, db.Model):
    __tablename__ = "properties"
    __table_args__ = (Index("ix_properties_bbox", "min_lon", "min_lat", "max_lon", "max_lat"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    designation: Mapped[str] = mapped_column(String(200), unique=True)
    owner_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    contact_emails: Mapped[list] = mapped_column(json_type(), default=list)
    geometry: Mapped[dict] = mapped_column(json_type())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[Organisation] = relationship()


class FindingArea(db.Model):
    """Which areas a finding lies in, computed when it gets its position and again when an
    area's shape changes, so that lists and reports can filter by area in SQL."""

    __tablename__ = "finding_areas"

    finding_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True
    )
    area_id: Mapped[int] = mapped_column(
        ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True, index=True
    )
