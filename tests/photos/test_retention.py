"""`lykta retention`: photos of findings closed more than N months ago are deleted (their
routes answer 410 Gone with the error shape) or blurred entirely; the findings stay; dry runs
change nothing; every removal and every run is in the audit log."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from server.cli import main
from server.database import utcnow
from server.extensions import db
from server.findings.models import FindingEvent
from server.photos.models import Photo
from server.photos.storage import media_store
from tests.factories import at, photo, rectangle


@pytest.fixture
def closed(api, make_org, make_user, make_property):
    """Two findings fixed 25 months ago (one with a duplicate merged into it), one fixed last
    week, each with a photo."""
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property("Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    reporter, owner = make_user("reporter"), make_user("owner", vasbyhem)
    coordinator, admin = make_user("coordinator"), make_user("admin")

    def finding(x, months_ago, status="åtgärdad"):
        finding_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
        lat, lon = at(x, 10)
        body = {
            "category": "klotter",
            "lat": lat,
            "lon": lon,
            "captured_at": "2024-01-20T18:42:10+01:00",
            "photos": [photo_id],
        }
        assert api(reporter).put(f"/api/v1/findings/{finding_id}", json=body).status_code == 201
        assert (
            api(reporter)
            .put(
                f"/api/v1/findings/{finding_id}/photos/{photo_id}",
                data=photo("orientation_1.jpg"),
                content_type="image/jpeg",
            )
            .status_code
            == 201
        )
        if status:
            moved = api(owner).post(
                f"/api/v1/findings/{finding_id}/status", json={"status": status}
            )
            assert moved.status_code == 200
        return {"id": finding_id, "photo": photo_id, "months_ago": months_ago}

    old, older, recent = finding(10, 25), finding(20, 30), finding(30, 0)
    duplicate = finding(40, 25, status=None)
    merged = api(coordinator).post(
        f"/api/v1/findings/{duplicate['id']}/merge", json={"into": old["id"]}
    )
    assert merged.status_code == 200
    return {
        "old": old,
        "older": older,
        "recent": recent,
        "duplicate": duplicate,
        "reporter": reporter,
        "coordinator": coordinator,
        "admin": admin,
    }


def age(app, closed) -> None:
    """Move the history of the old findings back in time."""
    with app.app_context():
        for key in ("old", "older"):
            moment = utcnow() - timedelta(days=31 * closed[key]["months_ago"])
            db.session.execute(
                update(FindingEvent)
                .where(FindingEvent.finding_id == uuid.UUID(closed[key]["id"]))
                .values(at=moment)
            )
        db.session.commit()


def photo_url(closed, key, thumbnail=False):
    suffix = "/thumbnail" if thumbnail else ""
    return f"/api/v1/findings/{closed[key]['id']}/photos/{closed[key]['photo']}{suffix}"


def test_a_dry_run_lists_and_changes_nothing(app, api, closed):
    age(app, closed)
    result = app.test_cli_runner().invoke(main, ["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    listed = set(result.output.split()[:3])
    assert listed == {closed[key]["photo"] for key in ("old", "older", "duplicate")}
    assert "Would delete 3 photos of 3 findings closed before" in result.output
    coordinator = api(closed["coordinator"])
    for key in ("old", "older", "recent", "duplicate"):
        assert coordinator.get(photo_url(closed, key)).status_code == 200
    audit = api(closed["admin"]).get("/api/v1/admin/audit?action=retention.run").json
    assert audit["items"] == []


def test_deletion_leaves_the_findings_and_answers_410(app, api, closed):
    age(app, closed)
    with app.app_context():
        old_keys = {
            key
            for row in db.session.execute(select(Photo.storage_key, Photo.thumbnail_key))
            for key in row
        }
    result = app.test_cli_runner().invoke(main, ["retention"])
    assert result.exit_code == 0, result.output
    assert "Deleted 3 photos of 3 findings closed before" in result.output

    coordinator = api(closed["coordinator"])
    for key in ("old", "older", "duplicate"):
        for thumbnail in (False, True):
            response = coordinator.get(photo_url(closed, key, thumbnail))
            assert response.status_code == 410
            assert response.json == {
                "code": "gone",
                "message": "Bilden har tagits bort enligt gallringsreglerna.",
            }
        finding = coordinator.get(f"/api/v1/findings/{closed[key]['id']}")
        assert finding.status_code == 200  # the finding is kept
        assert (finding.json["photos"], finding.json["photos_removed"]) == ([], 1)
        history = coordinator.get(f"/api/v1/findings/{closed[key]['id']}/events").json
        assert any(
            e["kind"] == "retention" and e["finding_id"] == closed[key]["id"] for e in history
        )
    assert coordinator.get(photo_url(closed, "recent")).status_code == 200
    # The reporter's phone learns it too: the finding changed, and the photo is gone.
    synced = api(closed["reporter"]).get("/api/v1/sync").json["findings"]
    assert {item["id"]: item["photos_removed"] for item in synced}[closed["old"]["id"]] == 1

    store = media_store(app)
    with app.app_context():
        rows = {row.id: row for row in db.session.scalars(select(Photo))}
        removed = [rows[uuid.UUID(closed[key]["photo"])] for key in ("old", "older", "duplicate")]
        assert {row.retention for row in removed} == {"deleted"}
        assert all(row.retention_at is not None for row in removed)
        recent = rows[uuid.UUID(closed["recent"]["photo"])]
    gone = {key for row in removed for key in (row.storage_key, row.thumbnail_key)}
    assert gone <= old_keys and not any(store.exists(key) for key in gone)
    assert store.exists(recent.storage_key)

    audit = api(closed["admin"]).get("/api/v1/admin/audit?action=photo.").json["items"]
    deleted = [a for a in audit if a["action"] == "photo.deleted"]
    assert {a["object_id"] for a in deleted} == {str(row.id) for row in removed}
    assert all(a["actor"] is None and a["data"]["reason"] == "retention" for a in deleted)
    (run,) = api(closed["admin"]).get("/api/v1/admin/audit?action=retention.run").json["items"]
    assert run["data"]["photos"] == 3 and run["data"]["mode"] == "delete"

    again = app.test_cli_runner().invoke(main, ["retention"])
    assert "Deleted 0 photos" in again.output
    # The media cleanup does not report the deleted files as missing.
    cleanup = app.test_cli_runner().invoke(main, ["media", "cleanup", "--older-than-minutes", "0"])
    assert "Missing" not in cleanup.output


def test_blurring_instead_keeps_a_blurred_photo(app, api, closed, make_app):
    age(app, closed)
    coordinator = api(closed["coordinator"])
    before = coordinator.get(f"/api/v1/findings/{closed['old']['id']}").json["photos"][0]
    blurring = make_app(LYKTA_RETENTION_PHOTO_MODE="blur", LYKTA_RETENTION_PHOTO_MONTHS=24)
    result = blurring.test_cli_runner().invoke(main, ["retention"])
    assert result.exit_code == 0, result.output
    assert "Blurred 3 photos" in result.output
    after = coordinator.get(f"/api/v1/findings/{closed['old']['id']}").json["photos"][0]
    assert after["url"] != before["url"] and after["redacted"] is True
    assert coordinator.get(after["url"]).status_code == 200
    # Longer retention: nothing is old enough.
    none = app.test_cli_runner().invoke(main, ["retention", "--months", "36", "--dry-run"])
    assert "Would delete 0 photos" in none.output
