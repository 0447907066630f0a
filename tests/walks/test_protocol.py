"""The walk protocol as a page and as a PDF: every finding with its photo (as served), map,
owner, deadline and status, the positive marks apart; the coordinators' and the public view;
who may read it."""

import base64
import io
import re
import uuid

import pytest
from pypdf import PdfReader

from tests.factories import at, photo, rectangle


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def walk(api, make_user, make_org, make_property, make_area):
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property("Upplands Väsby Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    area = make_area("Väsby centrum", rectangle(-200, -200, 200, 200))
    coordinator = make_user("coordinator")
    walker = make_user("reporter")
    outsider = make_user("owner")
    staff = api(coordinator)
    made = staff.post(
        "/api/v1/walks",
        json={
            "type": "trygghetsvandring",
            "title": "Höstvandring i centrum",
            "planned_start": "2026-11-05T17:30:00+01:00",
            "meeting_point": "Torget vid fontänen",
            "area_id": area,
            "invite": [walker.email, "gast@example.se"],
        },
    ).json
    finding_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
    lat, lon = at(10, 10)
    body = {
        "category": "belysning",
        "note": "Lampan vid porten är trasig",
        "lat": lat,
        "lon": lon,
        "captured_at": "2026-11-05T18:10:00+01:00",
        "walk_id": made["id"],
        "photos": [photo_id],
    }
    reporter = api(walker)
    assert reporter.put(f"/api/v1/findings/{finding_id}", json=body).status_code == 201
    assert (
        reporter.put(
            f"/api/v1/findings/{finding_id}/photos/{photo_id}",
            data=photo("jolla_phone.jpg"),
            content_type="image/jpeg",
        ).status_code
        == 201
    )
    lat, lon = at(-100, -100)
    positive = {
        **body,
        "category": "trygg_plats",
        "note": "Bra belysning på torget",
        "lat": lat,
        "lon": lon,
        "photos": [],
    }
    assert reporter.put(f"/api/v1/findings/{uuid.uuid4()}", json=positive).status_code == 201
    staff.post(f"/api/v1/walks/{made['id']}/close", json={"summary": "Mörkt vid porten."})
    return {
        "id": made["id"],
        "finding": finding_id,
        "photo": photo_id,
        "coordinator": coordinator,
        "walker": walker,
        "outsider": outsider,
    }


def test_the_protocol_page_for_the_coordinator(api, walk):
    staff = api(walk["coordinator"])
    response = staff.get(f"/walks/{walk['id']}/protocol")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    for expected in (
        '<html lang="sv">',
        "Höstvandring i centrum",
        "Trygghetsvandring · torsdag 2026-11-05 kl. 17.30",
        "Torget vid fontänen",
        "Mörkt vid porten.",
        "Trasig/bristfällig belysning",
        "Lampan vid porten är trasig",
        "Upplands Väsby Dragonen 1:12",
        "AB Väsbyhem",
        "Skickad",
        "Trygga platser (1)",
        "Bra belysning på torget",
        "Test reporter",  # who reported it, in the coordinators' view
        "gast@example.se",  # the invitations
        "@media print",
    ):
        assert expected in page, expected
    finding = staff.get(f"/api/v1/findings/{walk['finding']}").json
    assert f"<dd>{finding['due_date']}</dd>" in page or finding["due_date"] in page
    # The photo is embedded exactly as the photo route serves its thumbnail.
    served = staff.get(f"/api/v1/findings/{walk['finding']}/photos/{walk['photo']}/thumbnail").data
    embedded = re.findall(r'src="data:image/jpeg;base64,([^"]+)"', page)
    assert base64.b64decode(embedded[0]) == served
    assert 'alt="Foto av iakttagelse 1: Trasig/bristfällig belysning"' in page
    assert re.search(
        r'<img src="data:image/png;base64,[^"]+" alt="Karta över vandringen\. 1: ', page
    )


def test_the_public_view_leaves_out_people_s_details(api, walk):
    staff = api(walk["coordinator"])
    public = staff.get(f"/walks/{walk['id']}/protocol?view=public").get_data(as_text=True)
    assert "Lampan vid porten är trasig" in public
    assert "gast@example.se" not in public and "Test reporter" not in public
    # A participant always gets the public view.
    walker = api(walk["walker"])
    page = walker.get(f"/walks/{walk['id']}/protocol?view=full").get_data(as_text=True)
    assert "Lampan vid porten är trasig" in page
    assert "gast@example.se" not in page and walk["walker"].email not in page


def test_who_may_read_the_protocol(api, client, walk):
    outsider = api(walk["outsider"])
    for path in (f"/walks/{walk['id']}/protocol", f"/api/v1/walks/{walk['id']}/protocol.pdf"):
        response = outsider.get(path)
        assert response.status_code == 404, path
        assert b"Lampan" not in response.data
    anonymous = client.get(f"/walks/{walk['id']}/protocol")
    assert anonymous.status_code == 401
    assert "Logga in" in anonymous.get_data(as_text=True)


def test_the_page_works_with_the_app_s_session_cookie(client, walk):
    from tests.factories import PASSWORD

    signed_in = client.post(
        "/api/v1/auth/login", json={"email": walk["walker"].email, "password": PASSWORD}
    )
    assert signed_in.status_code == 200
    assert client.get(f"/walks/{walk['id']}/protocol").status_code == 200


def test_the_protocol_pdf(api, walk):
    staff = api(walk["coordinator"])
    response = staff.get(f"/api/v1/walks/{walk['id']}/protocol.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.metadata.title == "Protokoll: Höstvandring i centrum"
    text = pdf_text(response.data)
    for expected in (
        "Protokoll: Höstvandring i centrum",
        "Torget vid fontänen",
        "Sammanfattning inför uppföljningsmötet",
        "Mörkt vid porten.",
        "Karta",
        "Avvikelser",
        "Trasig/bristfällig belysning",
        "Lampan vid porten är trasig",
        "AB Väsbyhem",
        "Skickad",
        "Trygga platser",
        "Bra belysning på torget",
        "Deltagare",
        "Rapportör: Test reporter",
        "gast@example.se",
    ):
        assert expected in text, expected
    images = [image for page in reader.pages for image in page.images]
    assert len(images) >= 2  # the map and the photo
    public = pdf_text(api(walk["walker"]).get(f"/api/v1/walks/{walk['id']}/protocol.pdf").data)
    assert "Lampan vid porten är trasig" in public
    assert "Rapportör" not in public and "gast@example.se" not in public
