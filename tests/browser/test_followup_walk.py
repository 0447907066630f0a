"""A follow-up walk on a phone: a participant opens the earlier walk's findings, marks one
online; with no network the list (and its photo) is still there after a reload, and a mark made
from the keyboard is kept; both marks reach the server, once each, when the phone is back
online. axe-core finds nothing serious on the list."""

import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import func, select

from server.audit.models import AuditEntry
from server.extensions import db
from server.walks.models import WalkRevisit
from tests.browser.phone import DESKTOP, TOO_SMALL, wait_until
from tests.factories import PHOTOS, at, update_finding

pytestmark = pytest.mark.browser


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def report(client, walk_id: int, category: str, note: str, x: float, photo=None) -> str:
    finding_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
    lat, lon = at(x, 10)
    body = {
        "category": category,
        "note": note,
        "lat": lat,
        "lon": lon,
        "captured_at": f"2026-11-05T18:{10 + int(x) // 10:02d}:00+01:00",
        "walk_id": walk_id,
        "photos": [photo_id] if photo else [],
    }
    assert client.put(f"/api/v1/findings/{finding_id}", json=body).status_code == 201
    if photo:
        uploaded = client.put(
            f"/api/v1/findings/{finding_id}/photos/{photo_id}",
            data=(PHOTOS / photo).read_bytes(),
            content_type="image/jpeg",
        )
        assert uploaded.status_code == 201
    return finding_id


@pytest.fixture
def followup(api, make_user):
    coordinator, first_walker, walker = make_user("coordinator"), make_user(), make_user()
    staff = api(coordinator)
    plan = {"type": "trygghetsvandring", "planned_start": "2026-11-05T17:30:00+01:00"}
    earlier = staff.post(
        "/api/v1/walks", json={**plan, "title": "Höstvandring", "invite": [first_walker.email]}
    ).json
    reporter = api(first_walker)
    lamp = report(reporter, earlier["id"], "belysning", "Lampan vid porten", 10, "jolla_phone.jpg")
    graffiti = report(reporter, earlier["id"], "klotter", "Klotter på tunneln", 20)
    staff.post(f"/api/v1/walks/{earlier['id']}/close", json={})
    walk = staff.post(
        "/api/v1/walks",
        json={
            **plan,
            "title": "Uppföljning i centrum",
            "follows_walk_id": earlier["id"],
            "invite": [walker.email],
        },
    ).json
    staff.post(f"/api/v1/walks/{walk['id']}/start")
    return {
        "walk": walk["id"],
        "walker": walker,
        "coordinator": coordinator,
        "lamp": lamp,
        "graffiti": graffiti,
    }


def test_a_participant_marks_the_earlier_findings_online_and_offline(phone, context, app, followup):
    walk_id = followup["walk"]

    def marks() -> dict[str, str]:
        with app.app_context():
            rows = db.session.scalars(select(WalkRevisit).filter_by(walk_id=walk_id)).all()
            found = {str(row.finding_id): row.state for row in rows}
            db.session.remove()
            return found

    phone.sign_in(followup["walker"])
    phone.wait_for_service_worker()
    page = phone.page
    card = page.locator(f'[data-walk-id="{walk_id}"]')
    expect(card).to_contain_text("Uppföljning av Höstvandring")
    card.locator(f"#walk-{walk_id}-revisits").click()
    expect(page.locator("#revisits-title")).to_have_text("Förra vandringens iakttagelser")
    items = page.locator("#revisit-list > li")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Lampan vid porten")
    expect(items.first).to_contain_text("Status nu: Ny")
    expect(items.first.locator("img.revisit-photo")).to_be_visible()
    assert page.evaluate(TOO_SMALL, ".revisit-mark") == []
    assert serious_violations(page) == []

    # Online: the mark goes at once.
    page.click("#revisit-1-kvar")
    expect(page.locator("#revisit-1-kvar")).to_have_attribute("aria-pressed", "true")
    wait_until(page, lambda: marks() == {followup["lamp"]: "kvar"})
    expect(page.locator("#revisits-status")).to_have_text("Alla markeringar är skickade.")

    # Offline, the list is still there after a reload, with the photo, from the phone's copy.
    phone.wait_for_cached_photos(1)
    context.set_offline(True)
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    expect(page.locator("#net-status")).to_be_visible()
    expect(items).to_have_count(2)
    expect(items.first.locator("img.revisit-photo")).to_be_visible()
    expect(page.locator("#revisit-1-state")).to_have_text("Markerad: Kvar.")
    # A mark made offline, from the keyboard: kept on the phone and said so.
    page.fill("#revisit-2-note", "Sanerat, men nytt klotter intill")
    page.focus("#revisit-2-åtgärdad")
    page.keyboard.press("Enter")
    expect(page.locator("#revisit-2-åtgärdad")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#revisits-status")).to_have_text("1 markering väntar på att skickas.")
    expect(page.locator("#revisit-2-state")).to_contain_text("Skickas när telefonen är uppkopplad")
    assert marks() == {followup["lamp"]: "kvar"}

    context.set_offline(False)  # the `online` event sends what was kept
    wait_until(page, lambda: len(marks()) == 2)
    assert marks() == {followup["lamp"]: "kvar", followup["graffiti"]: "åtgärdad"}
    expect(page.locator("#revisits-status")).to_have_text("Alla markeringar är skickade.")
    expect(page.locator("#revisit-2-state")).to_have_text("Markerad: Åtgärdad.")
    with app.app_context():
        stored = db.session.get(WalkRevisit, (walk_id, uuid.UUID(followup["graffiti"])))
        assert stored.note == "Sanerat, men nytt klotter intill"
        sent = db.session.scalar(
            select(func.count()).select_from(AuditEntry).filter_by(action="walk.revisit_marked")
        )
        assert sent == 2  # each mark reached the server once
        db.session.remove()


def test_a_coordinator_plans_a_follow_up_walk_and_sees_what_its_walkers_found(
    phone, api, app, followup
):
    coordinator = followup["coordinator"]
    page = phone.page
    page.set_viewport_size(DESKTOP)
    phone.sign_in(coordinator)
    page.click("#home-walks")
    page.click("#walks-plan")
    follows = page.locator("#plan-follows")
    expect(follows).to_contain_text("Höstvandring")  # the closed walk, and none of the others
    expect(follows.locator("option")).to_have_count(2)
    follows.select_option(label=follows.locator("option").nth(1).inner_text())
    page.fill("#plan-title", "Andra uppföljningen")
    page.fill("#plan-start", "18:00")
    page.fill("#plan-end", "20:00")
    page.click("#plan-submit")
    expect(page.locator("#walk-title")).to_have_text("Andra uppföljningen")
    expect(page.locator("#walk-facts")).to_contain_text("Uppföljning av")
    expect(page.locator("#walk-facts")).to_contain_text("Höstvandring")
    rows = page.locator("#walk-revisits tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Inte markerad än.")

    # The owner says the graffiti is gone; the walkers of the first follow-up walk found it.
    update_finding(app, followup["graffiti"], status="åtgärdad")
    url = f"/api/v1/walks/{followup['walk']}/revisits/{followup['graffiti']}"
    assert api(followup["walker"]).put(url, json={"state": "kvar"}).status_code == 201
    page.goto(f"/#/walks?id={followup['walk']}")
    expect(page.locator("#walk-revisits")).to_contain_text("Markerad som åtgärdad men finns kvar")
    assert serious_violations(page) == []
