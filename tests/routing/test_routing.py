"""Routing a new finding: rules first, in their order; then the property that contains the
point; then the nearest within 15 m; else triage. Review-first, positive marks, the reason in
Swedish and English, and routing by a gallery photo's GPS."""

import uuid

import pytest
from sqlalchemy import select

from server.extensions import db
from server.findings.models import Finding, FindingEvent
from server.notify.models import Notification
from tests.factories import at, photo, rectangle


@pytest.fixture
def town(make_org, make_property, make_area):
    """A block of Väsbyhem's with a courtyard, the shopping centre's property beside it, and
    the district Centrum around both."""
    orgs = {
        "vasbyhem": make_org("AB Väsbyhem", "bostadsbolag"),
        "centrum": make_org("Väsby Centrum Fastigheter AB", "fastighetsägare"),
        "gata": make_org("Upplands Väsby kommun – Gatuenheten", "förvaltning"),
    }
    make_property(
        "Upplands Väsby Dragonen 1:12",
        orgs["vasbyhem"],
        rectangle(0, 0, 60, 60, holes=[(20, 20, 40, 40)]),
        ["felanmalan@vasbyhem.se"],
    )
    make_property("Upplands Väsby Messingen 2:3", orgs["centrum"], rectangle(60, 0, 120, 60))
    orgs["area"] = make_area("Centrum", rectangle(-200, -200, 300, 300))
    return orgs


def report(make_finding, reporter, x, y, **fields):
    lat, lon = at(x, y)
    return make_finding(reporter, lat=lat, lon=lon, **fields)


def test_inside_a_property_it_goes_to_the_owner_at_once(api, make_user, make_finding, town):
    reporter = make_user("reporter")
    finding = report(make_finding, reporter, 10, 10)
    assert finding["status"] == "skickad"
    assert finding["assigned_org"]["name"] == "AB Väsbyhem"
    assert finding["routing_reason"] == "inom fastigheten Upplands Väsby Dragonen 1:12"
    assert finding["routing"]["kind"] == "property"
    assert finding["routing"]["text"] == "inom fastigheten Upplands Väsby Dragonen 1:12"
    assert finding["due_date"] is not None  # the category's ten days for lighting


def test_the_reason_reads_in_english_for_english_users(api, make_user, make_finding, town):
    reporter = make_user("reporter", locale="en")
    finding = report(make_finding, reporter, 10, 10)
    assert finding["routing_reason"] == "inom fastigheten Upplands Väsby Dragonen 1:12"
    assert finding["routing"]["text"] == "within the property Upplands Väsby Dragonen 1:12"


def test_in_the_courtyard_it_is_not_inside_but_nearest(make_user, make_finding, town):
    finding = report(make_finding, make_user("reporter"), 30, 30)
    assert finding["routing"]["kind"] == "nearest"
    assert finding["routing_reason"] == "närmaste fastighet Upplands Väsby Dragonen 1:12, 10 m bort"
    assert finding["assigned_org"]["name"] == "AB Väsbyhem"


def test_on_the_pavement_outside_it_goes_to_the_nearest_property(make_user, make_finding, town):
    finding = report(make_finding, make_user("reporter"), 90, 69)  # 9 m north of Messingen
    assert finding["assigned_org"]["name"] == "Väsby Centrum Fastigheter AB"
    assert finding["routing_reason"] == "närmaste fastighet Upplands Väsby Messingen 2:3, 9 m bort"
    assert finding["routing"]["distance_m"] == pytest.approx(9, abs=0.05)


def test_beyond_15_m_it_waits_in_triage(make_user, make_finding, town):
    finding = report(make_finding, make_user("reporter"), 90, 76)
    assert finding["status"] == "ny"
    assert finding["assigned_org"] is None
    assert finding["routing_reason"] == "ingen fastighet inom 15 m → triage"
    assert finding["routing"] == {
        "kind": "none",
        "radius_m": 15.0,
        "text": "ingen fastighet inom 15 m → triage",
    }


def test_the_distance_is_configurable(make_app, make_user, make_org, make_property):
    app = make_app(LYKTA_ROUTING_NEAREST_M=30)
    owner = make_org("Väsbyhem")
    make_property("Kvarteret 1:1", owner, rectangle(0, 0, 20, 20))
    reporter = make_user("reporter")
    lat, lon = at(45, 10)  # 25 m east
    response = app.test_client().put(
        f"/api/v1/findings/{uuid.uuid4()}",
        json={
            "category": "klotter",
            "lat": lat,
            "lon": lon,
            "captured_at": "2026-11-20T18:42:10+01:00",
        },
        headers={"Authorization": f"Bearer {reporter.token}"},
    )
    assert response.json["routing_reason"] == "närmaste fastighet Kvarteret 1:1, 25 m bort"


def test_rules_come_before_properties_in_their_order(make_user, make_finding, make_rule, town):
    # Lighting in Centrum is the street department's, whoever owns the ground.
    make_rule(town["gata"], "belysning", town["area"])
    reporter = make_user("reporter")
    lighting = report(make_finding, reporter, 10, 10, category="belysning")
    assert lighting["assigned_org"]["name"] == "Upplands Väsby kommun – Gatuenheten"
    assert (
        lighting["routing_reason"]
        == "regel: trasig/bristfällig belysning inom Centrum → Upplands Väsby kommun – Gatuenheten"
    )
    graffiti = report(make_finding, reporter, 10, 10, category="klotter")
    assert graffiti["assigned_org"]["name"] == "AB Väsbyhem"


def test_the_first_matching_rule_wins_and_inactive_or_other_rules_are_skipped(
    app, make_user, make_finding, make_rule, make_org, make_area, town
):
    park = make_org("Upplands Väsby kommun – Parkenheten", "förvaltning")
    elsewhere = make_area("Runby", rectangle(1000, 1000, 1200, 1200))
    make_rule(park, "belysning", elsewhere, position=1)  # another area
    make_rule(park, "klotter", None, position=2)  # another category
    make_rule(park, "belysning", town["area"], position=3, active=False)
    make_rule(town["gata"], None, town["area"], position=5)  # everything in Centrum
    make_rule(park, "belysning", None, position=9)  # would match, but comes later
    finding = report(make_finding, make_user("reporter"), 10, 10)
    assert finding["assigned_org"]["name"] == "Upplands Väsby kommun – Gatuenheten"
    assert finding["routing_reason"] == (
        "regel: allt inom Centrum → Upplands Väsby kommun – Gatuenheten"
    )
    with app.app_context():
        stored = db.session.get(Finding, uuid.UUID(finding["id"]))
        assert stored.routing["rule_id"] is not None


def test_a_rule_without_area_applies_everywhere(make_user, make_finding, make_rule, town):
    make_rule(town["gata"], "fordon")
    finding = report(make_finding, make_user("reporter"), 5000, 5000, category="fordon")
    assert finding["routing_reason"] == (
        "regel: övergivet fordon/cykel → Upplands Väsby kommun – Gatuenheten"
    )


def test_positive_marks_are_not_routed(make_user, make_finding, make_rule, town):
    make_rule(town["gata"], None, town["area"])
    finding = report(make_finding, make_user("reporter"), 10, 10, category="trygg_plats")
    assert finding["status"] == "ny"
    assert finding["assigned_org"] is None
    assert finding["routing_reason"] == "positiv markering – skickas inte till någon ägare"


def test_an_organisation_that_reviews_first_keeps_the_finding_in_triage_with_a_proposal(
    app, make_user, make_finding, set_org, town
):
    set_org(town["vasbyhem"], review_first=True)
    coordinator = make_user("coordinator")
    finding = report(make_finding, make_user("reporter"), 10, 10)
    assert finding["status"] == "ny"
    assert finding["assigned_org"] is None
    assert finding["proposed_org"] == {"id": town["vasbyhem"], "name": "AB Väsbyhem"}
    assert finding["routing_reason"] == (
        "inom fastigheten Upplands Väsby Dragonen 1:12 – granskas av samordnare innan den skickas"
    )
    with app.app_context():
        assert db.session.scalar(select(Notification.id)) is None  # nobody is told yet
    # The owner does not see it until it is sent.
    owner = make_user("owner", town["vasbyhem"])
    assert owner_sees(app, owner, finding) is False
    assert "skickad" in finding_as(app, coordinator, finding)["transitions"]


def finding_as(app, user, finding) -> dict:
    response = app.test_client().get(
        f"/api/v1/findings/{finding['id']}", headers={"Authorization": f"Bearer {user.token}"}
    )
    return response.json


def owner_sees(app, owner, finding) -> bool:
    response = app.test_client().get(
        f"/api/v1/findings/{finding['id']}", headers={"Authorization": f"Bearer {owner.token}"}
    )
    return response.status_code == 200


def test_an_area_that_reviews_first_holds_every_owner_s_findings(
    make_user, make_finding, make_area, town
):
    make_area("Väsby centrum BID", rectangle(-50, -50, 200, 200), kind="bid", review_first=True)
    finding = report(make_finding, make_user("reporter"), 90, 30)
    assert finding["status"] == "ny"
    assert finding["proposed_org"]["name"] == "Väsby Centrum Fastigheter AB"


def test_the_coordinator_sends_the_proposed_owner_and_the_owner_is_told(
    api, app, make_user, make_finding, set_org, town
):
    set_org(town["vasbyhem"], review_first=True)
    coordinator = make_user("coordinator")
    finding = report(make_finding, make_user("reporter"), 10, 10)
    response = api(coordinator).post(
        f"/api/v1/findings/{finding['id']}/status", json={"status": "skickad"}
    )
    assert response.status_code == 200, response.json
    sent = response.json
    assert sent["status"] == "skickad"
    assert sent["assigned_org"]["name"] == "AB Väsbyhem"
    assert sent["proposed_org"] is None
    assert sent["routing_reason"] == "inom fastigheten Upplands Väsby Dragonen 1:12"
    assert sent["delivery"] == "pending"
    with app.app_context():
        recipients = set(db.session.scalars(select(Notification.recipient)))
    assert recipients == {"felanmalan@vasbyhem.se"}


def test_sending_from_triage_without_a_proposal_needs_an_organisation(
    api, make_user, make_finding, town
):
    coordinator = make_user("coordinator")
    finding = report(make_finding, make_user("reporter"), 900, 900)
    response = api(coordinator).post(
        f"/api/v1/findings/{finding['id']}/status", json={"status": "skickad"}
    )
    assert response.status_code == 422
    assert "organisation_id" in response.json["errors"]
    response = api(coordinator).post(
        f"/api/v1/findings/{finding['id']}/status",
        json={"status": "skickad", "organisation_id": town["gata"], "comment": "kommunens mark"},
    )
    assert response.status_code == 200
    assert response.json["routing_reason"] == "vald av samordnare: kommunens mark"


def test_a_gallery_photo_s_gps_routes_the_finding_when_it_arrives(
    api, make_user, make_org, make_property
):
    """apple_iphone6_gps.jpg carries GPS (MANIFEST.csv: Madrid): a property drawn around that
    spot gets the finding once the photo is in."""
    import csv

    from tests.factories import PHOTOS

    with (PHOTOS / "MANIFEST.csv").open(newline="") as file:
        row = next(r for r in csv.DictReader(file) if r["file"] == "apple_iphone6_gps.jpg")
    lat, lon = float(row["lat"]), float(row["lon"])
    owner = make_org("Inmobiliaria Moncloa SA")
    d = 0.0003
    make_property(
        "Madrid Moncloa 1:1",
        owner,
        {
            "type": "Polygon",
            "coordinates": [
                [
                    [lon - d, lat - d],
                    [lon + d, lat - d],
                    [lon + d, lat + d],
                    [lon - d, lat + d],
                    [lon - d, lat - d],
                ]
            ],
        },
    )
    reporter = make_user("reporter")
    finding_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
    body = {
        "category": "klotter",
        "captured_at": "2026-11-20T18:42:10+01:00",
        "photos": [photo_id],
    }
    created = api(reporter).put(f"/api/v1/findings/{finding_id}", json=body)
    assert created.json["status"] == "ny" and created.json["routing"] is None
    uploaded = api(reporter).put(
        f"/api/v1/findings/{finding_id}/photos/{photo_id}",
        data=photo("apple_iphone6_gps.jpg"),
        content_type="image/jpeg",
    )
    assert uploaded.status_code == 201
    finding = api(reporter).get(f"/api/v1/findings/{finding_id}").json
    assert finding["location_source"] == "photo"
    assert finding["status"] == "skickad"
    assert finding["assigned_org"]["name"] == "Inmobiliaria Moncloa SA"
    assert finding["routing_reason"] == "inom fastigheten Madrid Moncloa 1:1"


def test_routing_is_recorded_in_the_history_by_the_system(api, app, make_user, make_finding, town):
    reporter = make_user("reporter")
    finding = report(make_finding, reporter, 10, 10)
    with app.app_context():
        events = list(
            db.session.scalars(
                select(FindingEvent)
                .where(FindingEvent.finding_id == uuid.UUID(finding["id"]))
                .order_by(FindingEvent.id)
            )
        )
    assert [(e.kind, e.actor_id, e.via) for e in events] == [
        ("created", reporter.id, None),
        ("assigned", None, "router"),
        ("status", None, "router"),
    ]
    assert events[1].comment == "inom fastigheten Upplands Väsby Dragonen 1:12"
    assert events[1].data["kind"] == "property"
    assert (events[2].from_value, events[2].to_value) == ("ny", "skickad")


def test_explain_says_where_a_finding_would_go_without_routing_it(api, make_user, make_rule, town):
    coordinator = make_user("coordinator")
    lat, lon = at(90, 69)
    response = api(coordinator).get(f"/api/v1/routing/explain?lat={lat}&lon={lon}&category=klotter")
    assert response.status_code == 200, response.json
    assert response.json["kind"] == "nearest"
    assert response.json["organisation"]["name"] == "Väsby Centrum Fastigheter AB"
    assert response.json["areas"] == [{"id": town["area"], "name": "Centrum"}]
    assert (
        api(make_user("owner"))
        .get(f"/api/v1/routing/explain?lat={lat}&lon={lon}&category=klotter")
        .status_code
        == 403
    )


def test_a_correction_of_the_category_in_triage_asks_the_router_again(
    api, make_user, make_finding, make_rule, set_org, town
):
    set_org(town["vasbyhem"], review_first=True)
    make_rule(town["gata"], "belysning", town["area"])
    reporter = make_user("reporter")
    finding = report(make_finding, reporter, 10, 10, category="trygg_plats")
    assert finding["routing"]["kind"] == "positive"
    corrected = api(reporter).patch(
        f"/api/v1/findings/{finding['id']}",
        json={"category": "klotter"},
        headers={"If-Match": f'"{finding["version"]}"'},
    )
    assert corrected.status_code == 200, corrected.json
    assert corrected.json["proposed_org"]["name"] == "AB Väsbyhem"  # reviewed first
    again = api(reporter).patch(
        f"/api/v1/findings/{finding['id']}",
        json={"category": "belysning"},
        headers={"If-Match": corrected.headers["ETag"]},
    )
    assert again.json["status"] == "skickad"  # the street department's rule sends at once
    assert again.json["assigned_org"]["name"] == "Upplands Väsby kommun – Gatuenheten"
