"""Photos through the API, from real phones and cameras: every file of the shared test data is
uploaded, comes back upright, clean and where its GPS says; broken files get a 4xx."""

import hashlib
import uuid
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, select

from server.cli import main
from server.extensions import db
from server.photos import storage
from server.photos.models import Photo
from tests.factories import MANIFEST, PHOTOS, finding_body, photo
from tests.findings.test_concurrency import at_once
from tests.live_server import http
from tests.photos.jpeg import assert_pixels_only
from tests.photos.test_pipeline import SAME_PICTURE, difference, opened

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".heic": "image/heic",
    ".heif": "image/heif",
}


def content_type(name: str) -> str:
    return CONTENT_TYPES[name[name.rindex(".") :]]


def new_finding(api, user, photos=1, **fields) -> tuple[str, list[str]]:
    """A finding announcing `photos` photos; its id and the photo ids."""
    finding_id, photo_ids = str(uuid.uuid4()), [str(uuid.uuid4()) for _ in range(photos)]
    body = finding_body(photos=photo_ids, **fields)
    response = api(user).put(f"/api/v1/findings/{finding_id}", json=body)
    assert response.status_code == 201, response.json
    return finding_id, photo_ids


def upload(api, user, finding_id, photo_id, data, mimetype="image/jpeg"):
    return api(user).put(
        f"/api/v1/findings/{finding_id}/photos/{photo_id}", data=data, content_type=mimetype
    )


def media_files(database) -> list:
    return [path for path in database.media_dir.rglob("*") if path.is_file()]


@pytest.mark.parametrize("row", MANIFEST, ids=lambda row: row["file"])
def test_every_real_photo_arrives_clean_and_placed_by_its_gps(api, make_user, row):
    reporter = make_user("reporter")
    # Picked from the gallery: no position from the phone, so the photo's GPS is used.
    finding_id, (photo_id,) = new_finding(api, reporter, lat=None, lon=None, accuracy_m=None)
    response = upload(
        api, reporter, finding_id, photo_id, photo(row["file"]), content_type(row["file"])
    )
    assert response.status_code == 201, response.json
    assert response.json["sha256"] == hashlib.sha256(photo(row["file"])).hexdigest()

    finding = api(reporter).get(f"/api/v1/findings/{finding_id}").json
    assert finding["complete"] is True
    if row["has_gps"] == "True":
        assert finding["lat"] == pytest.approx(float(row["lat"]), abs=1e-5)
        assert finding["lon"] == pytest.approx(float(row["lon"]), abs=1e-5)
        assert finding["location_source"] == "photo"
    else:
        assert finding["lat"] is None

    (listed,) = finding["photos"]
    for url, long_edge in ((listed["url"], 2048), (listed["thumbnail_url"], 400)):
        served = api(reporter).get(url)
        assert served.status_code == 200
        assert served.mimetype == "image/jpeg"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert_pixels_only(served.data)
        assert max(opened(served.data).size) <= long_edge
    assert opened(api(reporter).get(listed["url"]).data).size == (listed["width"], listed["height"])


def test_every_orientation_is_served_upright(api, make_user):
    reporter = make_user("reporter")
    served = {}
    for orientation in range(1, 9):
        finding_id, (photo_id,) = new_finding(api, reporter)
        name = f"orientation_{orientation}.jpg"
        assert upload(api, reporter, finding_id, photo_id, photo(name)).status_code == 201
        url = api(reporter).get(f"/api/v1/findings/{finding_id}").json["photos"][0]["url"]
        served[orientation] = opened(api(reporter).get(url).data)
    for orientation in range(2, 9):
        assert difference(served[orientation], served[1]) < SAME_PICTURE, orientation
    # The comparison would see a mistake: a quarter turn is far from upright.
    turned = served[1].transpose(Image.Transpose.ROTATE_90)
    assert difference(turned.resize(served[1].size), served[1]) > SAME_PICTURE


BROKEN = [
    ("empty", b"", "image/jpeg", 422),
    ("random bytes", bytes(range(256)) * 40, "image/jpeg", 422),
    ("truncated JPEG", photo("jolla_phone.jpg")[:60_000], "image/jpeg", 422),
    ("PNG header and garbage", b"\x89PNG\r\n\x1a\n" + b"garbage" * 100, "image/png", 422),
    (
        "SVG",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
        415,
    ),
    ("GIF", b"GIF89a" + bytes(100), "image/gif", 415),
    ("no type", photo("orientation_1.jpg"), "application/octet-stream", 415),
]


@pytest.mark.parametrize(("what", "data", "mimetype", "status"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_files_get_a_4xx_and_leave_nothing(
    api, database, make_user, what, data, mimetype, status
):
    reporter = make_user("reporter")
    finding_id, (photo_id,) = new_finding(api, reporter)
    response = upload(api, reporter, finding_id, photo_id, data, mimetype)
    assert response.status_code == status
    assert set(response.json) >= {"code", "message"}
    assert api(reporter).get(f"/api/v1/findings/{finding_id}").json["complete"] is False
    assert media_files(database) == []


def test_the_same_bytes_again_are_a_replay_and_other_bytes_a_conflict(
    app, api, database, make_user
):
    reporter = make_user("reporter")
    finding_id, (photo_id,) = new_finding(api, reporter)
    first = upload(api, reporter, finding_id, photo_id, photo("orientation_1.jpg"))
    again = upload(api, reporter, finding_id, photo_id, photo("orientation_1.jpg"))
    other = upload(api, reporter, finding_id, photo_id, photo("orientation_2.jpg"))
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert again.json == first.json
    assert len(media_files(database)) == 2  # display and thumbnail, once
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Photo)) == 1


def test_a_photo_not_announced_with_the_finding_is_refused(api, make_user):
    reporter = make_user("reporter")
    finding_id, _ = new_finding(api, reporter)
    response = upload(api, reporter, finding_id, uuid.uuid4(), photo("orientation_1.jpg"))
    assert response.status_code == 422
    assert response.json["errors"] == {
        "photo": ["Fotot anmäldes inte tillsammans med iakttagelsen."]
    }


def test_too_large_uploads_get_413(make_app, make_user, api):
    small = make_app(MAX_CONTENT_LENGTH=100_000)
    reporter = make_user("reporter")
    finding_id, (photo_id,) = new_finding(api, reporter)
    response = small.test_client().put(
        f"/api/v1/findings/{finding_id}/photos/{photo_id}",
        data=photo("jolla_phone.jpg"),
        content_type="image/jpeg",
        headers={"Authorization": f"Bearer {reporter.token}"},
    )
    assert response.status_code == 413
    assert response.json["code"] == "payload_too_large"


def test_only_the_reporter_adds_photos_and_strangers_see_nothing(api, assign, make_org, make_user):
    reporter, stranger, coordinator = (
        make_user("reporter"),
        make_user("reporter"),
        make_user("coordinator"),
    )
    housing = make_org("Väsbyhem")
    owner, other_owner = make_user("owner", housing), make_user("owner")
    finding_id, (photo_id,) = new_finding(api, reporter)
    assert (
        upload(api, stranger, finding_id, photo_id, photo("orientation_1.jpg")).status_code == 404
    )
    assert (
        upload(api, coordinator, finding_id, photo_id, photo("orientation_1.jpg")).status_code
        == 403
    )
    assert (
        upload(api, reporter, finding_id, photo_id, photo("orientation_1.jpg")).status_code == 201
    )
    assign({"id": finding_id}, housing)
    url = f"/api/v1/findings/{finding_id}/photos/{photo_id}"
    for user, status in (
        (reporter, 200),
        (coordinator, 200),
        (owner, 200),
        (stranger, 404),
        (other_owner, 404),
    ):
        assert api(user).get(url).status_code == status, user.role
        assert api(user).get(f"{url}/thumbnail").status_code == status, user.role


def test_cache_headers_follow_the_version_in_the_url(api, make_user):
    reporter = make_user("reporter")
    finding_id, (photo_id,) = new_finding(api, reporter)
    upload(api, reporter, finding_id, photo_id, photo("orientation_1.jpg"))
    listed = api(reporter).get(f"/api/v1/findings/{finding_id}").json["photos"][0]
    versioned = api(reporter).get(listed["url"])
    assert versioned.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    bare = api(reporter).get(listed["url"].split("?")[0])
    assert bare.headers["Cache-Control"] == "private, no-cache"
    unchanged = api(reporter).get(
        listed["url"], headers={"If-None-Match": versioned.headers["ETag"]}
    )
    assert unchanged.status_code == 304


def test_a_photo_whose_file_was_lost_answers_404_and_the_finding_still_opens(
    api, database, make_user, caplog
):
    reporter = make_user("reporter")
    finding_id, (photo_id,) = new_finding(api, reporter)
    upload(api, reporter, finding_id, photo_id, photo("orientation_1.jpg"))
    for path in media_files(database):  # a lost disk, a partial restore
        path.unlink()
    client = api(reporter)
    finding = client.get(f"/api/v1/findings/{finding_id}")
    assert finding.status_code == 200
    for url in served_urls(finding.json):
        lost = client.get(url)
        assert lost.status_code == 404
        assert lost.json["code"] == "photo_file_missing"
        assert (
            lost.json["message"] == "Bildfilen saknas på servern. Administratören ser det i loggen."
        )
    assert f"photo {photo_id}: file" in caplog.text


def served_urls(finding: dict) -> list[str]:
    (listed,) = finding["photos"]
    return [listed["url"], listed["thumbnail_url"]]


def test_an_upload_cut_short_leaves_no_row_and_cleanup_removes_its_file(
    app, api, database, make_user, monkeypatch
):
    reporter = make_user("reporter")
    finding_id, (photo_id,) = new_finding(api, reporter)
    original_put = storage.FileSystemStore.put
    writes = []

    def crash_on_second_file(self, key, data):
        writes.append(key)
        if len(writes) == 2:
            raise OSError("disk full")
        original_put(self, key, data)

    monkeypatch.setattr(storage.FileSystemStore, "put", crash_on_second_file)
    assert (
        upload(api, reporter, finding_id, photo_id, photo("orientation_1.jpg")).status_code == 500
    )
    monkeypatch.setattr(storage.FileSystemStore, "put", original_put)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Photo)) == 0
    assert len(media_files(database)) == 1  # the display file, which nothing refers to

    result = app.test_cli_runner().invoke(main, ["media", "cleanup", "--older-than-minutes", "0"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 unreferenced files." in result.output
    assert media_files(database) == []
    # The phone retries, and this time it works.
    assert (
        upload(api, reporter, finding_id, photo_id, photo("orientation_1.jpg")).status_code == 201
    )
    assert api(reporter).get(f"/api/v1/findings/{finding_id}").json["complete"] is True


def test_cleanup_leaves_young_files_and_referenced_files_alone(app, api, database, make_user):
    reporter = make_user("reporter")
    finding_id, (photo_id,) = new_finding(api, reporter)
    upload(api, reporter, finding_id, photo_id, photo("orientation_1.jpg"))
    with app.app_context():
        storage.media_store(app).put(storage.new_key(), b"an upload in progress")
    result = app.test_cli_runner().invoke(main, ["media", "cleanup"])
    assert "Removed 0 unreferenced files." in result.output
    assert len(media_files(database)) == 3


def test_the_same_photo_sent_at_once_is_stored_once(app, live_server, database, make_user):
    reporter = make_user("reporter")
    finding_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
    base = f"{live_server.url}/api/v1/findings/{finding_id}"
    status, _ = http("PUT", base, token=reporter.token, json_body=finding_body(photos=[photo_id]))
    assert status == 201
    data = photo("jolla_phone.jpg")
    results = at_once(
        6,
        lambda: http(
            "PUT",
            f"{base}/photos/{photo_id}",
            token=reporter.token,
            data=data,
            content_type="image/jpeg",
        ),
    )
    assert sorted(status for status, _ in results) == [200] * 5 + [201], live_server.log_text()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Photo)) == 1
    assert len(media_files(database)) == 2


def test_a_picture_from_the_pipeline_is_smaller_than_the_upload(api, make_user):
    reporter = make_user("reporter")
    finding_id, (photo_id,) = new_finding(api, reporter)
    data = (PHOTOS / "hmd_nokia83_gps.jpg").read_bytes()
    upload(api, reporter, finding_id, photo_id, data)
    url = api(reporter).get(f"/api/v1/findings/{finding_id}").json["photos"][0]["url"]
    served = api(reporter).get(url).data
    assert len(served) < len(data)
    assert Image.open(BytesIO(served)).size[0] <= 2048
