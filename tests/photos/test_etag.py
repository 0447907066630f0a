"""A served photo's ETag is the SHA-256 of the bytes served (issue 12, item 12): strong, the
same for the same bytes, changed by everything that changes them (redaction, retention's blur),
and never the storage key. Photos stored before the hashes were kept get it too."""

import hashlib
import uuid

from sqlalchemy import update

from server.cli import main
from server.extensions import db
from server.photos.models import Photo
from tests.factories import photo
from tests.photos.test_api import new_finding, upload
from tests.photos.test_redaction import FACE, shot  # noqa: F401 - fixture
from tests.photos.test_retention import age, closed, photo_url  # noqa: F401 - fixture

OTHER_ETAG = f'"{"0" * 64}"'


def etag_of(data: bytes) -> str:
    return f'"{hashlib.sha256(data).hexdigest()}"'


def served_urls(client, finding_id: str) -> list[str]:
    (listed,) = client.get(f"/api/v1/findings/{finding_id}").json["photos"]
    return [listed["url"], listed["thumbnail_url"]]


def assert_tagged_by_content(client, url: str) -> str:
    """The ETag of what the URL serves is the hash of those bytes, and If-None-Match with it
    answers 304 (and with another one, the photo)."""
    served = client.get(url)
    assert served.status_code == 200
    assert served.headers["ETag"] == etag_of(served.data)
    unchanged = client.get(url, headers={"If-None-Match": served.headers["ETag"]})
    assert (unchanged.status_code, unchanged.data) == (304, b"")
    assert client.get(url, headers={"If-None-Match": OTHER_ETAG}).data == served.data
    return served.headers["ETag"]


def test_the_etag_is_the_hash_of_the_bytes_served(app, api, make_user):
    reporter = make_user("reporter")
    finding_id, (photo_id,) = new_finding(api, reporter)
    assert (
        upload(api, reporter, finding_id, photo_id, photo("orientation_1.jpg")).status_code == 201
    )
    client = api(reporter)
    display, thumbnail = (
        assert_tagged_by_content(client, url) for url in served_urls(client, finding_id)
    )
    assert display != thumbnail
    with app.app_context():
        stored = db.session.get(Photo, uuid.UUID(photo_id))
        keys = (stored.storage_key, stored.thumbnail_key)
    assert not any(key in etag for key in keys for etag in (display, thumbnail))


def test_a_photo_stored_before_the_hashes_were_kept_is_tagged_by_its_bytes(app, api, make_user):
    reporter = make_user("reporter")
    finding_id, (photo_id,) = new_finding(api, reporter)
    assert (
        upload(api, reporter, finding_id, photo_id, photo("orientation_1.jpg")).status_code == 201
    )
    client = api(reporter)
    before = [assert_tagged_by_content(client, url) for url in served_urls(client, finding_id)]
    with app.app_context():  # as the migration left the photos stored before it
        db.session.execute(update(Photo).values(display_sha256=None, thumbnail_sha256=None))
        db.session.commit()
    after = [assert_tagged_by_content(client, url) for url in served_urls(client, finding_id)]
    assert after == before


def test_a_redaction_changes_the_etag(api, shot):  # noqa: F811
    coordinator = api(shot["coordinator"])
    before = [
        assert_tagged_by_content(coordinator, url)
        for url in served_urls(coordinator, shot["finding"])
    ]
    redacted = coordinator.post(
        f"/api/v1/findings/{shot['finding']}/photos/{shot['photo']}/redact",
        json={"rectangles": [FACE]},
    )
    assert redacted.status_code == 200, redacted.json
    after = [
        assert_tagged_by_content(coordinator, url)
        for url in served_urls(coordinator, shot["finding"])
    ]
    assert after[0] != before[0] and after[1] != before[1]
    # A browser holding the unblurred image asks with its ETag: it gets the blurred one.
    for url, old_etag in zip(served_urls(coordinator, shot["finding"]), before, strict=True):
        again = coordinator.get(url.split("?")[0], headers={"If-None-Match": old_etag})
        assert again.status_code == 200 and again.headers["ETag"] == etag_of(again.data)


def test_retention_s_blur_changes_the_etag(app, api, closed, make_app):  # noqa: F811
    age(app, closed)
    coordinator = api(closed["coordinator"])
    urls = [photo_url(closed, "old"), photo_url(closed, "old", thumbnail=True)]
    before = [assert_tagged_by_content(coordinator, url) for url in urls]
    blurring = make_app(LYKTA_RETENTION_PHOTO_MODE="blur", LYKTA_RETENTION_PHOTO_MONTHS=24)
    result = blurring.test_cli_runner().invoke(main, ["retention"])
    assert result.exit_code == 0, result.output
    for url, old_etag in zip(urls, before, strict=True):
        again = coordinator.get(url, headers={"If-None-Match": old_etag})
        assert again.status_code == 200
        assert again.headers["ETag"] == etag_of(again.data) != old_etag
        assert_tagged_by_content(coordinator, url)
