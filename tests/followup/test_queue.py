"""The coordinators' triage queue, each finding with why it is there, and the finding detail."""

import uuid

import pytest


def queue(api, user, query=""):
    response = api(user).get(f"/api/v1/followup/queue{query}")
    assert response.status_code == 200, response.json
    return {item["finding"]["id"]: item["reasons"] for item in response.json["items"]}


@pytest.fixture
def world(api, people, report, make_org, set_org, make_property):
    from tests.factories import rectangle

    reviewed = make_org("Centrumhuset AB")
    set_org(reviewed, review_first=True)
    make_property("Väsby Centrum 1:23", reviewed, rectangle(200, 0, 260, 60))
    dead = make_org("Fastighets AB Tyst")  # nobody to email: a failed delivery at once
    make_property("Tysta 1:1", dead, rectangle(300, 0, 360, 60))
    reporter, coordinator = people["reporter"], people["coordinator"]
    found = {
        "unrouted_new": report(reporter, x=1000, y=1000),
        "review": report(reporter, x=210, y=10),
        "sent": report(reporter, x=10, y=10),
        "dead": report(reporter, x=310, y=10),
        "original": report(reporter, x=30, y=30, category="klotter"),
        "duplicate": report(reporter, x=40, y=30, category="klotter"),
        "far": report(reporter, x=30, y=300, category="klotter"),
        "not_ours": report(reporter, x=20, y=20, category="nedskrapning"),
        "triaged": report(reporter, x=1200, y=1000, category="vegetation"),
    }
    assert (
        api(people["owner"])
        .post(
            f"/api/v1/findings/{found['not_ours']['id']}/status",
            json={"status": "ej vårt ansvar", "comment": "Kommunens papperskorg"},
        )
        .status_code
        == 200
    )
    assert (
        api(coordinator)
        .post(f"/api/v1/findings/{found['triaged']['id']}/status", json={"status": "granskad"})
        .status_code
        == 200
    )
    return found


def test_every_reason_is_given(api, people, world):
    found = queue(api, people["coordinator"])
    codes = {key: [r["code"] for r in found.get(world[key]["id"], [])] for key in world}
    assert codes == {
        "unrouted_new": ["new"],
        "review": ["review"],
        "sent": [],
        "dead": ["delivery_failed"],
        "original": [],
        "duplicate": ["duplicate"],
        "far": ["new"],  # nobody's place, and too far from the original
        "not_ours": ["not_ours"],
        "triaged": ["unrouted"],
    }
    (new,) = found[world["unrouted_new"]["id"]]
    assert new["text"] == "Ny, inte skickad till någon: ingen fastighet inom 15 m → triage"
    (review,) = found[world["review"]["id"]]
    assert review["organisation"] == "Centrumhuset AB"
    assert review["text"] == "Väntar på granskning: föreslås till Centrumhuset AB"
    (not_ours,) = found[world["not_ours"]["id"]]
    assert not_ours["text"] == "AB Väsbyhem säger att den inte är deras: Kommunens papperskorg"
    (duplicate,) = found[world["duplicate"]["id"]]
    assert [c["id"] for c in duplicate["candidates"]] == [world["original"]["id"]]
    assert 9 < duplicate["candidates"][0]["distance_m"] < 11
    assert duplicate["text"] == "Kanske samma som 1 öppna iakttagelser i närheten"
    (dead,) = found[world["dead"]["id"]]
    assert "ingen e-postadress" in dead["text"]


def test_filters_paging_order_and_who_may_read(api, people, world):
    coordinator = people["coordinator"]
    only = queue(api, coordinator, "?reason=duplicate")
    assert list(only) == [world["duplicate"]["id"]]
    first = api(coordinator).get("/api/v1/followup/queue?limit=2").json
    assert len(first["items"]) == 2
    rest = api(coordinator).get(f"/api/v1/followup/queue?cursor={first['next_cursor']}").json
    ids = [i["finding"]["id"] for i in first["items"]] + [i["finding"]["id"] for i in rest["items"]]
    assert ids == list(queue(api, coordinator))
    assert len(ids) == 7  # oldest first, each once
    english = api(coordinator).get(
        "/api/v1/followup/queue?reason=unrouted", headers={"Accept-Language": "en"}
    )
    assert english.status_code == 200
    for who in ("owner", "reporter"):
        assert api(people[who]).get("/api/v1/followup/queue").status_code == 403
    merged = api(coordinator).post(
        f"/api/v1/findings/{world['duplicate']['id']}/merge", json={"into": world["original"]["id"]}
    )
    assert merged.status_code == 200
    assert world["duplicate"]["id"] not in queue(api, coordinator)


def test_the_detail_has_photos_routing_history_nearby_and_emails(api, people, world):
    coordinator = people["coordinator"]
    finding = world["duplicate"]
    api(coordinator).post(
        f"/api/v1/findings/{finding['id']}/comments", json={"body": "Kolla på plats"}
    )
    detail = api(coordinator).get(f"/api/v1/findings/{finding['id']}/detail")
    assert detail.status_code == 200, detail.json
    body = detail.json
    assert body["finding"]["routing"]["text"] == "inom fastigheten Upplands Väsby Dragonen 1:12"
    assert [e["kind"] for e in body["history"]] == ["created", "assigned", "status", "comment"]
    assert [item["id"] for item in body["possible_duplicates"]] == [world["original"]["id"]]
    assert [row["recipient"] for row in body["notifications"]] == [people["owner"].email]
    assert body["finding"]["photos"] == []
    assert api(people["owner"]).get(f"/api/v1/findings/{finding['id']}/detail").status_code == 403


def test_a_pair_judged_distinct_leaves_the_queue_for_good(api, people, world, report):
    coordinator = api(people["coordinator"])
    original, duplicate = world["original"]["id"], world["duplicate"]["id"]
    third = report(people["reporter"], x=35, y=35, category="klotter")["id"]

    response = coordinator.post(f"/api/v1/findings/{duplicate}/distinct", json={"other": original})
    assert response.status_code == 204
    found = queue(api, people["coordinator"])
    assert duplicate not in found  # its only candidate was judged different
    (third_reason,) = found[third]  # the third is still close to both
    assert {c["id"] for c in third_reason["candidates"]} == {original, duplicate}

    # Said again, or the other way round: nothing changes, and nothing is logged twice.
    again = coordinator.post(f"/api/v1/findings/{original}/distinct", json={"other": duplicate})
    assert again.status_code == 204
    log = api(people["admin"]).get(f"/api/v1/admin/audit?finding={duplicate}").json["items"]
    judged = [entry for entry in log if entry["action"] == "finding.distinct"]
    assert [(entry["data"]["other"], entry["actor"]["id"]) for entry in judged] == [
        (original, people["coordinator"].id)
    ]


def test_only_coordinators_judge_pairs_and_bad_input_changes_nothing(api, people, world):
    original, duplicate = world["original"]["id"], world["duplicate"]["id"]
    for role in ("reporter", "owner"):
        response = api(people[role]).post(
            f"/api/v1/findings/{duplicate}/distinct", json={"other": original}
        )
        assert response.status_code == 403
    coordinator = api(people["coordinator"])
    itself = coordinator.post(f"/api/v1/findings/{duplicate}/distinct", json={"other": duplicate})
    assert itself.status_code == 422
    assert itself.json["errors"]["other"] == ["En iakttagelse är alltid samma som sig själv."]
    unknown = coordinator.post(
        f"/api/v1/findings/{duplicate}/distinct", json={"other": str(uuid.uuid4())}
    )
    assert unknown.status_code == 422
    assert [r["code"] for r in queue(api, people["coordinator"])[duplicate]] == ["duplicate"]
