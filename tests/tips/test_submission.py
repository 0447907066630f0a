"""A resident's tip through the public PUT: no sign-in, 202 and the same answer again for a
replay, 409 for other content, 422 for bad input, 429 from one address past its limit (others
still let in), the honeypot answered but nothing stored, and nothing about the sender kept."""

import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from server.extensions import db
from server.findings.models import Finding
from server.tips.models import ResidentTip
from tests.factories import photo
from tests.factories.tips import tip_body

GPS_TAG, MAKE_TAG = 0x8825, 0x010F


def stored(app, tip_id) -> tuple[Finding | None, ResidentTip | None]:
    with app.app_context():
        finding = db.session.get(Finding, uuid.UUID(str(tip_id)))
        tip = db.session.get(ResidentTip, uuid.UUID(str(tip_id)))
        db.session.expunge_all()
        return finding, tip


def test_a_tip_is_received_without_an_account_and_waits_for_moderation(app, send_tip):
    tip_id = uuid.uuid4()
    response = send_tip(tip_id)
    assert response.status_code == 202
    assert response.json == {"id": str(tip_id), "status": "väntar"}
    finding, tip = stored(app, tip_id)
    assert finding.awaiting_moderation and finding.status == "ny"
    assert finding.assigned_org_id is None and finding.routing is None  # not routed
    assert tip.email == "boende@example.se" and tip.state == "väntar"
    with app.app_context():
        assert db.session.get(type(finding), finding.id).reporter.name == "Invånare"


def test_the_same_tip_again_is_a_replay_and_other_content_a_conflict(app, send_tip):
    tip_id = uuid.uuid4()
    assert send_tip(tip_id).status_code == 202
    again = send_tip(tip_id)
    assert again.status_code == 202 and again.json["status"] == "väntar"
    other = send_tip(tip_id, note="Något helt annat")
    assert other.status_code == 409
    assert "note" in other.json["errors"]
    with app.app_context():
        assert len(db.session.scalars(select(ResidentTip)).all()) == 1


def test_a_staff_finding_s_id_cannot_be_taken_by_a_tip(make_user, make_finding, send_tip):
    finding = make_finding(make_user("reporter"))
    assert send_tip(finding["id"]).status_code == 409


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "finns_inte"}, "category"),
        ({"category": "trygg_plats"}, "category"),
        ({"lat": None}, "lat"),
        ({"lat": 40.7128, "lon": -74.0060}, "lat"),  # New York
        ({"email": "inte-en-adress"}, "email"),
        ({"note": "x" * 4001}, "note"),
        ({"photos": [str(uuid.uuid4()) for _ in range(4)]}, "photos"),  # 3 at most
    ],
)
def test_bad_input_is_a_422_naming_the_field(app, send_tip, fields, field):
    response = send_tip(**fields)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    with app.app_context():
        assert db.session.scalars(select(ResidentTip)).all() == []


def test_a_time_in_the_future_is_refused(send_tip):
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    response = send_tip(captured_at=later)
    assert response.status_code == 422 and "captured_at" in response.json["errors"]


def test_a_missing_position_is_refused(client):
    body = {"category": "belysning", "captured_at": "2026-11-20T18:42:10+01:00"}
    response = client.put(f"/api/v1/public/findings/{uuid.uuid4()}", json=body)
    assert response.status_code == 422
    assert {"lat", "lon"} <= set(response.json["errors"])


def test_too_many_tips_from_one_address_are_refused_and_others_still_let_in(make_app, app):
    limited = make_app(LYKTA_PUBLIC_TIPS_PER_HOUR=2).test_client()

    def send(address, tip_id=None):
        return limited.put(
            f"/api/v1/public/findings/{tip_id or uuid.uuid4()}",
            json=tip_body(),
            environ_base={"REMOTE_ADDR": address},
        )

    first = uuid.uuid4()
    assert [send("203.0.113.7", first).status_code, send("203.0.113.7").status_code] == [202, 202]
    refused = send("203.0.113.7")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert send("203.0.113.7", first).status_code == 202  # a replay is not counted
    assert send("198.51.100.4").status_code == 202  # another address is not affected


def test_the_honeypot_is_answered_as_accepted_and_nothing_is_stored(app, send_tip):
    tip_id = uuid.uuid4()
    response = send_tip(tip_id, website="http://spam.example")
    assert response.status_code == 202 and response.json["id"] == str(tip_id)
    assert stored(app, tip_id) == (None, None)


def test_nothing_about_the_sender_is_stored_with_the_tip(app, send_tip):
    tip_id = uuid.uuid4()
    send_tip(tip_id, address="203.0.113.99", headers={"User-Agent": "Telefon/1.0"})
    with app.app_context():
        finding = db.session.get(Finding, tip_id)
        tip = db.session.get(ResidentTip, tip_id)
        kept = repr(finding.submitted) + repr([vars(e) for e in finding.events]) + repr(vars(tip))
    assert "203.0.113.99" not in kept and "Telefon" not in kept


def test_the_categories_a_resident_may_choose_in_their_language(client):
    swedish = client.get("/api/v1/public/categories")
    assert swedish.status_code == 200
    assert {"code": "belysning", "name": "Trasig/bristfällig belysning"} in swedish.json
    assert "trygg_plats" not in {item["code"] for item in swedish.json}
    english = client.get("/api/v1/public/categories", headers={"Accept-Language": "en"})
    assert {"code": "belysning", "name": "Broken or poor lighting"} in english.json


def test_a_photo_the_tip_announced_is_stored_without_its_metadata(
    app, client, api, coordinator, send_tip
):
    tip_id, photo_id = uuid.uuid4(), uuid.uuid4()
    send_tip(tip_id, photos=[str(photo_id)])
    url = f"/api/v1/public/findings/{tip_id}/photos/{photo_id}"
    data = photo("apple_iphone6_gps.jpg")  # taken in Madrid: EXIF with GPS, make and model
    first = client.put(url, data=data, content_type="image/jpeg")
    assert first.status_code == 201, first.json
    assert client.put(url, data=data, content_type="image/jpeg").status_code == 200
    finding, _ = stored(app, tip_id)
    assert finding.complete and (finding.lat, finding.lon) == (tip_body()["lat"], tip_body()["lon"])
    assert finding.routing is None  # a photo does not route a waiting tip either
    shown = api(coordinator).get(first.json["url"])
    assert shown.status_code == 200
    exif = Image.open(io.BytesIO(shown.data)).getexif()
    assert GPS_TAG not in exif and MAKE_TAG not in exif


def test_a_photo_the_tip_did_not_announce_is_a_404(client, send_tip, make_user, make_finding):
    tip_id = uuid.uuid4()
    send_tip(tip_id, photos=[str(uuid.uuid4())])
    jpeg = photo("orientation_1.jpg")
    stranger = client.put(
        f"/api/v1/public/findings/{tip_id}/photos/{uuid.uuid4()}",
        data=jpeg,
        content_type="image/jpeg",
    )
    assert stranger.status_code == 404
    staff_photo = uuid.uuid4()
    finding = make_finding(make_user("reporter"), photos=[str(staff_photo)])
    not_a_tip = client.put(
        f"/api/v1/public/findings/{finding['id']}/photos/{staff_photo}",
        data=jpeg,
        content_type="image/jpeg",
    )
    assert not_a_tip.status_code == 404
