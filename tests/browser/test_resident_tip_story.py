"""A resident's tip from start to end, as the people who live it see it (issue 15): a resident
with no account files a tip on a phone with no network (a photo, the phone's position, a note,
an email address); back online it reaches the server once and waits for moderation. A
coordinator approves it on a laptop and it is routed to the owner of the block, whose
fault-report address gets it by email; the owner opens the email's link and marks it fixed with
a comment and a photo. The resident is told it was approved, then asked "Är det åtgärdat?",
answers "Nej" on the page of the email's link, once, and the finding is back with the owner.
The resident's address is gone once no email is left to send, and the owner never saw it.

Four browsers (contexts): the resident's phone, the coordinator's and the owner's laptops, all
against the live server; the mails go through the notify worker to a real SMTP server."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from server.extensions import db
from server.findings.models import Finding
from server.notify.models import Notification
from server.notify.worker import Worker
from server.photos.models import Photo
from server.tips.models import ResidentTip
from tests.browser.conftest import NETWORK_NOISE
from tests.browser.phone import DESKTOP, TIMEOUT_MS, VASBY, Phone, wait_until
from tests.factories import PHOTOS, rectangle
from tests.notify.test_worker import html_of, text_of
from tests.photos.jpeg import assert_pixels_only

pytestmark = [pytest.mark.browser, pytest.mark.both_databases]

RESIDENT = "boende@example.se"
FAULT_REPORTS = "felanmalan@vasbyhem.se"  # the block's fault-report address (property register)
NOTE = "Lampan vid gångtunneln under Centralvägen är släckt"
LAMP = "Trasig/bristfällig belysning"


def laptop(browser, live_server, problems):
    """A desktop browser of its own (no shared cookies or storage), watched for app errors."""
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", timezone_id="Europe/Stockholm", viewport=DESKTOP
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context, watched(context.new_page(), problems)


def watched(page, problems):
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not NETWORK_NOISE.search(message.text)
            and problems.append(f"console: {message.text}")
        ),
    )
    return page


def count(app, column) -> int:
    with app.app_context():
        found = db.session.scalar(select(func.count(column)))
        db.session.remove()
        return found


def facts(app) -> dict:
    """What the server's database holds of tips: the counts that prove exactly-once."""
    with app.app_context():
        [(finding, tip)] = db.session.execute(select(Finding, ResidentTip).join(ResidentTip)).all()
        photos = db.session.execute(select(Photo.kind).filter_by(finding_id=finding.id)).all()
        found = {
            "id": str(finding.id),
            "findings": db.session.scalar(select(func.count(Finding.id))),
            "status": finding.status,
            "awaiting_moderation": finding.awaiting_moderation,
            "owner": finding.assigned_org.name if finding.assigned_org else None,
            "place": (round(finding.lat, 4), round(finding.lon, 4)),
            "note": finding.note,
            "photos": sorted(str(kind) for (kind,) in photos),
            "email": tip.email,
            "answer": tip.fixed_answer,
            "sent": sorted(
                db.session.scalars(
                    select(Notification.kind).where(Notification.status == "sent")
                ).all()
            ),
            "addressed_to_resident": db.session.scalar(
                select(func.count(Notification.id)).where(Notification.recipient == RESIDENT)
            ),
        }
        db.session.remove()
        return found


def link_in(message, pattern: str) -> str:
    return re.search(pattern, text_of(message)).group(1)


def test_a_resident_s_tip_from_the_phone_to_the_fix_and_the_answer(
    browser, context, page, live_server, app, make_app, smtp, make_org, make_property, make_user
):
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property(  # the block the phone stands in, with its fault-report address
        "Upplands Väsby Dragonen 1:12", vasbyhem, rectangle(-40, -40, 40, 40), [FAULT_REPORTS]
    )
    coordinator = make_user("coordinator", make_org("Upplands Väsby kommun", "kommun"))
    worker = Worker(make_app(SMTP_URL=smtp.url, LYKTA_BASE_URL=live_server.url))
    problems = []
    base = re.escape(live_server.url)

    # 1. The resident, on a phone with no account, files the tip with no network.
    page.goto("/tipsa")
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    expect(page.locator("h1")).to_have_text("Tipsa kommunen")
    expect(page.locator("body")).to_have_attribute("data-sw", "controlled")
    context.set_offline(True)
    page.reload()  # the page comes from the phone
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    expect(page.locator("#net-status")).to_be_visible()
    page.select_option("#tip-category", "belysning")
    page.click("#place-gps")
    expect(page.locator("#place-text")).to_contain_text(
        f"{VASBY['latitude']:.5f}, {VASBY['longitude']:.5f}"
    )
    page.fill("#tip-note", NOTE)
    page.set_input_files("#tip-photos", str(PHOTOS / "apple_iphone6_gps.jpg"))
    expect(page.locator("#tip-photo-list li")).to_have_count(1)
    page.fill("#tip-email", RESIDENT)
    page.click("#tip-submit")
    expect(page.locator("#tip-done-text")).to_contain_text("sparat på telefonen")
    expect(page.locator("#queue-count")).to_have_text("1 tips väntar på att skickas.")
    page.reload()  # still offline: still waiting, nothing reached the server
    expect(page.locator("body")).to_have_attribute("data-queue-waiting", "1")
    expect(page.locator("#queue-count")).to_have_text("1 tips väntar på att skickas.")
    assert count(app, Finding.id) == 0

    context.set_offline(False)  # back online: sent once, with its photo
    expect(page.locator("body")).to_have_attribute("data-queue-waiting", "0")
    expect(page.locator("#queue-count")).to_have_text("Allt är skickat.")
    wait_until(page, lambda: count(app, Photo.id) == 1)
    tip = facts(app)
    tip_id = tip["id"]
    assert tip == {
        "id": tip_id,
        "findings": 1,
        "status": "ny",
        "awaiting_moderation": True,
        "owner": None,
        "place": (VASBY["latitude"], VASBY["longitude"]),  # where the phone stood
        "note": NOTE,
        "photos": ["report"],
        "email": RESIDENT,
        "answer": None,
        "sent": [],
        "addressed_to_resident": 0,
    }

    # 2. A coordinator approves it in the moderation queue: it goes to the block's owner.
    desk, coordinator_page = laptop(browser, live_server, problems)
    try:
        Phone(coordinator_page).sign_in(coordinator)
        expect(coordinator_page.locator("#home-tips-count")).to_have_text("1 väntar")
        coordinator_page.click("#home-tips")
        expect(coordinator_page.locator("body")).to_have_attribute("data-screen", "tips")
        card = coordinator_page.locator(f"#tip-{tip_id}")
        expect(card).to_contain_text(NOTE)
        expect(card.locator(".photo-grid img")).to_have_count(1)
        expect(card.locator(".tip-email")).to_have_text(
            "Har e-post: invånaren vill ha besked (adressen visas inte)."
        )
        expect(coordinator_page.locator("#main")).not_to_contain_text(RESIDENT)
        coordinator_page.click(f"#tip-{tip_id}-approve")
        expect(coordinator_page.locator("#tips-flash")).to_have_text(
            f"Tipset om {LAMP} är godkänt och skickat till AB Väsbyhem."
        )
        expect(coordinator_page.locator("#tips-empty")).to_have_text("Inga tips väntar just nu.")
    finally:
        desk.close()
    assert facts(app) == tip | {
        "status": "skickad",
        "awaiting_moderation": False,
        "owner": "AB Väsbyhem",
        "addressed_to_resident": 1,  # the approved email, waiting for the worker
    }

    assert worker.run_once().sent == 2  # the owner's email and the resident's
    (to_owner,) = smtp.to(FAULT_REPORTS)
    assert LAMP in to_owner["Subject"] and NOTE in text_of(to_owner)
    (approved,) = smtp.to(RESIDENT)
    assert approved["Subject"] == f"Lykta: ditt tips är mottaget och skickat vidare – {LAMP}"
    assert "Vi skriver till dig igen när det är åtgärdat." in text_of(approved)

    # 3. The owner opens the email's link and marks it fixed, with a comment and a photo.
    office, owner_page = laptop(browser, live_server, problems)
    try:
        owner_page.goto(link_in(to_owner, rf"({base}/owner/\S+)"))
        expect(owner_page.locator("h1")).to_have_text(LAMP)
        expect(owner_page.locator("main")).to_contain_text(NOTE)
        photo = owner_page.locator('img[alt="Foto av iakttagelsen"]')
        expect(photo).to_have_count(1)
        # The resident's phone wrote its position and model into the file: none of it is left.
        assert_pixels_only(owner_page.request.get(photo.get_attribute("src")).body())
        owner_page.fill("#fix-comment", "Ny armatur monterad")
        owner_page.set_input_files("#fix-photo", str(PHOTOS / "orientation_1.jpg"))
        owner_page.get_by_role("button", name="Markera som åtgärdad").click()
        expect(owner_page).to_have_url(re.compile(r"\?done=fix$"))
        expect(owner_page.locator(".notice")).to_have_text(
            "Tack! Ert svar är sparat och samordnarna kan se det."
        )
        expect(owner_page.locator(".status")).to_have_text("åtgärdad")
        expect(owner_page.locator('img[alt="Foto av åtgärden"]')).to_have_count(1)
        assert RESIDENT not in owner_page.content()
    finally:
        office.close()
    # The address is not needed once the fixed email is queued: it is gone from the tip.
    assert facts(app) == tip | {
        "status": "åtgärdad",
        "awaiting_moderation": False,
        "owner": "AB Väsbyhem",
        "photos": ["after", "report"],
        "email": None,
        "sent": ["assigned", "tip_approved"],
        "addressed_to_resident": 1,  # the fixed email, waiting for the worker
    }

    # 4. The resident is asked "Är det åtgärdat?" and answers Nej on the link's page, once.
    worker.run_once()
    fixed = smtp.to(RESIDENT)[-1]
    assert fixed["Subject"] == f"Lykta: är det åtgärdat? – {LAMP}"
    assert "Är det åtgärdat? Svara med en av länkarna (en gång):" in text_of(fixed)
    no = link_in(fixed, rf"({base}/tips/answer/[\w-]+\?answer=nej)")
    yes = link_in(fixed, rf"({base}/tips/answer/[\w-]+\?answer=ja)")
    page.goto(no)  # opening the link answers nothing
    expect(page.locator("h1")).to_have_text("Är det åtgärdat?")
    expect(page.locator("main")).to_contain_text(
        "Den som ansvarar har markerat det som åtgärdat. Stämmer det?"
    )
    no_button = page.get_by_role("button", name="Nej, det är inte åtgärdat")
    expect(no_button).to_be_focused()
    form_token = page.locator('input[name="form_token"]').get_attribute("value")
    assert facts(app)["answer"] is None and facts(app)["status"] == "åtgärdad"
    no_button.click()
    expect(page.locator("h1")).to_have_text("Tack")
    expect(page.locator("[role=status]")).to_have_text(
        "Tack. Vi har skickat tillbaka det till den som ansvarar."
    )
    reopened = tip | {
        "status": "skickad",
        "awaiting_moderation": False,
        "owner": "AB Väsbyhem",
        "photos": ["after", "report"],
        "email": None,
        "answer": "nej",
    }
    assert facts(app) == reopened | {"sent": ["assigned", "tip_approved", "tip_fixed"]}

    page.goto(yes)  # the other link: answered already, no buttons
    expect(page.locator("h1")).to_have_text("Tack")
    expect(page.get_by_role("button")).to_have_count(0)
    again = page.request.post(yes, form={"answer": "ja", "form_token": form_token})
    assert again.ok and "Tack. Vi har skickat tillbaka" in again.text()
    assert facts(app) == reopened | {"sent": ["assigned", "tip_approved", "tip_fixed"]}

    # The owner is told again, and sees why on the link's page; the address is nowhere.
    worker.run_once()
    assert facts(app) == reopened | {
        "sent": ["assigned", "assigned", "tip_approved", "tip_fixed"],
        "addressed_to_resident": 0,
    }
    assert len(smtp.to(RESIDENT)) == 2
    for message in smtp.messages:
        if message["To"] != RESIDENT:
            assert RESIDENT not in text_of(message) and RESIDENT not in html_of(message)
    office, owner_page = laptop(browser, live_server, problems)
    try:
        owner_page.goto(link_in(smtp.to(FAULT_REPORTS)[-1], rf"({base}/owner/\S+)"))
        expect(owner_page.locator(".status")).to_have_text("skickad till er")
        expect(owner_page.locator(".history")).to_contain_text(
            "Invånaren som tipsade svarade att det inte är åtgärdat."
        )
        assert RESIDENT not in owner_page.content()
    finally:
        office.close()
    assert not problems, problems
