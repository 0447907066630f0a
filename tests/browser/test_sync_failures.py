"""The outbox when the server or the connection fails: retried with backoff, kept on 4xx with the
server's reason, resumed photo by photo, and never sent twice."""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.both_databases]

FINDING_PUT = re.compile(r"/api/v1/findings/[0-9a-f-]{36}$")
PHOTO_PUT = re.compile(r"/api/v1/findings/[0-9a-f-]{36}/photos/[0-9a-f-]{36}$")


class Faults:
    """Routes the API through the test: counts every PUT, and answers some of them badly."""

    def __init__(self, context):
        self.seen = Counter()  # url → requests that reached the route
        self.passed = Counter()  # url → requests let through to the server
        self.plan = []  # (predicate, action) tried in order; an action runs once
        context.route(re.compile(r"/api/v1/findings/"), self.handle)

    def fail(self, predicate, action):
        self.plan.append([predicate, action])

    def handle(self, route):
        request = route.request
        if request.method != "PUT":
            return route.continue_()
        self.seen[request.url] += 1
        for step in self.plan:
            predicate, action = step
            if predicate(request):
                self.plan.remove(step)
                return action(route)
        self.passed[request.url] += 1
        return route.continue_()

    def puts(self, pattern):
        return {url: count for url, count in self.seen.items() if pattern.search(url)}


def server_error(route):
    route.fulfill(
        status=500,
        content_type="application/json",
        body='{"code": "internal_error", "message": "Något gick fel på servern."}',
    )


def reset(route):
    route.abort("connectionreset")


def is_finding(request):
    return bool(FINDING_PUT.search(request.url))


def is_photo(request):
    return bool(PHOTO_PUT.search(request.url))


def test_server_errors_and_dropped_connections_are_retried_until_it_arrives_once(
    phone, context, server, make_user
):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    faults = Faults(context)
    faults.fail(is_finding, server_error)
    faults.fail(is_finding, server_error)
    faults.fail(is_photo, reset)
    faults.fail(is_photo, server_error)

    phone.capture(photos=["orientation_1.jpg", "sony_cybershot.jpg"], note="Trasig lampa")
    phone.all_sent(1)

    [stored] = server.findings()
    assert stored.complete and stored.photos == 2
    assert server.photo_rows() == 2
    [finding_url] = faults.puts(FINDING_PUT)
    assert faults.seen[finding_url] == 3  # 500, 500, then through
    assert faults.passed[finding_url] == 1
    photo_attempts = faults.puts(PHOTO_PUT)
    assert sorted(photo_attempts.values()) == [1, 3]  # one photo failed twice, then arrived
    assert all(faults.passed[url] == 1 for url in photo_attempts)


def test_a_rejected_finding_stays_with_the_reason_and_blocks_nothing(
    phone, context, server, make_user, set_category_active
):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    page = phone.page
    context.set_offline(True)
    phone.capture(category="fordon", photos=["orientation_1.jpg"], note="Övergiven cykel")
    phone.capture(category="belysning", photos=["sony_cybershot.jpg"], note="Mörk gångväg")
    phone.pending(2)
    set_category_active("fordon", False)  # an administrator, meanwhile

    context.set_offline(False)
    phone.go("outbox")
    failed = page.locator('#outbox-list li[data-state="failed"]')
    expect(failed).to_have_count(1)
    expect(page.locator('#outbox-sent-list li[data-state="sent"]')).to_have_count(1)
    expect(failed).to_contain_text("Övergiven cykel")
    expect(failed).to_contain_text("Servern tog inte emot iakttagelsen")
    expect(failed).to_contain_text("Några fält är inte giltiga.")
    expect(failed).to_contain_text("Kategori: Okänd eller inaktiv kategori.")
    expect(failed.locator(".reason")).to_have_attribute("data-status", "422")
    phone.pending(1)
    expect(page.locator("body")).to_have_attribute("data-outbox-failed", "1")
    assert [f.note for f in server.findings()] == ["Mörk gångväg"]

    page.reload()  # kept across a reload, still with its reason
    expect(page.locator("body")).to_have_attribute("data-screen", "outbox")
    expect(failed).to_contain_text("Okänd eller inaktiv kategori.")

    set_category_active("fordon", True)  # fixed: the user tries again
    failed.get_by_role("button", name=re.compile("^Försök igen")).click()
    phone.all_sent(2)
    assert sorted(f.note for f in server.findings()) == ["Mörk gångväg", "Övergiven cykel"]


def test_a_connection_lost_between_photos_costs_only_the_missing_photo(
    phone, context, server, make_user
):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    phone.wait_for_service_worker()
    page = phone.page
    faults = Faults(context)
    photo_urls = []

    def second_photo(request):
        if not is_photo(request):
            return False
        if request.url not in photo_urls:
            photo_urls.append(request.url)
        return request.url == photo_urls[1] if len(photo_urls) > 1 else False

    for _ in range(50):  # the second photo's connection drops, again and again
        faults.fail(second_photo, reset)

    phone.capture(photos=["orientation_1.jpg", "jolla_phone.jpg"], note="Glaskross")
    phone.go("outbox")
    item = page.locator("#outbox-list li").first
    expect(item.locator("[data-photos-sent]")).to_have_attribute("data-photos-sent", "1")
    [stored] = server.findings()
    assert not stored.complete and stored.photos == 1

    context.set_offline(True)
    page.reload()  # the phone restarts the app without a network
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    expect(item).to_contain_text("Foton: 1 av 2 skickade")
    faults.plan.clear()  # the connection is good again

    context.set_offline(False)
    phone.all_sent(1)
    [stored] = server.findings()
    assert stored.complete and stored.photos == 2
    first, second = photo_urls
    assert faults.passed[first] == 1  # the first photo was never sent again
    assert faults.passed[second] == 1
    [finding_url] = faults.puts(FINDING_PUT)
    assert faults.seen[finding_url] == 1
