"""The safety survey's screen in a real browser, on a coordinator's laptop: a campaign written
in the app (title, introduction, area, period) gets its public address and a poster that opens
as a PDF; its results show only the squares the API lists — on the map, in the table and in the
CSV — and say how many answers are not shown; axe-core finds nothing serious, in either colour
scheme; in English, no Swedish is left."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.survey.models import SurveyCampaign
from tests.browser.phone import DESKTOP, TOO_SMALL
from tests.browser.test_language_and_access import serious_violations, swedish_left
from tests.factories import rectangle
from tests.factories.survey import add_campaign, add_ratings

pytestmark = pytest.mark.browser


def stored_campaigns(app) -> list[tuple]:
    with app.app_context():
        found = [
            (c.id, c.title, c.intro_sv, c.area.name if c.area else None, str(c.starts_on))
            for c in db.session.scalars(select(SurveyCampaign))
        ]
        db.session.remove()
        return found


def test_a_coordinator_creates_a_campaign_and_opens_its_poster(
    phone, make_user, make_org, make_area, app
):
    page = phone.page
    make_area("Väsby centrum", rectangle(-600, -600, 600, 600))
    coordinator = make_user("coordinator", make_org("Upplands Väsby kommun", "kommun"))
    phone.sign_in(coordinator)
    page.set_viewport_size(DESKTOP)
    page.click("#home-survey")
    expect(page.locator("#survey-count")).to_have_text("0 kampanjer.")

    page.click("#survey-new")
    page.get_by_label("Rubrik").fill("Trygghetsundersökning Väsby centrum")
    page.get_by_label("Inledande text (svenska)").fill("Hur tryggt känns centrum på kvällen?")
    page.get_by_label("Område").select_option(label="Väsby centrum")
    page.get_by_label("Från och med").fill("2026-09-01")
    page.get_by_label("Till och med").fill("2026-08-01")
    page.click("#sf-submit")
    # The end before the start: said at the field, nothing sent.
    expect(page.locator("#sf-ends-error")).to_have_text("Slutdatum kan inte vara före startdatum.")
    expect(page.locator("#sf-ends")).to_be_focused()
    assert stored_campaigns(app) == []
    page.get_by_label("Till och med").fill("2026-11-30")
    page.click("#sf-submit")

    expect(page.locator("#survey-flash")).to_have_text(
        "Kampanjen ”Trygghetsundersökning Väsby centrum” är skapad."
    )
    [(campaign_id, *facts)] = stored_campaigns(app)
    assert facts == [
        "Trygghetsundersökning Väsby centrum",
        "Hur tryggt känns centrum på kvällen?",
        "Väsby centrum",
        "2026-09-01",
    ]
    expect(page.locator("#sf-public-url")).to_have_text(re.compile(r"/trygghet/[\w-]+$"))
    poster = page.request.get(page.locator("#sf-poster").get_attribute("href"))
    assert poster.status == 200
    assert poster.headers["content-type"] == "application/pdf"
    assert poster.body().startswith(b"%PDF")
    assert serious_violations(page) == []

    # Back to the list: the campaign with its period, area and poster.
    page.click("#survey-back")
    row = page.locator("#survey-campaigns tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Väsby centrum")
    expect(page.locator(f"#survey-poster-{campaign_id}")).to_have_attribute(
        "href", f"/api/v1/survey/campaigns/{campaign_id}/poster.pdf"
    )
    # Changed in the form: the area goes, the whole municipality it is.
    page.get_by_role("link", name="Ändra kampanjen Trygghetsundersökning Väsby centrum").click()
    page.get_by_label("Område").select_option(label="Hela kommunen")
    page.click("#sf-submit")
    expect(page.locator("#survey-flash")).to_have_text("Ändringarna är sparade.")
    assert stored_campaigns(app)[0][3] is None


def test_the_results_show_only_the_squares_the_api_lists(phone, api, make_user, app):
    page = phone.page
    coordinator = make_user("coordinator")
    campaign_id, _ = add_campaign(app, "Hösten 2026")
    # Six answers in one square (listed), three in another (never shown on its own).
    add_ratings(app, 0, 0, [1, 2, 2, 3, 1, 2], campaign_id=campaign_id)
    add_ratings(app, 450, 0, [5, 5, 4], campaign_id=campaign_id)
    listed = api(coordinator).get(f"/api/v1/reports/perceived-safety?campaign_id={campaign_id}")
    assert [cell["n"] for cell in listed.json["cells"]] == [6]

    phone.sign_in(coordinator)
    page.set_viewport_size(DESKTOP)
    page.click("#home-survey")
    page.get_by_role("link", name="Visa resultat för Hösten 2026").click()
    expect(page.locator("#sr-campaign")).to_have_value(str(campaign_id))
    expect(page.locator("#sr-status")).to_have_text("1 ruta visas.")
    expect(page.locator("#sr-total")).to_have_text("Svar som visas: 6 av 9.")
    expect(page.locator("#sr-suppressed")).to_have_text("3 svar visas inte (färre än 5 per ruta).")
    rows = page.locator("#sr-cells tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("1,8 (mycket otryggt)")
    # The evening's six are shown; day and night, with none, are not.
    expect(rows.first.locator("td").nth(2)).to_have_text("–")
    expect(rows.first.locator("td").nth(3)).to_have_text("1,8 (6 svar)")
    expect(page.locator("#sr-map")).to_have_attribute("data-cells", "1")
    expect(page.locator("#sr-legend li")).to_have_count(4)
    assert serious_violations(page) == []
    assert page.evaluate(TOO_SMALL, "#main a, #main button, #main select") == []
    page.emulate_media(color_scheme="dark")
    assert serious_violations(page) == []
    page.emulate_media(color_scheme="light")

    # The CSV of the same choice lists the same square and no other.
    href = page.locator("#sr-csv").get_attribute("href")
    assert f"campaign_id={campaign_id}" in href
    answer = page.request.get(href)
    assert answer.status == 200
    lines = list(csv.reader(io.StringIO(answer.text()), delimiter=";"))
    squares = [line for line in lines[1:] if line and line[0] not in ("", "totalt")]
    assert [line[0] for line in squares if not line[0].startswith("undertryckta")] == [
        listed.json["cells"][0]["cell"]
    ]

    # By day: nobody answered, nothing listed, nothing suppressed.
    page.get_by_label("Tid på dygnet").select_option(label="Dag")
    expect(page.locator("#sr-status")).to_have_text("0 rutor visas.")
    expect(page.locator("#sr-cells")).to_have_text("Ingen ruta har minst 5 svar än.")
    expect(page.locator("#sr-suppressed")).to_have_count(0)
    expect(page.locator("#sr-pdf")).to_have_attribute(
        "href",
        f"/api/v1/reports/perceived-safety.pdf?campaign_id={campaign_id}&time_of_day=dag",
    )


def test_the_survey_screen_in_english(phone, make_user, app):
    page = phone.page
    campaign_id, _ = add_campaign(app, "Hösten 2026")
    add_ratings(app, 0, 0, [4, 4, 5, 3, 4], time_of_day="dag", campaign_id=campaign_id)
    phone.sign_in(make_user("coordinator"))
    phone.go("settings")
    page.click('label[for="language-en"]')
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"/#/survey?campaign={campaign_id}")
    expect(page.locator("#survey-title")).to_have_text("Safety survey")
    expect(page.locator("#sr-status")).to_have_text("1 square shown.")
    expect(page.locator("#sr-cells tbody tr").first).to_contain_text("4 (safe)")
    assert swedish_left(page) == []
    page.click("#survey-new")
    expect(page.locator("#campaign-form")).to_be_visible()
    assert swedish_left(page) == []
