"""The sender and a bad connection: failures of the network count nothing toward the backoff,
the queue drains within seconds of the link working (with and without Background Sync), three
requests share the link without losing, doubling or reordering anything, and a photo's time-out
grows instead of failing forever at the same length."""

import re
import time
from collections import Counter

import pytest

from tests.browser.phone import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.both_databases]

PUT_URL = re.compile(r"/api/v1/findings/[0-9a-f-]{36}(/photos/[0-9a-f-]{36})?$")
PHOTO_URL = re.compile(r"/photos/[0-9a-f-]{36}$")
# A phone without Background Sync (Safari on an iPhone): the page's own triggers remain.
NO_BACKGROUND_SYNC = """Object.defineProperty(ServiceWorkerRegistration.prototype, "sync", {
  get() { return undefined; },
});"""
# The page's PUTs of findings and photos as its own code sees them: when each starts and when
# its answer is in (the clocks of the network's timings differ by tens of milliseconds).
PUT_LOG = """(() => {
  const original = window.fetch;
  window.putLog = [];
  window.fetch = async (url, options) => {
    const put = options && options.method === "PUT" && /\\/api\\/v1\\/findings\\//.test(url);
    if (put) window.putLog.push(["start", url]);
    try {
      const response = await original(url, options);
      if (put) window.putLog.push(["end", url]);
      return response;
    } catch (error) {
      if (put) window.putLog.push(["failed", url]); // offline
      throw error;
    }
  };
})();"""
OUTBOX = """async () => (await self.LyktaStore.outboxItems()).map((item) => ({
  note: item.body.note, attempts: item.attempts || 0, state: item.state,
  timeouts: (item.photos || []).map((photo) => photo.timeouts || 0),
}))"""


class Link:
    """The signal returns: the first `refused` PUTs fail as a link not yet working does; every
    PUT let through is counted, and the moment of the first one noted."""

    def __init__(self, context, refused=2):
        self.refused = refused
        self.passed = Counter()
        self.first_upload = None
        context.route(PUT_URL, self.handle)

    def handle(self, route):
        if route.request.method != "PUT":
            return route.continue_()
        if self.refused > 0:
            self.refused -= 1
            return route.abort("internetdisconnected")
        self.first_upload = self.first_upload or time.monotonic()
        self.passed[route.request.url] += 1
        return route.continue_()


@pytest.mark.parametrize("background_sync", [True, False], ids=["background-sync", "without"])
def test_after_an_hour_offline_the_queue_drains_within_10_s_of_the_link_working(
    phone, context, server, make_user, background_sync
):
    if not background_sync:
        context.add_init_script(NO_BACKGROUND_SYNC)
    page = phone.page
    page.clock.install()
    phone.sign_in(make_user("reporter"))
    phone.wait_for_service_worker()

    context.set_offline(True)
    phone.capture(photos=["orientation_1.jpg"], note="Fynd 1")
    phone.capture(photos=["jolla_phone.jpg", "orientation_6.jpg"], note="Fynd 2")
    phone.capture(note="Fynd 3")
    phone.pending(3)
    for _ in range(60):  # an hour offline, a minute at a time: every retry timer fires
        page.clock.run_for("01:00")
    waiting = page.evaluate(OUTBOX)
    assert [item["attempts"] for item in waiting] == [0, 0, 0]  # the network is nobody's fault

    link = Link(context, refused=2)
    back = time.monotonic()
    context.set_offline(False)  # the phone says online; its first two requests still fail
    wait_until(page, lambda: link.first_upload is not None, timeout_s=15)
    assert link.first_upload - back < 10
    phone.all_sent(3)

    stored = server.findings()
    assert [f.note for f in stored] == ["Fynd 1", "Fynd 2", "Fynd 3"]
    assert [f.photos for f in stored] == [1, 2, 0] and all(f.complete for f in stored)
    assert len(link.passed) == 6 and set(link.passed.values()) == {1}  # 3 findings, 3 photos


def test_three_requests_share_the_link_and_each_finding_arrives_before_its_photos(
    phone, context, server, make_user
):
    context.add_init_script(NO_BACKGROUND_SYNC)  # the page sends: its requests are seen here
    context.add_init_script(PUT_LOG)
    page = phone.page
    phone.sign_in(make_user("reporter"))
    phone.wait_for_service_worker()
    context.set_offline(True)
    photo_sets = [
        ["orientation_1.jpg", "jolla_phone.jpg"],
        ["sony_cybershot.jpg"],
        [],
        ["pentax_k10d.jpg", "orientation_6.jpg"],
    ]
    for index, photos in enumerate(photo_sets):
        phone.capture(photos=photos, note=f"Fynd {index + 1}")
    phone.pending(len(photo_sets))

    context.set_offline(False)
    phone.all_sent(len(photo_sets))

    stored = server.findings()
    assert [f.note for f in stored] == [f"Fynd {n + 1}" for n in range(len(photo_sets))]
    assert [f.photos for f in stored] == [len(p) for p in photo_sets]
    assert server.photo_rows() == 5
    assert all(f.complete for f in stored)
    log = page.evaluate("() => window.putLog")  # [start | end | failed, url], in order
    answers = Counter(url for step, url in log if step == "end")
    assert len(answers) == 4 + 5 and set(answers.values()) == {1}  # none lost, none twice

    answered, busy, most, findings = set(), 0, 0, []
    for step, url in log:
        if step != "start":
            answered.update([url] if step == "end" else [])
            busy -= 1
            continue
        busy += 1
        most = max(most, busy)
        if PHOTO_URL.search(url):  # a finding's photos after the server answered the finding
            assert PHOTO_URL.sub("", url) in answered
        elif url not in findings:  # the next finding's own PUT after the one before it
            assert not findings or findings[-1] in answered
            findings.append(url)
    # Up to three at once (one item's photo, the next one's, the one after's PUT), never more.
    assert 2 <= most <= 3


def test_a_photo_that_times_out_gets_twice_the_time_and_holds_up_no_one(
    phone, context, server, make_user
):
    context.add_init_script(NO_BACKGROUND_SYNC)
    page = phone.page
    page.clock.install()
    phone.sign_in(make_user("reporter"))
    phone.capture(photos=["orientation_6.jpg"], note="Mätt")  # the uplink's rate is measured
    phone.all_sent(1)

    held = []  # the photo's requests, unanswered: a link too slow for it

    def hold(route):
        if route.request.method != "PUT":
            return route.continue_()
        return held.append(route)

    page.route(PHOTO_URL, hold)
    phone.go("home")
    phone.capture(photos=["orientation_1.jpg"], note="Långsamt foto")
    wait_until(page, lambda: len(held) == 1)
    phone.capture(note="Utan foto")  # sent while the photo is under way
    wait_until(page, lambda: "Utan foto" in [f.note for f in server.findings()])

    page.clock.run_for("00:31")  # past the time-out of the rate measured: 30 s, the floor
    wait_until(page, lambda: len(held) == 2)  # tried again a second later
    assert [item["timeouts"] for item in page.evaluate(OUTBOX)][1] == [1]
    page.clock.run_for("00:31")  # the second attempt has twice the time
    held[1].continue_()
    phone.all_sent(3)

    assert [item["timeouts"] for item in page.evaluate(OUTBOX)][1] == [1]
    [slow] = [f for f in server.findings() if f.note == "Långsamt foto"]
    assert slow.complete and slow.photos == 1
    assert server.photo_rows() == 2
