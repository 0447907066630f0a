"""POST, GET and PATCH /api/v1/est/actions: the actions decided at the weekly EST meeting, who
may decide them, who reads which and who reports whether they were done."""

import pytest

from tests.factories import rectangle
from tests.factories.est import action_body


@pytest.fixture
def partners(make_org, make_user):
    police, housing = make_org("Polisen", "polis"), make_org("AB Väsbyhem", "bostadsbolag")
    return {
        "police": police,
        "housing": housing,
        "police_owner": make_user("owner", police),
        "housing_owner": make_user("owner", housing),
        "reporter": make_user("reporter", housing),
        "coordinator": make_user("coordinator"),
        "admin": make_user("admin"),
    }


def decide(api, partners, who="housing", **overrides) -> dict:
    body = action_body(partners[who], **overrides)
    response = api(partners["coordinator"]).post("/api/v1/est/actions", json=body)
    assert response.status_code == 201, response.json
    return response.json


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinators_and_admins_decide_an_action(api, partners, role):
    body = action_body(partners["housing"], week="2026W14")
    response = api(partners[role]).post("/api/v1/est/actions", json=body)
    assert response.status_code == 201, response.json
    action = response.json
    assert action["week"] == "2026-W14"
    assert action["what"] == "Trygghetsrunda vid stationens busshållplatser"
    assert action["who"] == {"id": partners["housing"], "name": "AB Väsbyhem"}
    assert action["where"] == {"area": None, "lat": 59.5186, "lon": 17.9119, "place": "Stationen"}
    assert (action["due_on"], action["kind"], action["evenings"]) == (
        "2026-04-05",
        "trygghetsrunda",
        [5, 6],
    )
    assert (action["status"], action["result"]) == ("planerad", "")


@pytest.mark.parametrize("role", ["reporter", "police_owner"])
def test_others_may_not_decide_actions(api, partners, role):
    body = action_body(partners["housing"])
    assert api(partners[role]).post("/api/v1/est/actions", json=body).status_code == 403
    assert api(None).post("/api/v1/est/actions", json=body).status_code == 401


def test_an_action_in_an_area_or_a_place_in_words(api, partners, make_area):
    centrum = make_area("Centrum", rectangle(-500, -500, 500, 500))
    in_area = decide(api, partners, where={"area_id": centrum}, kind="insats", evenings=[])
    assert in_area["where"] == {
        "area": {"id": centrum, "name": "Centrum"},
        "lat": None,
        "lon": None,
        "place": "",
    }
    in_words = decide(api, partners, where={"place": "Lekplatsen vid skolan"}, kind="annat")
    assert in_words["where"]["place"] == "Lekplatsen vid skolan"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"week": "2026-W54"}, "week"),
        ({"week": "vecka 14"}, "week"),
        ({"week": ""}, "week"),
        ({"where": {}}, "where"),
        ({"where": {"lat": 59.5}}, "where"),
        ({"where": {"area_id": 999999}}, "where"),
        ({"where": {"lat": 91, "lon": 17.9}}, "where"),
        ({"who": 999999}, "who"),
        ({"due_on": "2026-03-29"}, "due_on"),
        ({"kind": "vandring"}, "kind"),
        ({"evenings": [0]}, "evenings"),
        ({"evenings": [8]}, "evenings"),
        ({"what": ""}, "what"),
        ({"what": "Prata med 850709-9805 om klottret"}, "what"),
    ],
)
def test_a_bad_action_is_refused_naming_the_field(api, partners, change, field):
    body = action_body(partners["housing"]) | change
    response = api(partners["coordinator"]).post("/api/v1/est/actions", json=body)
    assert response.status_code == 422
    assert field in response.json["errors"], response.json
    assert api(partners["coordinator"]).get("/api/v1/est/actions").json == []


def test_the_messages_are_in_swedish(api, partners):
    body = action_body(partners["housing"], where={"place": " "}, due_on="2026-03-01")
    errors = api(partners["coordinator"]).post("/api/v1/est/actions", json=body).json["errors"]
    assert errors["where"] == ["Ange ett område, en position eller en plats."]
    assert errors["due_on"] == ["Åtgärden ska vara klar före mötets vecka."]


def test_who_reads_which_actions(api, partners):
    housing = decide(api, partners, who="housing")["id"]
    police = decide(api, partners, who="police", week="2026-W15", due_on="2026-04-12")["id"]

    def read(name, query=""):
        response = api(partners[name]).get(f"/api/v1/est/actions{query}")
        assert response.status_code == 200, response.json
        return [action["id"] for action in response.json]

    assert read("coordinator") == read("admin") == [police, housing]  # latest week first
    assert read("housing_owner") == [housing]
    assert read("police_owner") == [police]
    assert read("coordinator", "?week=2026-W14") == [housing]
    assert read("coordinator", "?week=2026W15") == [police]
    assert read("coordinator", "?week=2026-W16") == []
    assert api(partners["reporter"]).get("/api/v1/est/actions").status_code == 403
    assert api(partners["coordinator"]).get("/api/v1/est/actions?week=x").status_code == 422


def test_the_organisation_given_the_action_reports_it_done(api, partners):
    action = decide(api, partners, who="housing")
    path = f"/api/v1/est/actions/{action['id']}"
    response = api(partners["housing_owner"]).patch(
        path, json={"status": "gjord", "result": "Två rundor, lugnt båda kvällarna"}
    )
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["result"]) == (
        "gjord",
        "Två rundor, lugnt båda kvällarna",
    )
    # Without a result the earlier one stays; a coordinator may correct the status.
    again = api(partners["coordinator"]).patch(path, json={"status": "inte gjord"})
    assert (again.json["status"], again.json["result"]) == (
        "inte gjord",
        "Två rundor, lugnt båda kvällarna",
    )
    [listed] = api(partners["admin"]).get("/api/v1/est/actions").json
    assert listed["status"] == "inte gjord"


def test_others_may_not_report_on_an_action(api, partners):
    action = decide(api, partners, who="housing")
    path = f"/api/v1/est/actions/{action['id']}"
    assert api(partners["police_owner"]).patch(path, json={"status": "gjord"}).status_code == 404
    assert api(partners["reporter"]).patch(path, json={"status": "gjord"}).status_code == 403
    assert api(None).patch(path, json={"status": "gjord"}).status_code == 401
    bad = api(partners["coordinator"]).patch(path, json={"status": "klar"})
    assert bad.status_code == 422
    number = api(partners["housing_owner"]).patch(
        path, json={"status": "gjord", "result": "Pratade med 19850709-9805"}
    )
    assert number.status_code == 422 and "result" in number.json["errors"]
    missing = api(partners["coordinator"]).patch(
        "/api/v1/est/actions/999999", json={"status": "gjord"}
    )
    assert missing.status_code == 404
    [unchanged] = api(partners["coordinator"]).get("/api/v1/est/actions").json
    assert (unchanged["status"], unchanged["result"]) == ("planerad", "")
