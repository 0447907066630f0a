"""Admins manage the list of incident types: add one, rename it, take it out of use, mark it
for alerts. A code never changes; an inactive type is refused for new incidents and kept on the
old ones."""

import uuid

import pytest
from sqlalchemy import select

from server.audit.models import AuditEntry
from server.extensions import db
from tests.factories.incidents import incident_body

KLOTTER = {"code": "klotter", "name_sv": "Klotter", "name_en": "Graffiti"}


def test_an_admin_adds_a_type_that_everyone_then_gets_and_may_record(api, make_user):
    admin = make_user("admin")
    response = api(admin).post("/api/v1/incident-types", json=KLOTTER)
    assert response.status_code == 201
    assert response.json == {
        "code": "klotter",
        "name": "Klotter",
        "name_sv": "Klotter",
        "name_en": "Graffiti",
        "active": True,
        "alert": False,
        "position": 90,  # after the eight seeded types (10 … 80)
    }
    reporter = make_user("reporter", locale="en")
    listed = api(reporter).get("/api/v1/incident-types").json
    assert listed[-1] == {"code": "klotter", "name": "Graffiti"}
    put = api(reporter).put(f"/api/v1/incidents/{uuid.uuid4()}", json=incident_body(type="klotter"))
    assert put.status_code == 201


def test_a_code_is_a_unique_slug(api, make_user):
    admin = api(make_user("admin"))
    taken = admin.post("/api/v1/incident-types", json={**KLOTTER, "code": "brand"})
    assert taken.status_code == 409
    assert taken.json["errors"] == {"code": ["Används redan."]}
    for bad in ("Klotter", "klotter på vägg", "k", "2klotter", "klötter"):
        response = admin.post("/api/v1/incident-types", json={**KLOTTER, "code": bad})
        assert response.status_code == 422, bad
        assert list(response.json["errors"]) == ["code"]


def test_two_types_may_not_share_a_name(api, make_user):
    admin = api(make_user("admin"))
    response = admin.post("/api/v1/incident-types", json={**KLOTTER, "name_sv": "brand"})
    assert response.status_code == 409
    assert response.json["errors"] == {"name_sv": ["Används redan."]}


def test_an_admin_renames_a_type_and_its_code_stays(api, make_user):
    admin = api(make_user("admin"))
    response = admin.patch("/api/v1/incident-types/trafik", json={"name_sv": "Trafikbrott"})
    assert response.status_code == 200
    assert (response.json["code"], response.json["name_sv"]) == ("trafik", "Trafikbrott")
    assert (
        admin.patch("/api/v1/incident-types/trafik", json={"code": "trafikbrott"}).status_code
        == 422
    )
    assert admin.patch("/api/v1/incident-types/finns_inte", json={"alert": True}).status_code == 404


def test_flags_are_json_booleans_and_the_position_a_whole_number(api, make_user):
    admin = api(make_user("admin"))
    for bad in ({"active": 0}, {"alert": "yes"}, {"position": 2.5e-42}, {"position": "3"}):
        response = admin.patch("/api/v1/incident-types/trafik", json=bad)
        assert response.status_code == 422, bad
    shown = admin.get("/api/v1/incident-types?all=1").json
    assert {"code": "trafik", "active": True} in [
        {"code": row["code"], "active": row["active"]} for row in shown
    ]


def test_an_inactive_type_is_refused_for_new_incidents_and_kept_on_old_ones(api, make_user):
    admin, reporter = api(make_user("admin")), make_user("reporter")
    old = api(reporter).put(f"/api/v1/incidents/{uuid.uuid4()}", json=incident_body(type="trafik"))
    assert old.status_code == 201

    response = admin.patch("/api/v1/incident-types/trafik", json={"active": False})
    assert response.json["active"] is False

    codes = [t["code"] for t in api(reporter).get("/api/v1/incident-types").json]
    assert "trafik" not in codes
    new = api(reporter).put(f"/api/v1/incidents/{uuid.uuid4()}", json=incident_body(type="trafik"))
    assert new.status_code == 422
    assert new.json["errors"] == {"type": ["Okänd eller inaktiv händelsetyp."]}
    (kept,) = api(reporter).get("/api/v1/incidents?from=2026-01-01").json["items"]
    assert (kept["id"], kept["type"], kept["type_name"]) == (old.json["id"], "trafik", "Trafik")


def test_admins_list_every_type_with_all_and_others_may_not(api, make_user):
    admin = api(make_user("admin"))
    admin.patch("/api/v1/incident-types/annat", json={"active": False})
    listed = admin.get("/api/v1/incident-types?all=1").json
    assert len(listed) == 8
    annat = next(t for t in listed if t["code"] == "annat")
    assert (annat["active"], annat["alert"], annat["name_en"]) == (False, False, "Other")
    assert api(make_user("coordinator")).get("/api/v1/incident-types?all=1").status_code == 403


@pytest.mark.parametrize("role", ["reporter", "owner", "coordinator"])
def test_only_admins_manage_types(api, make_user, role):
    caller = api(make_user(role))
    assert caller.post("/api/v1/incident-types", json=KLOTTER).status_code == 403
    assert caller.patch("/api/v1/incident-types/brand", json={"alert": True}).status_code == 403


def test_changes_to_the_types_are_audited(app, api, make_user):
    admin = make_user("admin")
    api(admin).post("/api/v1/incident-types", json=KLOTTER)
    api(admin).patch("/api/v1/incident-types/brand", json={"alert": True, "name_en": "Fire"})
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == "incident_type")
            .order_by(AuditEntry.id)
        ).all()
        assert [(e.action, e.object_id, e.actor_id) for e in entries] == [
            ("incident_type.created", "klotter", admin.id),
            ("incident_type.updated", "brand", admin.id),
        ]
        assert entries[1].data == {"fields": {"alert": {"from": False, "to": True}}}
