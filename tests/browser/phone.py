"""What a person does with the app (Phone), and what the browser tests share besides
fixtures: where the phone is, a laptop's screen, the touch-target check, waiting on the
server."""

import re
import time
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, PHOTOS

VASBY = {"latitude": 59.5186, "longitude": 17.9119, "accuracy": 8}
TIMEOUT_MS = 20_000
DESKTOP = {"width": 1280, "height": 800}  # a coordinator's laptop
# The controls matched by a selector that are smaller than WCAG's 44 × 44 px touch target.
TOO_SMALL = """(selector) => [...document.querySelectorAll(selector)]
  .filter((e) => e.checkVisibility())
  .map((e) => [e.id || e.className || e.tagName, e.getBoundingClientRect()])
  .filter(([, r]) => r.width < 44 || r.height < 44)
  .map(([name, r]) => `${name} ${Math.round(r.width)}×${Math.round(r.height)}`)"""


# What the browser says of the app's service worker, for a failure message.
SW_STATE = """async () => {
  const reg = await navigator.serviceWorker.getRegistration("/");
  const state = (worker) => (worker ? worker.state : null);
  return reg
    ? { installing: state(reg.installing), waiting: state(reg.waiting), active: state(reg.active),
        controller: Boolean(navigator.serviceWorker.controller) }
    : "no registration";
}"""

CACHED_PHOTOS = """async () => (await (await caches.open("lykta-photos-v1")).keys()).length"""


def wait_until(page, condition, timeout_s=TIMEOUT_MS / 1000):
    """Poll something outside the page (the server's database) while the browser runs."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        page.wait_for_timeout(200)


@dataclass
class Phone:
    """What a person does with the app, in a few words per step."""

    page: Page

    def open(self, path: str = "/"):
        self.page.goto(path)
        expect(self.page.locator("body")).to_have_attribute("data-app-state", "ready")
        return self

    def sign_in(self, user):
        self.open("/")
        expect(self.page.locator("body")).to_have_attribute("data-screen", "signin")
        self.page.fill("#signin-email", user.email)
        self.page.fill("#signin-password", PASSWORD)
        self.page.click("#signin-submit")
        expect(self.page.locator("body")).to_have_attribute("data-screen", "home")
        expect(self.page.locator("#home-last-sync")).not_to_have_text(re.compile("^Inte synkad"))
        return self

    def wait_for_service_worker(self):
        try:
            expect(self.page.locator("body")).to_have_attribute("data-sw", "controlled")
        except AssertionError:
            state = self.page.evaluate(SW_STATE)
            raise AssertionError(f"no service worker controls the page: {state}") from None

    def wait_for_cached_photos(self, count: int):
        """The service worker answers a photo before it has stored it in its cache: going
        offline before it has would lose it, as it would on a real phone."""
        wait_until(self.page, lambda: self.page.evaluate(CACHED_PHOTOS) >= count)

    def go(self, screen: str):
        self.page.click(f'#tab-bar a[data-route="{screen}"]')
        expect(self.page.locator("body")).to_have_attribute("data-screen", screen)

    def capture(self, category="belysning", photos=(), note="", walk=None):
        """Fill in and save a finding; returns to the home screen."""
        if walk is None:
            self.page.click("#report-outside")
        else:
            self.page.click(f'[data-walk-id="{walk}"] a.button')
        expect(self.page.locator("body")).to_have_attribute("data-screen", "capture")
        expect(self.page.locator("body")).to_have_attribute("data-position", "gps")
        self.page.click(f'label[for="category-{category}"]')
        for index, name in enumerate(photos):
            source = "#photo-camera" if index % 2 == 0 else "#photo-gallery"
            self.page.set_input_files(source, str(PHOTOS / name))
            expect(self.page.locator("#photo-list li")).to_have_count(index + 1)
        if note:
            self.page.fill("#note", note)
        self.save()

    def pending(self, count: int):
        expect(self.page.locator("body")).to_have_attribute("data-outbox-pending", str(count))

    def save(self):
        self.page.click("#save-finding")
        expect(self.page.locator("body")).to_have_attribute("data-screen", "home")

    def all_sent(self, count: int):
        """Wait until the outbox shows `count` items as sent and nothing else."""
        if self.page.get_attribute("body", "data-screen") != "outbox":
            self.go("outbox")
        sent = self.page.locator('#outbox-sent-list li[data-state="sent"]')
        expect(sent).to_have_count(count)
        expect(self.page.locator("#outbox-list")).to_have_attribute("data-count", "0")
        self.pending(0)
