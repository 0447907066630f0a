"""The residents' tips in a real browser, on a coordinator's laptop: three tips sent through the
public API wait in the moderation queue, oldest first, with what the resident sent (a photo,
whether they left an email address — never the address). One is approved and is routed to the
owner of the block; one is rejected with a reason, which the form requires; one is merged into
the open finding nearby. Each leaves the queue with a message; the history tabs show them. The
home screen counts the waiting tips; axe-core finds nothing serious; English throughout."""

import uuid
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.browser.phone import DESKTOP, TOO_SMALL
from tests.browser.test_language_and_access import serious_violations, swedish_left
from tests.factories import PHOTOS, at, rectangle

pytestmark = pytest.mark.browser
RESIDENT = "boende@example.se"


@dataclass
class Queue:
    coordinator: object
    lamp: str  # with a photo and the resident's email: approved
    graffiti: str  # no email: rejected
    lamp_again: str  # a metre or two from the reported lamp: merged
    reported: str  # a walker's finding of the same lamp, routed to AB Väsbyhem


def send_tip(client, x, y, category, note, email=None, photo=None) -> str:
    tip_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
    lat, lon = at(x, y)
    body = {
        "category": category,
        "note": note,
        "lat": lat,
        "lon": lon,
        "captured_at": "2026-11-20T18:42:10+01:00",
        "photos": [photo_id] if photo else [],
        "email": email,
        "website": "",
    }
    answer = client.put(f"/api/v1/public/findings/{tip_id}", json=body)
    assert answer.status_code == 202, answer.json
    if photo:
        stored = client.put(
            f"/api/v1/public/findings/{tip_id}/photos/{photo_id}",
            data=(PHOTOS / photo).read_bytes(),
            content_type="image/jpeg",
        )
        assert stored.status_code == 201, stored.json
    return tip_id


@pytest.fixture
def queue(client, make_org, make_user, make_property, report):
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property("Upplands Väsby Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    coordinator = make_user("coordinator", make_org("Upplands Väsby kommun", "kommun"))
    reported = report(make_user("reporter"), 20, 20, "belysning", "Lampan är trasig", 17)
    return Queue(
        coordinator=coordinator,
        lamp=send_tip(
            client, 10, 10, "belysning", "Släckt i en vecka", RESIDENT, "orientation_1.jpg"
        ),
        graffiti=send_tip(client, 30, 30, "klotter", "Hej hej"),
        lamp_again=send_tip(client, 21, 21, "belysning", "Lampan vid porten"),
        reported=reported["id"],
    )


def finding(api, user, finding_id) -> dict:
    answer = api(user).get(f"/api/v1/findings/{finding_id}")
    assert answer.status_code == 200, answer.json
    return answer.json


def open_queue(phone, user):
    page = phone.page
    phone.sign_in(user)
    page.set_viewport_size(DESKTOP)
    page.click("#home-tips")
    expect(page.locator("body")).to_have_attribute("data-screen", "tips")


def test_a_coordinator_approves_rejects_and_merges_the_waiting_tips(phone, api, queue):
    page = phone.page
    phone.sign_in(queue.coordinator)
    expect(page.locator("#home-tips-count")).to_have_text("3 väntar")
    page.set_viewport_size(DESKTOP)
    page.click("#home-tips")
    expect(page.locator("#tips-summary")).to_have_text(
        "3 tips väntar på granskning, det äldsta först."
    )
    cards = page.locator("#tips-list > li")
    expect(cards).to_have_count(3)
    assert cards.evaluate_all("(items) => items.map((item) => item.dataset.tipId)") == [
        queue.lamp,
        queue.graffiti,
        queue.lamp_again,
    ]
    lamp = page.locator(f"#tip-{queue.lamp}")
    expect(lamp).to_contain_text("Släckt i en vecka")
    expect(lamp.locator(".tip-email")).to_have_text(
        "Har e-post: invånaren vill ha besked (adressen visas inte)."
    )
    expect(page.locator("#main")).not_to_contain_text(RESIDENT)
    expect(lamp.locator(".photo-grid img")).to_have_count(1)
    expect(page.locator(f"#tip-{queue.graffiti} .tip-email")).to_have_count(0)

    # Approved with one tap: routed to the block's owner, as any finding.
    page.click(f"#tip-{queue.lamp}-approve")
    flash = page.locator("#tips-flash")
    expect(flash).to_have_text(
        "Tipset om Trasig/bristfällig belysning är godkänt och skickat till AB Väsbyhem."
    )
    expect(cards).to_have_count(2)
    expect(page.locator(f"#tip-{queue.graffiti}-title")).to_be_focused()
    approved = finding(api, queue.coordinator, queue.lamp)
    assert approved["assigned_org"]["name"] == "AB Väsbyhem"

    # Rejected: not without a reason; the resident left no address and is not told.
    graffiti = page.locator(f"#tip-{queue.graffiti}")
    graffiti.get_by_text("Avvisa …").click()
    reason = graffiti.get_by_label("Skäl till att tipset avvisas")
    expect(page.locator(f"#tip-{queue.graffiti}-reason-hint")).to_have_text(
        "Invånaren lämnade ingen e-postadress och får inget besked."
    )
    page.click(f"#tip-{queue.graffiti}-reject")
    expect(page.locator(f"#tip-{queue.graffiti}-reason-error")).to_have_text("Skriv ett skäl.")
    expect(reason).to_be_focused()
    expect(reason).to_have_attribute("aria-invalid", "true")
    reason.fill("Inget att åtgärda på platsen.")
    page.click(f"#tip-{queue.graffiti}-reject")
    expect(flash).to_have_text("Tipset om Klotter/otillåten affischering är avvisat.")
    expect(cards).to_have_count(1)
    rejected = finding(api, queue.coordinator, queue.graffiti)
    assert rejected["status"] == "avvisad"

    # Merged into the walker's report of the same lamp, the one open finding nearby.
    page.locator(f"#tip-{queue.lamp_again}").get_by_text("Slå ihop med …").click()
    choice = page.locator(f"#tip-{queue.lamp_again}-into-0")
    expect(choice).to_be_checked()
    expect(page.locator(f'label[for="tip-{queue.lamp_again}-into-0"]')).to_have_text(
        "Trasig/bristfällig belysning, Skickad till ansvarig, 1 m bort"
    )
    page.click(f"#tip-{queue.lamp_again}-merge")
    expect(flash).to_contain_text("är sammanslaget med Trasig/bristfällig belysning")
    expect(cards).to_have_count(0)
    expect(page.locator("#tips-empty")).to_have_text("Inga tips väntar just nu.")
    expect(page.locator("#tips-list-title")).to_be_focused()
    merged = finding(api, queue.coordinator, queue.lamp_again)
    assert (merged["status"], merged["duplicate_of"]["id"]) == ("dubblett", queue.reported)

    # The history: the rejected tip with its reason.
    page.click("#tips-tab-rejected")
    expect(page.locator("#tips-tab-rejected")).to_have_attribute("aria-current", "page")
    expect(page.locator("#tips-list > li")).to_have_count(1)
    expect(page.locator(f"#tip-{queue.graffiti}")).to_contain_text(
        "Skäl: Inget att åtgärda på platsen."
    )
    page.click("#tips-tab-approved")
    expect(page.locator(f"#tip-{queue.lamp} a.case-link")).to_have_text("Öppna ärendet")
    phone.go("home")
    expect(page.locator("#home-tips")).to_be_visible()
    expect(page.locator("#home-tips-count")).to_be_hidden()


def test_an_error_or_no_network_is_said_plainly_and_the_tip_stays(phone, api, queue):
    page = phone.page
    open_queue(phone, queue.coordinator)
    # Someone else approved the lamp meanwhile: the server refuses, the card stays and says why.
    assert api(queue.coordinator).post(f"/api/v1/findings/{queue.lamp}/approve").status_code == 200
    page.click(f"#tip-{queue.lamp}-approve")
    expect(page.locator(f"#tip-{queue.lamp}-error")).not_to_be_empty()
    expect(page.locator("#tips-list > li")).to_have_count(3)
    expect(page.locator(f"#tip-{queue.lamp}-approve")).to_be_focused()
    # No network: nothing is sent, the card stays and says so; the screen asks for one.
    page.context.set_offline(True)
    page.click(f"#tip-{queue.graffiti}-approve")
    expect(page.locator(f"#tip-{queue.graffiti}-error")).to_have_text(
        "Du är offline. Beslutet skickades inte – försök igen när du har nät."
    )
    expect(page.locator("#tips-list > li")).to_have_count(3)
    page.click("#tips-reload")
    expect(page.locator("#reports-offline")).to_have_text(
        "Du är offline. Invånartipsen kräver nät – försök igen när du har täckning."
    )
    page.context.set_offline(False)
    page.click("#reports-retry")  # the lamp, approved elsewhere, is gone now
    expect(page.locator("#tips-list > li")).to_have_count(2)
    assert api(queue.coordinator).get(f"/api/v1/findings/{queue.graffiti}").json["status"] == "ny"


def test_the_queue_is_accessible_and_in_english(phone, queue):
    page = phone.page
    open_queue(phone, queue.coordinator)
    page.get_by_text("Avvisa …").first.click()
    page.get_by_text("Slå ihop med …").first.click()
    page.click(f"#tip-{queue.lamp}-show-map")
    expect(page.locator(f"#tip-{queue.lamp}-map")).to_be_visible()
    assert serious_violations(page) == []
    assert page.evaluate(TOO_SMALL, "#main a, #main button, #main summary, #main select") == []
    page.emulate_media(color_scheme="dark")
    assert serious_violations(page) == []
    page.emulate_media(color_scheme="light")
    phone.go("settings")
    page.click('label[for="language-en"]')
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/#/tips")
    expect(page.locator("#tips-title")).to_have_text("Residents' tips")
    expect(page.locator("#tips-summary")).to_have_text(
        "3 tips are waiting for moderation, the oldest first."
    )
    page.get_by_text("Reject …").first.click()
    assert swedish_left(page) == []
    assert serious_violations(page) == []


def test_reporters_and_owners_are_led_home(phone, make_user, make_org):
    page = phone.page
    phone.sign_in(make_user("owner", make_org("AB Väsbyhem", "bostadsbolag")))
    expect(page.locator("#home-tips")).to_have_count(0)
    for screen in ("tips", "survey"):
        page.goto(f"/#/{screen}")
        expect(page.locator("body")).to_have_attribute("data-screen", "home")
