import logging
import uuid

from flask import current_app, request, send_file
from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.policy import require
from server.audit import service as audit
from server.errors import NotFound
from server.extensions import db
from server.photos import presenters, redaction, service
from server.photos.pipeline import ACCEPTED_CONTENT_TYPES
from server.photos.schemas import PhotoSchema, PhotoUploadArgsSchema, RedactionSchema
from server.photos.storage import MediaMissing, media_store, open_with_digest

blp = Blueprint(
    "photos",
    __name__,
    url_prefix="/api/v1/findings/<uuid:finding_id>/photos",
    description="Photos of findings: one request each",
)

IMAGE_BODY = {
    "required": True,
    "content": {
        media_type: {"schema": {"type": "string", "format": "binary"}}
        for media_type in sorted(ACCEPTED_CONTENT_TYPES)
    },
}
log = logging.getLogger(__name__)


class PhotoFileMissing(NotFound):
    code = "photo_file_missing"
    message = "The photo's file is missing on the server. The administrator can see it in the log."


JPEG_RESPONSE = {"content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}


@blp.put("/<uuid:photo_id>")
@require("photos:upload")
@blp.arguments(PhotoUploadArgsSchema, location="query")
@blp.doc(requestBody=IMAGE_BODY)
@blp.response(201, PhotoSchema, description="Stored")
@blp.alt_response(200, schema=PhotoSchema, description="The same bytes again: nothing changed")
def put_photo(args, finding_id: uuid.UUID, photo_id: uuid.UUID):
    """Upload one announced photo as raw bytes (JPEG, PNG, WebP or HEIC). Safe to repeat.
    With ?kind=after, the owner's photo of the fix (no announcement needed)."""
    # No transaction is open here (require() ended the sign-in check's), so a slow upload
    # holds no lock while it arrives; the size cap (MAX_CONTENT_LENGTH) answers 413.
    data = request.get_data(cache=False)
    photo, created = service.put_photo(
        media_store(current_app),
        current_user(),
        finding_id,
        photo_id,
        data,
        request.content_type,
        args["kind"],
    )
    db.session.commit()
    return presenters.present(photo), 201 if created else 200


@blp.get("/<uuid:photo_id>")
@require("findings:read")
@blp.doc(responses={"200": {"description": "The photo, at most 2048 px", **JPEG_RESPONSE}})
def get_photo(finding_id: uuid.UUID, photo_id: uuid.UUID):
    photo = _viewed(finding_id, photo_id, "display")
    return _send(photo, photo.storage_key, photo.display_sha256)


@blp.get("/<uuid:photo_id>/thumbnail")
@require("findings:read")
@blp.doc(responses={"200": {"description": "The thumbnail, at most 400 px", **JPEG_RESPONSE}})
def get_thumbnail(finding_id: uuid.UUID, photo_id: uuid.UUID):
    photo = _viewed(finding_id, photo_id, "thumbnail")
    return _send(photo, photo.thumbnail_key, photo.thumbnail_sha256)


@blp.post("/<uuid:photo_id>/redact")
@require("photos:redact")
@blp.arguments(RedactionSchema)
@blp.response(200, PhotoSchema)
def redact_photo(data, finding_id: uuid.UUID, photo_id: uuid.UUID):
    """Blur rectangles (faces, number plates) for good: {x, y, width, height} in the pixels of
    the served display image (its width and height are in the finding). The blurred image
    replaces the display image and the thumbnail under new URLs, the unblurred files are
    deleted, and the redaction goes into the history and the audit log."""
    photo = service.visible_photo(current_user(), finding_id, photo_id)
    photo = redaction.redact(
        media_store(current_app), current_user(), photo, data["rectangles"], data["comment"]
    )
    return presenters.present(photo)


def _viewed(finding_id: uuid.UUID, photo_id: uuid.UUID, variant: str):
    """The photo, once the viewer may see it and it was not removed; the view is logged."""
    user = current_user()
    photo = service.visible_photo(user, finding_id, photo_id)
    if photo.removed:
        raise redaction.PhotoRemoved()
    audit.record_view(photo, variant, viewer=user)
    return photo


def _send(photo, key: str, digest: str | None):
    db.session.commit()  # end the transaction before streaming the file
    # The ETag is the hash of the bytes served (strong: If-None-Match answers 304 only when
    # they are the same), not the storage key, which says nothing about the bytes.
    try:
        file, etag = open_with_digest(media_store(current_app), key, digest)
    except MediaMissing:
        # The row outlived its file (a lost disk, a partial restore): the operator must know.
        log.error("photo %s: file %s is missing from the media store", photo.id, key)
        raise PhotoFileMissing() from None
    response = send_file(file, mimetype="image/jpeg", etag=etag, conditional=True, max_age=0)
    # A URL carrying the current version tag never changes content: cache it for good. Without
    # it, or after a redaction, the browser must ask again.
    if request.args.get("v") == photo.version_tag:
        response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
