"""Logga trygghetsrunda at a hot spot without signal: the housing company's trivselvärd picks the
round the EST meeting gave the company, taps Framme, puts the phone away (the app is reloaded),
taps Lämnar, ticks "Inga avvikelser" and saves; the round reaches the server exactly once when
the network is back. Axe finds nothing serious on the screen."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from server.est.models import EstRound
from server.extensions import db
from tests.browser.phone import TOO_SMALL, VASBY, wait_until
from tests.factories.est import action_body

pytestmark = [pytest.mark.browser, pytest.mark.both_databases]


def stored_rounds(app) -> list[dict]:
    """What reached the server, read from its database."""
    with app.app_context():
        return [
            {
                "action_id": logged.action_id,
                "lat": logged.lat,
                "lon": logged.lon,
                "arrived_at": logged.arrived_at,
                "left_at": logged.left_at,
                "seen": logged.seen,
                "no_deviations": logged.no_deviations,
            }
            for logged in db.session.scalars(select(EstRound).order_by(EstRound.received_at))
        ]


def serious_violations(page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def round_screen_kept(page) -> bool:
    return page.evaluate(
        """() => Promise.all(["/js/screens/round.js", "/js/screens/field-forms.js",
            "/js/screens/field-lists.js"]
            .map((url) => caches.match(url))).then((found) => found.every(Boolean))"""
    )


def test_a_round_logged_offline_at_a_hot_spot_arrives_once(
    phone, context, make_org, make_user, api, app
):
    company = make_org("Väsbyhem")
    coordinator = make_user("coordinator")
    today = datetime.now(ZoneInfo("Europe/Stockholm")).date()  # the browser's time zone
    year, week, _ = today.isocalendar()
    created = api(coordinator).post(
        "/api/v1/est/actions",
        json=action_body(
            company, week=f"{year}-W{week:02d}", due_on=(today + timedelta(days=3)).isoformat()
        ),
    )
    assert created.status_code == 201, created.json
    action = created.json
    staff = make_user("owner", company)
    phone.sign_in(staff)  # the sync brings this week's rounds to walk
    phone.wait_for_service_worker()
    page = phone.page
    wait_until(page, lambda: round_screen_kept(page))

    context.set_offline(True)
    page.click("#home-round")
    expect(page.locator("body")).to_have_attribute("data-screen", "round")
    page.click(f'label[for="round-action-{action["id"]}"]')
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.click("#round-arrived")
    expect(page.locator("#round-arrived-at")).not_to_have_value("")
    arrived = page.input_value("#round-arrived-at")

    page.reload()  # the phone went into a pocket; the arrival is kept on the device
    expect(page.locator("body")).to_have_attribute("data-screen", "round")
    expect(page.locator("#round-arrived-at")).to_have_value(arrived)
    expect(page.locator(f"#round-action-{action['id']}")).to_be_checked()
    page.click("#round-left")
    page.click("#save-round")
    expect(page.locator("#round-seen-error")).to_have_text(
        "Skriv vad du såg, eller kryssa i Inga avvikelser."
    )
    page.click('label[for="round-no-deviations"]')
    assert serious_violations(page) == []
    controls = "#main button, #main .choice label, #main textarea, #main input[type=datetime-local]"
    assert page.evaluate(TOO_SMALL, controls) == []
    page.click("#save-round")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")
    expect(page.locator("#home-flash")).to_contain_text("Rundan är sparad i utkorgen")
    phone.pending(1)
    phone.go("outbox")
    item = page.locator('#outbox-list li[data-kind="round"]')
    expect(item).to_contain_text("Trygghetsrunda")
    expect(item).to_contain_text("Inga avvikelser")
    expect(item).to_contain_text("Åtgärd: Trygghetsrunda vid stationens busshållplatser")
    assert stored_rounds(app) == []

    context.set_offline(False)
    phone.all_sent(1)
    [logged] = stored_rounds(app)
    assert logged["action_id"] == action["id"]
    assert (logged["lat"], logged["lon"]) == (VASBY["latitude"], VASBY["longitude"])
    assert logged["no_deviations"] is True and logged["seen"] == ""
    assert logged["arrived_at"] <= logged["left_at"]
    page.click("#outbox-sync-now")  # sending again changes nothing
    expect(page.locator("#announcer")).to_contain_text("Allt är skickat")
    assert len(stored_rounds(app)) == 1
    phone.go("home")
    page.click("#home-round")  # a new round starts afresh
    expect(page.locator("#round-arrived-at")).to_have_value("")
