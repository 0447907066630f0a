"""The public map page, /karta: on by default, off with LYKTA_PUBLIC_MAP=0 or with the keyless
Open311 list it reads; that list holds no note, photo or reporter; the page's texts are Swedish
first with English."""

import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from server.config import from_environment
from server.findings.models import Status
from tests.factories import photo

PUBLIC = Path(__file__).resolve().parents[2] / "pwa" / "public"
SCRIPT = PUBLIC / "js" / "map-page.js"


def catalogue(code: str) -> dict:
    return json.loads((PUBLIC / "i18n" / f"map.{code}.json").read_text("utf-8"))


def test_the_page_is_public_with_the_shells_policy(make_app):
    client = make_app().test_client()
    page = client.get("/karta")
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    html = page.get_data(as_text=True)
    assert '<html lang="sv"' in html
    assert "<script>" not in html and "style=" not in html
    for asset in re.findall(r'(?:href|src)="(/[^"]+\.(?:js|css))"', html):
        assert client.get(asset).status_code == 200, asset


@pytest.mark.parametrize(
    "settings", [{"LYKTA_PUBLIC_MAP": False}, {"LYKTA_PUBLIC_FINDINGS": False}]
)
def test_a_municipality_can_turn_it_off(make_app, settings):
    assert make_app(**settings).test_client().get("/karta").status_code == 404


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("1", True), ("off", False)])
def test_the_setting_is_read_from_the_environment(monkeypatch, tmp_path, value, expected):
    if value is None:
        monkeypatch.delenv("LYKTA_PUBLIC_MAP", raising=False)
    else:
        monkeypatch.setenv("LYKTA_PUBLIC_MAP", value)
    assert from_environment(str(tmp_path))["LYKTA_PUBLIC_MAP"] is expected


def test_the_list_the_page_reads_holds_no_note_photo_or_reporter(api, client, make_user):
    assert re.search(r'const REQUESTS = "/open311/v2/requests\.json";', SCRIPT.read_text())
    reporter = make_user("reporter", email="vandrare-kartan@example.se")
    finding_id, photo_id = uuid.uuid4(), uuid.uuid4()
    captured = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    note = "Lampan vid Dragonens port 4 är trasig, Anna i nr 4 har sett det"
    stored = api(reporter).put(
        f"/api/v1/findings/{finding_id}",
        json={
            "category": "belysning",
            "note": note,
            "lat": 59.518634,
            "lon": 17.911873,
            "accuracy_m": 5.0,
            "captured_at": captured,
            "photos": [str(photo_id)],
        },
    )
    assert stored.status_code == 201
    sent = api(reporter).put(
        f"/api/v1/findings/{finding_id}/photos/{photo_id}",
        data=photo("jolla_phone.jpg"),
        content_type="image/jpeg",
    )
    assert sent.status_code == 201

    listed = client.get("/open311/v2/requests.json")
    assert listed.status_code == 200
    [shown] = [r for r in listed.json if r["service_request_id"] == str(finding_id)]
    assert shown["description"] is None
    assert shown["media_url"] is None
    assert (shown["lat"], shown["long"]) == (59.519, 17.912)
    assert shown["detailed_status"] in {status.value for status in Status}
    body = listed.get_data(as_text=True)
    for secret in ("Lampan", "Anna", reporter.email, "Test reporter", str(photo_id)):
        assert secret not in body


def test_both_catalogues_have_the_same_keys_and_a_text_for_every_status():
    sv, en = catalogue("sv"), catalogue("en")
    assert sv.keys() == en.keys()
    for key in sv:
        assert sv[key].strip() and en[key].strip(), key
        assert set(re.findall(r"\{\w+\}", sv[key])) == set(re.findall(r"\{\w+\}", en[key])), key
    assert {f"status.{status.value}" for status in Status} <= sv.keys()
    source = SCRIPT.read_text("utf-8")
    html = (PUBLIC / "karta.html").read_text("utf-8")
    used = set(re.findall(r'\btext\("([\w.]+)"', source))
    used |= set(re.findall(r'data-i18n(?:-aria-label)?="([\w.]+)"', html))
    used |= {f"group.{group}" for group in re.findall(r'^\s+\["(\w+)", "', source, re.M)}
    used |= {f"{key}.one" for key in re.findall(r'\btextN\("([\w.]+)"', source)}
    assert len(used) > 20
    assert not used - sv.keys()
    # Every status the server knows is in one group of the legend.
    grouped = re.findall(r'^\s+\["\w+", "[^"]+", \[([^\]]*)\]\],', source, re.M)
    codes = {code for group in grouped for code in re.findall(r'"([^"]+)"', group)}
    assert codes == {status.value for status in Status}
