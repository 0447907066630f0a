"""GET /api/v1/incidents: who reads which, the local week and day filters, the type, paging."""

import uuid

import pytest

from tests.factories.incidents import incident_body


def record(api, user, **overrides) -> str:
    incident_id = str(uuid.uuid4())
    response = api(user).put(f"/api/v1/incidents/{incident_id}", json=incident_body(**overrides))
    assert response.status_code == 201, response.json
    return incident_id


def ids(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [item["id"] for item in response.json["items"]]


@pytest.fixture
def partners(make_org, make_user):
    """Two partners, police and housing company, each with a reporter and an owner."""
    police, housing = make_org("Polisen"), make_org("Väsbyhem")
    return {
        "police_reporter": make_user("reporter", police),
        "police_owner": make_user("owner", police),
        "housing_reporter": make_user("reporter", housing),
        "housing_owner": make_user("owner", housing),
        "coordinator": make_user("coordinator"),
        "admin": make_user("admin"),
    }


def test_each_role_reads_what_its_scope_allows(api, partners):
    police = record(api, partners["police_reporter"])
    police_owners = record(api, partners["police_owner"])
    housing = record(api, partners["housing_reporter"])

    def read(name):
        return set(ids(api(partners[name]).get("/api/v1/incidents")))

    assert read("police_reporter") == {police}
    assert read("housing_reporter") == {housing}
    assert read("police_owner") == {police, police_owners}
    assert read("housing_owner") == {housing}
    assert read("coordinator") == read("admin") == {police, police_owners, housing}


def test_only_the_reporter_sees_mine(api, partners):
    record(api, partners["police_reporter"])
    assert api(partners["police_reporter"]).get("/api/v1/incidents").json["items"][0]["mine"]
    assert not api(partners["coordinator"]).get("/api/v1/incidents").json["items"][0]["mine"]


@pytest.mark.parametrize(
    ("week", "sunday_night", "monday_night"),
    [
        # Winter (UTC+1): Sunday 18 January 23:30 is week 3, Monday 00:30 week 4.
        ("2026-W03", "2026-01-18T22:30:00Z", "2026-01-18T23:30:00Z"),
        # Summer time began that Sunday, 29 March (UTC+2): 23:30 is week 13, 00:30 week 14.
        ("2026-W13", "2026-03-29T21:30:00Z", "2026-03-29T22:30:00Z"),
    ],
)
def test_a_week_is_the_local_week(api, partners, week, sunday_night, monday_night):
    reporter = partners["police_reporter"]
    sunday = record(api, reporter, occurred_at=sunday_night)
    monday = record(api, reporter, occurred_at=monday_night)
    year, number = week.split("-W")
    following = f"{year}-W{int(number) + 1:02d}"
    assert ids(api(reporter).get(f"/api/v1/incidents?week={week}")) == [sunday]
    assert ids(api(reporter).get(f"/api/v1/incidents?week={following}")) == [monday]


def test_from_and_to_are_local_days_both_included(api, partners):
    reporter = partners["police_reporter"]
    early = record(api, reporter, occurred_at="2026-03-28T23:10:00+01:00")
    late = record(api, reporter, occurred_at="2026-03-29T23:50:00+02:00")
    record(api, reporter, occurred_at="2026-03-30T00:10:00+02:00")
    response = api(reporter).get("/api/v1/incidents?from=2026-03-28&to=2026-03-29")
    assert ids(response) == [late, early]


def test_filtered_by_type(api, partners):
    reporter = partners["police_reporter"]
    fire = record(api, reporter, type="brand")
    record(api, reporter, type="trafik")
    assert ids(api(reporter).get("/api/v1/incidents?type=brand")) == [fire]
    response = api(reporter).get("/api/v1/incidents?type=inbrott")
    assert response.status_code == 422
    assert response.json["errors"] == {"type": ["Okänd händelsetyp."]}


def test_a_week_and_days_together_are_refused(api, partners):
    response = api(partners["coordinator"]).get("/api/v1/incidents?week=2026-W03&from=2026-01-12")
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"week"}


def test_pages_follow_the_cursor_latest_first_even_between_equal_times(api, partners):
    reporter = partners["police_reporter"]
    moments = ["2026-11-01T20:00:00+01:00", "2026-11-02T20:00:00+01:00", "2026-11-02T19:00:00Z"]
    older, *same_time = [record(api, reporter, occurred_at=moment) for moment in moments]
    seen, cursor = [], ""
    for _ in range(3):
        page = api(reporter).get(f"/api/v1/incidents?limit=1{cursor}")
        seen += ids(page)
        cursor = f"&cursor={page.json['next_cursor']}"
    assert page.json["next_cursor"] is None
    assert seen == [*sorted(same_time, reverse=True), older]
    assert api(reporter).get("/api/v1/incidents?cursor=bm9wZQ").status_code == 422


def test_anonymous_callers_are_refused(api):
    assert api(None).get("/api/v1/incidents").status_code == 401
