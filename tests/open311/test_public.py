"""Open311 for clients that send no key: the public findings in public fields only, and the gaps
real clients hit (status=open,closed, one language for errors, jurisdiction_id, a point in New
York, a photo a client can fetch)."""

import time

import itsdangerous.timed
import pytest

from server.config import from_environment
from tests.factories import at

ENGLISH = {"Accept-Language": "en"}


def key(user) -> str:
    return f"api_key={user.token}"


def ids(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [r["service_request_id"] for r in response.json]


def test_without_a_key_a_request_shows_only_its_public_fields(api, client, world, make_finding):
    coordinator = world["users"]["coordinator"]
    lamp_id = world["lamp"]["id"]
    keyed = client.get(f"/open311/v2/requests/{lamp_id}.json?{key(coordinator)}").json[0]
    listed = client.get("/open311/v2/requests.json")
    assert ids(listed) == [lamp_id, world["graffiti"]["id"]]  # as with a key: 90 days
    lamp, graffiti = listed.json
    assert set(lamp) == set(keyed)  # the same fields, some of them emptied
    assert lamp["description"] is None  # free text: "Lampan vid porten är trasig"
    assert lamp["media_url"] is None
    assert lamp["address"] == "Centrum"  # the area, not the property designation
    assert lamp["lat"] == round(world["lamp"]["lat"], 3) != world["lamp"]["lat"]
    assert lamp["long"] == round(world["lamp"]["lon"], 3)
    assert lamp["agency_responsible"] == "AB Väsbyhem"  # a housing company is no person
    assert graffiti["agency_responsible"] is None  # "övrig" may be one person
    for field in ("status", "detailed_status", "service_code", "requested_datetime"):
        assert lamp[field] == keyed[field]
    body = listed.get_data(as_text=True)
    for secret in ("Lampan", "Dragonen", "Messingen 2:3", world["users"]["reporter"].email):
        assert secret not in body
    single = client.get(f"/open311/v2/requests/{lamp_id}.json")
    assert single.json == [lamp]
    assert client.get(f"/open311/v2/requests/{lamp_id}.xml").status_code == 200
    # The positive mark requests nothing: it is no public request, not even by its id.
    lat, lon = at(20, 20)
    mark = make_finding(world["users"]["reporter"], category="trygg_plats", lat=lat, lon=lon)
    assert client.get(f"/open311/v2/requests/{mark['id']}.json").status_code == 404
    by_id = client.get(f"/open311/v2/requests.json?service_request_id={mark['id']}")
    assert ids(by_id) == []


def test_without_a_key_status_notes_carry_the_planned_date_and_no_reason(api, client, world):
    owner, coordinator = world["users"]["owner"], world["users"]["coordinator"]
    lamp, graffiti = world["lamp"]["id"], world["graffiti"]["id"]
    planned = api(owner).post(
        f"/api/v1/findings/{lamp}/status", json={"status": "planerad", "planned_for": "2027-01-15"}
    )
    assert planned.status_code == 200, planned.json
    rejected = api(coordinator).post(
        f"/api/v1/findings/{graffiti}/status",
        json={"status": "avvisad", "comment": "Anmälaren Karl i nummer 4 har klottrat själv"},
    )
    assert rejected.status_code == 200, rejected.json
    public = {r["service_request_id"]: r for r in client.get("/open311/v2/requests.json").json}
    assert public[lamp]["status_notes"] == "Planerad till 2027-01-15."
    assert public[graffiti]["status"] == "closed"
    assert public[graffiti]["status_notes"] is None
    keyed = client.get(f"/open311/v2/requests/{graffiti}.json?{key(coordinator)}").json[0]
    assert keyed["status_notes"] == "Avvisad: Anmälaren Karl i nummer 4 har klottrat själv"


def test_a_municipality_can_turn_public_reads_off(make_app, world):
    closed = make_app(LYKTA_PUBLIC_FINDINGS=False).test_client()
    for path in ("/open311/v2/requests.json", f"/open311/v2/requests/{world['lamp']['id']}.json"):
        refused = closed.get(path)
        assert refused.status_code == 401
        assert refused.json == [{"code": 401, "description": "Logga in för att fortsätta."}]
    coordinator = world["users"]["coordinator"]
    assert len(ids(closed.get(f"/open311/v2/requests.json?{key(coordinator)}"))) == 2
    assert closed.get("/open311/v2/services.json").status_code == 200  # still public


@pytest.mark.parametrize(
    ("value", "public"),
    [(None, True), ("", True), ("1", True), ("on", True), ("0", False), ("false", False),
     ("No", False), (" OFF ", False)],
)  # fmt: skip
def test_the_setting_is_read_from_the_environment(monkeypatch, tmp_path, value, public):
    if value is None:
        monkeypatch.delenv("LYKTA_PUBLIC_FINDINGS", raising=False)
    else:
        monkeypatch.setenv("LYKTA_PUBLIC_FINDINGS", value)
    assert from_environment(str(tmp_path))["LYKTA_PUBLIC_FINDINGS"] is public


def test_status_takes_open_and_closed_comma_separated(client, assign, world):
    lamp, graffiti = world["lamp"]["id"], world["graffiti"]["id"]
    assign(world["lamp"], world["orgs"]["vasbyhem"], "åtgärdad")
    both = [lamp, graffiti]
    assert ids(client.get("/open311/v2/requests.json?status=open,closed")) == both
    assert ids(client.get("/open311/v2/requests.json?status=closed,%20open")) == both
    assert ids(client.get("/open311/v2/requests.json?status=open")) == [graffiti]
    assert ids(client.get("/open311/v2/requests.json?status=closed")) == [lamp]
    refused = client.get("/open311/v2/requests.json?status=open,pending")
    assert refused.status_code == 400 and refused.json[0]["code"] == 400


def test_errors_are_swedish_by_default_and_english_when_asked(client, make_user, world):
    path = "/open311/v2/requests.json?status=pending"
    swedish = client.get(path)
    assert swedish.json == [
        {
            "code": 400,
            "description": "status är open eller closed (eller båda, åtskilda med kommatecken).",
        }
    ]
    english = client.get(path, headers=ENGLISH)
    assert english.json[0]["description"] == "status is open or closed (or both, comma-separated)."
    prefers_english = make_user("coordinator", locale="en")
    by_locale = client.get(f"{path}&{key(prefers_english)}")
    assert by_locale.json[0]["description"] == english.json[0]["description"]
    missing = client.get("/open311/v2/services/trygg_plats.xml")
    assert b"Det finns ingen tj\xc3\xa4nst med koden 'trygg_plats'." in missing.data
    unknown = client.get("/open311/v2/requests/42.json", headers=ENGLISH)
    assert unknown.json == [{"code": 404, "description": "No such service request."}]


def test_jurisdiction_id_must_be_this_servers(client, make_app, world):
    endpoint = client.get("/open311/v2/discovery.json").json["endpoints"][0]
    assert endpoint["jurisdiction_id"] == "127.0.0.1"  # the host of LYKTA_BASE_URL
    for path in ("services.json", "services/klotter.json", "requests.json"):
        assert client.get(f"/open311/v2/{path}?jurisdiction_id=127.0.0.1").status_code == 200
        wrong = client.get(f"/open311/v2/{path}?jurisdiction_id=nyc.gov", headers=ENGLISH)
        assert wrong.status_code == 404, path
        assert wrong.json == [
            {"code": 404, "description": "jurisdiction_id not found: this server serves 127.0.0.1."}
        ]
    reporter = world["users"]["reporter"]
    lat, lon = at(20, 20)
    form = {"api_key": reporter.token, "service_code": "klotter", "lat": lat, "long": lon}
    posted = client.post("/open311/v2/requests.json", data={**form, "jurisdiction_id": "nyc.gov"})
    assert posted.status_code == 404
    named = make_app(LYKTA_OPEN311_JURISDICTION="upplandsvasby.se").test_client()
    assert named.get("/open311/v2/discovery.json").json["endpoints"][0]["jurisdiction_id"] == (
        "upplandsvasby.se"
    )
    assert (
        named.get("/open311/v2/services.json?jurisdiction_id=UpplandsVasby.se").status_code == 200
    )
    assert named.get("/open311/v2/services.json?jurisdiction_id=127.0.0.1").status_code == 404


def post_at(client, reporter, lat, lon):
    form = {"api_key": reporter.token, "service_code": "klotter", "lat": lat, "long": lon}
    return client.post("/open311/v2/requests.json", data=form, headers=ENGLISH)


def test_a_request_far_from_the_municipality_is_refused(client, world):
    reporter = world["users"]["reporter"]
    new_york = post_at(client, reporter, 40.7128, -74.0060)
    assert new_york.status_code == 400
    # in the key's user's language (Swedish), which goes before the browser's
    assert new_york.json == [
        {
            "code": 400,
            "description": "lat och long ligger utanför kommunen som den här servern betjänar.",
        }
    ]
    assert post_at(client, reporter, *at(3000, -3000)).status_code == 200  # within the margin
    assert post_at(client, reporter, 59.3293, 18.0686).status_code == 400  # Stockholm, 21 km


def test_without_areas_a_request_must_be_in_sweden(client, make_user):
    reporter = make_user("reporter")
    assert post_at(client, reporter, 59.5186, 17.9119).status_code == 200  # Upplands Väsby
    assert post_at(client, reporter, 67.8558, 20.2253).status_code == 200  # Kiruna
    assert post_at(client, reporter, 59.9139, 10.7522).status_code == 400  # Oslo
    assert post_at(client, reporter, 40.7128, -74.0060).status_code == 400  # New York


def local_path(url: str) -> str:
    assert url.startswith("http://127.0.0.1:8000/open311/v2/media/")
    return url.removeprefix("http://127.0.0.1:8000")


def test_a_keyed_request_s_photo_is_a_signed_link_that_works_for_an_hour(
    api, client, assign, make_user, world, monkeypatch
):
    owner = world["users"]["owner"]
    lamp = client.get(f"/open311/v2/requests/{world['lamp']['id']}.json?{key(owner)}").json[0]
    link = local_path(lamp["media_url"])
    served = client.get(link)  # no key, no header: the client fetches it as it is
    assert served.status_code == 200
    assert served.mimetype == "image/jpeg"
    photo_url = api(owner).get(f"/api/v1/findings/{world['lamp']['id']}").json["photos"][0]["url"]
    assert served.data == api(owner).get(photo_url).data  # the display JPEG, as the app shows it
    # The view is in the audit log, as the owner's.
    log = api(make_user("admin")).get("/api/v1/admin/audit?action=photo.viewed").json["items"]
    # (one row per viewer, photo and day: the app's fetch just above adds none)
    assert [(v["actor"]["id"], v["data"]["variant"]) for v in log] == [(owner.id, "open311")]
    # Tampered: the first character of the signature changed (it carries 6 whole bits).
    token = link.removeprefix("/open311/v2/media/").removesuffix(".jpg")
    signed, _, signature = token.rpartition(".")
    tampered = f"{signed}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}"
    refused = client.get(f"/open311/v2/media/{tampered}.jpg", headers=ENGLISH)
    assert refused.status_code == 404
    assert refused.json == [{"code": 404, "description": "No such media."}]
    # An hour later the link has expired.
    later = int(time.time()) + 3601
    with monkeypatch.context() as clock:
        clock.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: later)
        expired = client.get(link)
    assert expired.status_code == 410
    assert expired.json[0]["description"].startswith("Länken till bilden har gått ut")
    # Sent on to another owner: the first owner's link stops working at once.
    assign(world["lamp"], world["orgs"]["other"], "skickad")
    assert client.get(link).status_code == 404
