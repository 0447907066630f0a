"""The signed link in an owner's email: one finding, one organisation, a limited time; a page
that works without JavaScript, whose forms only work from that page; actions recorded with
the organisation as the actor."""

import io
import re
import time
import uuid
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from server.extensions import db
from server.findings.models import FindingEvent
from tests.factories import at, form_token, link, photo, rectangle


@pytest.fixture
def sent(make_org, make_property, make_user, make_finding):
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property("Upplands Väsby Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    reporter = make_user("reporter")
    lat, lon = at(10, 10)
    first = make_finding(reporter, lat=lat, lon=lon, note="Trasig lampa <script>alert(1)</script>")
    lat, lon = at(20, 20)
    second = make_finding(reporter, lat=lat, lon=lon, category="klotter")
    return {"org": vasbyhem, "finding": first, "other": second, "reporter": reporter}


def small_jpeg() -> bytes:
    with Image.open(io.BytesIO(photo("jolla_phone.jpg"))) as image:
        image.thumbnail((640, 640))
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def test_the_page_shows_the_finding_escaped_and_the_owner_s_choices(app, client, sent):
    url = link(app, sent["finding"], sent["org"])
    page = client.get(url)
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    html = page.text
    assert '<html lang="sv">' in html
    assert "Trasig/bristfällig belysning" in html
    assert "Trasig lampa &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "inom fastigheten Upplands Väsby Dragonen 1:12" in html
    for label in ("Bekräfta mottagen", "Spara datumet", "Markera som åtgärdad", "Skicka tillbaka"):
        assert label in html
    assert page.headers["Referrer-Policy"] == "same-origin"  # no-referrer: Origin: null
    assert page.headers["Cache-Control"] == "no-store"
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "form-action 'self'" in policy


def test_acknowledging_through_the_link_is_recorded_for_the_organisation(app, client, sent):
    url = link(app, sent["finding"], sent["org"])
    token = form_token(client.get(url).text)
    response = client.post(
        url, data={"action": "acknowledge", "comment": "Vi tittar på det", "form_token": token}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{url}?done=acknowledge")
    after = client.get(response.headers["Location"])
    assert "Tack! Ert svar är sparat" in after.text
    assert "mottagen" in after.text
    with app.app_context():
        event = db.session.scalars(
            select(FindingEvent)
            .where(FindingEvent.finding_id == uuid.UUID(sent["finding"]["id"]))
            .order_by(FindingEvent.id.desc())
        ).first()
        assert (event.kind, event.from_value, event.to_value) == ("status", "skickad", "mottagen")
        assert event.actor_id is None
        assert event.actor_org_id == sent["org"]
        assert event.via == "link"
        assert event.comment == "Vi tittar på det"


def test_marking_fixed_through_the_link_with_a_photo(app, client, sent, api, make_user):
    url = link(app, sent["finding"], sent["org"])
    token = form_token(client.get(url).text)
    response = client.post(
        url,
        data={
            "action": "fix",
            "comment": "Bytt armatur",
            "form_token": token,
            # Small: Flask's test client leaves larger multipart bodies in an open temporary file.
            "photo": (io.BytesIO(small_jpeg()), "efter.jpg", "image/jpeg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.text
    finding = api(make_user("coordinator")).get(f"/api/v1/findings/{sent['finding']['id']}").json
    assert finding["status"] == "åtgärdad"
    assert [p["kind"] for p in finding["photos"]] == ["after"]
    page = client.get(url)
    assert "Foto av åtgärden" in page.text
    thumbnail = re.search(r'<img src="([^"]+)"', page.text).group(1)
    image = client.get(thumbnail)
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert "Markera som åtgärdad" not in page.text  # nothing left to do


def test_planning_and_not_ours_through_the_link(app, client, sent, api, make_user):
    url = link(app, sent["finding"], sent["org"])
    token = form_token(client.get(url).text)
    bad = client.post(url, data={"action": "plan", "planned_for": "", "form_token": token})
    assert bad.status_code == 200 and "Ange det planerade datumet." in bad.text
    missing = client.post(url, data={"action": "not_ours", "form_token": token})
    assert missing.status_code == 422
    assert "Ange varför." in missing.text
    done = client.post(
        url, data={"action": "not_ours", "comment": "Kommunens mark", "form_token": token}
    )
    assert done.status_code == 303
    coordinator = make_user("coordinator")
    finding = api(coordinator).get(f"/api/v1/findings/{sent['finding']['id']}").json
    assert finding["status"] == "ej vårt ansvar"
    assert finding["routing_reason"] == "AB Väsbyhem: ej vårt ansvar – Kommunens mark → triage"
    # The finding is back with the coordinators: the link no longer opens it.
    gone = client.get(url)
    assert gone.status_code == 410
    assert "Iakttagelsen ligger inte längre hos er" in gone.text


def test_a_link_for_another_finding_is_refused(app, client, sent):
    url = link(app, sent["finding"], sent["org"])
    token = url.rsplit("/", 1)[1]
    response = client.get(f"/owner/{sent['other']['id']}/{token}")
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.text
    # ... nor its photos.
    image = client.get(f"/owner/{sent['other']['id']}/{token}/photos/{uuid.uuid4()}")
    assert image.status_code == 404


def test_a_tampered_link_or_one_made_with_another_key_is_refused(app, make_app, client, sent):
    url = link(app, sent["finding"], sent["org"])
    prefix, token = url.rsplit("/", 1)
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    assert client.get(f"{prefix}/{flipped}").status_code == 404
    assert client.get(f"{prefix}/not-a-token").status_code == 404
    other_key = make_app(SECRET_KEY="another-secret")
    forged = link(other_key, sent["finding"], sent["org"])
    assert client.get(forged).status_code == 404
    # A token for another organisation than the one the finding is with does not open it.
    assert client.get(link(app, sent["finding"], sent["org"] + 1000)).status_code == 404


def test_a_link_expires(app, client, sent, monkeypatch):
    days = app.config["LYKTA_LINK_DAYS"]
    real_time = time.time
    monkeypatch.setattr(
        time, "time", lambda: real_time() - timedelta(days=days, minutes=1).total_seconds()
    )
    old = link(app, sent["finding"], sent["org"])
    monkeypatch.setattr(
        time, "time", lambda: real_time() - timedelta(days=days - 1).total_seconds()
    )
    young = link(app, sent["finding"], sent["org"])
    monkeypatch.undo()
    expired = client.get(old)
    assert expired.status_code == 410
    assert "Länken har gått ut" in expired.text
    assert client.get(young).status_code == 200


def test_the_problem_pages_speak_english_to_english_browsers(client, sent):
    response = client.get(
        f"/owner/{sent['finding']['id']}/nonsense", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 404
    assert "The link does not work" in response.text
    assert '<html lang="en">' in response.text


def test_an_english_recipient_s_page_is_in_english(app, client, sent):
    page = client.get(link(app, sent["finding"], sent["org"], "en"))
    assert "Broken or poor lighting" in page.text
    assert "Mark as fixed" in page.text


def test_a_form_from_elsewhere_is_refused(app, client, sent, make_org, make_property):
    url = link(app, sent["finding"], sent["org"])
    no_token = client.post(url, data={"action": "acknowledge"})
    assert no_token.status_code == 400
    # A form token belongs to its link: another finding's page gives none that works here.
    other_url = link(app, sent["other"], sent["org"])
    other_token = form_token(client.get(other_url).text)
    assert (
        client.post(url, data={"action": "acknowledge", "form_token": other_token}).status_code
        == 400
    )
    token = form_token(client.get(url).text)
    cross_site = client.post(
        url,
        data={"action": "acknowledge", "form_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert cross_site.status_code == 403
    same_site = client.post(
        url,
        data={"action": "acknowledge", "form_token": token},
        headers={"Origin": "http://localhost"},
    )
    assert same_site.status_code == 303


def test_an_action_that_is_not_possible_now_is_refused(app, client, sent):
    url = link(app, sent["finding"], sent["org"])
    token = form_token(client.get(url).text)
    client.post(url, data={"action": "fix", "form_token": token})
    again = client.post(url, data={"action": "acknowledge", "form_token": token})
    assert again.status_code == 409
    assert "Det går inte att göra nu." in again.text
    unknown = client.post(url, data={"action": "delete", "form_token": token})
    assert unknown.status_code == 409


def test_opening_a_link_changes_nothing(app, client, sent, api, make_user):
    """Mail scanners open links: a GET must never act."""
    url = link(app, sent["finding"], sent["org"])
    for _ in range(3):
        client.get(url)
        client.get(f"{url}?action=acknowledge")
    finding = api(make_user("coordinator")).get(f"/api/v1/findings/{sent['finding']['id']}").json
    assert finding["status"] == "skickad"
