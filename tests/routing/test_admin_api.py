"""Admins edit the routing rules and the organisations' settings; coordinators read them."""

from tests.factories import at, rectangle


def test_admins_create_list_change_and_delete_rules(api, make_user, make_org, make_area):
    admin = make_user("admin")
    gata = make_org("Upplands Väsby kommun – Gatuenheten", "förvaltning")
    park = make_org("Upplands Väsby kommun – Parkenheten", "förvaltning")
    centrum = make_area("Centrum", rectangle(-100, -100, 100, 100))

    created = api(admin).post(
        "/api/v1/admin/routing-rules",
        json={"category": "belysning", "area_id": centrum, "organisation_id": gata},
    )
    assert created.status_code == 201, created.json
    rule = created.json
    assert rule["position"] == 10
    assert rule["text"] == (
        "regel: trasig/bristfällig belysning inom Centrum → Upplands Väsby kommun – Gatuenheten"
    )
    second = (
        api(admin)
        .post(
            "/api/v1/admin/routing-rules",
            json={"category": None, "area_id": None, "organisation_id": park, "note": "allt annat"},
        )
        .json
    )
    assert second["position"] == 20
    assert second["text"] == "regel: allt → Upplands Väsby kommun – Parkenheten"

    coordinator = make_user("coordinator")
    listed = api(coordinator).get("/api/v1/admin/routing-rules").json
    assert [item["id"] for item in listed] == [rule["id"], second["id"]]

    moved = (
        api(admin)
        .patch(f"/api/v1/admin/routing-rules/{second['id']}", json={"position": 1, "active": False})
        .json
    )
    assert (moved["position"], moved["active"]) == (1, False)
    listed = api(coordinator).get("/api/v1/admin/routing-rules").json
    assert [item["id"] for item in listed] == [second["id"], rule["id"]]

    assert (
        api(coordinator)
        .patch(f"/api/v1/admin/routing-rules/{rule['id']}", json={"active": False})
        .status_code
        == 403
    )
    assert api(admin).delete(f"/api/v1/admin/routing-rules/{rule['id']}").status_code == 204
    assert api(admin).get(f"/api/v1/admin/routing-rules/{rule['id']}").status_code == 404


def test_a_rule_names_what_exists(api, make_user, make_org):
    admin = make_user("admin")
    gata = make_org("Gatuenheten")
    response = api(admin).post(
        "/api/v1/admin/routing-rules",
        json={"category": "lyktstolpe", "area_id": 987654, "organisation_id": gata},
    )
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"category", "area_id"}
    missing = api(admin).post("/api/v1/admin/routing-rules", json={"category": "belysning"})
    assert missing.status_code == 422
    assert "organisation_id" in missing.json["errors"]


def test_admins_set_an_organisation_s_address_review_and_digest(
    api, app, make_user, make_org, make_property, make_finding
):
    admin = make_user("admin")
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property("Dragonen 1:12", vasbyhem, rectangle(0, 0, 50, 50))
    response = api(admin).patch(
        f"/api/v1/admin/organisations/{vasbyhem}",
        json={"email": "Felanmalan@Vasbyhem.se", "review_first": True, "notify_mode": "digest"},
    )
    assert response.status_code == 200, response.json
    assert response.json["email"] == "felanmalan@vasbyhem.se"
    assert response.json["review_first"] is True
    coordinator = make_user("coordinator")
    organisations = api(coordinator).get("/api/v1/organisations").json
    assert {"AB Väsbyhem"} <= {item["name"] for item in organisations}
    lat, lon = at(10, 10)
    finding = make_finding(make_user("reporter"), lat=lat, lon=lon)
    assert finding["proposed_org"]["name"] == "AB Väsbyhem"
    assert (
        api(admin)
        .patch(f"/api/v1/admin/organisations/{vasbyhem}", json={"email": "inte en adress"})
        .status_code
        == 422
    )
    assert api(admin).patch("/api/v1/admin/organisations/987654", json={}).status_code == 404
    assert (
        api(coordinator)
        .patch(f"/api/v1/admin/organisations/{vasbyhem}", json={"review_first": False})
        .status_code
        == 403
    )


def test_users_choose_immediate_emails_a_digest_or_none(api, make_user):
    owner = make_user("owner")
    assert api(owner).get("/api/v1/auth/me").json["user"]["notify_mode"] == "immediate"
    changed = api(owner).patch("/api/v1/auth/me", json={"notify_mode": "digest"})
    assert changed.json["user"]["notify_mode"] == "digest"
    assert api(owner).patch("/api/v1/auth/me", json={"notify_mode": "weekly"}).status_code == 422


def test_admins_mark_an_area_for_review(api, make_user, make_area):
    admin = make_user("admin")
    area = make_area("Centrum", rectangle(-100, -100, 100, 100))
    response = api(admin).patch(f"/api/v1/admin/areas/{area}", json={"review_first": True})
    assert response.json["review_first"] is True
    owner = make_user("owner")
    assert api(owner).get(f"/api/v1/areas/{area}").json["geometry"]["type"] == "Polygon"
    assert api(owner).patch(f"/api/v1/admin/areas/{area}", json={}).status_code == 403
