"""How a photo is shown through the API."""

from server.photos.models import Photo


def present(photo: Photo) -> dict:
    return {
        "id": photo.id,
        "finding_id": photo.finding_id,
        "url": photo.url,
        "thumbnail_url": photo.thumbnail_url,
        "width": photo.width,
        "height": photo.height,
        "kind": photo.kind,
        "sha256": photo.sha256,
        "taken_at": photo.taken_at,
        "redacted": photo.redacted_at is not None,
        "redactions": photo.redactions,
    }
