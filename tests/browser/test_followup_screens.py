"""The coordinators' follow-up in a real browser: the triage queue with why each finding waits
and the overdue list per owner; on the finding screen routing, priority and due date, internal
and shared comments, merging a duplicate and blurring part of a photo — each checked on the
server; the owner's comments; offline refusals that keep what was typed; reporters never see or
load any of it; English and axe.

The findings are reported through the API and routed by the real router to the owner of the
property they lie in (tests/factories/places.py builds the places in metres around Väsby
centrum)."""

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.findings.models import Finding, FindingEvent
from server.photos.models import Photo
from tests.browser.phone import DESKTOP, TOO_SMALL, Phone
from tests.browser.test_language_and_access import serious_violations, swedish_left
from tests.factories import rectangle, stockholm_today
from tests.factories import update_finding as update

pytestmark = pytest.mark.browser


@dataclass
class Town:
    coordinator: object
    owner: object
    reporter: object
    vasbyhem: int
    lamp: str  # Väsbyhem's, overdue, with a photo: the original
    lamp_again: str  # the same lamp reported again a day later: a possible duplicate
    graffiti: str  # outside every property: new, sent to nobody
    glass: str  # sent back by Väsbyhem: not ours


@pytest.fixture
def town(app, api, make_org, make_user, report, make_property):
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_org("Väsby Centrum Fastigheter AB", "fastighetsägare")
    make_property("Upplands Väsby Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    reporter = make_user("reporter")
    owner = make_user("owner", vasbyhem)

    lamp = report(
        reporter, 10, 10, "belysning", "Lampan vid porten är trasig", 17, ["orientation_1.jpg"]
    )
    lamp_again = report(reporter, 14, 12, "belysning", "Mörkt vid porten", 18)
    graffiti = report(reporter, 400, 400, "klotter", "Klotter på elskåpet", 19)
    glass = report(reporter, 40, 40, "skadegorelse", "Krossad ruta i cykelrummet", 20)
    assert [f["status"] for f in (lamp, lamp_again, graffiti, glass)] == [
        "skickad",
        "skickad",
        "ny",
        "skickad",
    ]
    response = api(owner).post(
        f"/api/v1/findings/{glass['id']}/status",
        json={"status": "ej vårt ansvar", "comment": "Cykelrummet är kommunens"},
    )
    assert response.status_code == 200, response.json
    update(app, lamp["id"], due_date=stockholm_today() - timedelta(days=4))
    return Town(
        coordinator=make_user("coordinator"),
        owner=owner,
        reporter=reporter,
        vasbyhem=vasbyhem,
        lamp=lamp["id"],
        lamp_again=lamp_again["id"],
        graffiti=graffiti["id"],
        glass=glass["id"],
    )


def stored(app, finding_id: str) -> dict:
    with app.app_context():
        finding = db.session.get(Finding, uuid.UUID(finding_id))
        events = db.session.scalars(
            select(FindingEvent).filter_by(finding_id=finding.id).order_by(FindingEvent.id)
        ).all()
        state = {
            "status": finding.status,
            "assigned_org_id": finding.assigned_org_id,
            "priority": finding.priority,
            "due_date": finding.due_date,
            "duplicate_of": str(finding.duplicate_of_id) if finding.duplicate_of_id else None,
            "events": [(e.kind, e.from_value, e.to_value, e.comment) for e in events],
        }
        db.session.remove()
        return state


def open_triage(phone: Phone):
    page = phone.page
    phone.go("tasks")
    page.click("#subnav-triage")
    expect(page.locator("body")).to_have_attribute("data-screen", "triage")
    expect(page.locator("#triage-summary")).not_to_have_text(re.compile("^(Hämtar|Loading)"))


def open_finding(phone: Phone, finding_id: str):
    page = phone.page
    page.goto(f"/#/findings?id={finding_id}")
    expect(page.locator("body")).to_have_attribute("data-screen", "case")
    expect(page.locator("#case-followup")).to_be_visible()
    expect(page.locator("#comment-list li").first).to_be_visible()


def comments(api, user, finding_id: str) -> list[tuple[str, str]]:
    response = api(user).get(f"/api/v1/findings/{finding_id}/comments")
    assert response.status_code == 200, response.json
    return [(c["comment"], c["data"]["visibility"]) for c in response.json]


def test_the_queue_says_why_each_finding_waits_and_lists_the_overdue(phone, town):
    page = phone.page
    phone.sign_in(town.coordinator)
    expect(page.locator("#home-triage")).to_have_text("Att granska")
    open_triage(phone)
    expect(page.locator("#triage-title")).to_have_text("Att granska")
    expect(page.locator("#subnav-triage")).to_have_attribute("aria-current", "page")
    rows = page.locator("#triage-list > li")
    expect(rows).to_have_count(3)
    graffiti = page.locator(f'#triage-list > li[data-id="{town.graffiti}"]')
    expect(graffiti).to_have_attribute("data-reasons", "new")
    expect(graffiti).to_contain_text("Ny, inte skickad till någon")
    again = page.locator(f'#triage-list > li[data-id="{town.lamp_again}"]')
    expect(again).to_have_attribute("data-reasons", "duplicate")
    expect(again).to_contain_text("Kanske samma som 1 öppna iakttagelser i närheten")
    glass = page.locator(f'#triage-list > li[data-id="{town.glass}"]')
    expect(glass).to_have_attribute("data-reasons", "not_ours")
    expect(glass).to_contain_text(
        "AB Väsbyhem säger att den inte är deras: Cykelrummet är kommunens"
    )
    expect(page.locator("#triage-summary")).to_have_text(
        "3 iakttagelser att granska. 1 försenad hos ansvariga."
    )
    group = page.locator(f'#triage-overdue [data-organisation="{town.vasbyhem}"]')
    expect(group).to_contain_text("AB Väsbyhem")
    expect(group).to_contain_text("1 försenad, som mest 4 dagar efter åtgärdsdatum")
    expect(group.locator(f'li[data-id="{town.lamp}"]')).to_contain_text("4 dagar efter")
    # Filtered by reason (the server's filter), kept while the app is open.
    page.select_option("#triage-reason", "not_ours")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-id", town.glass)
    phone.go("home")
    open_triage(phone)
    expect(page.locator("#triage-reason")).to_have_value("not_ours")
    expect(rows).to_have_count(1)
    # Each row leads to the finding.
    glass.locator("h3 a").click()
    expect(page.locator("body")).to_have_attribute("data-screen", "case")
    expect(page.locator("#form-triage")).to_be_visible()
    expect(page.locator("#form-reject")).to_be_visible()


def test_the_coordinator_routes_schedules_and_comments(phone, town, app, api):
    page = phone.page
    phone.sign_in(town.coordinator)
    open_finding(phone, town.graffiti)
    expect(page.locator("#form-triage")).to_be_visible()
    # Owner-visible comments need an owner: not possible yet.
    expect(page.locator("#visibility-owner")).to_be_disabled()
    expect(page.locator('label[for="visibility-owner"]')).to_contain_text("går först när")

    page.click("#submit-route")
    expect(page.locator("#route-org-error")).to_have_text("Välj en organisation.")
    expect(page.locator("#route-org")).to_be_focused()
    page.select_option("#route-org", str(town.vasbyhem))
    page.click("#submit-route")
    expect(page.locator("#route-comment-error")).to_have_text("Skriv varför.")
    page.fill("#route-comment", "Elskåpet står på Väsbyhems gård")
    page.click("#submit-route")
    expect(page.locator("#followup-flash")).to_have_text("Skickad till den ansvariga.")
    expect(page.locator("#followup-flash")).to_be_focused()
    state = stored(app, town.graffiti)
    assert state["status"] == "skickad"
    assert state["assigned_org_id"] == town.vasbyhem
    assert any(kind == "assigned" and to == "AB Väsbyhem" for kind, _, to, _ in state["events"])
    expect(page.locator("#case-status-badge")).to_have_text("Skickad till ansvarig")
    expect(page.locator("#case-history")).to_contain_text("Skickad till AB Väsbyhem")
    expect(page.locator("#form-reroute")).to_be_visible()

    due = (stockholm_today() + timedelta(days=5)).isoformat()
    page.select_option("#followup-priority", "1")
    page.fill("#followup-due", due)
    page.click("#submit-schedule")
    expect(page.locator("#followup-flash")).to_have_text("Prioritet och åtgärdsdatum sparade.")
    state = stored(app, town.graffiti)
    assert state["priority"] == 1
    assert state["due_date"].isoformat() == due
    expect(page.locator("#case-facts")).to_contain_text("Hög")
    expect(page.locator("#case-history")).to_contain_text("Prioritet: Normal → Hög")

    page.fill("#comment-body", "Internt: ring fastighetsvärden först")
    page.click("#submit-comment")
    expect(page.locator("#followup-flash")).to_have_text("Kommentaren är sparad.")
    expect(page.locator("#comment-list li")).to_have_count(1)
    page.fill("#comment-body", "Kan ni ta bort klottret före helgen?")
    page.click('label[for="visibility-owner"]')
    page.click("#submit-comment")
    expect(page.locator("#comment-list li")).to_have_count(2)
    expect(page.locator("#comment-list li").nth(0)).to_contain_text("Intern, bara samordnare")
    expect(page.locator("#comment-list li").nth(1)).to_contain_text("Synlig för den ansvariga")
    assert comments(api, town.coordinator, town.graffiti) == [
        ("Internt: ring fastighetsvärden först", "internal"),
        ("Kan ni ta bort klottret före helgen?", "owner"),
    ]
    assert comments(api, town.owner, town.graffiti) == [
        ("Kan ni ta bort klottret före helgen?", "owner")
    ]
    assert "fastighetsvärden" not in str(
        api(town.owner).get(f"/api/v1/findings/{town.graffiti}/events").json
    )


def test_the_coordinator_merges_a_duplicate_into_its_original(phone, town, app):
    page = phone.page
    phone.sign_in(town.coordinator)
    open_finding(phone, town.lamp_again)
    choice = page.locator(f'#form-merge input[value="{town.lamp}"]')
    expect(choice).to_have_count(1)
    page.click("#submit-merge")
    expect(page.locator("#merge-error")).to_have_text("Välj originalet.")
    page.click(f'label[for="{choice.get_attribute("id")}"]')
    page.fill("#merge-comment", "Samma lampa")
    page.click("#submit-merge")
    expect(page.locator("#followup-flash")).to_have_text(
        "Markerad som dubblett och ihopslagen med originalet."
    )
    state = stored(app, town.lamp_again)
    assert state["status"] == "dubblett"
    assert state["duplicate_of"] == town.lamp
    expect(page.locator("#case-status-badge")).to_have_text("Dubblett")
    expect(page.locator("#form-merge")).to_have_count(0)  # final
    original = stored(app, town.lamp)
    assert [e for e in original["events"] if e[0] == "merged"]


def test_the_coordinator_says_two_nearby_findings_are_not_the_same(phone, town, api):
    page = phone.page
    phone.sign_in(town.coordinator)
    queue = api(town.coordinator).get("/api/v1/followup/queue").json["items"]
    assert town.lamp_again in {item["finding"]["id"] for item in queue}
    open_finding(phone, town.lamp_again)
    candidate = page.locator("#form-merge .choice").filter(
        has=page.locator(f'input[value="{town.lamp}"]')
    )
    candidate.get_by_role("button", name=re.compile("^Inte samma")).click()
    expect(page.locator("#followup-flash")).to_have_text(
        "Sparat: inte samma sak. Paret föreslås inte längre som dubblett."
    )
    expect(candidate).to_contain_text("Bedömd som inte samma")
    expect(candidate.get_by_role("button", name=re.compile("^Inte samma"))).to_have_count(0)
    queue = api(town.coordinator).get("/api/v1/followup/queue").json["items"]
    assert town.lamp_again not in {item["finding"]["id"] for item in queue}


def test_the_coordinator_verifies_a_fix_and_reopens_it(phone, town, app):
    update(app, town.lamp, status="åtgärdad")
    page = phone.page
    phone.sign_in(town.coordinator)
    open_finding(phone, town.lamp)
    expect(page.locator("#form-triage")).to_have_count(0)  # reopening is its own move
    page.fill("#verify-comment", "Lampan lyser, kontrollerat på plats")
    page.click("#submit-verify")
    expect(page.locator("#followup-flash")).to_have_text("Markerad som verifierad.")
    assert stored(app, town.lamp)["status"] == "verifierad"
    expect(page.locator("#form-verify")).to_have_count(0)
    page.click("#submit-reopen")
    expect(page.locator("#reopen-comment-error")).to_have_text("Skriv varför.")
    page.fill("#reopen-comment", "Lampan är trasig igen")
    page.click("#submit-reopen")
    expect(page.locator("#followup-flash")).to_have_text(
        "Öppnad igen och tillbaka hos samordnarna."
    )
    state = stored(app, town.lamp)
    assert state["status"] == "granskad"
    assert state["assigned_org_id"] is None  # back with the coordinators
    assert ("status", "verifierad", "granskad", "Lampan är trasig igen") in state["events"]
    expect(page.locator("#form-route")).to_be_visible()


def test_the_coordinator_blurs_part_of_a_photo(phone, town, app, api):
    page = phone.page
    finding = api(town.coordinator).get(f"/api/v1/findings/{town.lamp}").json
    photo = finding["photos"][0]
    before = api(town.coordinator).get(photo["url"]).data
    phone.sign_in(town.coordinator)
    open_finding(phone, town.lamp)
    page.click("#redact-open-0")
    expect(page.locator("#redact-title")).to_be_focused()
    expect(page.locator("#redact-title")).to_have_text("Maskera foto 1 av 1")
    page.click("#redact-submit")
    expect(page.locator("#redact-error")).to_have_text("Markera minst en rektangel.")

    # A rectangle dragged with the pointer …
    stage = page.locator("#redact-stage")
    stage.scroll_into_view_if_needed()
    box = stage.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.1)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.3, steps=5)
    page.mouse.up()
    expect(page.locator("#redact-boxes fieldset")).to_have_count(1)
    assert 9 <= float(page.input_value("#box-0-x")) <= 11
    assert 29 <= float(page.input_value("#box-0-w")) <= 31
    # … and one added and placed with the keyboard.
    page.click("#redact-add")
    expect(page.locator("#box-1-x")).to_be_focused()
    for key, value in {"x": "60", "y": "50", "w": "25", "h": "20"}.items():
        page.fill(f"#box-1-{key}", value)
    expect(page.locator("#redact-stage .redact-box")).to_have_count(2)
    page.click("#redact-submit")
    expect(page.locator("#redact-status")).to_have_text(
        "Fotot är maskerat. Den suddade bilden visas nu."
    )
    expect(page.locator("#redact-status")).to_be_focused()
    expect(page.locator("#redact-boxes fieldset")).to_have_count(0)

    with app.app_context():
        row = db.session.get(Photo, uuid.UUID(photo["id"]))
        assert row.redacted_at is not None
        assert len(row.redactions) == 2
        x = round(0.6 * photo["width"])
        assert row.redactions[1]["x"] == pytest.approx(x, abs=1)
        db.session.remove()
    fresh = api(town.coordinator).get(f"/api/v1/findings/{town.lamp}").json["photos"][0]
    assert fresh["redacted"] is True
    assert fresh["url"] != photo["url"]
    after = api(town.coordinator).get(fresh["url"]).data
    assert after != before
    # The blurred image is what the page shows now, under its new address.
    expect(page.locator("#redact-image")).to_have_attribute("src", fresh["url"])
    expect(page.locator("#case-photo-list img")).to_have_attribute("src", fresh["thumbnail_url"])
    expect(page.locator("#case-history")).to_contain_text("Delar av ett foto suddades")


def test_an_owner_writes_to_the_coordinators_and_sees_only_what_is_shared(phone, town, app, api):
    for body, visibility in (("Bara för oss", "internal"), ("Hur går det?", "owner")):
        response = api(town.coordinator).post(
            f"/api/v1/findings/{town.lamp}/comments",
            json={"body": body, "visibility": visibility},
        )
        assert response.status_code == 201, response.json
    page = phone.page
    phone.sign_in(town.owner)
    expect(page.locator("#home-triage")).to_have_count(0)
    page.goto("/#/triage")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")
    open_finding(phone, town.lamp)
    expect(page.locator("#followup-moves")).to_have_count(0)  # the coordinators' moves
    expect(page.locator("#redact-stage")).to_have_count(0)
    expect(page.locator("#comment-list li")).to_have_count(1)
    expect(page.locator("#comment-list")).to_contain_text("Hur går det?")
    assert "Bara för oss" not in page.content()
    expect(page.locator('input[name="comment-visibility"]')).to_have_count(0)
    page.click("#submit-comment")
    expect(page.locator("#comment-body-error")).to_have_text("Skriv en kommentar.")
    page.fill("#comment-body", "Ny lampa beställd, kommer på tisdag")
    page.click("#submit-comment")
    expect(page.locator("#followup-flash")).to_have_text("Kommentaren är sparad.")
    expect(page.locator("#comment-list li")).to_have_count(2)
    assert comments(api, town.coordinator, town.lamp)[-1] == (
        "Ny lampa beställd, kommer på tisdag",
        "owner",
    )


def test_offline_nothing_is_sent_and_what_was_typed_stays(phone, town, context, app):
    page = phone.page
    phone.sign_in(town.coordinator)
    open_finding(phone, town.glass)
    context.set_offline(True)
    page.fill("#reject-reason", "Ligger utanför kommunens ansvar")
    page.click("#submit-reject")  # offline: no confirmation, refused at once
    expect(page.locator("#followup-error")).to_contain_text("Inte skickat: du är offline")
    expect(page.locator("#reject-reason")).to_have_value("Ligger utanför kommunens ansvar")
    assert stored(app, town.glass)["status"] == "ej vårt ansvar"
    # Kept across screens while the app is open.
    phone.go("home")
    phone.go("tasks")
    page.goto(f"/#/findings?id={town.glass}")
    expect(page.locator("#reject-reason")).to_have_value("Ligger utanför kommunens ansvar")
    context.set_offline(False)
    page.click("#submit-reject")
    page.click("#dialog-ok")
    expect(page.locator("#followup-flash")).to_have_text("Avvisad.")
    state = stored(app, town.glass)
    assert state["status"] == "avvisad"
    assert state["events"][-1][3] == "Ligger utanför kommunens ansvar"


def test_reporters_never_see_the_triage_nor_load_its_module(phone, town, page):
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    phone.sign_in(town.reporter)
    expect(page.locator("#home-triage")).to_have_count(0)
    page.goto("/#/triage")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")
    page.goto(f"/#/findings?id={town.lamp}")  # their own finding: readable, no panel
    expect(page.locator("body")).to_have_attribute("data-screen", "case")
    expect(page.locator("#case-history li").first).to_be_visible()
    expect(page.locator("#case-followup")).to_have_count(0)
    page.wait_for_timeout(2500)  # past the idle preloading of the other screens
    assert not [url for url in loaded if "followup.js" in url]


def test_english_accessibility_and_touch_targets(phone, town):
    page = phone.page
    phone.sign_in(town.coordinator)
    problems = {}
    open_triage(phone)
    problems["triage"] = serious_violations(page)
    small = page.evaluate(TOO_SMALL, "#main a, #main button, #main select")
    open_finding(phone, town.lamp_again)
    expect(page.locator("#form-merge")).to_be_visible()
    problems["finding"] = serious_violations(page)
    controls = "#case-followup :is(a, button, select, .choice label, input[type=date])"
    small += page.evaluate(TOO_SMALL, controls)
    open_finding(phone, town.lamp)
    page.click("#redact-open-0")
    page.click("#redact-add")
    problems["redaction"] = serious_violations(page)
    small += page.evaluate(TOO_SMALL, "#redact-editor :is(button, input)")
    assert small == []

    phone.go("settings")
    page.click('label[for="language-en"]')
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.emulate_media(color_scheme="dark")
    open_triage(phone)
    expect(page.locator("#triage-title")).to_have_text("To review")
    expect(page.locator("#triage-summary")).to_have_text(
        "3 findings to review. 1 overdue with the owners."
    )
    assert swedish_left(page) == []
    problems["triage (en, dark)"] = serious_violations(page)
    open_finding(phone, town.glass)
    expect(page.locator("#form-triage-title")).to_have_text("Mark as triaged")
    assert swedish_left(page) == []
    problems["finding (en, dark)"] = serious_violations(page)
    assert {screen: found for screen, found in problems.items() if found} == {}


def test_on_a_desktop_the_panel_sits_beside_the_finding_and_the_keyboard_routes_it(
    phone, town, app
):
    page = phone.page
    page.set_viewport_size(DESKTOP)
    phone.sign_in(town.coordinator)
    open_finding(phone, town.graffiti)
    panel = page.locator("#case-followup").bounding_box()
    facts = page.locator("#case-facts").bounding_box()
    assert panel["x"] > facts["x"] + facts["width"]  # the side column, not below the finding
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    for box in page.locator(
        "#case-followup :is(input, select, textarea, button):visible"
    ).evaluate_all("nodes => nodes.map(n => n.getBoundingClientRect().right)"):
        assert box <= panel["x"] + panel["width"] + 1  # nothing spills out of the column

    # Sent to its owner with the keyboard alone: the select, the reason, the button.
    page.locator("#route-org").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#route-org")).to_have_value(str(town.vasbyhem))
    page.keyboard.press("Tab")
    expect(page.locator("#route-comment")).to_be_focused()
    page.keyboard.type("Elskåpet står på Väsbyhems gård")
    page.keyboard.press("Tab")
    expect(page.locator("#submit-route")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#followup-flash")).to_have_text("Skickad till den ansvariga.")
    expect(page.locator("#followup-flash")).to_be_focused()
    assert stored(app, town.graffiti)["assigned_org_id"] == town.vasbyhem
