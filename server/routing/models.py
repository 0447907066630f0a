"""Routing rules: "findings of this category inside this area go to this organisation"."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import Organisation
from server.categories.models import Category
from server.database import UTCDateTime, utcnow
from server.extensions import db
from server.places.models import Area


class RoutingRule(db.Model):
    """Checked in `position` order before any property; the first active rule that matches
    decides. No category means every category; no area means everywhere."""

    __tablename__ = "routing_rules"
    __table_args__ = (Index("ix_routing_rules_position", "position", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    category: Mapped[Category | None] = relationship()
    area: Mapped[Area | None] = relationship()
    organisation: Mapped[Organisation] = relationship()
