"""The signed link's page in a real browser (issue 12, item 12): the server refuses forms posted
with "Origin: null", so the page must make Chromium send its real origin with its own forms
(Referrer-Policy same-origin; no-referrer made it send "null")."""

import re

from playwright.sync_api import expect

from tests.factories import at, link, rectangle


def test_the_owner_acknowledges_on_the_link_s_page(
    page,
    app,
    api,
    make_org,
    make_user,
    make_finding,
    make_property,
):
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property("Upplands Väsby Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    lat, lon = at(10, 10)
    finding = make_finding(make_user("reporter"), lat=lat, lon=lon)
    page.goto(link(app, finding, vasbyhem))
    page.fill("#ack-comment", "Vi tittar på det i morgon")
    page.get_by_role("button", name="Bekräfta mottagen").click()
    expect(page).to_have_url(re.compile(r"\?done=acknowledge$"))
    stored = api(make_user("coordinator")).get(f"/api/v1/findings/{finding['id']}").json
    assert stored["status"] == "mottagen"
