"""Merging a duplicate into its original: status 'dubblett' with duplicate_of; its photos and
history are kept and shown with the original to those who act on it; its reporter is told
through the sync; chains are flattened; impossible merges are refused."""

import uuid

import pytest

from tests.factories import photo


@pytest.fixture
def pair(api, people, report, make_user):
    """The original (reported first) and a duplicate with a photo, by another reporter."""
    original = report(people["reporter"], note="Lampen är trasig")
    second_reporter = make_user("reporter")
    photo_id = str(uuid.uuid4())
    duplicate = report(second_reporter, x=14, y=12, note="Mörkt vid porten", photos=[photo_id])
    uploaded = api(second_reporter).put(
        f"/api/v1/findings/{duplicate['id']}/photos/{photo_id}",
        data=photo("jolla_phone.jpg"),
        content_type="image/jpeg",
    )
    assert uploaded.status_code == 201
    return {
        "original": original,
        "duplicate": duplicate,
        "photo": photo_id,
        "second_reporter": second_reporter,
        **people,
    }


def merge(api, user, duplicate, original, comment="Samma lampa"):
    return api(user).post(
        f"/api/v1/findings/{duplicate['id']}/merge",
        json={"into": original["id"], "comment": comment},
    )


def test_merge_keeps_photos_and_history_with_the_original(api, pair):
    coordinator, owner = pair["coordinator"], pair["owner"]
    original, duplicate = pair["original"], pair["duplicate"]
    cursor = api(pair["second_reporter"]).get("/api/v1/sync").json["cursor"]

    merged = merge(api, coordinator, duplicate, original)
    assert merged.status_code == 200, merged.json
    assert merged.json["status"] == "dubblett"
    assert merged.json["duplicate_of"] == {"id": original["id"], "status": "skickad"}
    assert merged.json["status_reason"] == "Samma lampa"
    assert merged.json["transitions"] == []

    # The duplicate's reporter is told through the sync: status and what it duplicates.
    changed = api(pair["second_reporter"]).get(f"/api/v1/sync?cursor={cursor}").json
    (synced,) = [item for item in changed["findings"] if item["id"] == duplicate["id"]]
    assert synced["status"] == "dubblett"
    assert synced["duplicate_of"]["id"] == original["id"]
    assert synced["photos"][0]["id"] == pair["photo"]  # their own photo stays theirs

    for user in (coordinator, owner):
        shown = api(user).get(f"/api/v1/findings/{original['id']}").json
        (entry,) = shown["duplicates"]
        assert entry["id"] == duplicate["id"]
        assert entry["note"] == "Mörkt vid porten"
        (merged_photo,) = entry["photos"]
        assert merged_photo["id"] == pair["photo"]
        assert merged_photo["url"].startswith(f"/api/v1/findings/{original['id']}/photos/")
        image = api(user).get(merged_photo["url"])
        assert image.status_code == 200
        assert image.mimetype == "image/jpeg"
        assert api(user).get(merged_photo["thumbnail_url"]).status_code == 200
        history = api(user).get(f"/api/v1/findings/{original['id']}/events").json
        assert {event["finding_id"] for event in history} == {original["id"], duplicate["id"]}
        (event,) = [e for e in history if e["kind"] == "merged"]
        assert event["to_value"] == duplicate["id"]
        assert event["data"]["photos"] == 1
        assert any(
            e["finding_id"] == duplicate["id"] and e["to_value"] == "dubblett" for e in history
        )

    # The original's reporter sees their finding, not the other reporter's material.
    reporter = pair["reporter"]
    own = api(reporter).get(f"/api/v1/findings/{original['id']}").json
    assert own["duplicates"] == []
    assert (
        api(reporter).get(f"/api/v1/findings/{original['id']}/photos/{pair['photo']}").status_code
        == 404
    )
    events = api(reporter).get(f"/api/v1/findings/{original['id']}/events").json
    assert {event["finding_id"] for event in events} == {original["id"]}
    # ... and another organisation's owner sees neither.
    other = pair["other_owner"]
    assert (
        api(other).get(f"/api/v1/findings/{original['id']}/photos/{pair['photo']}").status_code
        == 404
    )


def test_the_duplicate_s_reporter_follows_the_original_s_status(api, pair):
    merge(api, pair["coordinator"], pair["duplicate"], pair["original"])
    reporter = pair["second_reporter"]
    cursor = api(reporter).get("/api/v1/sync").json["cursor"]
    moved = api(pair["owner"]).post(
        f"/api/v1/findings/{pair['original']['id']}/status", json={"status": "åtgärdad"}
    )
    assert moved.status_code == 200
    changed = api(reporter).get(f"/api/v1/sync?cursor={cursor}").json["findings"]
    assert [item["duplicate_of"]["status"] for item in changed] == ["åtgärdad"]


def test_chains_are_flattened_and_impossible_merges_refused(api, pair, report):
    coordinator, original, duplicate = pair["coordinator"], pair["original"], pair["duplicate"]
    third = report(pair["reporter"], x=16, y=12)
    assert merge(api, coordinator, third, duplicate).status_code == 200
    assert merge(api, coordinator, duplicate, original).status_code == 200
    shown = api(coordinator).get(f"/api/v1/findings/{third['id']}").json
    assert shown["duplicate_of"]["id"] == original["id"]
    duplicates = api(coordinator).get(f"/api/v1/findings/{original['id']}").json["duplicates"]
    assert {item["id"] for item in duplicates} == {duplicate["id"], third["id"]}

    into_duplicate = merge(api, coordinator, report(pair["reporter"], x=20, y=20), duplicate)
    assert into_duplicate.status_code == 422
    assert "duplicate_of" in into_duplicate.json["errors"]
    itself = merge(api, coordinator, original, original)
    assert itself.status_code == 422
    unknown = api(coordinator).post(
        f"/api/v1/findings/{original['id']}/merge", json={"into": str(uuid.uuid4())}
    )
    assert unknown.status_code == 422
    again = merge(api, coordinator, duplicate, original)
    assert again.status_code == 200  # the same merge again changes nothing
    assert merge(api, pair["owner"], original, third).status_code == 403


def test_merging_cancels_the_duplicate_s_unsent_emails(app, api, pair):
    from sqlalchemy import select

    from server.extensions import db
    from server.notify.models import Notification

    merge(api, pair["coordinator"], pair["duplicate"], pair["original"])
    with app.app_context():
        rows = db.session.scalars(
            select(Notification).where(
                Notification.finding_id == uuid.UUID(pair["duplicate"]["id"])
            )
        ).all()
        assert rows and all(row.status in ("cancelled", "failed") for row in rows)
