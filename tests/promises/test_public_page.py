"""The public follow-up page /lofte/<token>: no sign-in, Swedish, the commitments with planned
and done per tertial and the published comments — and nothing about a person, a finding's note
or a place finer than the area."""

import re
import uuid
from datetime import timedelta

from tests.factories import finding_body, rectangle, stockholm_today
from tests.factories.places import CENTRE


def tertial_of(day):
    return day.year, 1 + (day.month - 1) // 4


def test_the_public_page_shows_the_followup_and_no_one(api, make_user, make_area, make_org):
    coordinator = make_user("coordinator")
    staff = api(coordinator)
    walker = make_user("reporter")
    police = make_org("Polisen i Upplands Väsby", "polis")
    area = make_area("Väsby centrum", rectangle(-300, -300, 300, 300))
    today = stockholm_today()
    promise = staff.post(
        "/api/v1/promises",
        json={
            "title": "Medborgarlöfte Upplands Väsby",
            "starts_on": (today - timedelta(days=200)).isoformat(),
            "ends_on": (today + timedelta(days=400)).isoformat(),
            "area_id": area,
            "parties": [police],
            "focus_areas": ["Ökad trygghet i centrum"],
            "commitments": [
                {
                    "text": "Trygghetsvandringar i centrum",
                    "kind": "trygghetsvandring",
                    "planned_per_tertial": 2,
                },
                {
                    "text": "Bättre belysning vid stationen",
                    "kind": "insats",
                    "planned_per_tertial": 1,
                },
            ],
        },
    ).json
    walks, lighting = promise["commitments"]

    walk = staff.post(
        "/api/v1/walks",
        json={
            "type": "trygghetsvandring",
            "title": "Kvällsvandring med Anna Andersson",
            "planned_start": f"{today.isoformat()}T18:00:00+01:00",
            "commitment_id": walks["id"],
            "invite": [walker.email],
        },
    ).json
    staff.post(f"/api/v1/walks/{walk['id']}/start")
    note = "Lampan vid cykelställen är trasig, sa Bertil Berg"
    reported = api(walker).put(
        f"/api/v1/findings/{uuid.uuid4()}", json=finding_body(note=note, walk_id=walk["id"])
    )
    assert reported.status_code == 201, reported.json
    assert staff.post(f"/api/v1/walks/{walk['id']}/close", json={}).status_code == 200
    staff.post(
        f"/api/v1/promises/{promise['id']}/commitments/{lighting['id']}/insatser",
        json={
            "date": today.isoformat(),
            "place": "Perrongen, spår 3",
            "lat": 59.51931,
            "lon": 17.91234,
            "result": "Två nya armaturer, Cecilia Carlsson mötte oss",
        },
    )
    year, number = tertial_of(today)
    comments = f"/api/v1/promises/{promise['id']}/commitments"
    staff.put(
        f"{comments}/{walks['id']}/comments/{year}/{number}",
        json={"text": "En vandring av två; nästa i januari.", "published": True},
    )
    staff.put(
        f"{comments}/{lighting['id']}/comments/{year}/{number}",
        json={"text": "Utkast: ring elbolaget", "published": False},
    )

    response = api(None).get(promise["public_url"])
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    page = response.get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "<h1>Medborgarlöfte Upplands Väsby</h1>" in page
    for shown in (
        "Väsby centrum",
        "Polisen i Upplands Väsby",
        "Ökad trygghet i centrum",
        "Trygghetsvandringar i centrum",
        "Bättre belysning vid stationen",
        f"Tertial {number} {year}",
        "En vandring av två; nästa i januari.",
        '<th scope="col">Planerat</th>',
        "@media print",
    ):
        assert shown in page, shown
    row = page.split('<th scope="row">Trygghetsvandringar i centrum</th>')[1].split("</tr>")[0]
    assert '<td class="number">2</td>' in row
    assert '<span class="short">1</span>' in row

    for hidden in (
        "Utkast: ring elbolaget",  # not published
        note,
        "Bertil",
        "Anna Andersson",  # the walk's title
        "Perrongen",
        "Cecilia",
        "59.519",
        "17.912",
        str(CENTRE[0])[:6],
        "Test reporter",
        "Test coordinator",
        walker.email,
        coordinator.email,
    ):
        assert hidden not in page, hidden
    assert re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", page) is None  # no email address at all


def test_an_unknown_token_is_a_404_page(api, make_user):
    response = api(None).get("/lofte/" + "x" * 43)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert api(None).get("/lofte/" + "x" * 500).status_code == 404


def test_a_promise_not_yet_begun_says_so(api, make_user):
    staff = api(make_user("coordinator"))
    start = stockholm_today() + timedelta(days=30)
    promise = staff.post(
        "/api/v1/promises",
        json={
            "title": "Kommande löfte",
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=365)).isoformat(),
            "area_id": None,
            "commitments": [
                {"text": "Vandringar", "kind": "trygghetsvandring", "planned_per_tertial": 1}
            ],
        },
    ).json
    page = api(None).get(promise["public_url"]).get_data(as_text=True)
    assert "Löftets period har inte börjat än." in page
    assert "Hela kommunen" in page
