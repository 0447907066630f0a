"""The moderation queue and a coordinator's decisions: until a tip is approved only
coordinators and admins see it (an owner's read is 404, it has no owner), and it is in no list,
triage queue, duplicate suggestion, sync, report, export or Open311 request; approved, it is
routed as any finding; rejected, it stays hidden; merged, it is the other finding's dubblett."""

import uuid
from datetime import timedelta

from sqlalchemy import select

from server.audit.models import AuditEntry
from server.database import utcnow
from server.extensions import db
from server.photos import service as photo_service
from server.photos.storage import media_store
from tests.factories import at, photo


def test_until_approved_an_owner_gets_404_and_a_coordinator_sees_it_waiting(
    api, tip, coordinator, vasbyhem, make_user
):
    tip_id = tip()
    assert api(vasbyhem["owner"]).get(f"/api/v1/findings/{tip_id}").status_code == 404
    assert api(make_user("reporter")).get(f"/api/v1/findings/{tip_id}").status_code == 404
    shown = api(coordinator).get(f"/api/v1/findings/{tip_id}")
    assert shown.status_code == 200
    assert shown.json["awaiting_moderation"] is True
    assert shown.json["assigned_org"] is None and shown.json["status"] == "ny"
    admin = api(make_user("admin")).get(f"/api/v1/findings/{tip_id}")
    assert admin.status_code == 200


def test_approving_routes_it_to_the_owner_as_any_finding(api, tip, coordinator, vasbyhem):
    tip_id = tip()
    approved = api(coordinator).post(f"/api/v1/findings/{tip_id}/approve")
    assert approved.status_code == 200
    assert approved.json["assigned_org"]["name"] == "AB Väsbyhem"
    assert approved.json["status"] == "skickad" and approved.json["awaiting_moderation"] is False
    owner = api(vasbyhem["owner"]).get(f"/api/v1/findings/{tip_id}")
    assert owner.status_code == 200 and owner.json["status"] == "skickad"
    listed = api(vasbyhem["owner"]).get("/api/v1/findings").json["items"]
    assert tip_id in {item["id"] for item in listed}
    again = api(coordinator).post(f"/api/v1/findings/{tip_id}/approve")
    assert again.status_code == 409 and again.json["code"] == "not_awaiting_moderation"


def test_only_coordinators_and_admins_moderate(api, tip, vasbyhem, make_user):
    tip_id = tip()
    for user in (vasbyhem["owner"], make_user("reporter")):
        assert api(user).post(f"/api/v1/findings/{tip_id}/approve").status_code == 403
        assert api(user).get("/api/v1/tips").status_code == 403
    assert api(None).post(f"/api/v1/findings/{tip_id}/approve").status_code == 401
    assert api(make_user("admin")).post(f"/api/v1/findings/{tip_id}/approve").status_code == 200


def test_a_staff_finding_is_no_tip_to_approve(api, coordinator, make_user, make_finding):
    finding = make_finding(make_user("reporter"))
    assert api(coordinator).post(f"/api/v1/findings/{finding['id']}/approve").status_code == 404


def test_rejecting_needs_a_reason_and_keeps_the_tip_hidden(
    app, api, client, tip, coordinator, vasbyhem
):
    tip_id = tip()
    assert api(coordinator).post(f"/api/v1/findings/{tip_id}/reject", json={}).status_code == 422
    rejected = api(coordinator).post(
        f"/api/v1/findings/{tip_id}/reject", json={"reason": "Lampan är privat, inte kommunens"}
    )
    assert rejected.status_code == 200
    assert rejected.json["status"] == "avvisad"
    assert rejected.json["status_reason"] == "Lampan är privat, inte kommunens"
    assert api(vasbyhem["owner"]).get(f"/api/v1/findings/{tip_id}").status_code == 404
    listed = api(coordinator).get("/api/v1/findings?status=avvisad").json["items"]
    assert tip_id not in {item["id"] for item in listed}
    public = client.get(f"/open311/v2/requests/{tip_id}.json")
    assert public.status_code == 404
    queue = api(coordinator).get("/api/v1/tips?state=avvisad").json["items"]
    assert [(item["id"], item["reason"]) for item in queue] == [
        (tip_id, "Lampan är privat, inte kommunens")
    ]
    again = api(coordinator).post(f"/api/v1/findings/{tip_id}/reject", json={"reason": "Nej"})
    assert again.status_code == 409


def test_a_rejected_tip_s_photos_are_gone_and_their_files_removed_by_the_cleanup(
    app, api, client, tip, coordinator
):
    tip_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
    tip(tip_id=tip_id, photos=[photo_id])
    url = f"/api/v1/public/findings/{tip_id}/photos/{photo_id}"
    stored = client.put(url, data=photo("orientation_1.jpg"), content_type="image/jpeg")
    assert stored.status_code == 201
    assert api(coordinator).get(stored.json["url"]).status_code == 200
    api(coordinator).post(f"/api/v1/findings/{tip_id}/reject", json={"reason": "Inget fel"})
    assert api(coordinator).get(stored.json["url"]).status_code == 410
    with app.app_context():
        removed, _ = photo_service.remove_orphans(media_store(app), utcnow() + timedelta(hours=1))
    assert removed == 2  # the photo and its thumbnail


def test_merging_makes_it_the_duplicate_of_an_existing_finding(
    api, tip, coordinator, make_user, make_finding
):
    lat, lon = at(12, 10)
    original = make_finding(make_user("reporter"), lat=lat, lon=lon)
    tip_id = tip()
    merged = api(coordinator).post(
        f"/api/v1/findings/{tip_id}/merge", json={"into": original["id"]}
    )
    assert merged.status_code == 200, merged.json
    assert merged.json["status"] == "dubblett"
    assert merged.json["duplicate_of"]["id"] == original["id"]
    queue = api(coordinator).get("/api/v1/tips?state=sammanslagen").json["items"]
    assert [(item["id"], item["duplicate_of"]) for item in queue] == [(tip_id, original["id"])]
    assert api(coordinator).get("/api/v1/tips").json["items"] == []


def test_a_tip_cannot_be_merged_into_another_waiting_tip(api, tip, coordinator):
    first, second = tip(), tip()
    response = api(coordinator).post(f"/api/v1/findings/{second}/merge", json={"into": first})
    assert response.status_code == 422


def test_a_waiting_tip_is_not_moved_by_the_status_route(api, tip, coordinator, vasbyhem):
    tip_id = tip()
    response = api(coordinator).post(
        f"/api/v1/findings/{tip_id}/status",
        json={"status": "skickad", "organisation_id": vasbyhem["id"]},
    )
    assert response.status_code == 409


def test_the_queue_lists_waiting_tips_oldest_first_with_merge_candidates(
    api, tip, coordinator, make_user, make_finding
):
    lat, lon = at(10, 30)  # 20 m from the tips
    nearby = make_finding(make_user("reporter"), lat=lat, lon=lon, category="klotter")
    far_lat, far_lon = at(10, 400)
    make_finding(make_user("reporter"), lat=far_lat, lon=far_lon)
    first = tip()
    second = tip(email=None, note="Trasig lampa")
    page = api(coordinator).get("/api/v1/tips?limit=1")
    assert page.status_code == 200
    (item,) = page.json["items"]
    assert item["id"] == first and item["state"] == "väntar"
    assert item["has_email"] is True and "email" not in item
    assert "boende@example.se" not in page.text
    assert [(n["id"], n["category"], n["status"]) for n in item["nearby"]] == [
        (nearby["id"], "klotter", nearby["status"])
    ]
    assert 15 < item["nearby"][0]["distance_m"] < 25
    rest = api(coordinator).get(f"/api/v1/tips?limit=1&cursor={page.json['next_cursor']}")
    (later,) = rest.json["items"]
    assert later["id"] == second and later["has_email"] is False
    assert rest.json["next_cursor"] is None


def test_a_waiting_tip_is_in_no_list_queue_suggestion_export_or_open311(
    api, client, tip, coordinator, make_user, make_finding
):
    reporter = make_user("reporter")
    lat, lon = at(10, 10)
    make_finding(reporter, lat=lat, lon=lon)
    tip_id = tip()
    staff = api(coordinator)
    assert tip_id not in {i["id"] for i in staff.get("/api/v1/findings").json["items"]}
    queue = staff.get("/api/v1/followup/queue").json["items"]
    assert tip_id not in {item["finding"]["id"] for item in queue}
    nearby = staff.get(f"/api/v1/findings/nearby?category=belysning&lat={lat}&lon={lon}").json
    assert tip_id not in {item.get("id") for item in nearby}
    assert len(nearby) == 1
    exported = staff.get("/api/v1/exports/findings.geojson").json
    assert tip_id not in {feature["properties"]["id"] for feature in exported["features"]}
    assert tip_id not in staff.get("/api/v1/exports/findings.csv").text
    assert tip_id not in {f["id"] for f in api(reporter).get("/api/v1/sync").json["findings"]}
    assert tip_id not in {f["id"] for f in staff.get("/api/v1/sync").json["findings"]}
    public = client.get("/open311/v2/requests.json").json
    assert tip_id not in {request["service_request_id"] for request in public}
    assert client.get(f"/open311/v2/requests/{tip_id}.json").status_code == 404


def test_decisions_are_in_the_history_and_the_audit_log(app, api, tip, coordinator):
    tip_id = tip()
    api(coordinator).post(f"/api/v1/findings/{tip_id}/approve")
    history = api(coordinator).get(f"/api/v1/findings/{tip_id}/events").json
    moderated = [event for event in history if event["kind"] == "moderated"]
    assert [(e["to_value"], e["actor"]["id"]) for e in moderated] == [("godkänd", coordinator.id)]
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "finding.moderated")
        ).all()
        assert [(e.actor_id, str(e.finding_id)) for e in entries] == [(coordinator.id, tip_id)]


def test_reports_count_a_tip_once_it_is_approved(api, tip, coordinator, vasbyhem):
    staff = api(coordinator)
    before = staff.get("/api/v1/reports/dashboard").json["backlog"]["open"]
    tip_id = tip()
    assert staff.get("/api/v1/reports/dashboard").json["backlog"]["open"] == before
    staff.post(f"/api/v1/findings/{tip_id}/approve")
    assert staff.get("/api/v1/reports/dashboard").json["backlog"]["open"] == before + 1
