"""Coordinators run survey campaigns and print their poster; residents' page address is in its
QR code."""

import io

import pypdf
import zxingcpp
from PIL import Image

from tests.factories import rectangle

CAMPAIGN = {
    "title": "Trygghetsundersökning Väsby centrum hösten 2026",
    "intro_sv": "Hur trygg känns Väsby centrum? Svara anonymt.",
    "intro_en": "How safe does Väsby centrum feel?",
    "starts_on": "2026-09-01",
    "ends_on": "2026-10-31",
}


def test_a_coordinator_creates_reads_lists_and_changes_a_campaign(api, make_user, make_area):
    coordinator = api(make_user("coordinator"))
    area = make_area("Väsby centrum", rectangle(-300, -300, 300, 300))

    created = coordinator.post("/api/v1/survey/campaigns", json={**CAMPAIGN, "area_id": area})
    assert created.status_code == 201
    campaign = created.json
    assert campaign["title"] == CAMPAIGN["title"]
    assert campaign["area"] == {"id": area, "name": "Väsby centrum"}
    assert len(campaign["code"]) == 8
    assert campaign["url"].endswith(f"/trygghet/{campaign['code']}")
    assert campaign["ratings"] == 0

    read = coordinator.get(f"/api/v1/survey/campaigns/{campaign['id']}")
    listed = coordinator.get("/api/v1/survey/campaigns")
    changed = coordinator.patch(
        f"/api/v1/survey/campaigns/{campaign['id']}",
        json={"title": "Trygghet i centrum", "ends_on": "2026-11-15", "area_id": None},
    )
    assert read.json == campaign
    assert [c["id"] for c in listed.json] == [campaign["id"]]
    assert changed.status_code == 200
    assert changed.json["title"] == "Trygghet i centrum"
    assert changed.json["ends_on"] == "2026-11-15"
    assert changed.json["area"] is None
    assert changed.json["code"] == campaign["code"]


def test_a_campaign_that_ends_before_it_starts_or_in_no_area_is_refused(api, make_user):
    coordinator = api(make_user("coordinator"))

    backwards = coordinator.post(
        "/api/v1/survey/campaigns", json={**CAMPAIGN, "ends_on": "2026-08-01"}
    )
    nowhere = coordinator.post("/api/v1/survey/campaigns", json={**CAMPAIGN, "area_id": 999})
    untitled = coordinator.post("/api/v1/survey/campaigns", json={**CAMPAIGN, "title": ""})

    assert backwards.status_code == 422 and "ends_on" in backwards.json["errors"]
    assert nowhere.status_code == 422 and "area_id" in nowhere.json["errors"]
    assert untitled.status_code == 422
    assert coordinator.get("/api/v1/survey/campaigns/999").status_code == 404


def test_only_coordinators_and_admins_run_campaigns(api, make_user):
    made = api(make_user("admin")).post("/api/v1/survey/campaigns", json=CAMPAIGN)
    assert made.status_code == 201
    campaign = f"/api/v1/survey/campaigns/{made.json['id']}"
    for role in ("reporter", "owner"):
        caller = api(make_user(role))
        assert caller.get("/api/v1/survey/campaigns").status_code == 403, role
        assert caller.post("/api/v1/survey/campaigns", json=CAMPAIGN).status_code == 403, role
        assert caller.patch(campaign, json={"title": "X"}).status_code == 403, role
        assert caller.get(f"{campaign}/poster.pdf").status_code == 403, role
    anonymous = api(None)
    assert anonymous.get("/api/v1/survey/campaigns").status_code == 401
    assert anonymous.get(f"{campaign}/poster.pdf").status_code == 401


def test_the_poster_is_an_a4_pdf_with_the_title_the_address_and_a_qr_code_to_it(
    api, make_user, make_app
):
    app = make_app(LYKTA_BASE_URL="https://lykta.upplandsvasby.se")
    coordinator_user = make_user("coordinator")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {coordinator_user.token}"}
    campaign = client.post("/api/v1/survey/campaigns", json=CAMPAIGN, headers=headers).json
    address = f"https://lykta.upplandsvasby.se/trygghet/{campaign['code']}"

    response = client.get(f"/api/v1/survey/campaigns/{campaign['id']}/poster.pdf", headers=headers)

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    [page] = reader.pages
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    words = " ".join(page.extract_text().split())
    assert CAMPAIGN["title"] in words
    assert address in words
    assert "Hur trygg känns platsen?" in words
    [image] = page.images
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    assert [(code.format.name, code.text) for code in decoded] == [("QRCode", address)]


def test_a_long_introduction_keeps_the_poster_on_one_page_with_a_smaller_code(api, make_user):
    coordinator = api(make_user("coordinator"))
    long_intro = ("Berätta var du känner dig otrygg och varför. " * 30)[:1200]
    campaign = coordinator.post(
        "/api/v1/survey/campaigns", json={**CAMPAIGN, "intro_sv": long_intro}
    ).json

    response = coordinator.get(f"/api/v1/survey/campaigns/{campaign['id']}/poster.pdf")

    [page] = pypdf.PdfReader(io.BytesIO(response.data)).pages
    [image] = page.images
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    assert [code.text for code in decoded] == [campaign["url"]]
