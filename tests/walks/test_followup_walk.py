"""The follow-up walk (uppföljande vandring): it follows an earlier, closed walk; its participants
get that walk's findings with their status now, mark each one kvar, åtgärdad or förändrad, and
its protocol shows the list beside its new findings."""

import io
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from server.audit.models import AuditEntry
from server.extensions import db
from tests.factories import at, photo, update_finding


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def report(client, walk_id: int, category: str, note: str, x: float, photos=()) -> str:
    finding_id = str(uuid.uuid4())
    lat, lon = at(x, 10)
    body = {
        "category": category,
        "note": note,
        "lat": lat,
        "lon": lon,
        "captured_at": f"2026-11-05T18:{10 + int(x) // 10:02d}:00+01:00",
        "walk_id": walk_id,
        "photos": list(photos),
    }
    assert client.put(f"/api/v1/findings/{finding_id}", json=body).status_code == 201
    return finding_id


@pytest.fixture
def walks(app, api, make_user):
    coordinator = make_user("coordinator")
    first_walker = make_user("reporter")
    second_walker = make_user("owner")  # a housing company's trivselvärd on the follow-up
    stranger = make_user("reporter")
    staff = api(coordinator)
    earlier = staff.post(
        "/api/v1/walks",
        json={
            "type": "trygghetsvandring",
            "title": "Höstvandring i centrum",
            "planned_start": "2026-11-05T17:30:00+01:00",
            "invite": [first_walker.email],
        },
    ).json
    walker = api(first_walker)
    photo_id = str(uuid.uuid4())
    lamp = report(walker, earlier["id"], "belysning", "Lampan vid porten", 10, [photo_id])
    assert (
        walker.put(
            f"/api/v1/findings/{lamp}/photos/{photo_id}",
            data=photo("jolla_phone.jpg"),
            content_type="image/jpeg",
        ).status_code
        == 201
    )
    graffiti = report(walker, earlier["id"], "klotter", "Klotter på tunneln", 20)
    twice = report(walker, earlier["id"], "klotter", "Samma klotter igen", 30)
    report(walker, earlier["id"], "trygg_plats", "Bra ljus på torget", 40)
    update_finding(app, twice, status="dubblett")
    update_finding(app, graffiti, status="åtgärdad")
    staff.post(f"/api/v1/walks/{earlier['id']}/close", json={"summary": "Mörkt vid porten."})
    followup = staff.post(
        "/api/v1/walks",
        json={
            "type": "trygghetsvandring",
            "title": "Uppföljning i centrum",
            "planned_start": "2026-12-03T17:30:00+01:00",
            "follows_walk_id": earlier["id"],
            "invite": [second_walker.email],
        },
    )
    assert followup.status_code == 201, followup.json
    return {
        "earlier": earlier["id"],
        "followup": followup.json,
        "lamp": lamp,
        "graffiti": graffiti,
        "twice": twice,
        "coordinator": coordinator,
        "walker": second_walker,
        "first_walker": first_walker,
        "stranger": stranger,
    }


def test_a_follow_up_walk_names_the_earlier_one(walks, api):
    followup = walks["followup"]
    assert followup["follows_walk_id"] == walks["earlier"]
    assert followup["follows"]["title"] == "Höstvandring i centrum"
    assert followup["follows"]["planned_start"].startswith("2026-11-05T16:30:00")
    seen = api(walks["walker"]).get(f"/api/v1/walks/{followup['id']}").json
    assert seen["follows"]["title"] == "Höstvandring i centrum"


def test_only_an_earlier_closed_walk_the_planner_sees_can_be_followed(walks, api, make_user):
    staff = api(walks["coordinator"])
    plan = {"type": "trygghetsvandring", "title": "X", "planned_start": "2026-12-10T18:00+01:00"}
    followup = walks["followup"]["id"]
    for follows, why in [
        (999999, "Vandringen finns inte."),
        (followup, "Den tidigare vandringen måste vara avslutad."),  # planned, not closed
    ]:
        refused = staff.post("/api/v1/walks", json={**plan, "follows_walk_id": follows})
        assert refused.status_code == 422
        assert refused.json["errors"]["follows_walk_id"] == [why]
    itself = staff.patch(f"/api/v1/walks/{followup}", json={"follows_walk_id": followup})
    assert itself.status_code == 422
    # Closed, the follow-up walk cannot be made the earlier walk's own follow-up's earlier walk.
    staff.post(f"/api/v1/walks/{followup}/close", json={})
    loop = staff.patch(f"/api/v1/walks/{walks['earlier']}", json={"follows_walk_id": followup})
    assert loop.json["errors"]["follows_walk_id"] == [
        "En vandring kan inte vara uppföljning av sig själv."
    ]
    # A reporter plans no walk at all.
    reporter = api(walks["first_walker"])
    assert reporter.post("/api/v1/walks", json=plan).status_code == 403
    # A PATCH links a planned walk to the earlier one, and unlinks it.
    later = staff.post("/api/v1/walks", json=plan).json
    linked = staff.patch(f"/api/v1/walks/{later['id']}", json={"follows_walk_id": followup})
    assert linked.status_code == 200 and linked.json["follows_walk_id"] == followup
    unlinked = staff.patch(f"/api/v1/walks/{later['id']}", json={"follows_walk_id": None})
    assert unlinked.json["follows"] is None


def test_participants_get_the_earlier_findings_with_their_status_now(walks, api):
    walker = api(walks["walker"])
    url = f"/api/v1/walks/{walks['followup']['id']}/revisits"
    listed = walker.get(url)
    assert listed.status_code == 200
    # Deviations only: the positive mark and the duplicate are left out; numbered as in the
    # earlier walk's protocol (the duplicate was number 3).
    assert [(r["number"], r["category"], r["status"]) for r in listed.json] == [
        ("1", "belysning", "ny"),
        ("2", "klotter", "åtgärdad"),
    ]
    lamp = listed.json[0]
    assert lamp["note"] == "Lampan vid porten" and lamp["lat"] is not None
    assert lamp["mark"] is None and lamp["still_there_though_fixed"] is False
    # The thumbnail is theirs to see for the walk's sake, though the finding itself is not.
    assert walker.get(f"/api/v1/findings/{walks['lamp']}").status_code == 404
    thumbnail = walker.get(lamp["thumbnail_url"])
    assert thumbnail.status_code == 200 and thumbnail.mimetype == "image/jpeg"
    assert listed.json[1]["thumbnail_url"] is None
    # Someone who does not take part sees neither the list nor the photo.
    stranger = api(walks["stranger"])
    assert stranger.get(url).status_code == 404
    assert stranger.get(lamp["thumbnail_url"]).status_code == 404
    # A walk that follows up none has no list.
    earlier = walks["earlier"]
    assert api(walks["coordinator"]).get(f"/api/v1/walks/{earlier}/revisits").status_code == 404


def test_marking_an_earlier_finding_is_idempotent_and_audited(walks, api, app):
    walk_id = walks["followup"]["id"]
    walker = api(walks["walker"])
    url = f"/api/v1/walks/{walk_id}/revisits/{walks['graffiti']}"
    first = walker.put(url, json={"state": "kvar", "note": "Klottret finns kvar"})
    assert first.status_code == 201
    assert first.json["mark"]["state"] == "kvar"
    # Marked fixed by its owner, but still there: pointed out to the coordinators.
    assert first.json["still_there_though_fixed"] is True
    again = walker.put(url, json={"state": "kvar", "note": "Klottret finns kvar"})
    assert again.status_code == 200 and again.json == first.json
    changed = walker.put(url, json={"state": "förändrad", "note": "Delvis sanerat"})
    assert changed.status_code == 200 and changed.json["mark"]["state"] == "förändrad"
    # A mark does not change the finding's status: its owner's workflow decides.
    staff = api(walks["coordinator"])
    assert staff.get(f"/api/v1/findings/{walks['graffiti']}").json["status"] == "åtgärdad"

    assert walker.put(url, json={"state": "borta"}).status_code == 422
    assert api(walks["stranger"]).put(url, json={"state": "kvar"}).status_code == 403
    assert api(walks["first_walker"]).put(url, json={"state": "kvar"}).status_code == 403
    assert staff.put(url, json={"state": "åtgärdad"}).status_code == 200  # coordinators may
    other = f"/api/v1/walks/{walk_id}/revisits/{walks['twice']}"  # the duplicate: not listed
    assert walker.put(other, json={"state": "kvar"}).status_code == 404
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).filter_by(action="walk.revisit_marked").order_by(AuditEntry.id)
        ).all()
        assert [(e.data["from"], e.data["to"]) for e in entries] == [
            (None, "kvar"),
            ("kvar", "förändrad"),
            ("förändrad", "åtgärdad"),
        ]
        assert str(entries[0].finding_id) == walks["graffiti"]

    # Once the walk is closed the marks stand.
    staff.post(f"/api/v1/walks/{walk_id}/close", json={})
    closed = walker.put(url, json={"state": "kvar"})
    assert closed.status_code == 409
    assert walker.get(f"/api/v1/walks/{walk_id}/revisits").json[1]["mark"]["state"] == "åtgärdad"
    # And the earlier walk cannot change under marks already given.
    moved = staff.patch(f"/api/v1/walks/{walk_id}", json={"follows_walk_id": None})
    assert moved.status_code == 409


def test_the_protocol_shows_the_earlier_findings_beside_the_new_ones(walks, api):
    walk_id = walks["followup"]["id"]
    walker = api(walks["walker"])
    walker.put(
        f"/api/v1/walks/{walk_id}/revisits/{walks['graffiti']}",
        json={"state": "kvar", "note": "Klottret finns kvar"},
    )
    walker.put(f"/api/v1/walks/{walk_id}/revisits/{walks['lamp']}", json={"state": "åtgärdad"})
    report(walker, walk_id, "nedskrapning", "Soppåsar vid busshållplatsen", 50)

    page = api(walks["coordinator"]).get(f"/walks/{walk_id}/protocol").get_data(as_text=True)
    assert "Uppföljning av Höstvandring i centrum (2026-11-05)" in page
    assert "Förra vandringens iakttagelser (2)" in page
    assert "Klottret finns kvar" in page
    assert "Kvar trots att den är markerad som åtgärdad" in page
    assert "Soppåsar vid busshållplatsen" in page  # the new finding, in its own list
    assert "Samma klotter igen" not in page  # the duplicate

    pdf = api(walks["walker"]).get(f"/api/v1/walks/{walk_id}/protocol.pdf")
    text = " ".join(pdf_text(pdf.data).split())
    assert "Uppföljning av Höstvandring i centrum (2026-11-05)" in text
    assert "Förra vandringens iakttagelser" in text
    assert "Klottret finns kvar" in text
    assert "Kvar trots att den är markerad som åtgärdad" in text
    assert "Ej markerad" not in text  # both were marked
