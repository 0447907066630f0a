"""The staff screens' styles (css/staff.css) come with the staff screens: a reporter's app never
downloads them, neither the page nor its service worker; a staff screen is drawn only once they
have loaded (no unstyled flash), and they are kept for the owner's screens offline."""

import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STAFF_CSS = "/css/staff.css"
KEPT = """async (url) => {
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(url)) return true;
  }
  return false;
}"""
# Before the app's scripts run: how the tasks screen's filters look when first put on the page.
# .filters is a grid by staff.css alone; unstyled it would be a block.
FIRST_DRAW = """
window.firstDraw = new Promise((resolve) => {
  document.addEventListener("DOMContentLoaded", () => {
    const main = document.getElementById("main");
    if (!main) return; // about:blank
    new MutationObserver((changes, observer) => {
      const filters = document.querySelector("#main .filters");
      if (!filters) return;
      observer.disconnect();
      resolve(getComputedStyle(filters).display);
    }).observe(main, { childList: true, subtree: true });
  });
});
"""


def test_reporters_never_download_the_staff_styles(phone, make_user):
    page = phone.page
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    phone.sign_in(make_user("reporter"))
    phone.wait_for_service_worker()
    for screen in ("capture", "outbox", "findings", "settings", "home"):
        phone.go(screen)
        expect(page.locator("body")).to_have_attribute("data-screen", screen)
    page.wait_for_timeout(2500)  # past the idle loading of the other screens
    assert [url for url in asked if url.endswith("/css/app.css")]  # the listener hears
    assert not [url for url in asked if url.endswith(STAFF_CSS)]
    expect(page.locator(f'link[href="{STAFF_CSS}"]')).to_have_count(0)
    assert page.evaluate(KEPT, "/css/app.css")
    assert not page.evaluate(KEPT, STAFF_CSS)  # nor did the service worker fetch them


def test_a_staff_screen_waits_for_its_styles(phone, make_org, make_user):
    page = phone.page
    phone.sign_in(make_user("owner", make_org("AB Väsbyhem", "bostadsbolag")))
    # Without the service worker (whose cache answers at once) and with styles that come late.
    unregister = "navigator.serviceWorker.getRegistrations()"
    page.evaluate(f"{unregister}.then((all) => Promise.all(all.map((r) => r.unregister())))")
    page.route("**/sw.js", lambda route: route.abort())
    page.route("**/css/staff.css", lambda route: (time.sleep(1.5), route.continue_()))
    page.add_init_script(FIRST_DRAW)
    page.goto("about:blank")
    page.goto("/#/tasks")
    expect(page.locator("body")).to_have_attribute("data-screen", "tasks")
    assert page.evaluate("window.firstDraw") == "grid"


def test_a_staff_screen_is_drawn_with_its_styles_online_and_offline(
    phone, context, make_org, make_user
):
    page = phone.page
    phone.sign_in(make_user("owner", make_org("AB Väsbyhem", "bostadsbolag")))
    phone.wait_for_service_worker()
    page.wait_for_function(KEPT, arg=STAFF_CSS)  # kept with the owner's screens at sign-in
    page.add_init_script(FIRST_DRAW)

    # The app opened straight on the owner's list: its first screen is a staff screen.
    page.goto("about:blank")
    page.goto("/#/tasks")
    expect(page.locator("body")).to_have_attribute("data-screen", "tasks")
    assert page.evaluate("window.firstDraw") == "grid"
    expect(page.locator(f'link[href="{STAFF_CSS}"]')).to_have_count(1)

    context.set_offline(True)
    page.goto("about:blank")
    page.goto("/#/tasks")
    expect(page.locator("body")).to_have_attribute("data-screen", "tasks")
    assert page.evaluate("window.firstDraw") == "grid"
