"""Redaction: a coordinator marks rectangles (faces, number plates) on a photo; the served
display image and thumbnail are replaced by a strongly blurred version under new URLs, the
unblurred bytes are deleted from the media store, and the event is logged in the history and
the audit log."""

import uuid
from io import BytesIO

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import select

from server.extensions import db
from server.photos.models import Photo
from server.photos.storage import media_store
from tests.factories import at, photo, rectangle
from tests.photos.jpeg import assert_pixels_only

FACE = {"x": 300, "y": 200, "width": 240, "height": 300}
PLATE = {"x": 900, "y": 700, "width": 320, "height": 90}
MARGIN = 16  # JPEG works in 8x8 (16x16 with subsampling) blocks: a re-encode touches the edge


@pytest.fixture
def shot(api, make_org, make_user, make_property):
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property("Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    reporter = make_user("reporter")
    finding_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
    lat, lon = at(10, 10)
    body = {
        "category": "belysning",
        "lat": lat,
        "lon": lon,
        "captured_at": "2026-11-20T18:42:10+01:00",
        "photos": [photo_id],
    }
    assert api(reporter).put(f"/api/v1/findings/{finding_id}", json=body).status_code == 201
    uploaded = api(reporter).put(
        f"/api/v1/findings/{finding_id}/photos/{photo_id}",
        data=photo("jolla_phone.jpg"),
        content_type="image/jpeg",
    )
    assert uploaded.status_code == 201
    return {
        "finding": finding_id,
        "photo": photo_id,
        "reporter": reporter,
        "owner": make_user("owner", vasbyhem),
        "other_owner": make_user("owner", make_org("Brf Messingen")),
        "coordinator": make_user("coordinator"),
        "admin": make_user("admin"),
    }


def pixels(data: bytes) -> np.ndarray:
    with Image.open(BytesIO(data)) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def keys(app, photo_id) -> tuple[str, str]:
    with app.app_context():
        stored = db.session.get(Photo, uuid.UUID(photo_id))
        return stored.storage_key, stored.thumbnail_key


def test_the_rectangles_are_blurred_and_the_unblurred_bytes_are_gone(app, api, shot):
    coordinator = api(shot["coordinator"])
    before = coordinator.get(f"/api/v1/findings/{shot['finding']}").json["photos"][0]
    assert (before["width"], before["height"]) == (2048, 1536)
    old_display = coordinator.get(before["url"]).data
    old_thumbnail = coordinator.get(before["thumbnail_url"]).data
    old_keys = keys(app, shot["photo"])

    response = coordinator.post(
        f"/api/v1/findings/{shot['finding']}/photos/{shot['photo']}/redact",
        json={"rectangles": [FACE, PLATE], "comment": "Ansikte och registreringsskylt"},
    )
    assert response.status_code == 200, response.json
    assert response.json["redacted"] is True
    assert response.json["redactions"] == [FACE, PLATE]
    after = coordinator.get(f"/api/v1/findings/{shot['finding']}").json["photos"][0]
    assert after["url"] != before["url"] and after["thumbnail_url"] != before["thumbnail_url"]
    assert after["redacted"] is True

    # The original bytes are gone from the media store, and nothing serves them.
    store = media_store(app)
    assert not any(store.exists(key) for key in old_keys)
    assert all(store.exists(key) for key in keys(app, shot["photo"]))
    files = [path.read_bytes() for path in _media(app)]
    assert old_display not in files and old_thumbnail not in files
    stale = coordinator.get(before["url"])  # the old URL: the new image, and no caching of it
    assert stale.data != old_display
    assert stale.headers["Cache-Control"] == "private, no-cache"
    new_display = coordinator.get(after["url"]).data
    assert coordinator.get(after["url"]).headers["Cache-Control"].endswith("immutable")
    assert_pixels_only(new_display)

    # The served photo differs from the old one inside the rectangles only.
    old, new = pixels(old_display), pixels(new_display)
    assert old.shape == new.shape
    inside = np.zeros(old.shape[:2], dtype=bool)
    near = np.zeros(old.shape[:2], dtype=bool)
    for box in (FACE, PLATE):
        x, y, w, h = box["x"], box["y"], box["width"], box["height"]
        inside[y : y + h, x : x + w] = True
        near[max(0, y - MARGIN) : y + h + MARGIN, max(0, x - MARGIN) : x + w + MARGIN] = True
    outside = ~near
    difference = np.abs(old - new)
    assert difference[outside].mean() < 1.5  # JPEG re-encoding only
    assert np.percentile(difference[outside], 99.9) < 25
    for box in (FACE, PLATE):
        x, y, w, h = box["x"], box["y"], box["width"], box["height"]
        region_old, region_new = old[y : y + h, x : x + w], new[y : y + h, x : x + w]
        assert np.abs(region_old - region_new).mean() > 4  # it changed
        # ... into something without detail: neighbouring pixels hardly differ any more.
        assert _detail(region_new) < _detail(region_old) / 3
        assert _detail(region_new) < 1.5
    # The thumbnail was made anew from the blurred image.
    new_thumbnail = coordinator.get(after["thumbnail_url"]).data
    assert new_thumbnail != old_thumbnail
    with Image.open(BytesIO(new_thumbnail)) as thumbnail:
        assert max(thumbnail.size) == 400

    # Logged: the history (for everyone who sees the finding) and the audit log.
    history = api(shot["reporter"]).get(f"/api/v1/findings/{shot['finding']}/events").json
    (event,) = [e for e in history if e["kind"] == "redacted"]
    assert event["to_value"] == shot["photo"]
    assert event["data"] == {"photo": shot["photo"], "rectangles": 2}
    audit = api(shot["admin"]).get("/api/v1/admin/audit?action=finding.redacted").json["items"]
    assert [(a["actor"]["id"], a["finding_id"], a["data"]["to"]) for a in audit] == [
        (shot["coordinator"].id, shot["finding"], shot["photo"])
    ]


def _detail(region: np.ndarray) -> float:
    """Mean absolute difference between horizontally neighbouring pixels."""
    return float(np.abs(np.diff(region, axis=1)).mean())


def _media(app):
    from pathlib import Path

    return [path for path in Path(app.config["LYKTA_MEDIA_DIR"]).rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    "rectangle",
    [
        {"x": 1900, "y": 0, "width": 200, "height": 100},  # past the right edge (2048)
        {"x": 0, "y": 1500, "width": 50, "height": 50},  # past the bottom (1536)
        {"x": 10, "y": 10, "width": 2, "height": 50},  # too thin to hide anything
        {"x": -5, "y": 10, "width": 50, "height": 50},
        {"x": 10, "y": 10, "width": 50},
    ],
)
def test_rectangles_are_checked_against_the_display_image(app, api, shot, rectangle):
    keys_before = keys(app, shot["photo"])
    response = api(shot["coordinator"]).post(
        f"/api/v1/findings/{shot['finding']}/photos/{shot['photo']}/redact",
        json={"rectangles": [rectangle]},
    )
    assert response.status_code == 422, response.json
    assert "rectangles" in response.json["errors"]
    assert keys(app, shot["photo"]) == keys_before


def test_only_coordinators_redact(app, api, shot):
    url = f"/api/v1/findings/{shot['finding']}/photos/{shot['photo']}/redact"
    for who in ("reporter", "owner", "other_owner"):
        assert api(shot[who]).post(url, json={"rectangles": [FACE]}).status_code == 403
    assert api(shot["admin"]).post(url, json={"rectangles": [FACE]}).status_code == 200
    nobody = f"/api/v1/findings/{shot['finding']}/photos/{uuid.uuid4()}/redact"
    assert api(shot["coordinator"]).post(nobody, json={"rectangles": [FACE]}).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Photo.redactions)) == [FACE]
