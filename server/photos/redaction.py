"""Redaction and retention: blurring what people should not see in a photo, and removing
photos of findings closed long ago.

Both replace the stored files rather than change them: the blurred display image and
thumbnail get new storage keys (so the photo's version tag, its URLs and every cache change),
the row is updated, and only after that commit are the old files deleted — a crash in between
leaves unreferenced files that `lykta media cleanup` removes, never a row without its file.
No transaction is held while the pixels are worked on; a concurrent change of the same photo
is noticed (its storage key moved) and answered with 409.
"""

import calendar
import uuid
from datetime import datetime

from flask import current_app
from sqlalchemy import func, or_, select

from server.accounts.models import User
from server.audit import service as audit
from server.database import utcnow
from server.errors import Conflict, Gone, ValidationFailed
from server.extensions import db
from server.findings import service as findings
from server.findings.models import EventKind, Finding, FindingEvent, Status
from server.photos import blur
from server.photos.models import Photo
from server.photos.storage import MediaMissing, MediaStore, content_digest, new_key

MAX_RECTANGLES = 50
MIN_SIDE = 4  # pixels: a smaller rectangle hides nothing worth hiding
RETENTION_STATUSES = (Status.FIXED, Status.VERIFIED, Status.REJECTED)
MODES = ("delete", "blur")
RECTANGLE_OUTSIDE = (
    "The rectangle must lie inside the photo ({width} × {height} px) and be at least 4 px "
    "wide and high."
)


class PhotoRemoved(Gone):
    message = "The photo was removed under the retention rules."


def check_rectangles(photo: Photo, rectangles: list[dict]) -> list[tuple[int, int, int, int]]:
    """Rectangles {x, y, width, height} in the served display image's pixels (0, 0 is the top
    left corner; the photo's width and height are in the API), each inside the image."""
    if not rectangles:
        raise ValidationFailed(errors={"rectangles": ["Mark at least one rectangle."]})
    if len(rectangles) > MAX_RECTANGLES:
        raise ValidationFailed(errors={"rectangles": ["Too many rectangles."]})
    checked, problems = [], {}
    for index, rectangle in enumerate(rectangles):
        x, y, width, height = (
            round(rectangle["x"]),
            round(rectangle["y"]),
            round(rectangle["width"]),
            round(rectangle["height"]),
        )
        if (
            x < 0
            or y < 0
            or width < MIN_SIDE
            or height < MIN_SIDE
            or x + width > photo.width
            or y + height > photo.height
        ):
            problems[str(index)] = [
                RECTANGLE_OUTSIDE.format(width=photo.width, height=photo.height)
            ]
        checked.append((x, y, width, height))
    if problems:
        raise ValidationFailed(errors={"rectangles": problems})
    return checked


def redact(
    store: MediaStore,
    user: User,
    photo: Photo,
    rectangles: list[dict],
    comment: str | None = None,
) -> Photo:
    """Blur the rectangles of the photo for good, and delete the unblurred files."""
    if photo.removed:
        raise PhotoRemoved()
    boxes = check_rectangles(photo, rectangles)
    photo_id, old_keys = photo.id, (photo.storage_key, photo.thumbnail_key)
    db.session.commit()  # no transaction (nor SQLite's write lock) while the pixels are done
    blurred = blur.blur_rectangles(_read(store, old_keys[0]), boxes)
    photo = _replace(store, photo_id, old_keys, blurred)
    photo.redactions = [
        *(photo.redactions or []),
        *({"x": x, "y": y, "width": w, "height": h} for x, y, w, h in boxes),
    ]
    finding = db.session.get(Finding, photo.finding_id)
    findings.record(
        finding,
        EventKind.REDACTED,
        (comment or "").strip() or None,
        actor=user,
        to_value=str(photo.id),
        via="app",
        data={"photo": str(photo.id), "rectangles": len(boxes)},
    )
    finding.touch()  # its photos' URLs changed: lists and phones fetch it again
    db.session.commit()
    _delete(store, old_keys)
    return photo


def _read(store: MediaStore, key: str) -> bytes:
    try:
        with store.open(key) as file:
            return file.read()
    except MediaMissing:
        raise Conflict("The photo's file is missing.") from None


def _replace(store: MediaStore, photo_id: uuid.UUID, old_keys, blurred: blur.Blurred) -> Photo:
    display_key, thumbnail_key = new_key(), new_key()
    store.put(display_key, blurred.display)
    store.put(thumbnail_key, blurred.thumbnail)
    photo = db.session.get(Photo, photo_id, populate_existing=True, with_for_update=True)
    if photo is None or (photo.storage_key, photo.thumbnail_key) != old_keys:
        _delete(store, (display_key, thumbnail_key))
        raise Conflict("The photo changed in the meantime. Reload and try again.")
    photo.storage_key, photo.thumbnail_key = display_key, thumbnail_key
    photo.display_sha256 = content_digest(blurred.display)
    photo.thumbnail_sha256 = content_digest(blurred.thumbnail)
    photo.width, photo.height = blurred.width, blurred.height
    photo.thumbnail_width = blurred.thumbnail_width
    photo.thumbnail_height = blurred.thumbnail_height
    photo.stored_bytes = len(blurred.display) + len(blurred.thumbnail)
    photo.redacted_at = utcnow()
    return photo


def _delete(store: MediaStore, keys) -> None:
    for key in keys:
        store.delete(key)


# --- retention ----------------------------------------------------------------------------------


def months_before(moment: datetime, months: int) -> datetime:
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def retention_candidates(cutoff: datetime, mode: str) -> list[Photo]:
    """Photos of findings closed (åtgärdad, verifierad, avvisad) before the cutoff - closed at
    their last status move - and of the duplicates merged into them, not yet handled."""
    closed_at = (
        select(FindingEvent.finding_id, func.max(FindingEvent.at).label("closed_at"))
        .where(FindingEvent.kind == EventKind.STATUS)
        .group_by(FindingEvent.finding_id)
        .subquery()
    )
    old = (
        select(Finding.id)
        .join(closed_at, closed_at.c.finding_id == Finding.id)
        .where(
            Finding.status.in_([status.value for status in RETENTION_STATUSES]),
            closed_at.c.closed_at < cutoff,
        )
    )
    merged = select(Finding.id).where(
        Finding.status == Status.DUPLICATE, Finding.duplicate_of_id.in_(old)
    )
    pending = (
        Photo.retention.is_(None)
        if mode == "blur"
        else or_(Photo.retention.is_(None), Photo.retention != "deleted")
    )
    return list(
        db.session.scalars(
            select(Photo)
            .where(or_(Photo.finding_id.in_(old), Photo.finding_id.in_(merged)), pending)
            .order_by(Photo.created_at, Photo.id)
        )
    )


def apply_retention(
    store: MediaStore,
    *,
    months: int | None = None,
    mode: str | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> dict:
    """Delete (or blur entirely) the photos of findings closed more than `months` ago; the
    findings stay. Each photo is one commit: an interrupted run resumes where it stopped."""
    config = current_app.config
    months = config["LYKTA_RETENTION_PHOTO_MONTHS"] if months is None else months
    mode = mode or config["LYKTA_RETENTION_PHOTO_MODE"]
    if mode not in MODES:
        raise ValueError(f"unknown retention mode {mode!r}")
    now = now or utcnow()
    cutoff = months_before(now, months)
    photos = retention_candidates(cutoff, mode)
    summary = {
        "mode": mode,
        "months": months,
        "cutoff": cutoff.isoformat(),
        "photos": len(photos),
        "findings": len({photo.finding_id for photo in photos}),
        "dry_run": dry_run,
    }
    if dry_run:
        summary["photo_ids"] = [str(photo.id) for photo in photos]
        db.session.rollback()
        return summary
    ids = [photo.id for photo in photos]
    db.session.commit()
    done = 0
    for photo_id in ids:
        photo = db.session.get(Photo, photo_id)
        if photo is None:
            continue
        if mode == "delete":
            _delete_for_retention(store, photo, now, months)
        else:
            _blur_for_retention(store, photo, now, months)
        done += 1
    summary["photos"] = done
    audit.record("retention.run", "retention", None, data=summary, at=now)
    db.session.commit()
    return summary


def _delete_for_retention(store: MediaStore, photo: Photo, now: datetime, months: int) -> None:
    keys = (photo.storage_key, photo.thumbnail_key)
    photo.retention, photo.retention_at = "deleted", now
    _log_retention(photo, "deleted", now, months)
    db.session.commit()
    _delete(store, keys)


def _blur_for_retention(store: MediaStore, photo: Photo, now: datetime, months: int) -> None:
    photo_id, old_keys = photo.id, (photo.storage_key, photo.thumbnail_key)
    db.session.commit()
    try:
        blurred = blur.blur_everything(_read(store, old_keys[0]))
        photo = _replace(store, photo_id, old_keys, blurred)
    except Conflict:
        db.session.rollback()
        return  # changed or missing: the next run tries again
    photo.retention, photo.retention_at = "blurred", now
    _log_retention(photo, "blurred", now, months)
    db.session.commit()
    _delete(store, old_keys)


def _log_retention(photo: Photo, what: str, now: datetime, months: int) -> None:
    finding = db.session.get(Finding, photo.finding_id)
    findings.record(
        finding,
        EventKind.RETENTION,
        actor=None,
        at=now,
        to_value=str(photo.id),
        via="retention",
        data={"photo": str(photo.id), "retention": what, "months": months},
    )
    finding.touch()
    audit.record(
        f"photo.{what}",
        "photo",
        photo.id,
        finding_id=photo.finding_id,
        data={"reason": "retention", "months": months},
        at=now,
    )
