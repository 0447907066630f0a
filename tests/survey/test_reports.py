"""The lägesbild and the tertial follow-up show the places with the worst ratings and the change
since the previous campaign, k-anonymous in both campaigns."""

import io
from datetime import timedelta

import pypdf

from tests.factories import rectangle, stockholm_today
from tests.factories.promises import promise_body
from tests.factories.survey import add_campaign, add_ratings


def two_campaigns(app) -> dict:
    today = stockholm_today()
    spring, _ = add_campaign(
        app,
        "Våren",
        starts_on=today - timedelta(days=200),
        ends_on=today - timedelta(days=170),
    )
    autumn, _ = add_campaign(
        app,
        "Hösten",
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=30),
    )
    return {
        # The tunnel got worse: 3.0 in the spring, 1.6 in the autumn.
        "tunnel": (
            add_ratings(app, 0, 0, [3] * 5, campaign_id=spring),
            add_ratings(app, 0, 0, [1, 1, 2, 2, 2], campaign_id=autumn),
        ),
        # The square got better: 2.0 → 4.0.
        "torget": (
            add_ratings(app, 400, 0, [2] * 6, campaign_id=spring),
            add_ratings(app, 400, 0, [4] * 5, campaign_id=autumn),
        ),
        # Only 4 in the spring: in the autumn's worst, never in the change.
        "parken": (
            add_ratings(app, 0, 400, [1] * 4, campaign_id=spring),
            add_ratings(app, 0, 400, [3] * 7, campaign_id=autumn),
        ),
        # Only 4 in the autumn: nowhere.
        "backen": add_ratings(app, 800, 800, [1] * 4, campaign_id=autumn),
    }


def test_the_lagesbild_shows_the_worst_places_and_the_change(app, api, make_user, make_area):
    make_area("Väsby centrum", rectangle(-100, -100, 100, 100))
    squares = two_campaigns(app)
    coordinator = api(make_user("coordinator"))

    survey = coordinator.get("/api/v1/reports/lagesbild").json["perceived_safety"]

    assert survey["campaign"]["title"] == "Hösten"
    assert survey["previous_campaign"]["title"] == "Våren"
    assert [(p["cell"], p["n"], p["mean"]) for p in survey["worst"]] == [
        (squares["tunnel"][1], 5, 1.6),
        (squares["parken"][1], 7, 3.0),
        (squares["torget"][1], 5, 4.0),
    ]
    assert survey["worst"][0]["area"] == "Väsby centrum"
    assert survey["suppressed"] == 4
    assert [(p["cell"], p["before"]["mean"], p["mean"], p["change"]) for p in survey["change"]] == [
        (squares["tunnel"][1], 3.0, 1.6, -1.4),
        (squares["torget"][1], 2.0, 4.0, 2.0),
    ]


def test_the_lagesbild_pdf_and_csv_name_the_worst_places(app, api, make_user, make_area):
    make_area("Väsby centrum", rectangle(-100, -100, 100, 100))
    squares = two_campaigns(app)
    coordinator = api(make_user("coordinator"))

    pdf = pypdf.PdfReader(io.BytesIO(coordinator.get("/api/v1/reports/lagesbild.pdf").data))
    words = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    csv_text = coordinator.get("/api/v1/reports/lagesbild.csv").data.decode("utf-8-sig")

    assert "Upplevd trygghet: platser med sämst omdömen" in words
    assert f"Väsby centrum, ruta {squares['tunnel'][1]}" in words
    assert "Förändring sedan Våren" in words
    assert squares["backen"] not in words and squares["backen"] not in csv_text
    assert f"upplevd trygghet;{squares['tunnel'][1]};" in csv_text


def test_the_tertial_follow_up_shows_them_to_staff_only(app, api, make_user):
    squares = two_campaigns(app)
    coordinator = api(make_user("coordinator"))
    owner = api(make_user("owner"))

    report = coordinator.get("/api/v1/reports/tertial").json
    pdf = pypdf.PdfReader(io.BytesIO(coordinator.get("/api/v1/reports/tertial.pdf").data))
    words = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    csv_text = coordinator.get("/api/v1/reports/tertial.csv").data.decode("utf-8-sig")

    assert [p["cell"] for p in report["perceived_safety"]["change"]] == [
        squares["tunnel"][1],
        squares["torget"][1],
    ]
    assert "Upplevd trygghet: platser med sämst omdömen" in words
    assert f"ruta {squares['tunnel'][1]}" in words
    assert f"upplevd trygghet, förändring;{squares['torget'][1]};" in csv_text
    assert "perceived_safety" not in owner.get("/api/v1/reports/tertial").json
    assert "perceived_safety" not in owner.get("/api/v1/reports/lagesbild").json


def test_the_promise_s_follow_up_pdf_holds_them_under_the_tertial(app, api, make_user):
    """There the tertial is a section of its own: the change is a heading one level deeper."""
    two_campaigns(app)
    coordinator = api(make_user("coordinator"))
    today = stockholm_today()
    body = promise_body(starts_on=f"{today.year}-01-01", ends_on=f"{today.year}-12-31")
    promise = coordinator.post("/api/v1/promises", json=body).json["id"]

    response = coordinator.get(
        f"/api/v1/promises/{promise}/followup.pdf",
        query_string={"year": today.year, "tertial": (today.month - 1) // 4 + 1},
    )

    assert response.status_code == 200, response.data[:200]
    pdf = pypdf.PdfReader(io.BytesIO(response.data))
    words = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Upplevd trygghet: platser med sämst omdömen" in words
    assert "Förändring sedan Våren" in words
