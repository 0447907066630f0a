"""The public follow-up page of a medborgarlöfte in a real browser, without signing in: at
phone and desktop width axe-core finds nothing serious or critical, it reads as one heading
per tertial with a table, and it prints without the header bar."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.test_language_and_access import serious_violations
from tests.factories import stockholm_today

pytestmark = pytest.mark.browser


def test_the_public_page_is_accessible_on_phone_and_desktop_and_prints(page, api, make_user):
    staff = api(make_user("coordinator"))
    today = stockholm_today()
    promise = staff.post(
        "/api/v1/promises",
        json={
            "title": "Medborgarlöfte Upplands Väsby",
            "starts_on": (today - timedelta(days=200)).isoformat(),
            "ends_on": (today + timedelta(days=200)).isoformat(),
            "area_id": None,
            "focus_areas": ["Ökad trygghet"],
            "commitments": [
                {
                    "text": "Trygghetsvandringar i centrum",
                    "kind": "trygghetsvandring",
                    "planned_per_tertial": 2,
                },
                {"text": "Trafikinsatser", "kind": "insats", "planned_per_tertial": 1},
            ],
        },
    ).json
    commitment = promise["commitments"][1]
    staff.post(
        f"/api/v1/promises/{promise['id']}/commitments/{commitment['id']}/insatser",
        json={"date": today.isoformat(), "place": "Storgatan", "result": "Kontroll"},
    )
    year, number = today.year, 1 + (today.month - 1) // 4
    staff.put(
        f"/api/v1/promises/{promise['id']}/commitments/{commitment['id']}/comments/{year}/{number}",
        json={"text": "Planerat antal genomfört.", "published": True},
    )

    found = {}
    for name, size in (("phone", (412, 860)), ("desktop", (1280, 900))):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        response = page.goto(promise["public_url"])
        assert response.status == 200
        expect(page.locator("h1")).to_have_text("Medborgarlöfte Upplands Väsby")
        current = page.get_by_role("heading", name=f"Tertial {number} {year}")
        expect(current).to_be_visible()
        table = page.get_by_role(
            "table", name=f"Planerat och genomfört per åtagande, tertial {number} {year}"
        )
        expect(table.get_by_role("rowheader", name="Trafikinsatser")).to_be_visible()
        expect(table).to_contain_text("Planerat antal genomfört.")
        found[name] = serious_violations(page)
    assert found == {"phone": [], "desktop": []}

    page.emulate_media(media="print")
    expect(page.locator("header.bar")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
