"""The public map page /karta in a real browser: a finding in a public category shows as a
marker and as a row of the list, with its status in words; a resident's tip that waits for
moderation shows nowhere; the list's button opens the marker; English; axe finds nothing
serious."""

import uuid
from datetime import UTC, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.factories import at

pytestmark = pytest.mark.browser


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_public_finding_is_on_the_map_and_in_the_list_a_waiting_tip_is_not(
    page, client, make_user, make_finding
):
    now = datetime.now(UTC).isoformat()
    lat, lon = at(10, 10)
    lamp = make_finding(make_user("reporter"), lat=lat, lon=lon, captured_at=now)
    tip_lat, tip_lon = at(-80, 40)
    tip = client.put(
        f"/api/v1/public/findings/{uuid.uuid4()}",
        json={
            "category": "klotter",
            "note": "Klotter på tunneln",
            "lat": tip_lat,
            "lon": tip_lon,
            "captured_at": now,
            "photos": [],
        },
    )
    assert tip.status_code == 202, tip.json

    page.goto("/karta")
    expect(
        page.get_by_role("heading", name="Iakttagelser och vad som hänt med dem")
    ).to_be_visible()
    expect(page.locator("#count")).to_have_text("1 iakttagelse.")
    rows = page.locator("#findings tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-id", lamp["id"])
    expect(rows.first).to_contain_text("Trasig/bristfällig belysning")
    expect(rows.first).to_contain_text("Ny")
    expect(page.locator("body")).to_have_attribute("data-map-state", "ready")
    markers = page.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(1)
    expect(markers.first).to_have_attribute("title", "Trasig/bristfällig belysning: Ny")
    expect(page.get_by_role("list").filter(has_text="Åtgärdad")).to_be_visible()
    assert "Klotter" not in page.content()

    # From the list, by keyboard: the button opens the finding on the map.
    button = page.get_by_role("button", name="Visa Trasig/bristfällig belysning, Ny, på kartan")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Trasig/bristfällig belysning")
    assert serious_violations(page) == []

    page.get_by_role("link", name="Change the language to English").click()
    expect(
        page.get_by_role("heading", name="Reported problems and what became of them")
    ).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(rows.first).to_contain_text("New")
    expect(page.locator("#count")).to_have_text("1 reported problem.")
    assert serious_violations(page) == []
