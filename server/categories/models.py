"""What a finding is about: lighting, litter, graffiti... and the positive mark 'trygg plats'."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from server.database import UTCDateTime, utcnow
from server.extensions import db


class Priority:
    HIGH, NORMAL, LOW = 1, 2, 3


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_sv: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    icon: Mapped[str] = mapped_column(String(40))
    default_priority: Mapped[int] = mapped_column(default=Priority.NORMAL)
    target_days: Mapped[int | None] = mapped_column()
    nearby_radius_m: Mapped[int] = mapped_column(default=50)
    positive: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_sv
