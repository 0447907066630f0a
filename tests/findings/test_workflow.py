"""The owner's side and the transition table: mottagen, planerad (with a date), åtgärdad (with
a photo of the fix and a comment), ej vårt ansvar (with a reason: back to triage, never lost);
the coordinator's send, re-route and reject; every move in the history; the reporter sees the
new status through /api/v1/sync."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.findings import transitions
from server.findings.models import Status
from tests.factories import at, photo, rectangle


def today():
    return datetime.now(ZoneInfo("Europe/Stockholm")).date()


@pytest.fixture
def sent(make_org, make_user, make_finding, make_property):
    """A finding routed to Väsbyhem, with an owner there, a reporter, and a coordinator."""
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property("Upplands Väsby Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    reporter = make_user("reporter")
    lat, lon = at(10, 10)
    finding = make_finding(reporter, lat=lat, lon=lon)
    assert finding["status"] == "skickad"
    return {
        "finding": finding,
        "org": vasbyhem,
        "owner": make_user("owner", vasbyhem),
        "reporter": reporter,
        "coordinator": make_user("coordinator"),
    }


def move(api, user, finding, status, **fields):
    return api(user).post(
        f"/api/v1/findings/{finding['id']}/status", json={"status": status, **fields}
    )


def test_the_owner_acknowledges_plans_and_fixes_with_a_photo_and_comment(api, sent):
    owner, finding = sent["owner"], sent["finding"]
    shown = api(owner).get(f"/api/v1/findings/{finding['id']}").json
    assert shown["transitions"] == ["mottagen", "planerad", "åtgärdad", "ej vårt ansvar"]

    acknowledged = move(api, owner, finding, "mottagen")
    assert acknowledged.status_code == 200, acknowledged.json
    assert acknowledged.json["status"] == "mottagen"
    assert acknowledged.json["transitions"] == ["planerad", "åtgärdad", "ej vårt ansvar"]

    day = (today() + timedelta(days=5)).isoformat()
    planned = move(api, owner, finding, "planerad", planned_for=day, comment="Elektriker bokad")
    assert planned.json["status"] == "planerad"
    assert planned.json["planned_for"] == day

    photo_id = str(uuid.uuid4())
    upload = api(owner).put(
        f"/api/v1/findings/{finding['id']}/photos/{photo_id}?kind=after",
        data=photo("jolla_phone.jpg"),
        content_type="image/jpeg",
    )
    assert upload.status_code == 201, upload.json
    assert upload.json["kind"] == "after"
    fixed = move(api, owner, finding, "åtgärdad", comment="Armaturen bytt")
    assert fixed.json["status"] == "åtgärdad"
    assert fixed.json["transitions"] == []
    assert [(p["id"], p["kind"]) for p in fixed.json["photos"]] == [(photo_id, "after")]

    history = api(owner).get(f"/api/v1/findings/{finding['id']}/events").json
    moves = [
        (e["from_value"], e["to_value"], e["comment"]) for e in history if e["kind"] == "status"
    ]
    assert moves == [
        ("ny", "skickad", None),
        ("skickad", "mottagen", None),
        ("mottagen", "planerad", "Elektriker bokad"),
        ("planerad", "åtgärdad", "Armaturen bytt"),
    ]
    last = history[-1]
    assert last["actor"]["id"] == owner.id
    assert last["organisation"]["name"] == "AB Väsbyhem"
    assert any(e["kind"] == "photo" and e["to_value"] == photo_id for e in history)


def test_the_reporter_sees_the_new_status_through_sync(api, sent):
    reporter = sent["reporter"]
    first = api(reporter).get("/api/v1/sync").json
    cursor = first["cursor"]
    move(api, sent["owner"], sent["finding"], "mottagen")
    changed = api(reporter).get(f"/api/v1/sync?cursor={cursor}").json
    statuses = {item["id"]: item["status"] for item in changed["findings"]}
    assert statuses[sent["finding"]["id"]] == "mottagen"


def test_not_ours_needs_a_reason_and_sends_the_finding_back_to_triage(api, sent):
    owner, finding, coordinator = sent["owner"], sent["finding"], sent["coordinator"]
    missing = move(api, owner, finding, "ej vårt ansvar")
    assert missing.status_code == 422
    assert missing.json["errors"] == {"comment": ["Ange varför."]}
    response = move(api, owner, finding, "ej vårt ansvar", comment="Kommunens gångväg")
    assert response.status_code == 200
    assert response.json["status"] == "ej vårt ansvar"
    assert response.json["assigned_org"] is None
    # Not theirs any more: the owner loses sight of it at once; the coordinators have it.
    assert api(owner).get(f"/api/v1/findings/{finding['id']}").status_code == 404
    seen = api(coordinator).get(f"/api/v1/findings/{finding['id']}").json
    assert seen["routing_reason"] == "AB Väsbyhem: ej vårt ansvar – Kommunens gångväg → triage"
    assert seen["transitions"] == ["granskad", "skickad", "avvisad", "dubblett"]
    triage = api(coordinator).get("/api/v1/findings?status=ny,granskad,ej vårt ansvar").json
    assert [item["id"] for item in triage["items"]] == [finding["id"]]
    history = api(coordinator).get(f"/api/v1/findings/{finding['id']}/events").json
    assert any(
        e["to_value"] == "ej vårt ansvar" and e["comment"] == "Kommunens gångväg" for e in history
    )


def test_a_coordinator_reroutes_and_the_previous_owner_loses_access_at_once(
    api, sent, make_org, make_user
):
    gata = make_org("Upplands Väsby kommun – Gatuenheten", "förvaltning")
    street_owner = make_user("owner", gata)
    finding, coordinator, owner = sent["finding"], sent["coordinator"], sent["owner"]
    move(api, owner, finding, "mottagen")
    missing_reason = api(coordinator).post(
        f"/api/v1/findings/{finding['id']}/route", json={"organisation_id": gata}
    )
    assert missing_reason.status_code == 422
    response = api(coordinator).post(
        f"/api/v1/findings/{finding['id']}/route",
        json={"organisation_id": gata, "comment": "Gatubelysningen är kommunens"},
    )
    assert response.status_code == 200, response.json
    assert response.json["assigned_org"]["name"] == "Upplands Väsby kommun – Gatuenheten"
    assert response.json["status"] == "skickad"
    assert response.json["routing_reason"] == "vald av samordnare: Gatubelysningen är kommunens"
    assert api(owner).get(f"/api/v1/findings/{finding['id']}").status_code == 404
    assert move(api, owner, finding, "åtgärdad").status_code == 404
    assert api(street_owner).get(f"/api/v1/findings/{finding['id']}").status_code == 200
    # ... and back to triage.
    back = api(coordinator).post(
        f"/api/v1/findings/{finding['id']}/route",
        json={"organisation_id": None, "comment": "Oklart vems"},
    )
    assert back.json["assigned_org"] is None
    assert back.json["status"] == "granskad"
    assert api(street_owner).get(f"/api/v1/findings/{finding['id']}").status_code == 404


def test_automatic_rerouting_asks_the_router_again(api, sent, make_org, make_property):
    finding, coordinator = sent["finding"], sent["coordinator"]
    api(coordinator).post(
        f"/api/v1/findings/{finding['id']}/route",
        json={"organisation_id": None, "comment": "Fel fastighet i registret"},
    )
    dragonen = make_org("Fastighets AB Dragonen")
    make_property("Upplands Väsby Dragonen 1:12", dragonen, rectangle(0, 0, 60, 60))  # re-imported
    response = api(coordinator).post(f"/api/v1/findings/{finding['id']}/route", json={"auto": True})
    assert response.json["assigned_org"]["name"] == "Fastighets AB Dragonen"
    assert response.json["routing_reason"] == "inom fastigheten Upplands Väsby Dragonen 1:12"


def test_the_coordinator_rejects_with_a_reason(api, sent):
    coordinator, finding = sent["coordinator"], sent["finding"]
    assert move(api, coordinator, finding, "avvisad").status_code == 422
    rejected = move(api, coordinator, finding, "avvisad", comment="Dubbelrapporterad på plats")
    assert rejected.json["status"] == "avvisad"
    assert rejected.json["transitions"] == []
    closed = api(coordinator).post(f"/api/v1/findings/{finding['id']}/route", json={"auto": True})
    assert closed.status_code == 409


@pytest.mark.parametrize(
    ("planned_for", "ok"),
    [(0, True), (30, True), (-1, False), (800, False), (None, False)],
)
def test_a_plan_needs_a_date_between_today_and_two_years_ahead(api, sent, planned_for, ok):
    day = (today() + timedelta(days=planned_for)).isoformat() if planned_for is not None else None
    response = move(api, sent["owner"], sent["finding"], "planerad", planned_for=day)
    assert (response.status_code == 200) is ok, response.json
    if not ok:
        assert "planned_for" in response.json["errors"]


def test_a_repeated_move_changes_nothing_and_an_impossible_one_is_a_conflict(api, sent):
    owner, finding = sent["owner"], sent["finding"]
    first = move(api, owner, finding, "mottagen")
    again = move(api, owner, finding, "mottagen")
    assert again.status_code == 200
    assert again.json["version"] == first.json["version"]
    move(api, owner, finding, "åtgärdad")
    impossible = move(api, owner, finding, "mottagen")
    assert impossible.status_code == 409
    assert impossible.json["code"] == "transition_not_allowed"
    assert impossible.json["message"] == "En iakttagelse som är 'åtgärdad' kan inte bli 'mottagen'."


def test_if_match_guards_against_a_stale_version(api, sent):
    owner, finding = sent["owner"], sent["finding"]
    current = api(owner).get(f"/api/v1/findings/{finding['id']}")
    stale = api(owner).post(
        f"/api/v1/findings/{finding['id']}/status",
        json={"status": "mottagen"},
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 412
    fresh = api(owner).post(
        f"/api/v1/findings/{finding['id']}/status",
        json={"status": "mottagen"},
        headers={"If-Match": current.headers["ETag"]},
    )
    assert fresh.status_code == 200


def test_if_match_star_asks_for_no_particular_version(api, sent):
    owner, finding = sent["owner"], sent["finding"]
    moved = api(owner).post(
        f"/api/v1/findings/{finding['id']}/status",
        json={"status": "mottagen"},
        headers={"If-Match": "*"},
    )
    assert moved.status_code == 200
    assert moved.json["status"] == "mottagen"


def test_reporters_and_other_owners_cannot_move_a_finding(api, sent, make_user, make_org):
    finding = sent["finding"]
    reporter = sent["reporter"]
    assert move(api, reporter, finding, "mottagen").status_code == 403
    other = make_user("owner", make_org("Brf Messingen"))
    assert move(api, other, finding, "mottagen").status_code == 404
    # An owner who reported it themselves sees it, but it is not theirs to handle.
    self_reporting_owner = make_user("owner", make_org("Fastighets AB Dragonen"))
    lat, lon = at(10, 10)
    own = (
        api(self_reporting_owner)
        .put(
            f"/api/v1/findings/{uuid.uuid4()}",
            json={
                "category": "klotter",
                "lat": lat,
                "lon": lon,
                "captured_at": "2026-11-20T18:42:10+01:00",
            },
        )
        .json
    )
    assert own["assigned_org"]["name"] == "AB Väsbyhem"
    assert own["transitions"] == []
    refused = move(api, self_reporting_owner, own, "mottagen")
    assert refused.status_code == 403


def test_only_the_owner_or_a_coordinator_adds_photos_of_the_fix(api, sent, make_user, make_org):
    finding = sent["finding"]
    for user, expected in (
        (sent["reporter"], 403),
        (make_user("owner", make_org("Brf Messingen")), 404),
        (sent["coordinator"], 201),
    ):
        response = api(user).put(
            f"/api/v1/findings/{finding['id']}/photos/{uuid.uuid4()}?kind=after",
            data=photo("jolla_phone.jpg"),
            content_type="image/jpeg",
        )
        assert response.status_code == expected, (user.role, response.json)
    bad_kind = api(sent["owner"]).put(
        f"/api/v1/findings/{finding['id']}/photos/{uuid.uuid4()}?kind=before",
        data=photo("jolla_phone.jpg"),
        content_type="image/jpeg",
    )
    assert bad_kind.status_code == 422


def test_the_table_by_role():
    table = {(role, source): targets for role, source, targets in transitions.table()}
    assert table[("owner", "skickad")] == ["mottagen", "planerad", "åtgärdad", "ej vårt ansvar"]
    assert table[("owner", "planerad")] == ["planerad", "åtgärdad", "ej vårt ansvar"]
    assert table[("coordinator", "ny")] == ["granskad", "skickad", "avvisad", "dubblett"]
    assert table[("coordinator", "ej vårt ansvar")] == [
        "granskad",
        "skickad",
        "avvisad",
        "dubblett",
    ]
    assert table[("system", "ny")] == ["skickad"]
    assert ("owner", "ny") not in table
    # Only coordinators move a fixed or verified finding (verify, reopen: tests/followup);
    # rejected and duplicate findings stay closed.
    assert [row for row in transitions.table() if row[1] in {Status.FIXED, Status.VERIFIED}] == [
        ("coordinator", "åtgärdad", ["granskad", "skickad", "verifierad"]),
        ("coordinator", "verifierad", ["granskad", "skickad"]),
    ]
    closed = {Status.REJECTED, Status.DUPLICATE}
    assert not [row for row in transitions.table() if row[1] in closed]


def test_the_owner_s_list_filters_by_status_area_and_organisation(
    api, sent, make_finding, make_area, make_user
):
    owner = sent["owner"]
    centrum = make_area("Centrum", rectangle(-100, -100, 100, 100))
    lat, lon = at(30, 30)
    second = make_finding(sent["reporter"], lat=lat, lon=lon, category="klotter")
    move(api, owner, second, "mottagen")

    def ids(query):
        response = api(owner).get(f"/api/v1/findings?{query}")
        assert response.status_code == 200, response.json
        return {item["id"] for item in response.json["items"]}

    both = {sent["finding"]["id"], second["id"]}
    assert ids(f"assigned_org={sent['org']}") == both
    assert ids("status=mottagen") == {second["id"]}
    # Findings made before the area was drawn are placed in it too, and new ones at once.
    lat, lon = at(40, 40)
    third = make_finding(sent["reporter"], lat=lat, lon=lon)
    lat, lon = at(500, 500)
    make_finding(sent["reporter"], lat=lat, lon=lon)  # outside the area, nobody's
    assert ids(f"area={centrum}") == {*both, third["id"]}
    assert ids(f"area={centrum}&status=skickad") == {sent["finding"]["id"], third["id"]}
