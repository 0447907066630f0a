"""Swedish by default, English by a switch that changes every visible string; and axe-core
finds nothing serious or critical on any screen, in either language or colour scheme."""

import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from server.accounts.models import User
from server.extensions import db
from tests.browser.phone import wait_until

pytestmark = pytest.mark.browser

PWA_DIR = Path(__file__).resolve().parents[2] / "pwa"
CATALOGUES = PWA_DIR / "i18n"
SCREENS = ["home", "capture", "outbox", "findings", "settings"]
AXE = Axe()

VISIBLE_TEXT = """() => {
  const seen = [];
  const visible = (element) => element && element.checkVisibility({ visibilityProperty: true });
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    if (text && visible(walker.currentNode.parentElement)) seen.push(text);
  }
  for (const element of document.querySelectorAll("[aria-label], [alt], [title], [placeholder]")) {
    if (!visible(element)) continue;
    for (const name of ["aria-label", "alt", "title", "placeholder"]) {
      if (element.getAttribute(name)) seen.push(element.getAttribute(name));
    }
  }
  seen.push(document.title);
  return seen;
}"""


def swedish_only() -> tuple[set[str], set[str]]:
    """The Swedish catalogue's texts that English says otherwise: whole texts, and the fixed
    parts (at least 5 characters) of texts with {placeholders}."""
    sv = json.loads((CATALOGUES / "sv.json").read_text("utf-8"))
    en = json.loads((CATALOGUES / "en.json").read_text("utf-8"))
    whole, parts = set(), set()
    for key, text in sv.items():
        if text == en[key]:
            continue
        if "{" in text:
            parts |= {p.strip() for p in re.split(r"\{\w+\}", text) if len(p.strip()) >= 5}
        else:
            whole.add(text)
    return whole, parts


def swedish_left(page) -> list[str]:
    whole, parts = swedish_only()
    texts = page.evaluate(VISIBLE_TEXT)
    assert texts, "nothing visible"
    return [t for t in texts if t in whole or any(part in t for part in parts)]


def serious_violations(page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def prepare(phone, context, make_user, make_walk):
    """A reporter in a walk with one finding sent and one waiting in the outbox (offline)."""
    reporter = make_user("reporter")
    make_walk([reporter], title="Kvällsvandring Centrum")
    phone.sign_in(reporter)
    phone.capture(category="klotter", photos=["orientation_1.jpg"], note="Tags på muren")
    phone.all_sent(1)
    phone.go("findings")  # the next sync brought it back with its status
    expect(phone.page.locator('.finding[data-status="ny"]')).to_have_count(1)
    phone.wait_for_service_worker()
    context.set_offline(True)
    phone.go("home")
    phone.capture(category="belysning", photos=["sony_cybershot.jpg"], note="Lampan är sönder")
    phone.pending(1)
    return reporter


def visit(phone, screen):
    phone.go(screen)
    page = phone.page
    if screen == "capture":
        expect(page.locator("body")).to_have_attribute("data-position", "gps")
        page.click('label[for="category-belysning"]')
        expect(page.locator("#nearby")).to_have_attribute("data-state", "done")
        expect(page.locator("#capture-map")).to_have_attribute("data-tiles", "failed")
    if screen == "findings":
        expect(page.locator(".finding")).to_have_count(2)


def test_english_changes_every_visible_string(phone, context, app, make_user, make_walk):
    page = phone.page
    phone.open("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#signin-title")).to_have_text("Logga in")
    page.click("#signin-language")  # the sign-in screen has its own switch
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#signin-title")).to_have_text("Sign in")
    assert swedish_left(page) == []
    page.click("#signin-language")
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    reporter = prepare(phone, context, make_user, make_walk)
    swedish = {}
    for screen in SCREENS:
        visit(phone, screen)
        swedish[screen] = page.evaluate(VISIBLE_TEXT)

    phone.go("settings")
    page.click('label[for="language-en"]')
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#settings-title")).to_have_text("Settings")
    for screen in SCREENS:
        visit(phone, screen)
        assert swedish_left(page) == [], screen
        english = page.evaluate(VISIBLE_TEXT)
        assert english != swedish[screen], screen
    expect(page.locator("#tab-bar")).to_contain_text("My findings")
    assert page.title() == "Settings – Lykta" or page.title().endswith("– Lykta")

    page.reload()  # the choice is kept on the device
    expect(page.locator("html")).to_have_attribute("lang", "en")

    context.set_offline(False)  # and in the account, once there is a network
    wait_until(page, lambda: locale_of(app, reporter) == "en")


def locale_of(app, user) -> str:
    with app.app_context():
        locale = db.session.get(User, user.id).locale
        db.session.remove()
        return locale


def test_no_serious_accessibility_problem_on_any_screen(phone, context, make_user, make_walk):
    page = phone.page
    phone.open("/")
    problems = {"signin": serious_violations(page)}
    prepare(phone, context, make_user, make_walk)
    for screen in SCREENS:
        visit(phone, screen)
        problems[screen] = serious_violations(page)
    phone.go("settings")
    page.click('label[for="language-en"]')
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.emulate_media(color_scheme="dark")
    for screen in SCREENS:
        visit(phone, screen)
        problems[f"{screen} (en, dark)"] = serious_violations(page)
    phone.go("settings")
    page.click("#sign-out")  # the warning about the unsent finding, a modal dialog
    expect(page.locator("#dialog")).to_be_visible()
    problems["sign-out dialog"] = serious_violations(page)
    assert {screen: found for screen, found in problems.items() if found} == {}


def test_signing_out_warns_about_unsent_findings_then_wipes_the_device(
    phone, context, make_user, make_walk
):
    page = phone.page
    prepare(phone, context, make_user, make_walk)
    context.route(re.compile(r"/api/v1/findings/"), lambda route: route.abort())  # stays unsent
    context.set_offline(False)
    phone.go("settings")
    page.click("#sign-out")
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("1 iakttagelse är inte skickad")
    expect(page.locator("#dialog-cancel")).to_be_focused()
    page.click("#dialog-cancel")
    expect(dialog).to_be_hidden()
    expect(page.locator("body")).to_have_attribute("data-screen", "settings")

    page.click("#sign-out")
    page.click("#dialog-ok")
    expect(page.locator("body")).to_have_attribute("data-screen", "signin")
    stores = page.evaluate(
        """async () => {
          const counts = {};
          for (const name of ["outbox", "photos", "findings", "walks", "categories"]) {
            counts[name] = (await self.LyktaStore.getAll(name)).length;
          }
          counts.caches = (await caches.keys()).filter((n) => !n.startsWith("lykta-shell-"));
          const me = await fetch("/api/v1/auth/me");
          counts.me = me.status;
          return counts;
        }"""
    )
    assert stores == {
        "outbox": 0,
        "photos": 0,
        "findings": 0,
        "walks": 0,
        "categories": 0,
        "caches": [],
        "me": 401,
    }
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-screen", "signin")


@pytest.mark.parametrize("path", ["/tipsa", "/trygghet"])
def test_no_serious_accessibility_problem_on_the_residents_pages(phone, path):
    """The public pages (pwa/public/), with no account: as they open, with every field's error
    showing, and in English in the dark."""
    page = phone.page
    page.goto(path)
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    problems = {"sv": serious_violations(page)}
    page.click("#tip-submit" if path == "/tipsa" else "#rating-submit")  # nothing filled in
    expect(page.locator("#place-gps-error")).not_to_be_empty()
    problems["errors"] = serious_violations(page)
    page.click("#language-switch")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.emulate_media(color_scheme="dark")
    problems["en, dark"] = serious_violations(page)
    assert {state: found for state, found in problems.items() if found} == {}
