"""Registrera händelse at night without signal: a partner's staff records an incident offline,
the outbox keeps it across a reload, and it reaches the server exactly once when the network is
back; a personnummer in the note is refused on the phone; axe finds nothing serious."""

from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.incidents.models import Incident
from tests.browser.phone import TOO_SMALL, VASBY, wait_until
from tests.browser.test_language_and_access import swedish_left

pytestmark = [pytest.mark.browser, pytest.mark.both_databases]


def stored_incidents(app) -> list[dict]:
    """What reached the server, read from its database."""
    with app.app_context():
        found = db.session.scalars(select(Incident).order_by(Incident.received_at))
        return [
            {
                "type": incident.type.code,
                "note": incident.note,
                "lat": incident.lat,
                "lon": incident.lon,
                "occurred_at": incident.occurred_at,
            }
            for incident in found
        ]


def serious_violations(page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def field_screens_kept(page) -> bool:
    """The service worker keeps the lazily loaded incident and round screens for offline use."""
    return page.evaluate(
        """() => Promise.all(["/js/screens/incident.js", "/js/screens/round.js",
            "/js/screens/field-forms.js", "/js/screens/field-lists.js"]
            .map((url) => caches.match(url))).then((found) => found.every(Boolean))"""
    )


def test_an_incident_registered_offline_survives_a_reload_and_arrives_once(
    phone, context, make_user, app
):
    staff = make_user("owner")  # a housing company's trivselvärd
    phone.sign_in(staff)
    phone.wait_for_service_worker()
    page = phone.page
    wait_until(page, lambda: field_screens_kept(page))

    context.set_offline(True)
    page.click("#home-incident")
    expect(page.locator("body")).to_have_attribute("data-screen", "incident")
    expect(page.locator("h1")).to_have_text("Registrera händelse")
    expect(page.locator("#incident-note-warning")).to_contain_text("personnummer")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.click('label[for="incident-type-skadegorelse"]')
    page.get_by_role("button", name="För 1 h sedan").click()
    page.fill("#incident-note", "Krossad busskur vid 0712-hållplatsen, 19 personer i närheten")
    page.click("#save-incident")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")
    expect(page.locator("#home-flash")).to_contain_text("Händelsen är sparad i utkorgen")
    phone.pending(1)

    page.reload()  # still offline: the shell, the outbox and the screens come from the device
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    phone.pending(1)
    phone.go("outbox")
    item = page.locator('#outbox-list li[data-kind="incident"]')
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Händelse: Skadegörelse")
    expect(item).to_contain_text("Väntar")
    expect(item).to_contain_text("Krossad busskur")
    page.goto("/#/incident")  # the screen opens offline, from the service worker's cache
    expect(page.locator("body")).to_have_attribute("data-screen", "incident")
    expect(page.locator("#incident-type-brand")).to_be_attached()
    assert stored_incidents(app) == []
    phone.go("settings")  # signing out would lose it: the warning names no finding
    page.click("#sign-out")
    expect(page.locator("#dialog")).to_contain_text("1 sak i utkorgen är inte skickad")
    page.click("#dialog-cancel")

    context.set_offline(False)
    phone.go("outbox")
    phone.all_sent(1)
    [incident] = stored_incidents(app)
    assert incident["type"] == "skadegorelse"
    assert incident["note"].startswith("Krossad busskur")
    assert (incident["lat"], incident["lon"]) == (VASBY["latitude"], VASBY["longitude"])
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    assert abs(incident["occurred_at"].replace(tzinfo=UTC) - hour_ago) < timedelta(minutes=5)
    page.click("#outbox-sync-now")  # sending again changes nothing
    expect(page.locator("#announcer")).to_contain_text("Allt är skickat")
    assert len(stored_incidents(app)) == 1


def test_a_personnummer_is_refused_on_the_phone_and_the_screen_passes_axe(phone, make_user, app):
    phone.sign_in(make_user("reporter"))
    page = phone.page
    page.click("#home-incident")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.click("#save-incident")
    expect(page.locator("#incident-error")).to_have_text("Välj vad som hände.")
    page.click('label[for="incident-type-ordningsstorning"]')
    page.fill("#incident-note", "Bråk utanför porten, en av dem 850709-9805")
    page.click("#save-incident")
    expect(page.locator("#incident-note-error")).to_contain_text("Skriv inte personnummer")
    expect(page.locator("#incident-note")).to_be_focused()
    assert serious_violations(page) == []
    controls = "#main button, #main .choice label, #main textarea, #main input[type=datetime-local]"
    assert page.evaluate(TOO_SMALL, controls) == []
    page.fill("#incident-note", "Bråk utanför porten")
    page.click("#save-incident")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")
    phone.all_sent(1)
    [incident] = stored_incidents(app)
    assert incident["type"] == "ordningsstorning"


OLDER_APP = """async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("lykta");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction("outbox", "readwrite");
  const outbox = tx.objectStore("outbox");
  const items = await new Promise((resolve) => {
    const request = outbox.getAll();
    request.onsuccess = () => resolve(request.result);
  });
  for (const item of items) {
    if (item.kind === "finding") delete item.kind;
    else item.body.note = "Bråk i trapphuset, en av dem 850709-9805";
    outbox.put(item);
  }
  await new Promise((resolve) => { tx.oncomplete = resolve; });
  db.close();
  return items.length;
}"""


def test_a_finding_queued_before_the_kinds_still_goes_and_a_refusal_is_shown(
    phone, context, make_user, server, app
):
    """An older app left a finding without a kind in the outbox, and let a personnummer into an
    incident's note: the finding is sent as before; the server's 422 is shown with its reason,
    the incident stays until the user removes it."""
    phone.sign_in(make_user("reporter"))
    phone.wait_for_service_worker()
    page = phone.page
    wait_until(page, lambda: field_screens_kept(page))
    context.set_offline(True)
    phone.capture(category="klotter", note="Klotter på elskåpet")
    page.click("#home-incident")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.click('label[for="incident-type-ordningsstorning"]')
    page.fill("#incident-note", "Bråk i trapphuset")
    page.click("#save-incident")
    phone.pending(2)
    assert page.evaluate(OLDER_APP) == 2

    context.set_offline(False)
    phone.go("outbox")
    failed = page.locator('#outbox-list li[data-state="failed"]')
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("Händelse: Ordningsstörning")
    expect(failed).to_contain_text("Servern tog inte emot händelsen")
    expect(failed).to_contain_text("Skriv inte personnummer i anteckningen")
    expect(page.locator('#outbox-sent-list li[data-state="sent"]')).to_have_count(1)
    [finding] = server.findings()
    assert finding.note == "Klotter på elskåpet" and finding.complete
    assert stored_incidents(app) == []

    failed.get_by_role("button", name="Ta bort: Händelse: Ordningsstörning").click()
    expect(page.locator("#dialog")).to_contain_text("Ta bort händelsen?")
    page.locator("#dialog").get_by_role("button", name="Ta bort").click()
    expect(page.locator("#announcer")).to_contain_text("Händelsen är borttagen.")
    phone.pending(0)
    assert stored_incidents(app) == []


def test_both_screens_in_english_and_dark_leave_no_swedish_and_pass_axe(phone, make_user):
    phone.sign_in(make_user("owner"))
    page = phone.page
    phone.go("settings")
    page.click('label[for="language-en"]')
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.emulate_media(color_scheme="dark")
    phone.go("home")
    page.click("#home-incident")
    expect(page.locator("h1")).to_have_text("Register an incident")
    expect(page.locator('label[for="incident-type-skadegorelse"]')).to_have_text("Vandalism")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    assert swedish_left(page) == []
    assert serious_violations(page) == []
    page.click("#discard-incident")
    page.click("#home-round")
    expect(page.locator("h1")).to_have_text("Log a safety round")
    page.click("#round-arrived")
    assert swedish_left(page) == []
    assert serious_violations(page) == []
