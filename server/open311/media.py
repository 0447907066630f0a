"""Photos for Open311 clients: `media_url` of a request read with a key is a signed link a
client can fetch as it is, with no header and no cookie.

The link is /open311/v2/media/<token>.jpg. The token is signed with SECRET_KEY (itsdangerous,
HMAC-SHA256, a salt of its own) and names the photo and the credential (API key or session)
the request was read with. It works for MEDIA_SECONDS (an hour): long enough for a client to
show a list, short enough that a copied link soon stops working. At every fetch the credential
must still be live (not revoked or expired, its user active) and its user must still see the
photo (finding_scope, as the photo views check); the view is logged in the audit log as the
photo views log theirs. Tampered or unknown: 404; expired, or the photo removed: 410.
Without a key, requests carry no media_url at all.
"""

import hashlib
import uuid
from datetime import UTC, datetime

from flask import current_app, send_file
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from server.accounts.models import ApiToken
from server.audit import service as audit
from server.database import utcnow
from server.extensions import db
from server.open311.errors import Open311Error
from server.photos import service as photos
from server.photos.models import Photo
from server.photos.storage import MediaMissing, media_store, open_with_digest

MEDIA_SALT = "lykta.open311-media.v1"
MEDIA_SECONDS = 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"],
        salt=MEDIA_SALT,
        signer_kwargs={"digest_method": hashlib.sha256},
    )


def media_url(photo: Photo, credential: ApiToken) -> str:
    token = _serializer().dumps({"p": str(photo.id), "k": credential.id})
    base = current_app.config["LYKTA_BASE_URL"].rstrip("/")
    return f"{base}/open311/v2/media/{token}.jpg"


def _claim(token: str) -> tuple[uuid.UUID, int]:
    try:
        payload = _serializer().loads(token, max_age=MEDIA_SECONDS)
        return uuid.UUID(payload["p"]), int(payload["k"])
    except SignatureExpired:
        raise Open311Error(
            410, "This media link has expired: read the request again for a new one."
        ) from None
    except (BadData, UnicodeError, ValueError, TypeError, KeyError, AttributeError):
        raise Open311Error(404, "No such media.") from None


def _live(credential: ApiToken | None, now: datetime) -> bool:
    if credential is None or credential.revoked_at is not None or not credential.user.active:
        return False
    expires = credential.expires_at
    if expires is not None and expires.tzinfo is None:  # pragma: no cover - stored as UTC
        expires = expires.replace(tzinfo=UTC)
    return expires is None or expires > now


def viewed_photo(token: str) -> Photo:
    """The photo the link names, once its credential's user may still see it; logged."""
    photo_id, credential_id = _claim(token)
    credential = db.session.get(ApiToken, credential_id)
    if not _live(credential, utcnow()):
        raise Open311Error(404, "No such media.")
    photo = db.session.get(Photo, photo_id)
    if photo is None:
        raise Open311Error(404, "No such media.")
    photos.visible_photo(credential.user, photo.finding_id, photo.id)  # 404 when not any more
    if photo.removed:
        raise Open311Error(410, "The photo has been removed.")
    audit.record_view(photo, "open311", viewer=credential.user)
    return photo


def send(photo: Photo):
    """The display JPEG (at most 2048 px, metadata stripped, redactions applied)."""
    key, digest = photo.storage_key, photo.display_sha256
    db.session.commit()  # end the transaction (and keep the audit row) before streaming
    try:
        file, etag = open_with_digest(media_store(current_app), key, digest)
    except MediaMissing:
        current_app.logger.error("photo %s: file %s is missing from the media store", photo.id, key)
        raise Open311Error(404, "No such media.") from None
    response = send_file(file, mimetype="image/jpeg", etag=etag, conditional=True, max_age=0)
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
