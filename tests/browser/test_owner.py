"""The owner's side in a real browser: the findings sent to the owner's organisation as a list
and a map, filtered and sorted, one finding with its photos and history, and the owner's
actions — mottagen, planerad, åtgärdad with an after-photo, ej vårt ansvar — checked on the
server; the email link; offline refusals that lose nothing; English, axe, desktop and phone.

The findings are reported through the API by a reporter and routed by the real router to the
owner of the property they lie in (tests/factories/places.py builds the places in metres around
Väsby centrum)."""

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.findings.models import Finding, FindingEvent
from server.notify.emails import APP_LINK
from server.photos.models import Photo
from tests.browser.phone import DESKTOP, TOO_SMALL, Phone
from tests.browser.test_language_and_access import serious_violations, swedish_left
from tests.factories import PASSWORD, PHOTOS, rectangle, stockholm_today
from tests.factories import link as signed_link
from tests.factories import update_finding as update

pytestmark = pytest.mark.browser


@dataclass
class Town:
    owner: object
    coordinator: object
    other_owner: object
    vasbyhem: int
    centrum_area: int
    norr_area: int
    lamp: str  # Väsbyhem's, in Centrum, overdue, with a photo
    graffiti: str  # Väsbyhem's, in Norr
    litter: str  # the other organisation's: never shown to Väsbyhem
    fixed: str  # Väsbyhem's, already fixed


@pytest.fixture
def town(app, api, make_org, make_user, report, make_property, make_area):
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    other = make_org("Väsby Centrum Fastigheter AB", "fastighetsägare")
    make_property("Upplands Väsby Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    make_property("Upplands Väsby Dragonen 1:40", vasbyhem, rectangle(0, 500, 60, 560))
    make_property("Upplands Väsby Messingen 2:3", other, rectangle(100, 0, 160, 60))
    centrum = make_area("Centrum", rectangle(-100, -100, 200, 200))
    norr = make_area("Norr", rectangle(-100, 400, 200, 700))
    reporter = make_user("reporter")

    lamp = report(
        reporter, 10, 10, "belysning", "Lampan vid porten är trasig", 18, ["orientation_1.jpg"]
    )
    graffiti = report(reporter, 20, 520, "klotter", "Klotter på garageporten", 20)
    litter = report(reporter, 120, 10, "nedskrapning", "Sopor vid Messingens entré", 19)
    fixed = report(reporter, 30, 30, "skadegorelse", "Krossad glasruta i porten", 17)
    for finding in (lamp, graffiti, litter, fixed):
        assert finding["status"] == "skickad", finding["routing"]
    assert litter["assigned_org"]["id"] == other
    update(app, lamp["id"], due_date=stockholm_today() - timedelta(days=3))
    update(app, graffiti["id"], due_date=stockholm_today() + timedelta(days=2))
    update(app, fixed["id"], status="åtgärdad")
    return Town(
        owner=make_user("owner", vasbyhem),
        coordinator=make_user("coordinator"),
        other_owner=make_user("owner", other),
        vasbyhem=vasbyhem,
        centrum_area=centrum,
        norr_area=norr,
        lamp=lamp["id"],
        graffiti=graffiti["id"],
        litter=litter["id"],
        fixed=fixed["id"],
    )


def stored(app, finding_id: str) -> dict:
    """What the server holds about the finding: status, date, owner, photos, history."""
    with app.app_context():
        finding = db.session.get(Finding, uuid.UUID(finding_id))
        photos = db.session.scalars(select(Photo).filter_by(finding_id=finding.id)).all()
        events = db.session.scalars(
            select(FindingEvent).filter_by(finding_id=finding.id).order_by(FindingEvent.id)
        ).all()
        state = {
            "status": finding.status,
            "planned_for": finding.planned_for,
            "assigned_org_id": finding.assigned_org_id,
            "photo_kinds": sorted(photo.kind for photo in photos),
            "events": [(e.kind, e.from_value, e.to_value, e.comment) for e in events],
        }
        db.session.remove()
        return state


def open_tasks(phone: Phone, count: int | None = None):
    page = phone.page
    phone.go("tasks")
    expect(page.locator("#tasks-summary")).not_to_have_text(re.compile("^(Hämtar|Loading)"))
    if count is not None:
        expect(page.locator("#tasks-table tbody tr")).to_have_count(count)


def open_case(phone: Phone, finding_id: str):
    page = phone.page
    page.click(f'#tasks-table tr[data-id="{finding_id}"] .case-link')
    expect(page.locator("body")).to_have_attribute("data-screen", "case")
    expect(page.locator("#case-history li").first).to_be_visible()


def test_an_owner_sees_only_their_organisations_findings_filtered_and_sorted(phone, town):
    page = phone.page
    phone.sign_in(town.owner)
    tab = page.locator('#tab-bar a[data-route="tasks"]')
    expect(tab).to_be_visible()
    expect(tab).to_have_text("Att åtgärda")
    expect(page.locator("#home-tasks")).to_have_text("Visa det som ska åtgärdas")
    open_tasks(phone, count=2)  # open ones by default: not the fixed one, not another's
    rows = page.locator("#tasks-table tbody tr")
    expect(rows.nth(0)).to_have_attribute("data-id", town.lamp)  # due first: the overdue one
    expect(rows.nth(1)).to_have_attribute("data-id", town.graffiti)
    lamp = rows.nth(0)
    expect(lamp).to_have_attribute("data-overdue", "true")
    expect(lamp).to_contain_text("Försenad")  # in words, not by colour alone
    expect(lamp).to_contain_text("Trasig/bristfällig belysning")
    expect(lamp).to_contain_text("inom fastigheten Upplands Väsby Dragonen 1:12")
    expect(lamp).to_contain_text("Skickad till ansvarig")
    expect(rows.nth(1)).to_have_attribute("data-overdue", "false")
    expect(page.locator("#tasks-summary")).to_have_text("2 iakttagelser. 1 är försenad.")
    assert town.litter not in page.content()
    assert "Sopor vid Messingens entré" not in page.content()

    page.select_option("#tasks-area", str(town.norr_area))
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-id", town.graffiti)
    page.select_option("#tasks-area", "")
    expect(rows).to_have_count(2)
    page.select_option("#tasks-status", "done")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-id", town.fixed)
    expect(rows.first).to_contain_text("Åtgärdad")
    page.select_option("#tasks-status", "all")
    expect(rows).to_have_count(3)
    assert town.litter not in page.content()
    page.select_option("#tasks-status", "open")
    page.select_option("#tasks-sort", "newest")
    expect(rows.nth(0)).to_have_attribute("data-id", town.graffiti)  # reported later

    # The map, on a phone: the same findings, the overdue one a square.
    page.click("#tasks-view-map")
    expect(page.locator("#tasks-map")).to_have_attribute("data-markers", "2")
    expect(page.locator("#tasks-map .map-dot-overdue")).to_have_count(1)
    expect(page.locator("#tasks-map-status")).to_contain_text("försenade som fyrkanter")
    expect(page.locator("#tasks-list-box")).to_be_hidden()
    page.click("#tasks-view-list")
    expect(page.locator("#tasks-map")).to_be_hidden()


def test_reporters_have_no_owner_screens_and_never_load_them(phone, make_user, page):
    reporter = make_user("reporter")
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    phone.sign_in(reporter)
    expect(page.locator('#tab-bar a[data-route="tasks"]')).to_be_hidden()
    expect(page.locator("#home-tasks")).to_have_count(0)
    page.goto("/#/tasks")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")
    page.wait_for_timeout(2500)  # past the idle preloading of the other screens
    assert not [url for url in loaded if re.search(r"/js/(cases|screens/(tasks|case))\.js", url)]


def test_the_owner_acknowledges_plans_and_fixes_with_an_after_photo(phone, town, app):
    page = phone.page
    phone.sign_in(town.owner)
    open_tasks(phone, count=2)
    open_case(phone, town.lamp)
    expect(page.locator("#case-title")).to_have_text("Trasig/bristfällig belysning")
    expect(page.locator("#case-status")).to_contain_text("Skickad till ansvarig")
    expect(page.locator("#case-overdue")).to_contain_text("Försenad")
    expect(page.locator("#case-facts")).to_contain_text("Lampan vid porten är trasig")
    expect(page.locator("#case-facts")).to_contain_text("Hög")  # lighting: priority 1
    expect(page.locator("#case-coordinates")).to_have_text(re.compile(r"^59\.51\d{3}, 17\.91\d{3}"))
    expect(page.locator("#case-routing")).to_contain_text("Upplands Väsby Dragonen 1:12")
    expect(page.locator("#case-map")).to_have_attribute("data-tiles", "failed")
    history = page.locator("#case-history li")
    expect(history.first).to_contain_text("Rapporterad")
    expect(page.locator("#case-history")).to_contain_text("Skickad till AB Väsbyhem")

    # The photo, full size in a dialog; Escape closes it and the focus comes back.
    thumbnail = page.locator("#case-photo-list .photo-open")
    expect(thumbnail).to_have_count(1)
    thumbnail.click()
    viewer = page.locator("#photo-viewer")
    expect(viewer).to_be_visible()
    expect(page.locator("#photo-viewer-image")).to_have_attribute("alt", "Foto 1 av 1")
    expect(page.locator("#photo-viewer-image")).to_have_js_property("complete", True)
    assert page.locator("#photo-viewer-image").evaluate("img => img.naturalWidth") > 200
    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    expect(thumbnail).to_be_focused()

    # Mottagen: one tap.
    page.click("#submit-ack")
    expect(page.locator("#case-flash")).to_have_text("Markerad som mottagen.")
    expect(page.locator("#case-status")).to_contain_text("Mottagen")
    expect(page.locator("#form-ack")).to_have_count(0)
    assert stored(app, town.lamp)["status"] == "mottagen"

    # Planerad: the date is required.
    page.click("#submit-plan")
    expect(page.locator("#plan-date-error")).to_have_text("Välj ett datum.")
    expect(page.locator("#plan-date")).to_be_focused()
    planned = stockholm_today() + timedelta(days=7)
    page.fill("#plan-date", planned.isoformat())
    page.click("#submit-plan")
    expect(page.locator("#case-flash")).to_have_text("Åtgärden är planerad.")
    expect(page.locator("#case-status")).to_contain_text("Åtgärd planerad")
    expect(page.locator("#form-plan-title")).to_have_text("Ändra planerat datum")
    state = stored(app, town.lamp)
    assert (state["status"], state["planned_for"]) == ("planerad", planned)

    # Åtgärdad: a comment and a photo of the fix, made smaller on the device.
    page.fill("#fixed-comment", "Ny armatur monterad")
    page.set_input_files("#after-gallery", str(PHOTOS / "jolla_phone.jpg"))
    expect(page.locator("#after-photo-list li")).to_have_count(1)
    page.click("#submit-fixed")
    expect(page.locator("#case-flash")).to_have_text("Markerad som åtgärdad.")
    expect(page.locator("#case-status")).to_contain_text("Åtgärdad")
    expect(page.locator("#case-overdue")).to_have_count(0)  # fixed: no longer overdue
    expect(page.locator("#case-after-list .photo-open")).to_have_count(1)
    expect(page.locator("#case-no-actions")).to_be_visible()
    expect(page.locator("#case-history")).to_contain_text("Ny armatur monterad")
    expect(page.locator("#case-history")).to_contain_text("Foto efter åtgärd tillagt")

    state = stored(app, town.lamp)
    assert state["status"] == "åtgärdad"
    assert state["photo_kinds"] == ["after", "report"]
    moves = [(e[1], e[2]) for e in state["events"] if e[0] == "status"]
    assert moves[-3:] == [
        ("skickad", "mottagen"),
        ("mottagen", "planerad"),
        ("planerad", "åtgärdad"),
    ]
    assert ("status", "planerad", "åtgärdad", "Ny armatur monterad") in state["events"]
    assert [e for e in state["events"] if e[0] == "photo"]
    with app.app_context():
        query = select(Photo).filter_by(finding_id=uuid.UUID(town.lamp), kind="after")
        after = db.session.scalar(query)
        assert max(after.width, after.height) == 2048  # jolla_phone.jpg is 3264 px wide
        db.session.remove()

    # The list knows: with the default filter it is gone, and the focus returns to the list.
    page.click("#case-back")
    expect(page.locator("body")).to_have_attribute("data-screen", "tasks")
    expect(page.locator("#tasks-table tbody tr")).to_have_count(1)


def test_not_ours_needs_a_reason_and_sends_the_finding_back(phone, town, app):
    page = phone.page
    phone.sign_in(town.owner)
    open_tasks(phone, count=2)
    open_case(phone, town.graffiti)
    page.click("#submit-not-ours")
    reason_error = page.locator("#not-ours-reason-error")
    expect(reason_error).to_have_text("Skriv varför det inte är ert ansvar.")
    expect(page.locator("#not-ours-reason")).to_be_focused()
    assert stored(app, town.graffiti)["status"] == "skickad"
    page.fill("#not-ours-reason", "Garaget tillhör kommunen")
    page.click("#submit-not-ours")
    expect(page.locator("#dialog")).to_be_visible()
    expect(page.locator("#dialog-cancel")).to_be_focused()
    page.click("#dialog-ok")
    expect(page.locator("body")).to_have_attribute("data-screen", "tasks")
    expect(page.locator("#tasks-flash")).to_contain_text("skickad tillbaka till samordnarna")
    expect(page.locator("#tasks-table tbody tr")).to_have_count(1)
    expect(page.locator(f'#tasks-table tr[data-id="{town.graffiti}"]')).to_have_count(0)
    state = stored(app, town.graffiti)
    assert state["status"] == "ej vårt ansvar"
    assert state["assigned_org_id"] is None
    assert ("status", "skickad", "ej vårt ansvar", "Garaget tillhör kommunen") in state["events"]

    # Its email link no longer opens it for this organisation.
    page.goto(APP_LINK.format(base="", id=town.graffiti))
    expect(page.locator("body")).to_have_attribute("data-screen", "case")
    expect(page.locator("#case-title")).to_have_text("Iakttagelsen kan inte visas")
    assert "Klotter på garageporten" not in page.content()


def test_the_email_link_opens_the_finding_after_signing_in(phone, town, live_server):
    page = phone.page
    link = APP_LINK.format(base=live_server.url, id=town.lamp)
    phone.open(link)
    expect(page.locator("body")).to_have_attribute("data-screen", "signin")
    page.fill("#signin-email", town.owner.email)
    page.fill("#signin-password", PASSWORD)
    page.click("#signin-submit")
    expect(page.locator("body")).to_have_attribute("data-screen", "case")
    expect(page.locator("#case-title")).to_have_text("Trasig/bristfällig belysning")
    expect(page.locator("#case-facts")).to_contain_text("Lampan vid porten är trasig")
    expect(page.locator('#tab-bar a[data-route="tasks"]')).to_have_attribute("aria-current", "page")

    # Signed in, a link opens at once, also in a new tab; another organisation's does not.
    second = page.context.new_page()
    second.goto(APP_LINK.format(base=live_server.url, id=town.graffiti))
    expect(second.locator("body")).to_have_attribute("data-screen", "case")
    expect(second.locator("#case-facts")).to_contain_text("Klotter på garageporten")
    second.goto(APP_LINK.format(base=live_server.url, id=town.litter))
    expect(second.locator("#case-title")).to_have_text("Iakttagelsen kan inte visas")
    assert "Sopor vid Messingens entré" not in second.content()
    second.close()


def test_offline_actions_are_refused_and_nothing_is_lost(phone, town, context, app):
    page = phone.page
    phone.sign_in(town.owner)
    phone.wait_for_service_worker()
    open_tasks(phone, count=2)
    open_case(phone, town.lamp)
    planned = (stockholm_today() + timedelta(days=14)).isoformat()

    context.set_offline(True)
    expect(page.locator("#case-offline")).to_be_visible()
    expect(page.locator("#case-offline")).to_contain_text("Åtgärder kräver nät")
    page.fill("#plan-date", planned)
    page.click("#submit-plan")
    expect(page.locator("#case-action-error")).to_contain_text(
        "Inte skickat: du är offline eller servern svarar inte."
    )
    expect(page.locator("#plan-date")).to_have_value(planned)
    page.click("#submit-ack")
    expect(page.locator("#case-action-error")).to_contain_text("Det du har fyllt i finns kvar")
    page.fill("#not-ours-reason", "Inte vår lampa")
    page.click("#submit-not-ours")
    expect(page.locator("#dialog")).to_be_hidden()  # nothing to confirm: it cannot be sent
    assert stored(app, town.lamp)["status"] == "skickad"

    # The form survives leaving the screen; the list reads from the device meanwhile.
    page.click("#case-back")
    expect(page.locator("#tasks-updated")).to_contain_text("Offline: visar listan")
    expect(page.locator("#tasks-table tbody tr")).to_have_count(2)
    open_case(phone, town.lamp)
    expect(page.locator("#plan-date")).to_have_value(planned)
    expect(page.locator("#not-ours-reason")).to_have_value("Inte vår lampa")

    # A reload with no network: the owner's screens come from the service worker's cache.
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    expect(page.locator("body")).to_have_attribute("data-screen", "case")
    expect(page.locator("#case-cached")).to_contain_text("Offline: visar uppgifterna")
    assert stored(app, town.lamp)["status"] == "skickad"

    context.set_offline(False)
    expect(page.locator("#case-offline")).to_be_hidden()
    expect(page.locator("#case-cached")).to_be_hidden()
    page.fill("#plan-date", planned)
    page.click("#submit-plan")
    expect(page.locator("#case-flash")).to_have_text("Åtgärden är planerad.")
    assert stored(app, town.lamp)["planned_for"].isoformat() == planned


def test_a_coordinator_sees_every_organisation_and_acts_on_an_owners_behalf(phone, town, app):
    page = phone.page
    phone.sign_in(town.coordinator)
    tab = page.locator('#tab-bar a[data-route="tasks"]')
    expect(tab).to_have_text("Ärenden")
    open_tasks(phone, count=3)
    expect(page.locator(f'#tasks-table tr[data-id="{town.litter}"]')).to_contain_text(
        "Väsby Centrum Fastigheter AB"
    )
    open_case(phone, town.litter)
    expect(page.locator("#form-not-ours")).to_have_count(0)  # the owner's answer only
    page.click("#submit-ack")
    expect(page.locator("#case-flash")).to_have_text("Markerad som mottagen.")
    assert stored(app, town.litter)["status"] == "mottagen"


def test_english_and_accessibility_on_the_owners_screens(phone, town):
    page = phone.page
    phone.sign_in(town.owner)
    problems = {}
    open_tasks(phone, count=2)
    problems["tasks"] = serious_violations(page)
    page.click("#tasks-view-map")
    expect(page.locator("#tasks-map")).to_have_attribute("data-markers", "2")
    problems["tasks map"] = serious_violations(page)
    page.click("#tasks-view-list")
    open_case(phone, town.lamp)
    problems["case"] = serious_violations(page)
    page.click("#case-photo-list .photo-open")
    expect(page.locator("#photo-viewer")).to_be_visible()
    problems["photo viewer"] = serious_violations(page)
    page.keyboard.press("Escape")

    phone.go("settings")
    page.click('label[for="language-en"]')
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.emulate_media(color_scheme="dark")
    open_tasks(phone, count=2)
    expect(page.locator('#tab-bar a[data-route="tasks"]')).to_have_text("To fix")
    expect(page.locator("#tasks-summary")).to_have_text("2 findings. 1 is overdue.")
    expect(page.locator("#tasks-table")).to_contain_text("within the property")  # the server's
    assert swedish_left(page) == []
    problems["tasks (en, dark)"] = serious_violations(page)
    open_case(phone, town.lamp)
    expect(page.locator("#case-title")).to_have_text("Broken or poor lighting")
    expect(page.locator("#case-history")).to_contain_text("Sent to AB Väsbyhem")
    assert swedish_left(page) == []
    problems["case (en, dark)"] = serious_violations(page)
    page.click("#submit-not-ours")
    reason_error = page.locator("#not-ours-reason-error")
    expect(reason_error).to_have_text("Say why it is not your responsibility.")
    assert {screen: found for screen, found in problems.items() if found} == {}


def test_on_a_desktop_the_list_and_map_sit_side_by_side_and_the_keyboard_works(phone, town):
    page = phone.page
    page.set_viewport_size(DESKTOP)
    phone.sign_in(town.owner)
    open_tasks(phone, count=2)
    table = page.locator("#tasks-table")
    map_box = page.locator("#tasks-map")
    expect(map_box).to_be_visible()  # no need to choose: both are there
    expect(page.locator("#tasks-view-map")).to_be_hidden()
    expect(map_box).to_have_attribute("data-markers", "2")
    list_box, map_area = table.bounding_box(), map_box.bounding_box()
    assert map_area["x"] >= list_box["x"] + list_box["width"] - 1  # beside, not below
    assert map_area["y"] <= list_box["y"]  # from the top, beside the filters too
    assert map_area["y"] + map_area["height"] <= DESKTOP["height"]  # whole, above the tabs
    expect(page.locator("#tasks-table thead")).to_be_visible()  # a real table here
    expect(page.locator("#tasks-table thead th")).to_have_count(5)

    # Keyboard: arrows between the rows' links (the map follows), Enter opens.
    page.locator("#tasks-table .case-link").first.focus()
    page.keyboard.press("ArrowDown")
    second = page.locator(f'#tasks-table tr[data-id="{town.graffiti}"] .case-link')
    expect(second).to_be_focused()
    expect(page.locator("#tasks-map .map-dot.is-selected")).to_have_count(1)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_have_attribute("data-screen", "case")
    expect(page.locator("#case-title")).to_be_focused()
    actions = page.locator("#case-actions").bounding_box()
    facts = page.locator("#case-facts").bounding_box()
    assert actions["x"] > facts["x"] + facts["width"]  # two columns on a desktop
    # Focus order follows reading order: the photo, then (past the map) the actions.
    page.keyboard.press("Tab")
    expect(page.locator("#case-photo-list .photo-open")).to_be_focused()
    page.keyboard.press("Shift+Tab")  # the heading is not a stop of its own
    expect(page.locator("#case-back")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_have_attribute("data-screen", "tasks")
    expect(page.locator(f'#tasks-table tr[data-id="{town.lamp}"] .case-link')).to_be_focused()


def test_touch_targets_on_a_phone_are_at_least_44_px(phone, town):
    page = phone.page
    phone.sign_in(town.owner)
    open_tasks(phone, count=2)
    small = page.evaluate(TOO_SMALL, "#main a, #main button, #main select, #tab-bar a")
    open_case(phone, town.lamp)
    controls = "#main :is(a, button, select, label.button, input:not(.file-input))"
    small += page.evaluate(TOO_SMALL, controls)
    assert small == []


def test_an_organisation_without_accounts_answers_a_comment_through_its_email_link(
    page, town, app, api
):
    """The signed link's page, keyboard only: the coordinator's comment is there, an empty
    answer is refused beside the field (which takes the focus back), a real one is stored for
    the organisation and shown; axe finds nothing serious."""
    shared = api(town.coordinator).post(
        f"/api/v1/findings/{town.lamp}/comments",
        json={"body": "Lampan sitter högt: ta en skylift", "visibility": "owner"},
    )
    assert shared.status_code == 201
    page.goto(signed_link(app, {"id": town.lamp}, town.vasbyhem))
    comments = page.locator("ol.comments li")
    expect(comments).to_have_count(1)
    expect(comments.first).to_contain_text("Samordnare, ")
    expect(comments.first).to_contain_text("Lampan sitter högt: ta en skylift")

    field = page.get_by_label("Skriv en kommentar till samordnarna")
    field.focus()
    page.keyboard.type("   ")  # not empty for the browser's own check; nothing for ours
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Skicka kommentaren")).to_be_focused()
    page.keyboard.press("Enter")
    error = page.locator("#comment-error")
    expect(error).to_have_text("Skriv något.")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("Skriv något"))
    assert [e[0] for e in stored(app, town.lamp)["events"]].count("comment") == 1

    page.keyboard.type("Skyliften är bokad till torsdag.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Tack! Er kommentar är skickad till samordnarna."
    )
    expect(comments).to_have_count(2)
    expect(comments.nth(1)).to_contain_text("AB Väsbyhem · ")
    expect(comments.nth(1)).to_contain_text("Skyliften är bokad till torsdag.")
    assert stored(app, town.lamp)["events"][-1] == (
        "comment",
        None,
        None,
        "Skyliften är bokad till torsdag.",
    )
    assert serious_violations(page) == []
