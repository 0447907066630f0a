"""GET /api/v1/incident-types: the managed list, named in the reader's language."""

from tests.factories.incidents import set_incident_type_active

SEEDED = [
    "skadegorelse",
    "brand",
    "ordningsstorning",
    "narkotika",
    "stold_inbrott",
    "trafik",
    "hot_vald",
    "annat",
]


def test_every_role_reads_the_seeded_types_in_order_in_swedish(api, make_user):
    for role in ("reporter", "owner", "coordinator", "admin"):
        response = api(make_user(role)).get("/api/v1/incident-types")
        assert response.status_code == 200, role
        assert [t["code"] for t in response.json] == SEEDED
        assert response.json[4] == {"code": "stold_inbrott", "name": "Stöld/inbrott"}
        assert response.json[6] == {"code": "hot_vald", "name": "Hot/våld"}


def test_the_names_are_english_for_a_reader_who_chose_english(api, make_user):
    types = api(make_user("reporter", locale="en")).get("/api/v1/incident-types").json
    assert types[0] == {"code": "skadegorelse", "name": "Vandalism"}


def test_the_codes_are_safe_in_urls(api, make_user):
    types = api(make_user("reporter")).get("/api/v1/incident-types").json
    assert all(t["code"].isascii() and t["code"].replace("_", "").isalnum() for t in types)


def test_an_inactive_type_is_not_offered(app, api, make_user):
    set_incident_type_active(app, "trafik", False)
    types = api(make_user("reporter")).get("/api/v1/incident-types").json
    assert [t["code"] for t in types] == [code for code in SEEDED if code != "trafik"]


def test_anonymous_callers_are_refused(api):
    assert api(None).get("/api/v1/incident-types").status_code == 401
