"""The medborgarlöfte through the API: coordinators and admins create and change promises with
their commitments, everyone signed in reads them; insatser are logged against a commitment;
a walk is planned for a commitment."""

from tests.factories import rectangle

COMMITMENTS = [
    {
        "text": "Genomföra trygghetsvandringar i Skillingaryd och Vaggeryd",
        "kind": "trygghetsvandring",
        "planned_per_tertial": 2,
    },
    {
        "text": "Trygghetsrundor på aktuella platser utifrån den gemensamma lägesbilden",
        "kind": "trygghetsrunda",
        "planned_per_tertial": 6,
    },
    {
        "text": "Trafikinsatser där trafikproblem identifierats",
        "kind": "insats",
        "planned_per_tertial": 3,
    },
]


def promise_body(**fields) -> dict:
    return {
        "title": "Medborgarlöfte Vaggeryd 2026–2027",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        "area_id": None,
        "commitments": COMMITMENTS,
        **fields,
    }


def test_a_coordinator_makes_a_promise_that_everyone_signed_in_reads(
    api, make_user, make_area, make_org
):
    coordinator = make_user("coordinator")
    police = make_org("Polisen Jönköping", "polis")
    area = make_area("Vaggeryd", rectangle(-300, -300, 300, 300))
    response = api(coordinator).post(
        "/api/v1/promises",
        json=promise_body(
            area_id=area,
            parties=[police, coordinator.organisation_id],
            focus_areas=["Ökad trygghet", "Trafiksäkerhet"],
        ),
    )
    assert response.status_code == 201, response.json
    promise = response.json
    assert promise["title"] == "Medborgarlöfte Vaggeryd 2026–2027"
    assert promise["area"] == {"id": area, "name": "Vaggeryd"}
    assert {party["id"] for party in promise["parties"]} == {police, coordinator.organisation_id}
    assert promise["focus_areas"] == ["Ökad trygghet", "Trafiksäkerhet"]
    assert [
        {key: c[key] for key in ("text", "kind", "planned_per_tertial")}
        for c in promise["commitments"]
    ] == COMMITMENTS
    assert all(isinstance(c["id"], int) for c in promise["commitments"])
    assert promise["public_url"].startswith("/lofte/")
    assert len(promise["public_url"]) > len("/lofte/") + 30  # unguessable

    for role in ("reporter", "owner", "coordinator", "admin"):
        reader = api(make_user(role))
        assert reader.get(f"/api/v1/promises/{promise['id']}").json == promise
        assert [p["id"] for p in reader.get("/api/v1/promises").json] == [promise["id"]]
    assert api(None).get("/api/v1/promises").status_code == 401
    assert api(coordinator).get("/api/v1/promises/999999").status_code == 404


def test_only_coordinators_and_admins_make_and_change_promises(api, make_user):
    made = api(make_user("admin")).post("/api/v1/promises", json=promise_body())
    assert made.status_code == 201
    for role in ("reporter", "owner"):
        caller = api(make_user(role))
        assert caller.post("/api/v1/promises", json=promise_body()).status_code == 403
        changed = caller.patch(f"/api/v1/promises/{made.json['id']}", json={"title": "Nytt"})
        assert changed.status_code == 403
    assert api(None).post("/api/v1/promises", json=promise_body()).status_code == 401


def test_bad_promises_are_refused_field_by_field(api, make_user):
    coordinator = api(make_user("coordinator"))

    def problems(**fields):
        response = coordinator.post("/api/v1/promises", json=promise_body(**fields))
        assert response.status_code == 422, response.json
        return response.json["errors"]

    assert "ends_on" in problems(starts_on="2026-06-01", ends_on="2026-05-31")
    assert "commitments" in problems(
        commitments=[{"text": "Något", "kind": "fika", "planned_per_tertial": 1}]
    )
    assert "commitments" in problems(
        commitments=[{"text": "Något", "kind": "insats", "planned_per_tertial": -1}]
    )
    assert "commitments" in problems(commitments=[])
    assert "area_id" in problems(area_id=424242)
    assert "parties" in problems(parties=[424242])
    assert "starts_on" in problems(starts_on="1 januari")
    assert coordinator.get("/api/v1/promises").json == []


def test_the_error_is_in_swedish(api, make_user):
    coordinator = api(make_user("coordinator"))
    response = coordinator.post(
        "/api/v1/promises", json=promise_body(starts_on="2026-06-01", ends_on="2026-05-31")
    )
    assert response.json["errors"]["ends_on"] == [
        "Löftet måste sluta samma dag som det börjar eller senare."
    ]


def test_a_patch_changes_fields_and_the_list_of_commitments(api, make_user):
    coordinator = api(make_user("coordinator"))
    promise = coordinator.post("/api/v1/promises", json=promise_body()).json
    first, second, third = promise["commitments"]
    response = coordinator.patch(
        f"/api/v1/promises/{promise['id']}",
        json={
            "title": "Medborgarlöfte Vaggeryd",
            "commitments": [
                {**third, "planned_per_tertial": 4},
                {
                    "text": "Områdesvandring med bostadsbolaget",
                    "kind": "områdesvandring",
                    "planned_per_tertial": 1,
                },
                first,
            ],
        },
    )
    assert response.status_code == 200, response.json
    changed = response.json
    assert changed["title"] == "Medborgarlöfte Vaggeryd"
    assert changed["starts_on"] == "2026-01-01"
    assert [c["text"] for c in changed["commitments"]] == [
        third["text"],
        "Områdesvandring med bostadsbolaget",
        first["text"],
    ]
    assert changed["commitments"][0] == {**third, "planned_per_tertial": 4}
    assert second["id"] not in {c["id"] for c in changed["commitments"]}
    assert coordinator.get(f"/api/v1/promises/{promise['id']}").json == changed

    late = coordinator.patch(f"/api/v1/promises/{promise['id']}", json={"ends_on": "2025-12-31"})
    assert late.status_code == 422


def test_a_commitment_with_insatser_is_not_removed(api, make_user):
    coordinator = api(make_user("coordinator"))
    promise = coordinator.post("/api/v1/promises", json=promise_body()).json
    first, second, third = promise["commitments"]
    logged = coordinator.post(
        f"/api/v1/promises/{promise['id']}/commitments/{third['id']}/insatser",
        json={"date": "2026-03-10", "place": "Storgatan", "result": "Hastighetskontroll"},
    )
    assert logged.status_code == 201
    dropped = coordinator.patch(
        f"/api/v1/promises/{promise['id']}", json={"commitments": [first, second]}
    )
    assert dropped.status_code == 409
    assert len(coordinator.get(f"/api/v1/promises/{promise['id']}").json["commitments"]) == 3


def test_insatser_are_logged_by_staff_and_the_parties_owners(api, make_user, make_org):
    coordinator = make_user("coordinator")
    housing = make_org("Vaggerydsbostäder", "bostadsbolag")
    promise = api(coordinator).post("/api/v1/promises", json=promise_body(parties=[housing])).json
    commitment = promise["commitments"][2]
    path = f"/api/v1/promises/{promise['id']}/commitments/{commitment['id']}/insatser"
    body = {
        "date": "2026-03-10",
        "place": "Korsningen Storgatan–Järnvägsgatan",
        "lat": 57.4,
        "lon": 14.1,
        "result": "Hastighetskontroll, 4 rapporterade",
    }
    response = api(coordinator).post(path, json=body)
    assert response.status_code == 201, response.json
    assert {key: response.json[key] for key in body} == body
    assert response.json["commitment_id"] == commitment["id"]

    party_owner = make_user("owner", housing)
    assert api(party_owner).post(path, json={**body, "date": "2026-04-02"}).status_code == 201
    assert api(make_user("owner")).post(path, json=body).status_code == 403
    assert api(make_user("reporter", housing)).post(path, json=body).status_code == 403

    listed = api(make_user("reporter")).get(path)
    assert listed.status_code == 200
    assert [i["date"] for i in listed.json] == ["2026-03-10", "2026-04-02"]

    assert api(coordinator).post(path, json={**body, "lon": None}).status_code == 422
    assert api(coordinator).post(path, json={**body, "date": "i tisdags"}).status_code == 422
    other = f"/api/v1/promises/{promise['id']}/commitments/999999/insatser"
    assert api(coordinator).post(other, json=body).status_code == 404


def test_a_walk_is_planned_for_a_commitment(api, make_user):
    coordinator = api(make_user("coordinator"))
    promise = coordinator.post("/api/v1/promises", json=promise_body()).json
    commitment = promise["commitments"][0]
    walk = {
        "type": "trygghetsvandring",
        "title": "Trygghetsvandring i Skillingaryd",
        "planned_start": "2026-03-12T18:00:00+01:00",
    }
    response = coordinator.post("/api/v1/walks", json={**walk, "commitment_id": commitment["id"]})
    assert response.status_code == 201, response.json
    assert response.json["commitment_id"] == commitment["id"]
    assert (
        coordinator.get(f"/api/v1/walks/{response.json['id']}").json["commitment_id"]
        == (commitment["id"])
    )

    unknown = coordinator.post("/api/v1/walks", json={**walk, "commitment_id": 999999})
    assert unknown.status_code == 422
    assert "commitment_id" in unknown.json["errors"]
    assert len(coordinator.get("/api/v1/walks").json) == 1

    plain = coordinator.post("/api/v1/walks", json=walk)
    assert plain.status_code == 201 and plain.json["commitment_id"] is None
    linked = coordinator.patch(
        f"/api/v1/walks/{plain.json['id']}", json={"commitment_id": commitment["id"]}
    )
    assert linked.json["commitment_id"] == commitment["id"]
    wrong = coordinator.patch(f"/api/v1/walks/{plain.json['id']}", json={"commitment_id": 999999})
    assert wrong.status_code == 422

    # A commitment that walks are planned for is not removed from the promise.
    dropped = coordinator.patch(
        f"/api/v1/promises/{promise['id']}", json={"commitments": promise["commitments"][1:]}
    )
    assert dropped.status_code == 409
