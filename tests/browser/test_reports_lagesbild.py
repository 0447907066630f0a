"""The weekly lägesbild on a coordinator's screen (Rapporter): the partners' incidents by type,
weekday × hour and week, the hot spots of findings and incidents together with the rounds
made there, last week's action followed up with the incidents at its place before and since,
and the week's rounds — as tables a screen reader reads, on a phone and on a desktop, and
axe-core finds nothing serious. An owner gets the links, not the incidents."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.phone import DESKTOP, TOO_SMALL
from tests.browser.test_language_and_access import serious_violations
from tests.factories import at
from tests.factories.est import action_body, round_body
from tests.factories.incidents import incident_body

pytestmark = pytest.mark.browser

# Week 45 of 2026 (2–8 November): two incidents and a finding at the station, a round there;
# one incident in week 42, before last week's (44) action at the station.
STATION = at(0, 0)


@pytest.fixture
def week45(api, make_user, make_org, make_finding):
    police = make_org("Polisen Upplands Väsby", "polis")
    coordinator = make_user("coordinator", make_org("Upplands Väsby kommun", "kommun"))
    staff = api(coordinator)
    lat, lon = STATION
    for moment in ("2026-10-13T22:10:00+02:00", "2026-11-03T22:30:00+01:00",
                   "2026-11-06T23:15:00+01:00"):  # fmt: skip
        body = incident_body(occurred_at=moment, lat=lat, lon=lon)
        assert staff.put(f"/api/v1/incidents/{uuid.uuid4()}", json=body).status_code == 201
    action = action_body(
        police,
        week="2026-W44",
        due_on="2026-11-01",
        what="Trygghetsrunda vid stationen",
        where={"lat": lat, "lon": lon, "place": "Stationen"},
    )
    assert staff.post("/api/v1/est/actions", json=action).status_code == 201
    action |= {"week": "2026-W45", "due_on": "2026-11-08", "what": "Belysning vid stationen"}
    assert staff.post("/api/v1/est/actions", json=action).status_code == 201
    moment = "2026-11-06T21:00:00+01:00"
    body = round_body(lat=lat, lon=lon, arrived_at=moment, left_at=moment)
    assert staff.put(f"/api/v1/est/rounds/{uuid.uuid4()}", json=body).status_code == 201
    make_finding(coordinator, category="klotter", note="Tags", lat=lat, lon=lon,
                 captured_at="2026-11-04T12:00:00+01:00")  # fmt: skip
    return {"coordinator": coordinator, "owner": make_user("owner", police)}


def show_week(page):
    page.click("#home-reports")
    expect(page.locator("body")).to_have_attribute("data-screen", "reports")
    page.fill("#lb-week", "2026-W45")
    page.click("#lb-show")
    expect(page.locator("body")).to_have_attribute("data-lagesbild", "ready")


def test_a_coordinator_reads_the_weeks_lagesbild_on_screen(phone, week45):
    page = phone.page
    phone.sign_in(week45["coordinator"])
    show_week(page)
    expect(page.locator("#lb-status")).to_have_text("Lägesbilden för 2026-W45 visas nedan.")
    expect(page.locator("#lb-incidents-total")).to_have_text(
        "2 händelser registrerade av samverkansparterna denna vecka."
    )
    expect(page.locator("#lb-by-type tbody tr")).to_have_text(["Skadegörelse2"])
    tuesday = page.locator("#lb-when tbody tr").nth(1)
    expect(tuesday.locator("th")).to_have_text("Tisdag")
    expect(tuesday.locator("td").nth(5)).to_have_text("1")  # 20–24
    expect(page.locator("#lb-trend tbody tr").last).to_contain_text("452")
    # On the map: the hot spot's cell; the finding, two incidents and the round as dots.
    expect(page.locator("#lb-map")).to_have_attribute("data-cells", "1")
    expect(page.locator("#lb-map")).to_have_attribute("data-dots", "4")
    spot = page.locator("#lb-spots tbody tr").first
    expect(spot.locator("th")).to_have_text("Brännpunkt 1")
    expect(spot.locator("td").nth(0)).to_have_text("1")  # findings
    expect(spot.locator("td").nth(2)).to_have_text("2")  # incidents
    expect(spot.locator("td").nth(3)).to_have_text("1")  # rounds
    weeks = page.locator("#lb-spot-weeks tbody tr").first.locator("td")
    expect(weeks.last).to_have_text("Händelser 2, rundor 1")  # week 45
    expect(weeks.nth(4)).to_have_text("Händelser 1, rundor 0")  # week 42
    decided = page.locator("#lb-decided tbody tr").first
    expect(decided).to_contain_text("Belysning vid stationen")
    expect(decided.locator("td").last).to_have_text("1")  # week 42, in the four before
    followed = page.locator("#lb-followed tbody tr").first
    expect(followed).to_contain_text("Trygghetsrunda vid stationen")
    expect(followed.locator("td").nth(1)).to_have_text("Nej")
    expect(followed.locator("td").nth(2)).to_have_text("1")  # the four weeks before
    expect(followed.locator("td").nth(4)).to_have_text("2 (1 v)")  # since
    expect(page.locator("#lb-rounds-total")).to_have_text("1 runda loggad denna vecka.")
    controls = "#lb-section :is(a, button, select, input)"
    assert page.evaluate(TOO_SMALL, controls) == []
    assert serious_violations(page) == []

    page.set_viewport_size(DESKTOP)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    assert serious_violations(page) == []


def test_an_owner_has_the_downloads_but_no_incidents(phone, week45):
    page = phone.page
    phone.sign_in(week45["owner"])
    page.goto("/#/reports")
    expect(page.locator("body")).to_have_attribute("data-screen", "reports")
    expect(page.locator("#lb-pdf")).to_be_visible()
    expect(page.locator("#lb-show")).to_have_count(0)


def test_in_english(phone, week45, make_user):
    page = phone.page
    phone.sign_in(make_user("coordinator", locale="en"))
    show_week(page)
    expect(page.locator("#lb-status")).to_have_text(
        "The situation report for 2026-W45 is shown below."
    )
    expect(page.locator("#lb-incidents-total")).to_have_text(
        "2 incidents registered by the partners this week."
    )
    expect(page.locator("#lb-when tbody tr").first.locator("th")).to_have_text("Monday")
    expect(page.locator("#lb-followed thead")).to_contain_text("Incidents 4 weeks before")
    assert serious_violations(page) == []
