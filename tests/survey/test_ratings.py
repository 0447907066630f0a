"""A resident rates a place without an account: the reasons in their language, the rating
stored without anything about them, bad input refused, the per-address limit, the honeypot."""

from datetime import timedelta

from sqlalchemy import select

from server.extensions import db
from server.survey.models import SafetyRating
from tests.factories import CENTRE, at, rectangle, stockholm_today
from tests.factories.survey import add_campaign

RATING = {"lat": CENTRE[0], "lon": CENTRE[1], "score": 2, "reasons": ["dalig_belysning"],
          "time_of_day": "kväll"}  # fmt: skip


def stored(app) -> list[SafetyRating]:
    with app.app_context():
        ratings = list(db.session.scalars(select(SafetyRating)))
        db.session.expunge_all()
        return ratings


def test_the_reasons_are_listed_in_swedish_and_in_english(client):
    swedish = client.get("/api/v1/public/rating-reasons")
    english = client.get("/api/v1/public/rating-reasons", headers={"Accept-Language": "en"})
    chosen = client.get("/api/v1/public/rating-reasons?lang=en")

    assert swedish.status_code == 200
    assert swedish.json[0] == {"code": "dalig_belysning", "name": "Dålig belysning"}
    assert {"code": "stokigt", "name": "Stökigt"} in swedish.json
    assert english.json[0] == {"code": "dalig_belysning", "name": "Poor lighting"}
    assert chosen.json == english.json
    assert len(swedish.json) == 8


def test_a_rating_is_stored_rounded_to_about_ten_metres_and_nothing_about_the_sender(app, client):
    body = {**RATING, "lat": CENTRE[0] + 0.0000432, "lon": CENTRE[1] - 0.0000278}
    response = client.post("/api/v1/public/ratings", json=body)

    assert response.status_code == 201
    [rating] = stored(app)
    assert (rating.lat, rating.lon) == (round(body["lat"], 4), round(body["lon"], 4))
    assert (rating.score, rating.time_of_day, rating.reasons) == (2, "kväll", ["dalig_belysning"])
    assert rating.created_at.minute == 0 and rating.created_at.second == 0
    columns = set(SafetyRating.__table__.columns.keys())
    assert columns == {"id", "campaign_id", "lat", "lon", "score", "time_of_day", "reasons",
                       "created_at"}  # fmt: skip


def test_bad_ratings_are_refused_with_the_field_named(app, client):
    cases = {
        "score": {**RATING, "score": 6},
        "reasons": {**RATING, "reasons": ["ufo"]},
        "time_of_day": {**RATING, "time_of_day": "morgon"},
        "lat": {key: value for key, value in RATING.items() if key != "lat"},
    }
    for field, body in cases.items():
        response = client.post("/api/v1/public/ratings", json=body)
        assert response.status_code == 422, field
        assert field in response.json["errors"], field
    assert client.post("/api/v1/public/ratings", json={**RATING, "score": 0}).status_code == 422
    new_york = client.post("/api/v1/public/ratings", json={**RATING, "lat": 40.71, "lon": -74.0})
    assert new_york.status_code == 422
    assert stored(app) == []


def test_a_rating_for_a_campaign_must_be_in_its_area_and_period(app, client, make_area):
    area = make_area("Väsby centrum", rectangle(-300, -300, 300, 300))
    _, open_code = add_campaign(app, area_id=area)
    _, closed_code = add_campaign(
        app,
        starts_on=stockholm_today() - timedelta(days=60),
        ends_on=stockholm_today() - timedelta(days=30),
    )
    far_lat, far_lon = at(2000, 0)

    inside = client.post("/api/v1/public/ratings", json={**RATING, "campaign": open_code})
    outside = client.post(
        "/api/v1/public/ratings",
        json={**RATING, "campaign": open_code, "lat": far_lat, "lon": far_lon},
    )
    closed = client.post("/api/v1/public/ratings", json={**RATING, "campaign": closed_code})
    unknown = client.post("/api/v1/public/ratings", json={**RATING, "campaign": "nosuchcd"})
    _, anywhere = add_campaign(app)
    new_york = client.post(
        "/api/v1/public/ratings",
        json={**RATING, "campaign": anywhere, "lat": 40.71, "lon": -74.0},
    )

    assert inside.status_code == 201
    assert outside.status_code == 422 and "lat" in outside.json["errors"]
    assert closed.status_code == 422 and "campaign" in closed.json["errors"]
    assert unknown.status_code == 422
    assert new_york.status_code == 422 and "lat" in new_york.json["errors"]
    assert len(stored(app)) == 1


def test_one_address_is_limited_and_others_are_not(make_app):
    app = make_app(LYKTA_PUBLIC_RATINGS_PER_HOUR=2)
    client = app.test_client()
    first = {"REMOTE_ADDR": "198.51.100.7"}
    answers = [
        client.post("/api/v1/public/ratings", json=RATING, environ_base=first).status_code
        for _ in range(3)
    ]
    refused = client.post("/api/v1/public/ratings", json=RATING, environ_base=first)
    other = client.post(
        "/api/v1/public/ratings", json=RATING, environ_base={"REMOTE_ADDR": "203.0.113.9"}
    )

    assert answers == [201, 201, 429]
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert other.status_code == 201
    assert len(stored(app)) == 3


def test_a_filled_in_honeypot_is_answered_as_accepted_and_nothing_is_stored(app, client):
    response = client.post("/api/v1/public/ratings", json={**RATING, "website": "http://spam"})

    assert response.status_code == 201
    assert stored(app) == []


def test_a_campaign_page_gets_its_public_facts(app, client, make_area):
    area = make_area("Väsby centrum", rectangle(-300, -300, 300, 300))
    _, code = add_campaign(app, "Trygghet i centrum", area_id=area)

    swedish = client.get(f"/api/v1/public/campaigns/{code}")
    english = client.get(f"/api/v1/public/campaigns/{code}", headers={"Accept-Language": "en"})
    unknown = client.get("/api/v1/public/campaigns/nosuchcd")

    assert swedish.status_code == 200
    assert swedish.json["title"] == "Trygghet i centrum"
    assert swedish.json["intro"] == "Berätta hur trygg platsen känns."
    assert english.json["intro"] == "Tell us how safe the place feels."
    assert swedish.json["open"] is True
    assert swedish.json["area"]["name"] == "Väsby centrum"
    assert swedish.json["area"]["geometry"]["type"] == "Polygon"
    south, west, north, east = swedish.json["bounds"]
    assert south < CENTRE[0] < north and west < CENTRE[1] < east
    assert swedish.json["url"].endswith(f"/trygghet/{code}")
    assert unknown.status_code == 404


def test_a_refusal_is_in_swedish_first_and_in_english_on_request(client):
    body = {**RATING, "lat": 40.71, "lon": -74.0, "reasons": ["ufo"]}

    swedish = client.post("/api/v1/public/ratings", json=body).json["errors"]
    english = client.post(
        "/api/v1/public/ratings", json=body, headers={"Accept-Language": "en"}
    ).json["errors"]

    assert swedish == {
        "reasons": ["Okänt skäl: ufo."],
        "lat": ["Platsen ligger utanför kommunen."],
    }
    assert english["lat"] == ["The place is outside the municipality."]
