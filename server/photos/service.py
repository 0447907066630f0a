"""Receiving photos: one request each, idempotent, processed outside any transaction.

Order of work, so that a crash at any point leaves nothing anyone can see half-done, and a slow
client holds nothing in the database: sign-in check (short transaction, ended by `require`
before the view reads the body) → read the body (no transaction: a phone may take minutes) →
check (short transaction) → decode, orient, strip, resize (no transaction held) → write both
files atomically → insert the row. A crash before the insert leaves only unreferenced files,
which `lykta media cleanup` removes; a row never points at a file that was not written.
"""

import hashlib
import uuid

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from server import events
from server.accounts.models import User
from server.errors import Conflict, Forbidden, NotFound, ValidationFailed
from server.extensions import db
from server.findings import service as findings
from server.findings.models import EventKind, Finding
from server.findings.same_as import may_add_photo
from server.findings.transitions import role_towards
from server.followup.visibility import sees_merged
from server.photos import pipeline
from server.photos.models import Photo, PhotoKind
from server.photos.storage import MediaMissing, MediaStore, content_digest, media_store, new_key


def put_photo(
    store: MediaStore,
    user: User,
    finding_id: uuid.UUID,
    photo_id: uuid.UUID,
    data: bytes,
    content_type: str | None,
    kind: str = PhotoKind.REPORT,
) -> tuple[Photo, bool]:
    """Store the photo of a finding. Returns the photo and whether it is new.

    kind 'report': one of the photos the reporter announced with the finding. kind 'after':
    a photo of the fix, by the organisation the finding is sent to (or a coordinator). kind
    'added': a photo of the same thing by someone who may add to it ("samma sak")."""
    pipeline.check_content_type(content_type)
    digest = hashlib.sha256(data).hexdigest()
    finding = findings.visible_finding(user, finding_id)
    existing = db.session.get(Photo, photo_id)
    if existing is not None:
        return _replay(existing, finding_id, digest), False
    if kind == PhotoKind.AFTER:
        _check_after_photo(finding, user)
    elif kind == PhotoKind.ADDED:
        _check_added_photo(finding, user)
    else:
        if finding.reporter_id != user.id:
            raise Forbidden("Only the one who reported a finding may add its photos.")
        if str(photo_id) not in finding.submitted["photos"]:
            raise ValidationFailed(
                errors={"photo": ["This photo was not announced with the finding."]}
            )
    return store_photo(store, finding_id, photo_id, data, content_type, digest, user, kind)


def _check_after_photo(finding: Finding, user: User | None, link_org=None) -> None:
    if role_towards(user, finding, link_org) not in ("owner", "link", "coordinator"):
        raise Forbidden(
            "Only the organisation the finding is sent to, or a coordinator, may add photos of "
            "the fix."
        )
    after = db.session.scalar(
        select(func.count())
        .select_from(Photo)
        .where(Photo.finding_id == finding.id, Photo.kind == PhotoKind.AFTER)
    )
    if after >= current_app.config["LYKTA_MAX_PHOTOS_PER_FINDING"]:
        raise ValidationFailed(errors={"photo": ["Too many photos."]})


def _check_added_photo(finding: Finding, user: User) -> None:
    if not may_add_photo(user, finding):
        raise Forbidden("You may not add photos to this finding.")
    added = db.session.scalar(
        select(func.count())
        .select_from(Photo)
        .where(Photo.finding_id == finding.id, Photo.kind == PhotoKind.ADDED)
    )
    if added >= current_app.config["LYKTA_MAX_PHOTOS_PER_FINDING"]:
        raise ValidationFailed(errors={"photo": ["Too many photos."]})


def put_after_photo_by_link(
    store: MediaStore,
    finding: Finding,
    organisation,
    photo_id: uuid.UUID,
    data: bytes,
    content_type,
) -> Photo:
    """A photo of the fix sent through a signed link: the organisation acts, no user."""
    pipeline.check_content_type(content_type)
    _check_after_photo(finding, None, organisation)
    digest = hashlib.sha256(data).hexdigest()
    photo, _ = store_photo(
        store, finding.id, photo_id, data, content_type, digest, None, PhotoKind.AFTER, organisation
    )
    return photo


def store_photo(
    store: MediaStore,
    finding_id: uuid.UUID,
    photo_id: uuid.UUID,
    data: bytes,
    content_type: str | None,
    digest: str,
    user: User | None,
    kind: str,
    organisation=None,
) -> tuple[Photo, bool]:
    db.session.commit()  # no transaction (nor SQLite's write lock) is held while decoding

    processed = pipeline.process(data)
    photo = Photo(
        id=photo_id,
        finding_id=finding_id,
        uploaded_by_id=user.id if user else None,
        kind=kind,
        sha256=digest,
        upload_bytes=len(data),
        upload_type=(content_type or "").split(";")[0].strip().lower(),
        storage_key=new_key(),
        thumbnail_key=new_key(),
        display_sha256=content_digest(processed.display),
        thumbnail_sha256=content_digest(processed.thumbnail),
        width=processed.width,
        height=processed.height,
        thumbnail_width=processed.thumbnail_width,
        thumbnail_height=processed.thumbnail_height,
        stored_bytes=len(processed.display) + len(processed.thumbnail),
        taken_at=processed.taken_at,
        gps_lat=processed.gps[0] if processed.gps else None,
        gps_lon=processed.gps[1] if processed.gps else None,
    )
    store.put(photo.storage_key, processed.display)
    store.put(photo.thumbnail_key, processed.thumbnail)
    try:
        with db.session.begin_nested():
            db.session.add(photo)
    except IntegrityError:
        # The same upload arrived twice at once; the other one's row stands, ours is discarded.
        _discard_files(store, photo)
        existing = db.session.get(Photo, photo_id, populate_existing=True)
        if existing is None:  # the finding itself went away in the meantime
            raise NotFound("No such finding.") from None
        return _replay(existing, finding_id, digest), False
    # Locked, so that two photos of one finding arriving together both count (PostgreSQL; on
    # SQLite the transaction already holds the write lock).
    finding = db.session.get(Finding, finding_id, populate_existing=True, with_for_update=True)
    if kind in (PhotoKind.AFTER, PhotoKind.ADDED):
        findings.record(
            finding,
            EventKind.PHOTO,
            actor=user,
            to_value=str(photo.id),
            via="link" if organisation is not None else "app",
            actor_org=organisation,
            data={"kind": str(kind)},
        )
        finding.touch()
    else:
        _after_arrival(finding, photo)
    return photo, True


def _replay(existing: Photo, finding_id: uuid.UUID, digest: str) -> Photo:
    if existing.finding_id != finding_id or existing.sha256 != digest:
        raise Conflict("A photo with this id exists with other content.")
    return existing


def _after_arrival(finding: Finding, photo: Photo) -> None:
    """Complete the finding when its last announced photo is in; take the photo's position when
    the phone had none (a photo picked from the gallery)."""
    changed = located = completed = False
    if finding.lat is None and photo.gps_lat is not None:
        finding.lat, finding.lon = photo.gps_lat, photo.gps_lon
        finding.location_source = "photo"
        changed = located = True
    if not finding.complete:
        announced = finding.submitted["photos"]
        arrived = db.session.scalar(
            select(func.count())
            .select_from(Photo)
            .where(
                Photo.finding_id == finding.id,
                Photo.id.in_([uuid.UUID(photo_id) for photo_id in announced]),
            )
        )
        if arrived >= len(announced):
            finding.complete = True
            changed = completed = True
    if changed:
        finding.touch()  # before the next statement flushes, so the row is updated once
    if completed:
        events.finding_photos_complete.send(finding)
    if located:
        events.finding_located.send(finding)


def _discard_files(store: MediaStore, photo: Photo) -> None:
    store.delete(photo.storage_key)
    store.delete(photo.thumbnail_key)


def stored_thumbnail(photo: Photo | None) -> bytes | None:
    """The thumbnail's bytes for a document or an email; None when there is none (any more)."""
    if photo is None:
        return None
    try:
        with media_store(current_app).open(photo.thumbnail_key) as file:
            return file.read()
    except MediaMissing:
        return None


def visible_photo(user: User, finding_id: uuid.UUID, photo_id: uuid.UUID) -> Photo:
    """A photo of the finding, or of a duplicate merged into it for those who see merged
    material (server/followup)."""
    finding = findings.visible_finding(user, finding_id)
    photo = db.session.get(Photo, photo_id)
    if photo is None:
        raise NotFound("No such photo.")
    if photo.finding_id != finding.id and not (
        photo.finding.duplicate_of_id == finding.id and sees_merged(user, finding)
    ):
        raise NotFound("No such photo.")
    return photo


def remove_orphans(store: MediaStore, older_than) -> tuple[int, list[str]]:
    """Delete stored files no photo row refers to (left by interrupted uploads), and list the
    rows whose files are missing (which should never happen; reported, not repaired)."""
    referenced = set()
    kept = or_(Photo.retention.is_(None), Photo.retention != "deleted")  # retention's are gone
    for storage_key, thumbnail_key in db.session.execute(
        select(Photo.storage_key, Photo.thumbnail_key).where(kept)
    ):
        referenced.update((storage_key, thumbnail_key))
    removed = 0
    for key in store.keys(older_than=older_than):
        if key not in referenced:
            store.delete(key)
            removed += 1
    missing = [key for key in sorted(referenced) if not store.exists(key)]
    return removed, missing
