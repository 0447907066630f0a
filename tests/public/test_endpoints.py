"""The limits and the size cap through the real public endpoints: a resident's safety rating
(POST /api/v1/public/ratings) and tip (PUT /api/v1/public/findings/<uuid>), behind one proxy."""

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.public.models import PublicSubmission
from server.survey.models import SafetyRating
from tests.factories import CENTRE, photo

A = "203.0.113.7"
B = "198.51.100.4"
RATINGS = "/api/v1/public/ratings"
RATING = {"lat": CENTRE[0], "lon": CENTRE[1], "score": 2, "reasons": ["dalig_belysning"],
          "time_of_day": "kväll"}  # fmt: skip


@pytest.fixture
def proxied(make_app):
    return make_app(
        LYKTA_TRUSTED_PROXIES=1, LYKTA_PUBLIC_RATINGS_PER_HOUR=3, LYKTA_PUBLIC_TIPS_PER_HOUR=2
    )


def rate(app, address, **changes):
    return app.test_client().post(
        RATINGS,
        json={**RATING, **changes},
        headers={"X-Forwarded-For": address},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_fourth_rating_from_one_address_is_refused_and_others_still_rate(proxied):
    assert [rate(proxied, A).status_code for _ in range(3)] == [201] * 3
    refused = rate(proxied, A)
    assert refused.status_code == 429
    assert refused.json["code"] == "too_many_requests"
    assert 3590 <= int(refused.headers["Retry-After"]) <= 3600
    assert rate(proxied, B).status_code == 201
    assert count(proxied, SafetyRating) == 4
    assert count(proxied, PublicSubmission) == 4


def test_a_bad_rating_or_a_bot_s_costs_no_allowance(proxied):
    assert rate(proxied, A, score=9).status_code == 422
    assert rate(proxied, A, website="http://spam.example").status_code == 201  # as if taken
    assert count(proxied, SafetyRating) == 0
    assert count(proxied, PublicSubmission) == 0
    assert [rate(proxied, A).status_code for _ in range(3)] == [201] * 3


def test_a_rating_over_64_kb_is_refused_before_it_is_read(proxied):
    padded = rate(proxied, A, reasons=["x" * 70_000])
    assert padded.status_code == 413
    assert padded.json["code"] == "payload_too_large"
    assert count(proxied, PublicSubmission) == 0


def tip(app, address, **changes):
    body = {
        "category": "belysning",
        "note": "Lampan vid tunneln är trasig",
        "lat": CENTRE[0],
        "lon": CENTRE[1],
        "captured_at": datetime.now(UTC).isoformat(),
        "photos": [],
        **changes,
    }
    return app.test_client().put(
        f"/api/v1/public/findings/{uuid.uuid4()}",
        json=body,
        headers={"X-Forwarded-For": address},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )


def test_the_third_tip_from_one_address_is_refused_and_others_still_tip(proxied):
    assert [tip(proxied, A).status_code for _ in range(2)] == [202, 202]
    refused = tip(proxied, A)
    assert refused.status_code == 429
    assert 3590 <= int(refused.headers["Retry-After"]) <= 3600
    assert tip(proxied, B).status_code == 202
    assert tip(proxied, A, note="x" * 70_000).status_code == 413


def test_a_tip_s_photo_is_held_to_max_content_length(make_app):
    app = make_app(MAX_CONTENT_LENGTH=100_000)
    client = app.test_client()
    tip_id, photo_id = uuid.uuid4(), uuid.uuid4()
    body = {"category": "belysning", "note": "", "lat": CENTRE[0], "lon": CENTRE[1],
            "captured_at": datetime.now(UTC).isoformat(), "photos": [str(photo_id)]}  # fmt: skip
    assert client.put(f"/api/v1/public/findings/{tip_id}", json=body).status_code == 202
    url = f"/api/v1/public/findings/{tip_id}/photos/{photo_id}"
    too_big = client.put(url, data=b"\xff\xd8" + b"\0" * 100_000, content_type="image/jpeg")
    assert too_big.status_code == 413
    assert too_big.json["code"] == "payload_too_large"
    small = client.put(url, data=photo("kodak_cx7530_gps_south.jpg"), content_type="image/jpeg")
    assert small.status_code == 201
