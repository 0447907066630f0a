"""Photos of findings. The bytes live in the media store; the row says where."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.database import UTCDateTime, json_type, utcnow
from server.extensions import db
from server.findings.models import Finding


class PhotoKind(enum.StrEnum):
    REPORT = "report"  # taken by the reporter, announced with the finding
    AFTER = "after"  # taken by the owner when it was fixed
    ADDED = "added"  # another reporter's photo of the same thing ("samma sak")


class Photo(db.Model):
    __tablename__ = "photos"

    # Chosen by the phone, like the finding's id, so that a retried upload is recognised.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    finding_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), index=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(10), default=PhotoKind.REPORT.value)
    sha256: Mapped[str] = mapped_column(String(64))  # of the bytes as uploaded
    upload_bytes: Mapped[int] = mapped_column()
    upload_type: Mapped[str] = mapped_column(String(50))
    storage_key: Mapped[str] = mapped_column(String(200))
    thumbnail_key: Mapped[str] = mapped_column(String(200))
    # Of the stored files' bytes, set whenever they are written; their ETags. None for photos
    # stored before they were kept (their files are hashed when served).
    display_sha256: Mapped[str | None] = mapped_column(String(64))
    thumbnail_sha256: Mapped[str | None] = mapped_column(String(64))
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    thumbnail_width: Mapped[int] = mapped_column()
    thumbnail_height: Mapped[int] = mapped_column()
    stored_bytes: Mapped[int] = mapped_column()
    # EXIF DateTimeOriginal as the camera's clock showed it: cameras rarely record an offset.
    taken_at: Mapped[datetime | None] = mapped_column(DateTime)
    gps_lat: Mapped[float | None] = mapped_column(Float)
    gps_lon: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Redaction (server/photos/redaction.py): when rectangles were last blurred, and all of them
    # ([{x, y, width, height}] in the display image's pixels).
    redacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    redactions: Mapped[list | None] = mapped_column(json_type())
    # Retention (`lykta retention`): 'deleted' (the files are gone; its routes answer 410) or
    # 'blurred' (the whole image), and when.
    retention: Mapped[str | None] = mapped_column(String(10))
    retention_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    finding: Mapped[Finding] = relationship(back_populates="photos")

    @property
    def removed(self) -> bool:
        return self.retention == "deleted"

    @property
    def version_tag(self) -> str:
        """Changes when the stored image does (after a redaction), so URLs can be cached."""
        return self.storage_key.rsplit("/", 1)[-1][:12]

    @property
    def url(self) -> str:
        return f"/api/v1/findings/{self.finding_id}/photos/{self.id}?v={self.version_tag}"

    @property
    def thumbnail_url(self) -> str:
        return f"/api/v1/findings/{self.finding_id}/photos/{self.id}/thumbnail?v={self.version_tag}"
