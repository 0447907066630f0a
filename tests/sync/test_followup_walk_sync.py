"""A follow-up walk on the phone: the earlier walk's findings with their status now and the
marks given come with the walk at every sync while it is planned or going, so the list is there
offline."""

import uuid

from server.sync import service as sync_service
from tests.factories import finding_body, update_finding


def sync(api, user, cursor=None):
    response = api(user).get("/api/v1/sync" + (f"?cursor={cursor}" if cursor else ""))
    assert response.status_code == 200, response.json
    return response.json


def test_the_earlier_findings_travel_with_the_follow_up_walk(app, api, make_user, monkeypatch):
    coordinator, first, second = make_user("coordinator"), make_user(), make_user()
    staff = api(coordinator)
    plan = {"type": "trygghetsvandring", "planned_start": "2026-11-05T17:30:00+01:00"}
    earlier = staff.post(
        "/api/v1/walks", json={**plan, "title": "Höstvandring", "invite": [first.email]}
    ).json
    lamp = str(uuid.uuid4())
    body = finding_body(walk_id=earlier["id"], note="Lampan vid porten")
    assert api(first).put(f"/api/v1/findings/{lamp}", json=body).status_code == 201
    staff.post(f"/api/v1/walks/{earlier['id']}/close", json={})
    followup = staff.post(
        "/api/v1/walks",
        json={
            **plan,
            "title": "Uppföljning",
            "follows_walk_id": earlier["id"],
            "invite": [second.email],
        },
    ).json

    monkeypatch.setattr(sync_service, "OVERLAP", sync_service.OVERLAP * 0)
    first_sync = sync(api, second)
    [walk] = first_sync["walks"]
    assert walk["follows"]["title"] == "Höstvandring"
    assert [(r["note"], r["status"], r["mark"]) for r in walk["revisits"]] == [
        ("Lampan vid porten", "ny", None)
    ]
    # The finding itself is not the follow-up walker's: it stays off their list of findings.
    assert first_sync["findings"] == []

    # The owner fixes it and the walker marks it: the next sync brings both, though the
    # follow-up walk's own plan did not change.
    update_finding(app, lamp, status="åtgärdad")
    mark = api(second).put(
        f"/api/v1/walks/{followup['id']}/revisits/{lamp}", json={"state": "kvar"}
    )
    assert mark.status_code == 201
    [walk] = sync(api, second, first_sync["cursor"])["walks"]
    [revisit] = walk["revisits"]
    assert (revisit["status"], revisit["mark"]["state"]) == ("åtgärdad", "kvar")
    assert revisit["still_there_though_fixed"] is True

    # Once the follow-up walk is closed the phone gets it once more, without the list.
    cursor = sync(api, second)["cursor"]
    staff.post(f"/api/v1/walks/{followup['id']}/close", json={})
    [walk] = sync(api, second, cursor)["walks"]
    assert walk["status"] == "avslutad" and walk["revisits"] is None
    assert sync(api, second, sync(api, second)["cursor"])["walks"] == []
