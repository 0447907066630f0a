"""The weekly EST meeting on a coordinator's phone: the week chosen, an action added at a hot
spot of the lägesbild (who, what, by when, on which evenings, the promise's commitment it
carries out), and last week's action followed up — done, with a result — beside the incidents
at its place before and after and the rounds logged for it; every control a 44 px target, and
axe-core finds nothing serious."""

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.est.models import EstAction
from server.extensions import db
from tests.browser.phone import TOO_SMALL
from tests.browser.test_language_and_access import serious_violations
from tests.factories import at
from tests.factories.est import action_body, round_body
from tests.factories.incidents import incident_body

pytestmark = pytest.mark.browser

# The meeting of week 45 of 2026 (2–8 November); last week's was week 44.
STATION = at(0, 0)
INCIDENTS = [
    # Three in week 42 (before last week's action), two in week 45 (after it, and this week's
    # hot spot), all at the station.
    "2026-10-13T22:10:00+02:00",
    "2026-10-15T23:40:00+02:00",
    "2026-10-17T21:05:00+02:00",
    "2026-11-03T22:30:00+01:00",
    "2026-11-06T23:15:00+01:00",
]


def stored_actions(app) -> dict:
    with app.app_context():
        found = {
            a.week: {
                "what": a.what,
                "organisation": a.organisation.name,
                "position": (a.lat, a.lon),
                "evenings": list(a.evenings or []),
                "status": a.status,
                "result": a.result,
                "commitment_id": a.commitment_id,
            }
            for a in db.session.scalars(select(EstAction))
        }
        db.session.remove()
        return found


def test_a_coordinator_adds_an_action_at_a_hot_spot_and_follows_up_last_weeks(
    phone, api, make_user, make_org, app
):
    page = phone.page
    police = make_org("Polisen Upplands Väsby", "polis")
    coordinator = make_user("coordinator", make_org("Upplands Väsby kommun", "kommun"))
    staff = api(coordinator)
    lat, lon = STATION
    for moment in INCIDENTS:
        body = incident_body(occurred_at=moment, lat=lat, lon=lon)
        assert staff.put(f"/api/v1/incidents/{uuid.uuid4()}", json=body).status_code == 201
    last_week = action_body(
        police,
        week="2026-W44",
        due_on="2026-11-01",
        what="Trygghetsrunda vid stationen",
        where={"lat": lat, "lon": lon, "place": "Stationen"},
    )
    decided = staff.post("/api/v1/est/actions", json=last_week).json
    walked = round_body(
        action_id=decided["id"],
        lat=lat,
        lon=lon,
        arrived_at="2026-10-30T21:00:00+01:00",
        left_at="2026-10-30T21:40:00+01:00",
    )
    assert staff.put(f"/api/v1/est/rounds/{uuid.uuid4()}", json=walked).status_code == 201
    promise = staff.post(
        "/api/v1/promises",
        json={
            "title": "Medborgarlöfte Väsby centrum",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "area_id": None,
            "commitments": [
                {
                    "text": "Trygghetsrundor på hot spots",
                    "kind": "trygghetsrunda",
                    "planned_per_tertial": 6,
                }
            ],
        },
    ).json

    phone.sign_in(coordinator)
    page.click("#home-est")
    expect(page.locator("body")).to_have_attribute("data-screen", "est")
    page.fill("#est-week", "2026-W45")
    page.click("#est-week-show")
    expect(page.locator("#est-decided-title")).to_have_text("Åtgärder beslutade vecka 2026-W45")
    expect(page.locator("#est-decided-count")).to_have_text("0 åtgärder.")
    expect(page.locator("#est-lb-pdf")).to_have_attribute(
        "href", "/api/v1/reports/lagesbild.pdf?week=2026-W45"
    )

    # Last week's action, with the incidents at its place before and after.
    card = page.locator("#est-followup-list > li")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Trygghetsrunda vid stationen")
    expect(card).to_contain_text(
        "Händelser inom 150 m: 3 de fyra veckorna före, 2 de fyra veckorna efter."
    )
    expect(card).to_contain_text("1 trygghetsrunda loggad för åtgärden, 1 utan avvikelser.")

    # A new action at this week's hot spot, on Friday and Saturday evenings.
    hot_spot = page.locator("#est-hotspot option").nth(1)
    expect(hot_spot).to_have_text("Hot spot nr 1: 2 händelser, mest skadegörelse")
    page.fill("#est-what", "Trygghetsrunda kvällstid vid stationen")
    page.select_option("#est-who", label="Polisen Upplands Väsby")
    page.select_option("#est-hotspot", index=1)
    expect(page.locator("#est-place")).to_have_value("Hot spot nr 1")
    page.fill("#est-place", "Stationens busshållplatser")
    page.select_option("#est-commitment", label="Trygghetsrundor på hot spots (Trygghetsrunda)")
    page.get_by_label("fredag").check()
    page.get_by_label("lördag").check()
    page.click("#est-add")
    expect(page.locator("#est-flash")).to_have_text(
        "Åtgärden ”Trygghetsrunda kvällstid vid stationen” är tillagd."
    )
    expect(page.locator("#est-decided-count")).to_have_text("1 åtgärd.")
    row = page.locator("#est-actions tbody tr")
    expect(row).to_contain_text("Stationens busshållplatser")
    expect(row).to_contain_text("fredag, lördag")

    # Last week's: done, and what came of it.
    card = page.locator("#est-followup-list > li")
    card.get_by_label("Gjord", exact=True).check()
    card.get_by_label("Resultat").fill("Två rundor, inga avvikelser")
    card.get_by_role("button", name="Spara uppföljningen").click()
    expect(page.locator("#est-flash")).to_have_text(
        "Uppföljningen av ”Trygghetsrunda vid stationen” är sparad."
    )
    stored = stored_actions(app)
    assert stored["2026-W44"]["status"] == "gjord"
    assert stored["2026-W44"]["result"] == "Två rundor, inga avvikelser"
    new = stored["2026-W45"]
    assert (new["what"], new["organisation"]) == (
        "Trygghetsrunda kvällstid vid stationen",
        "Polisen Upplands Väsby",
    )
    assert new["evenings"] == [5, 6]
    assert new["commitment_id"] == promise["commitments"][0]["id"]  # its rounds count there
    # The hot spot's centre: within its cell of 150 m around the station.
    assert abs(new["position"][0] - lat) < 0.001 and abs(new["position"][1] - lon) < 0.002

    controls = "#main :is(a, button, select, input:not([type=checkbox]):not([type=radio]), summary)"
    assert page.evaluate(TOO_SMALL, controls) == []
    assert serious_violations(page) == []
