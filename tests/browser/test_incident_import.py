"""A partner imports a week of incidents from its own system on the EST screen: the file is
checked first (every bad row by its line, nothing stored), then its good rows are imported for
the partner's organisation; the same file again adds nothing."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.incidents.models import Incident
from tests.browser.phone import TOO_SMALL
from tests.browser.test_language_and_access import serious_violations

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "incidents.csv"
UNKNOWN_TYPE = "P-2026-4714;inbrott i bil;2026-11-22 02:00;59,5186;17,9119;\n"


def stored(app) -> list[str]:
    with app.app_context():
        found = [i.organisation.name for i in db.session.scalars(select(Incident))]
        db.session.remove()
        return found


def test_an_owner_checks_a_file_imports_its_good_rows_and_a_second_import_adds_nothing(
    phone, make_user, make_org, app, tmp_path
):
    week = tmp_path / "vecka-47.csv"
    week.write_text(EXAMPLE.read_text(encoding="utf-8") + UNKNOWN_TYPE, encoding="utf-8")
    owner = make_user("owner", make_org("AB Väsbyhem", "bostadsbolag"))
    page = phone.page
    phone.sign_in(owner)
    page.click("#home-est")
    expect(page.locator("body")).to_have_attribute("data-screen", "est")

    page.click("#import-check")  # no file chosen yet
    expect(page.locator("#import-file-error")).to_have_text("Välj en fil först.")
    page.set_input_files("#import-file", str(week))
    page.click("#import-check")
    expect(page.locator("#import-summary")).to_have_text(
        "5 rader: 4 nya, 0 finns redan, 1 med fel."
    )
    expect(page.locator("#import-errors li")).to_have_count(1)
    expect(page.locator("#import-errors li")).to_contain_text("Rad 6:")
    expect(page.locator("#import-errors li")).to_contain_text("inbrott i bil")
    assert stored(app) == []  # checking stores nothing
    assert serious_violations(page) == []
    assert page.evaluate(TOO_SMALL, "#import-file, #import-check, #import-go") == []

    page.click("#import-go")
    expect(page.locator("#est-flash")).to_have_text("4 händelser importerade (0 fanns redan).")
    assert stored(app) == ["AB Väsbyhem"] * 4  # they count for the importer's organisation

    page.set_input_files("#import-file", str(week))
    page.click("#import-check")
    expect(page.locator("#import-summary")).to_have_text(
        "5 rader: 0 nya, 4 finns redan, 1 med fel."
    )
    expect(page.locator("#import-nothing")).to_be_visible()
    expect(page.locator("#import-go")).to_have_count(0)
    assert len(stored(app)) == 4
