"""Open311 GeoReport v2, checked field by field against the specification
(http://wiki.open311.org/GeoReport_v2): discovery, services, service definitions, requests
GET and POST with a key, a single request, the error format, JSON and XML, and the scope of the
key. What a request shows without a key is in test_public.py."""

import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

from tests.factories import at

W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
EXTENSIONS = {"detailed_status"}


def parse_xml(data: bytes):
    return ElementTree.fromstring(data)  # noqa: S314 - our own server's answer


def key(user) -> str:
    return f"api_key={user.token}"


def test_discovery(client):
    response = client.get("/open311/v2/discovery.json")
    assert response.status_code == 200
    found = response.json
    assert set(found) >= {"changeset", "contact", "key_service", "endpoints"}
    endpoint = found["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["type"] == "production"
    assert endpoint["formats"] == ["application/json", "text/xml"]
    xml = parse_xml(client.get("/open311/v2/discovery.xml").data)
    assert xml.tag == "discovery"
    assert [f.text for f in xml.find("endpoints/endpoint/formats")] == [
        "application/json",
        "text/xml",
    ]


def test_services_are_the_categories_in_swedish(client):
    services = client.get("/open311/v2/services.json").json
    codes = [s["service_code"] for s in services]
    assert "belysning" in codes and "klotter" in codes
    assert "trygg_plats" not in codes  # a positive mark is no service request
    lamp = next(s for s in services if s["service_code"] == "belysning")
    assert set(lamp) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    assert lamp["service_name"] == "Trasig/bristfällig belysning"
    assert lamp["metadata"] is False
    assert lamp["type"] in ("realtime", "batch", "blackbox")
    xml = parse_xml(client.get("/open311/v2/services.xml").data)
    assert xml.tag == "services"
    assert xml.find("service/metadata").text == "false"
    definition = client.get("/open311/v2/services/klotter.json").json
    assert definition == {"service_code": "klotter", "attributes": []}
    missing = client.get("/open311/v2/services/trygg_plats.json", headers={"Accept-Language": "en"})
    assert missing.status_code == 404
    assert missing.json == [{"code": 404, "description": "No service with the code 'trygg_plats'."}]


def test_requests_field_by_field(api, client, world):
    coordinator = world["users"]["coordinator"]
    response = client.get(f"/open311/v2/requests.json?{key(coordinator)}")
    assert response.status_code == 200
    requests = response.json
    ids = [r["service_request_id"] for r in requests]
    assert ids == [world["lamp"]["id"], world["graffiti"]["id"]]  # newest first, 90 days
    lamp = requests[0]
    assert set(lamp) == REQUEST_FIELDS | EXTENSIONS
    finding = api(coordinator).get(f"/api/v1/findings/{world['lamp']['id']}").json
    assert lamp["status"] == "open" and lamp["detailed_status"] == "skickad"
    assert lamp["status_notes"] is None
    assert lamp["service_code"] == "belysning"
    assert lamp["service_name"] == "Trasig/bristfällig belysning"
    assert lamp["description"] == "Lampan vid porten är trasig"
    assert lamp["agency_responsible"] == "AB Väsbyhem"
    assert lamp["service_notice"] == "Målet är att det åtgärdas inom 10 dagar."
    for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert W3C.match(lamp[field]), (field, lamp[field])
    assert lamp["expected_datetime"].startswith(finding["due_date"] + "T23:59:59")
    assert lamp["address"] == "Upplands Väsby Dragonen 1:12"  # the property, no street address
    assert lamp["address_id"] is None and lamp["zipcode"] is None
    assert (lamp["lat"], lamp["long"]) == (finding["lat"], finding["lon"])
    # a signed link the client can fetch as it is (test_public.py fetches one)
    assert lamp["media_url"].startswith("http://127.0.0.1:8000/open311/v2/media/")
    assert lamp["media_url"].endswith(".jpg")
    graffiti = requests[1]
    assert graffiti["media_url"] is None
    assert graffiti["agency_responsible"] == "Brf Messingen"


def test_the_open_and_closed_mapping(client, assign, world):
    coordinator = world["users"]["coordinator"]
    expected = {
        "ny": "open",
        "granskad": "open",
        "skickad": "open",
        "mottagen": "open",
        "planerad": "open",
        "ej vårt ansvar": "open",
        "åtgärdad": "closed",
        "verifierad": "closed",
        "avvisad": "closed",
        "dubblett": "closed",
    }
    for status, open_or_closed in expected.items():
        assign(world["lamp"], world["orgs"]["vasbyhem"], status)
        found = client.get(
            f"/open311/v2/requests/{world['lamp']['id']}.json?{key(coordinator)}"
        ).json
        assert (found[0]["status"], found[0]["detailed_status"]) == (open_or_closed, status)
    closed = client.get(f"/open311/v2/requests.json?status=closed&{key(coordinator)}").json
    assert [r["service_request_id"] for r in closed] == [world["lamp"]["id"]]
    assert closed[0]["expected_datetime"] is None  # nothing is expected of a closed one


def test_the_filters(client, world):
    k = key(world["users"]["coordinator"])
    by_code = client.get(f"/open311/v2/requests.json?service_code=klotter&{k}").json
    assert [r["service_request_id"] for r in by_code] == [world["graffiti"]["id"]]
    start = (datetime.now(UTC) - timedelta(days=120)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (datetime.now(UTC) - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    window = client.get(f"/open311/v2/requests.json?start_date={start}&end_date={end}&{k}").json
    assert [r["service_request_id"] for r in window] == [world["old"]["id"]]
    ids = f"{world['old']['id']},{world['lamp']['id']}"
    # service_request_id overrides every other argument (the old one is outside 90 days)
    listed = client.get(
        f"/open311/v2/requests.json?service_request_id={ids}&service_code=klotter&{k}"
    ).json
    assert {r["service_request_id"] for r in listed} == {world["old"]["id"], world["lamp"]["id"]}
    for bad in ("status=pending", "start_date=yesterday", "service_request_id=42"):
        response = client.get(f"/open311/v2/requests.json?{bad}&{k}")
        assert response.status_code == 400, bad
        assert response.json[0]["code"] == 400 and response.json[0]["description"]


def test_a_key_sees_what_its_user_may_see(client, world):
    owner = client.get(f"/open311/v2/requests.json?{key(world['users']['owner'])}").json
    assert [r["service_request_id"] for r in owner] == [world["lamp"]["id"]]
    other = world["users"]["other_owner"]
    hidden = client.get(f"/open311/v2/requests/{world['lamp']['id']}.json?{key(other)}")
    assert hidden.status_code == 404
    assert "Lampan" not in hidden.get_data(as_text=True)
    bearer = client.get(
        "/open311/v2/requests.json",
        headers={"Authorization": f"Bearer {world['users']['owner'].token}"},
    )
    assert [r["service_request_id"] for r in bearer.json] == [world["lamp"]["id"]]


def test_errors_use_georeport_s_shape(client, world):
    anonymous = client.post("/open311/v2/requests.json", data={"service_code": "klotter"})
    assert anonymous.status_code == 401
    assert anonymous.json[0]["code"] == 401 and anonymous.json[0]["description"]
    wrong = client.get("/open311/v2/requests.json?api_key=nope", headers={"Accept-Language": "en"})
    assert wrong.status_code == 403
    assert wrong.json == [{"code": 403, "description": "Invalid api_key."}]
    xml = client.get("/open311/v2/requests.xml?api_key=nope")
    root = parse_xml(xml.data)
    assert root.tag == "errors"
    assert root.find("error/code").text == "403"
    unknown = client.get("/open311/v2/tickets.json")
    assert unknown.status_code == 404 and unknown.json[0]["code"] == 404
    assert client.get("/open311/v2/services.csv").status_code == 400


def test_requests_as_xml(client, world):
    k = key(world["users"]["coordinator"])
    root = parse_xml(client.get(f"/open311/v2/requests.xml?{k}").data)
    assert root.tag == "service_requests"
    first = root.findall("request")[0]
    assert {child.tag for child in first} == REQUEST_FIELDS | EXTENSIONS
    assert first.find("service_request_id").text == world["lamp"]["id"]
    assert first.find("address_id").text is None


def test_post_a_request(api, client, world):
    reporter = world["users"]["reporter"]
    lat, lon = at(20, 20)
    response = client.post(
        "/open311/v2/requests.json",
        data={
            "api_key": reporter.token,
            "service_code": "klotter",
            "lat": str(lat),
            "long": str(lon),
            "description": "Klotter på porten",
            "media_url": "http://169.254.169.254/latest/meta-data/",
            "email": "someone@example.se",
        },
    )
    assert response.status_code == 200, response.json
    [created] = response.json
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    found = api(reporter).get(f"/api/v1/findings/{created['service_request_id']}").json
    assert found["category"] == "klotter"
    assert found["note"] == "Klotter på porten"  # media_url is neither fetched nor stored
    assert found["assigned_org"]["name"] == "AB Väsbyhem"  # routed like any finding
    assert found["photos"] == []
    xml = client.post(
        "/open311/v2/requests.xml",
        data={"api_key": reporter.token, "service_code": "belysning", "lat": lat, "long": lon},
    )
    assert parse_xml(xml.data).find("request/service_request_id").text
    for bad in (
        {"lat": lat, "long": lon},
        {"service_code": "trygg_plats", "lat": lat, "long": lon},
        {"service_code": "klotter", "address_string": "Dragonvägen 1"},
        {"service_code": "klotter", "lat": 91, "long": lon},
    ):
        refused = client.post("/open311/v2/requests.json", data={"api_key": reporter.token, **bad})
        assert refused.status_code == 400, bad
        assert refused.json[0]["code"] == 400
    assert (
        client.post("/open311/v2/requests.json", data={"service_code": "klotter"}).status_code
        == 401
    )
