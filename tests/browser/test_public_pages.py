"""The residents' pages on a phone, with no account: a tip filed with no network survives a
reload and is sent once when the network is back; a campaign's safety ratings, several in a
row; a closed campaign; both pages in English."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.findings.models import Finding
from server.photos.models import Photo
from server.survey.models import SafetyRating
from server.tips.models import ResidentTip
from tests.browser.phone import TIMEOUT_MS, TOO_SMALL, VASBY, wait_until
from tests.factories import PHOTOS
from tests.factories.survey import add_campaign

pytestmark = pytest.mark.browser

CATALOGUES = Path(__file__).resolve().parents[2] / "pwa" / "public" / "i18n"
VISIBLE_TEXT = """() => {
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const parent = walker.currentNode.parentElement;
    if (text && parent.checkVisibility({ visibilityProperty: true })) seen.push(text);
  }
  for (const element of document.querySelectorAll("[aria-label]")) {
    if (element.checkVisibility()) seen.push(element.getAttribute("aria-label"));
  }
  seen.push(document.title);
  return seen;
}"""


def ready(page, path):
    page.goto(path)
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")


def waiting(page, count):
    expect(page.locator("body")).to_have_attribute("data-queue-waiting", str(count))


def stored(app, query):
    """The rows of `query` in the server's database, as tuples."""
    with app.app_context():
        rows = [tuple(row) for row in db.session.execute(query).all()]
        db.session.remove()
        return rows


def the_tip(app) -> dict:
    with app.app_context():
        [(finding, tip)] = db.session.execute(select(Finding, ResidentTip).join(ResidentTip)).all()
        found = {
            "category": finding.category.code,
            "note": finding.note,
            "awaiting_moderation": finding.awaiting_moderation,
            "lat": round(finding.lat, 4),
            "email": tip.email,
            "photos": len(
                db.session.scalars(select(Photo.id).filter_by(finding_id=finding.id)).all()
            ),
        }
        db.session.remove()
        return found


@pytest.mark.both_databases
def test_a_tip_filed_offline_is_sent_once_when_the_phone_is_back_online(page, context, app):
    ready(page, "/tipsa")
    expect(page.locator("h1")).to_have_text("Tipsa kommunen")
    expect(page.locator("#tip-category option[value=belysning]")).to_have_count(1)
    expect(page.locator("body")).to_have_attribute("data-sw", "controlled")

    context.set_offline(True)
    ready(page, "/tipsa")  # the page, its scripts and the categories come from the phone
    expect(page.locator("#net-status")).to_be_visible()
    page.select_option("#tip-category", "belysning")
    page.click("#place-gps")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    expect(page.locator("#place-text")).to_contain_text("59.51860, 17.91190")
    page.fill("#tip-note", "Lampan vid gångtunneln är trasig")
    page.set_input_files("#tip-photos", str(PHOTOS / "orientation_1.jpg"))
    expect(page.locator("#tip-photo-list li")).to_have_count(1)
    page.fill("#tip-email", "boende@example.se")
    page.click("#tip-submit")
    expect(page.locator("#tip-done")).to_be_visible()
    expect(page.locator("#tip-done-text")).to_contain_text("sparat på telefonen")
    expect(page.locator("#tip-done-title")).to_be_focused()
    waiting(page, 1)
    expect(page.locator("#queue-count")).to_have_text("1 tips väntar på att skickas.")

    page.reload()  # still offline: the tip is kept
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    waiting(page, 1)
    assert stored(app, select(Finding.id)) == []

    context.set_offline(False)
    waiting(page, 0)
    expect(page.locator("#queue-count")).to_have_text("Allt är skickat.")
    wait_until(page, lambda: stored(app, select(Photo.id)) != [])
    assert the_tip(app) == {
        "category": "belysning",
        "note": "Lampan vid gångtunneln är trasig",
        "awaiting_moderation": True,
        "lat": VASBY["latitude"],
        "email": "boende@example.se",
        "photos": 1,
    }
    page.wait_for_timeout(1000)  # nothing more is sent
    assert len(stored(app, select(Finding.id))) == 1


def test_a_tip_the_server_refuses_is_kept_to_be_changed(page, context):
    ready(page, "/tipsa")
    page.select_option("#tip-category", "klotter")
    page.click("#place-gps")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.fill("#tip-note", "x" * 2000)
    refusal = {"code": "validation", "message": "Rätta fälten.", "errors": {"note": ["För lång."]}}

    def refuse(route):
        route.fulfill(status=422, content_type="application/json", body=json.dumps(refusal))

    context.route(re.compile(r"/api/v1/public/findings/"), refuse)
    page.click("#tip-submit")
    problem = page.locator(".queue-problems > li")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("För lång.")
    waiting(page, 0)
    context.unroute(re.compile(r"/api/v1/public/findings/"))
    problem.locator("button", has_text="Ändra").click()
    expect(page.locator("#tip-note-error")).to_have_text("För lång.")
    expect(page.locator("#tip-note")).to_have_attribute("aria-invalid", "true")
    page.fill("#tip-note", "Klotter på elskåpet")
    page.click("#tip-submit")
    expect(page.locator(".queue-problems > li")).to_have_count(0)
    waiting(page, 0)

    # Another one refused: deleted, once the resident has said yes.
    context.route(re.compile(r"/api/v1/public/findings/"), refuse)
    page.click("#tip-another")
    page.select_option("#tip-category", "klotter")
    page.click("#place-gps")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.click("#tip-submit")
    expect(page.locator(".queue-problems > li")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(".queue-problems > li button", has_text="Ta bort").click()
    expect(page.locator(".queue-problems > li")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".queue-problems > li button", has_text="Ta bort").click()
    expect(page.locator(".queue-problems > li")).to_have_count(0)
    expect(page.locator("#queue-status")).to_be_hidden()


def test_a_tip_takes_three_photos_and_says_so_at_the_fourth(page):
    ready(page, "/tipsa")
    files = [str(PHOTOS / name) for name in ("orientation_1.jpg", "orientation_3.jpg")]
    page.set_input_files("#tip-photos", files)
    expect(page.locator("#tip-photo-list li")).to_have_count(2)
    page.set_input_files("#tip-photos", files)
    expect(page.locator("#tip-photo-list li")).to_have_count(3)
    expect(page.locator("#tip-photos-error")).to_have_text("Högst 3 foton per tips.")


def test_residents_rate_several_places_of_a_campaign_in_a_row(page, app):
    campaign_id, code = add_campaign(app, "Trygghet i Väsby centrum")
    ready(page, f"/trygghet/{code}")
    expect(page.locator("h1")).to_have_text("Trygghet i Väsby centrum")
    expect(page.locator("#campaign-intro")).to_have_text("Berätta hur trygg platsen känns.")
    expect(page.locator("#rating-form")).to_be_visible()
    reasons = page.locator("#reason-choices input")
    expect(reasons).not_to_have_count(0)
    reason = reasons.first.get_attribute("value")

    page.click("#place-gps")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.click('label[for="score-2"]')
    page.click('label[for="time-kväll"]')
    page.click(f'label[for="reason-{reason}"]')
    page.click("#rating-submit")
    expect(page.locator("#rating-done")).to_contain_text("Tack!")
    expect(page.locator("body")).to_have_attribute("data-position", "none")
    expect(page.locator("#score-2")).not_to_be_checked()
    expect(page.locator("#time-kväll")).to_be_checked()  # the time of day stays

    page.click("#place-text")  # no place: the form says so at the position button
    page.click('label[for="score-5"]')
    page.click("#rating-submit")
    expect(page.locator("#place-gps-error")).to_contain_text("Välj en plats")
    page.click("#place-fieldset summary")  # no map needed: coordinates typed in
    page.fill("#place-lat", "59,5190")
    page.fill("#place-lon", "17.9125")
    page.click("#place-use-typed")
    expect(page.locator("body")).to_have_attribute("data-position", "typed")
    expect(page.locator("#place-text")).to_have_text(
        "Plats enligt koordinaterna: 59.51900, 17.91250"
    )
    page.click("#rating-submit")
    waiting(page, 0)
    query = select(SafetyRating.score, SafetyRating.time_of_day, SafetyRating.reasons)
    query = query.where(SafetyRating.campaign_id == campaign_id).order_by(SafetyRating.id)
    wait_until(page, lambda: len(stored(app, query)) == 2)
    assert stored(app, query) == [(2, "kväll", [reason]), (5, "kväll", [])]


def test_a_closed_campaign_says_so_and_offers_no_form(page, app):
    _, code = add_campaign(app, "Våren 2025", starts_on=date(2025, 3, 1), ends_on=date(2025, 5, 31))
    ready(page, f"/trygghet/{code}")
    expect(page.locator("#survey-message")).to_contain_text("avslutad")
    expect(page.locator("#rating-form")).to_be_hidden()
    expect(page.locator("body")).to_have_attribute("data-campaign", "closed")


def swedish_only() -> set[str]:
    sv = json.loads((CATALOGUES / "sv.json").read_text("utf-8"))
    en = json.loads((CATALOGUES / "en.json").read_text("utf-8"))
    return {text for key, text in sv.items() if text != en[key] and "{" not in text}


def test_the_tip_page_in_english_by_its_switch(page):
    ready(page, "/tipsa")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.click("#language-switch")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Tell the municipality")
    expect(page.locator("#place-text")).to_have_text("No place chosen yet.")
    assert page.title() == "Tell the municipality – Lykta"
    assert not set(page.evaluate(VISIBLE_TEXT)) & swedish_only()
    page.reload()  # the choice is kept
    expect(page.locator("h1")).to_have_text("Tell the municipality")


def test_the_survey_page_in_english_by_the_browsers_language(browser, live_server, app):
    _, code = add_campaign(app, "Väsby centrum")
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", geolocation=VASBY, permissions=["geolocation"]
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        ready(page, f"/trygghet/{code}")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#campaign-intro")).to_have_text("Tell us how safe the place feels.")
        expect(page.locator('label[for="score-1"]')).to_have_text("1 – very unsafe")
        expect(page.locator('label[for="time-natt"]')).to_have_text("Night")
        assert not set(page.evaluate(VISIBLE_TEXT)) & swedish_only()
    finally:
        context.close()


def test_every_control_is_big_enough_for_a_finger_and_the_honeypot_is_out_of_reach(page, app):
    _, code = add_campaign(app)
    for path in ("/tipsa", f"/trygghet/{code}"):
        ready(page, path)
        # A radio button's or checkbox's target is its label; the honeypot is nobody's.
        controls = "button, select, textarea, input[type=email], .choice label, .button, main a"
        assert page.evaluate(TOO_SMALL, controls) == [], path
        # Tabbing through the page never reaches the honeypot.
        reached = set()
        for _ in range(40):
            page.keyboard.press("Tab")
            reached.add(page.evaluate("() => document.activeElement.id"))
        assert "website" not in reached
        assert "language-switch" in reached


def test_a_rating_the_server_limits_waits_for_retry_after_even_when_the_network_returns(
    page, context, app
):
    ready(page, "/trygghet")
    context.route(
        re.compile(r"/api/v1/public/ratings"),
        lambda route: route.fulfill(
            status=429,
            headers={"Retry-After": "3600"},
            content_type="application/json",
            body=json.dumps({"code": "too_many_requests", "message": "Vänta."}),
        ),
    )
    page.click("#place-gps")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.click('label[for="score-3"]')
    page.click("#rating-submit")
    waiting(page, 1)
    expect(page.locator("#queue-count")).to_have_text("1 svar väntar på att skickas.")
    expect(page.locator("#queue-when")).to_contain_text("för många just nu")
    context.unroute(re.compile(r"/api/v1/public/ratings"))
    context.set_offline(True)
    context.set_offline(False)  # the network returns: the limit still holds
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    page.wait_for_timeout(1000)
    waiting(page, 1)
    expect(page.locator("#queue-when")).to_contain_text("för många just nu")
    assert stored(app, select(SafetyRating.id)) == []


def test_the_sign_in_screen_sends_residents_to_their_pages(page):
    page.goto("/")
    expect(page.locator("body")).to_have_attribute("data-screen", "signin")
    expect(page.locator("#signin-residents")).to_have_text("Inget konto?")
    expect(page.locator("#signin-survey")).to_have_attribute("href", "/trygghet")
    page.click("#signin-tips")
    expect(page).to_have_url(re.compile(r"/tipsa$"))
    expect(page.locator("h1")).to_have_text("Tipsa kommunen")


def test_a_campaign_page_visited_once_takes_ratings_offline(page, context, app):
    campaign_id, code = add_campaign(app, "Kvällar vid stationen")
    ready(page, f"/trygghet/{code}")
    expect(page.locator("#reason-choices input")).not_to_have_count(0)
    expect(page.locator("body")).to_have_attribute("data-sw", "controlled")
    context.set_offline(True)
    ready(page, f"/trygghet/{code}")  # page, campaign and reasons from the phone
    expect(page.locator("h1")).to_have_text("Kvällar vid stationen")
    expect(page.locator("#reason-choices input")).not_to_have_count(0)
    page.click("#place-gps")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.click('label[for="score-1"]')
    page.click('label[for="time-natt"]')
    page.click("#rating-submit")
    expect(page.locator("#rating-done")).to_contain_text("skickas när du har nät")
    waiting(page, 1)
    context.set_offline(False)
    waiting(page, 0)
    query = select(SafetyRating.score, SafetyRating.time_of_day)
    wait_until(page, lambda: stored(app, query.filter_by(campaign_id=campaign_id)) == [(1, "natt")])
