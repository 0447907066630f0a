"""'Samma sak' (issue 16, item 6): a reporter who finds their finding already reported nearby
sees its note and photo when they may read it, and adds their photo to it; someone who may not
read it marks their new finding as the same, for the coordinator's triage queue."""

import uuid

import pytest

from tests.factories import photo

NEARBY = "/api/v1/findings/nearby?lat=59.5186&lon=17.9119&category=belysning"


@pytest.fixture
def lamp(api, make_user, make_walk, make_finding, assign, make_org):
    """A walker's finding with a photo on a walk, about 11 m north; a fellow walker, someone
    outside the walk, and the owner it was sent to."""
    walker, fellow = make_user("reporter"), make_user("reporter")
    walk_id = make_walk(participants=[walker, fellow])
    photo_id = str(uuid.uuid4())
    finding = make_finding(
        walker,
        lat=59.51870,
        lon=17.91190,
        walk_id=walk_id,
        photos=[photo_id],
        note="Lampan vid porten är släckt",
    )
    sent = api(walker).put(
        f"/api/v1/findings/{finding['id']}/photos/{photo_id}",
        data=photo("jolla_phone.jpg"),
        content_type="image/jpeg",
    )
    assert sent.status_code == 201
    housing = make_org("Väsbyhem")
    assign(finding, housing, status="skickad")
    return {
        "finding": finding,
        "walker": walker,
        "fellow": fellow,
        "outsider": make_user("reporter"),
        "owner": make_user("owner", housing),
        "coordinator": make_user("coordinator"),
    }


def add_photo(client, finding_id: str, photo_id: str, name: str = "jolla_phone.jpg"):
    return client.put(
        f"/api/v1/findings/{finding_id}/photos/{photo_id}?kind=added",
        data=photo(name),
        content_type="image/jpeg",
    )


def test_a_fellow_walker_sees_the_note_and_photo_and_adds_their_photo_once(api, lamp):
    fellow = api(lamp["fellow"])
    [nearby] = fellow.get(NEARBY).json
    assert nearby["note"] == "Lampan vid porten är släckt"
    assert nearby["may_add_photo"] is True
    assert fellow.get(nearby["thumbnail_url"]).status_code == 200

    photo_id = str(uuid.uuid4())
    assert add_photo(fellow, nearby["id"], photo_id).status_code == 201
    assert add_photo(fellow, nearby["id"], photo_id).status_code == 200  # a replay
    assert add_photo(fellow, nearby["id"], photo_id, "apple_iphone6_gps.jpg").status_code == 409

    finding = api(lamp["coordinator"]).get(f"/api/v1/findings/{nearby['id']}").json
    assert [p["kind"] for p in finding["photos"]] == ["report", "added"]
    history = api(lamp["coordinator"]).get(f"/api/v1/findings/{nearby['id']}/events").json
    assert [e["data"] for e in history if e["kind"] == "photo"] == [{"kind": "added"}]


def test_who_may_not_read_it_learns_neither_note_nor_photo_and_cannot_add(api, lamp):
    outsider = api(lamp["outsider"])
    [nearby] = outsider.get(NEARBY).json
    assert "note" not in nearby and "thumbnail_url" not in nearby
    assert nearby["may_add_photo"] is False
    finding_id = lamp["finding"]["id"]
    assert add_photo(outsider, finding_id, str(uuid.uuid4())).status_code == 404
    # The owner it was sent to reads it, but theirs to add are the photos of the fix.
    [seen_by_owner] = api(lamp["owner"]).get(NEARBY).json
    assert seen_by_owner["may_add_photo"] is False
    assert add_photo(api(lamp["owner"]), finding_id, str(uuid.uuid4())).status_code == 403


def test_a_new_finding_marked_the_same_waits_in_the_triage_queue(api, lamp, make_finding):
    [nearby] = api(lamp["outsider"]).get(NEARBY).json
    new = make_finding(lamp["outsider"], lat=59.51865, lon=17.91190, same_as=nearby["ref"])
    # The phone sending it again is a replay.
    again = api(lamp["outsider"]).put(
        f"/api/v1/findings/{new['id']}",
        json={**_body(new), "same_as": nearby["ref"]},
    )
    assert again.status_code == 200

    items = api(lamp["coordinator"]).get("/api/v1/followup/queue?reason=same_as").json["items"]
    [item] = [i for i in items if i["finding"]["id"] == new["id"]]
    [reason] = [r for r in item["reasons"] if r["code"] == "same_as"]
    assert reason["original"] == lamp["finding"]["id"]
    assert reason["text"] == "Rapportören säger att det är samma sak som en annan iakttagelse"

    # Judged not the same, it leaves the queue for that reason.
    coordinator = api(lamp["coordinator"])
    judged = coordinator.post(
        f"/api/v1/findings/{new['id']}/distinct", json={"other": lamp["finding"]["id"]}
    )
    assert judged.status_code == 204
    items = coordinator.get("/api/v1/followup/queue?reason=same_as").json["items"]
    assert new["id"] not in [i["finding"]["id"] for i in items]


@pytest.mark.parametrize("value", ["not-a-ref", "0" * 40, "id of a finding you may not read"])
def test_a_mark_naming_no_finding_it_may_know_is_dropped_never_the_report(api, lamp, value):
    outsider = api(lamp["outsider"])
    if value.startswith("id of"):
        value = lamp["finding"]["id"]
    finding_id = str(uuid.uuid4())
    response = outsider.put(
        f"/api/v1/findings/{finding_id}",
        json={
            "category": "belysning",
            "lat": 59.51865,
            "lon": 17.91190,
            "captured_at": "2026-11-20T18:50:00+01:00",
            "same_as": value,
        },
    )
    assert response.status_code == 201
    items = api(lamp["coordinator"]).get("/api/v1/followup/queue?reason=same_as").json["items"]
    assert finding_id not in [item["finding"]["id"] for item in items]


def _body(finding: dict) -> dict:
    return {
        "category": finding["category"],
        "note": finding["note"],
        "lat": finding["lat"],
        "lon": finding["lon"],
        "accuracy_m": 8.0,
        "captured_at": "2026-11-20T18:42:10+01:00",
        "photos": [],
    }
