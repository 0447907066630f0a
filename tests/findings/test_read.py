"""Reading findings: one, lists with filters and paging, and who sees what."""

import uuid

import pytest


def test_reporters_see_their_own_and_their_walks_findings_only(
    api, make_user, make_finding, make_walk
):
    me, companion, stranger = make_user("reporter"), make_user("reporter"), make_user("reporter")
    walk = make_walk([me, companion])
    mine = make_finding(me)
    companions = make_finding(companion, walk_id=walk)
    strangers = make_finding(stranger)
    ids = {item["id"] for item in api(me).get("/api/v1/findings").json["items"]}
    assert ids == {mine["id"], companions["id"]}
    assert api(me).get(f"/api/v1/findings/{strangers['id']}").status_code == 404


def test_owners_see_what_is_assigned_to_their_organisation(
    api, assign, make_org, make_user, make_finding
):
    housing, shop = make_org("Väsbyhem"), make_org("Väsby Centrum AB")
    owner = make_user("owner", housing)
    reporter = make_user("reporter")
    theirs, others = make_finding(reporter), make_finding(reporter)
    assign(theirs, housing)
    assign(others, shop)
    ids = {item["id"] for item in api(owner).get("/api/v1/findings").json["items"]}
    assert ids == {theirs["id"]}
    assert api(owner).get(f"/api/v1/findings/{others['id']}").status_code == 404
    detail = api(owner).get(f"/api/v1/findings/{theirs['id']}").json
    assert detail["assigned_org"] == {"id": housing, "name": "Väsbyhem"}
    assert detail["mine"] is False


def test_reassignment_takes_effect_at_once(api, assign, make_org, make_user, make_finding):
    housing, shop = make_org("Väsbyhem"), make_org("Väsby Centrum AB")
    owner = make_user("owner", housing)
    finding = make_finding(make_user("reporter"))
    assign(finding, housing)
    assert api(owner).get(f"/api/v1/findings/{finding['id']}").status_code == 200
    assign(finding, shop)
    assert api(owner).get(f"/api/v1/findings/{finding['id']}").status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinators_and_admins_see_everything(api, make_user, make_finding, role):
    findings = [make_finding(make_user("reporter")) for _ in range(3)]
    staff = make_user(role)
    ids = {item["id"] for item in api(staff).get("/api/v1/findings").json["items"]}
    assert ids == {finding["id"] for finding in findings}


def test_filters_by_bbox_status_category_and_walk(
    api, assign, make_org, make_user, make_finding, make_walk
):
    coordinator = make_user("coordinator")
    reporter = make_user("reporter")
    walk = make_walk([reporter])
    inside = make_finding(reporter, lat=59.5186, lon=17.9119, walk_id=walk)
    outside = make_finding(reporter, lat=59.6000, lon=17.9119, category="klotter")
    assign(outside, make_org(), status="mottagen")

    def ids(query):
        response = api(coordinator).get(f"/api/v1/findings?{query}")
        assert response.status_code == 200, response.json
        return {item["id"] for item in response.json["items"]}

    assert ids("bbox=17.90,59.51,17.92,59.52") == {inside["id"]}
    assert ids("status=mottagen") == {outside["id"]}
    assert ids("status=ny,mottagen") == {inside["id"], outside["id"]}
    assert ids("category=klotter") == {outside["id"]}
    assert ids(f"walk={walk}") == {inside["id"]}


@pytest.mark.parametrize(
    "query",
    ["bbox=1,2,3", "bbox=a,b,c,d", "bbox=18,59,17,60", "status=trasig", "cursor=xyz", "limit=0"],
)
def test_bad_filters_are_a_422(api, make_user, query):
    response = api(make_user("coordinator")).get(f"/api/v1/findings?{query}")
    assert response.status_code == 422
    assert response.json["code"] == "validation_failed"


def test_cursor_paging_visits_every_finding_once_newest_first(api, make_user, make_finding):
    reporter = make_user("reporter")
    made = [
        make_finding(reporter, captured_at=f"2026-11-{day:02d}T18:00:00+01:00")
        for day in range(1, 8)
    ]
    seen, cursor = [], None
    while True:
        query = "limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = api(reporter).get(f"/api/v1/findings?{query}").json
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [finding["id"] for finding in reversed(made)]


def test_nearby_suggests_open_findings_of_the_same_category_within_the_radius(
    api, assign, make_org, make_user, make_finding
):
    coordinator, other = make_user("coordinator"), make_user("reporter")
    close = make_finding(other, lat=59.51870, lon=17.91190)  # about 11 m north
    make_finding(other, lat=59.51870, lon=17.91190, category="klotter")  # other category
    make_finding(other, lat=59.52000, lon=17.91190)  # about 155 m away
    fixed = make_finding(other, lat=59.51862, lon=17.91190)
    assign(fixed, make_org(), status="åtgärdad")
    response = api(coordinator).get(
        "/api/v1/findings/nearby?lat=59.5186&lon=17.9119&category=belysning"
    )
    assert response.status_code == 200
    assert [item["id"] for item in response.json] == [close["id"]]
    suggestion = response.json[0]
    assert 10 < suggestion["distance_m"] < 12
    assert suggestion["mine"] is False
    assert suggestion["note"] == close["note"]
    # Another reporter learns that something is reported there, not which finding it is
    # (tests/findings/test_read_limits.py).
    [hidden] = (
        api(make_user("reporter"))
        .get("/api/v1/findings/nearby?lat=59.5186&lon=17.9119&category=belysning")
        .json
    )
    assert hidden["distance_m"] == suggestion["distance_m"]
    assert "id" not in hidden


def test_nearby_radius_can_be_widened(api, make_user, make_finding):
    reporter = make_user("reporter")
    far = make_finding(reporter, lat=59.52000, lon=17.91190)
    response = api(reporter).get(
        "/api/v1/findings/nearby?lat=59.5186&lon=17.9119&category=belysning&radius_m=200"
    )
    assert [item["id"] for item in response.json] == [far["id"]]


def test_unknown_finding_is_a_404_in_the_error_shape(api, make_user):
    response = api(make_user("coordinator")).get(f"/api/v1/findings/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json == {"code": "not_found", "message": "Iakttagelsen finns inte."}
