"""The coordinators' walks and reports in a real browser: a walk planned with two invitations,
started and closed with a summary, its protocol opened from the links (page and PDF, with the
app's session cookie); the dashboard's figures against the data; the lägesbild, tertial and
export links downloading PDF, CSV and GeoJSON, and the column choice changing the CSV; online
only, said in Swedish offline; reporters never see the screens nor load their module; English
and axe on every screen."""

import io
import json
import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from server.extensions import db
from server.walks.models import Walk
from tests.browser.phone import TOO_SMALL
from tests.browser.test_language_and_access import serious_violations, swedish_left
from tests.factories import STOCKHOLM, at, rectangle
from tests.factories.promises import promise_body

pytestmark = pytest.mark.browser


@pytest.fixture
def town(make_user, make_finding, make_area):
    """A coordinator, a walker with an account, and three findings of yesterday in Centrum."""
    centrum = make_area("Centrum", rectangle(-100, -100, 200, 200))
    reporter = make_user("reporter", email="walker@example.se")
    yesterday = (datetime.now(STOCKHOLM) - timedelta(days=1)).replace(microsecond=0)
    for index, (category, note) in enumerate(
        [("belysning", "Lampan är trasig"), ("belysning", "Mörkt vid stigen"), ("klotter", "Tags")]
    ):
        lat, lon = at(10 + 20 * index, 10)
        make_finding(
            reporter,
            category=category,
            note=note,
            lat=lat,
            lon=lon,
            captured_at=yesterday.isoformat(),
        )
    return {"coordinator": make_user("coordinator"), "reporter": reporter, "area": centrum}


def open_screen(page, link: str, screen: str):
    page.click(link)
    expect(page.locator("body")).to_have_attribute("data-screen", screen)


def stored_walk(app) -> dict:
    with app.app_context():
        walks = db.session.scalars(select(Walk)).all()
        found = [
            {
                "title": w.title,
                "status": w.status,
                "summary": w.summary,
                "area_id": w.area_id,
                "meeting_point": w.meeting_point,
                "invited": sorted(i.email for i in w.invitations),
                "participants": sorted(p.user_id for p in w.participants),
                "start": w.planned_start.astimezone(STOCKHOLM).strftime("%H:%M"),
                "end": w.planned_end and w.planned_end.astimezone(STOCKHOLM).strftime("%d %H:%M"),
            }
            for w in walks
        ]
        db.session.remove()
        return found


def plan_walk(page, town):
    open_screen(page, "#home-walks", "walks")
    expect(page.locator("#walks-summary")).to_have_text("0 vandringar.")
    page.click("#walks-plan")
    expect(page.locator("#plan-form")).to_be_visible()
    page.select_option("#plan-type", "trygghetsvandring")
    page.fill("#plan-title", "Trygghetsvandring Väsby centrum")
    page.select_option("#plan-area", str(town["area"]))
    page.fill("#plan-start", "18:00")
    page.fill("#plan-end", "20:00")
    page.fill("#plan-meeting", "Entrén mot Dragonvägen")
    page.fill("#plan-description", "Vi går runt centrum och stationen.")
    page.fill("#plan-invite", "walker@example.se\nboende@example.se\n")
    page.click("#plan-submit")
    expect(page.locator("#walk-title")).to_have_text("Trygghetsvandring Väsby centrum")


def test_a_walk_is_planned_for_a_commitment_of_the_running_promise(phone, town, api, app):
    today = datetime.now(STOCKHOLM).date()
    body = promise_body(
        starts_on=(today - timedelta(days=30)).isoformat(),
        ends_on=(today + timedelta(days=60)).isoformat(),
    )
    promise = api(town["coordinator"]).post("/api/v1/promises", json=body).json
    walks_commitment = promise["commitments"][0]
    page = phone.page
    phone.sign_in(town["coordinator"])
    open_screen(page, "#home-walks", "walks")
    page.click("#walks-plan")
    choice = page.locator("#plan-commitment")
    expect(choice.locator("option")).to_have_text(  # an insats is logged on its own
        [
            "Inget åtagande",
            "Trygghetsvandringar (Trygghetsvandring)",
            "Trygghetsrundor på hot spots (Trygghetsrunda)",
        ]
    )
    page.fill("#plan-date", (today + timedelta(days=90)).isoformat())  # after the promise
    page.locator("#plan-date").dispatch_event("change")
    expect(choice.locator("option")).to_have_text(["Inget åtagande"])
    page.fill("#plan-date", (today + timedelta(days=7)).isoformat())
    page.locator("#plan-date").dispatch_event("change")
    choice.select_option(str(walks_commitment["id"]))
    page.fill("#plan-title", "Vandring för medborgarlöftet")
    page.click("#plan-submit")
    expect(page.locator("#walk-title")).to_have_text("Vandring för medborgarlöftet")
    with app.app_context():
        walk = db.session.scalars(select(Walk)).one()
        assert walk.commitment_id == walks_commitment["id"]
        db.session.remove()


def test_an_evening_walk_that_ends_after_midnight_ends_the_next_day(phone, town, app):
    page = phone.page
    phone.sign_in(town["coordinator"])
    open_screen(page, "#home-walks", "walks")
    page.click("#walks-plan")
    day = (datetime.now(STOCKHOLM) + timedelta(days=30)).date()
    page.fill("#plan-title", "Nattvandring vid stationen")
    page.fill("#plan-date", day.isoformat())
    page.fill("#plan-start", "22:00")
    page.fill("#plan-end", "01:30")
    expect(page.locator("#plan-end-next-day")).to_contain_text("Slutar dagen efter")
    page.click("#plan-submit")
    expect(page.locator("#walk-title")).to_have_text("Nattvandring vid stationen")
    next_day = day + timedelta(days=1)
    [walk] = stored_walk(app)
    assert (walk["start"], walk["end"]) == ("22:00", f"{next_day:%d} 01:30")
    expect(page.locator("#walk-facts")).to_contain_text(f" – {next_day.day}")

    # The move form knows it too: an hour later still ends the next day.
    expect(page.locator("#move-end-next-day")).to_contain_text("Slutar dagen efter")
    page.fill("#move-start", "23:00")
    page.fill("#move-end", "02:30")
    page.click("#move-submit")
    expect(page.locator("#walk-flash")).to_have_text("Vandringen är flyttad.")
    assert stored_walk(app)[0]["end"] == f"{next_day:%d} 02:30"
    page.fill("#move-end", "23:45")
    expect(page.locator("#move-end-next-day")).to_have_text("")


def test_a_coordinator_plans_starts_and_closes_a_walk_and_opens_its_protocol(
    phone, town, app, context, playwright, live_server
):
    page = phone.page
    phone.sign_in(town["coordinator"])
    open_screen(page, "#home-walks", "walks")
    # The form checks before sending: a title, an end that is not the start, addresses.
    page.click("#walks-plan")
    page.fill("#plan-start", "18:00")
    page.fill("#plan-end", "18:00")
    page.fill("#plan-invite", "inte en adress")
    page.click("#plan-submit")
    expect(page.locator("#plan-title")).to_be_focused()
    expect(page.locator("#plan-title-error")).to_have_text("Skriv en rubrik.")
    expect(page.locator("#plan-end-error")).to_have_text(
        "Sluttiden kan inte vara samma som starttiden."
    )
    expect(page.locator("#plan-invite-error")).to_contain_text("inte en adress")
    assert stored_walk(app) == []
    page.click("a.brand")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")

    plan_walk(page, town)
    expect(page.locator("#walk-flash")).to_have_text(
        "Vandringen ”Trygghetsvandring Väsby centrum” är planerad. 2 inbjudningar skickas."
    )
    [walk] = stored_walk(app)
    assert walk["invited"] == ["boende@example.se", "walker@example.se"]
    assert walk["participants"] == [town["reporter"].id]  # the one with an account, at once
    assert (walk["status"], walk["area_id"], walk["start"]) == ("planerad", town["area"], "18:00")
    assert walk["meeting_point"] == "Entrén mot Dragonvägen"
    invitations = page.locator("#walk-invitations tbody tr")
    expect(invitations).to_have_count(2)
    expect(page.locator("#walk-invitations")).to_contain_text("Inget konto ännu")
    expect(page.locator("#walk-participants")).to_contain_text("Test reporter")
    expect(page.locator("#walk-status")).to_have_text("Planerad")

    # Moved half an hour and to another door, after a first try that ends as it starts.
    page.fill("#move-start", "18:30")
    page.fill("#move-end", "18:30")
    page.click("#move-submit")
    expect(page.locator("#move-end-error")).to_have_text(
        "Sluttiden kan inte vara samma som starttiden."
    )
    expect(page.locator("#move-end")).to_be_focused()
    page.fill("#move-end", "20:30")
    page.fill("#move-meeting", "Torget vid biblioteket")
    page.click("#move-submit")
    expect(page.locator("#walk-flash")).to_have_text(
        "Vandringen är flyttad. De 2 inbjudna får ett mejl om ändringen."
    )
    expect(page.locator("#walk-facts")).to_contain_text("Torget vid biblioteket")
    moved = stored_walk(app)[0]
    assert (moved["start"], moved["meeting_point"]) == ("18:30", "Torget vid biblioteket")

    # An invitation sent by mistake is taken back before the walk.
    page.click('[data-withdraw="boende@example.se"]')
    expect(page.locator("#walk-flash")).to_have_text(
        "Inbjudan till boende@example.se är borttagen. Vandringen försvinner från personens app, "
        "och den som redan fått inbjudan får ett mejl om det."
    )
    expect(page.locator("#walk-invitations tbody tr")).to_have_count(1)
    assert stored_walk(app)[0]["invited"] == ["walker@example.se"]

    page.click("#walk-start")
    expect(page.locator("#walk-status")).to_have_text("Pågår")
    expect(page.locator("#walk-flash")).to_have_text("Vandringen pågår.")
    expect(page.locator("#walk-flash")).to_be_focused()
    assert stored_walk(app)[0]["status"] == "pågår"
    # Once it has begun it stays where it is, and so does everyone on it.
    expect(page.locator("#walk-move-form")).to_have_count(0)
    expect(page.locator("[data-withdraw]")).to_have_count(0)

    # One more invitation while it runs; an address already invited is not invited again.
    page.click("#walk-invite-send")
    expect(page.locator("#walk-invite-error")).to_have_text("Skriv minst en e-postadress.")
    page.fill("#walk-invite", "grannen@example.se\nboende@example.se")
    page.click("#walk-invite-send")
    expect(page.locator("#walk-flash")).to_have_text("Inbjudningarna är skickade (2 adresser).")
    expect(page.locator("#walk-invitations tbody tr")).to_have_count(3)
    assert stored_walk(app)[0]["invited"] == [
        "boende@example.se",
        "grannen@example.se",
        "walker@example.se",
    ]

    page.fill("#walk-summary", "Belysningen vid stationen är det största problemet.")
    page.click("#walk-close")
    expect(page.locator("#walk-status")).to_have_text("Avslutad")
    expect(page.locator("#walk-flash")).to_have_text("Vandringen är avslutad.")
    expect(page.locator("#walk-start")).to_have_count(0)
    stored = stored_walk(app)[0]
    assert stored["status"] == "avslutad"
    assert stored["summary"] == "Belysningen vid stationen är det största problemet."

    # The protocol page opens in a new tab with the app's session cookie.
    with context.expect_page() as opened:
        page.click("#walk-protocol-page")
    protocol = opened.value
    protocol.wait_for_load_state()
    assert re.search(r"/walks/\d+/protocol$", protocol.url)
    expect(protocol.locator("body")).to_contain_text("Trygghetsvandring Väsby centrum")
    expect(protocol.locator("body")).to_contain_text("Belysningen vid stationen")
    protocol.close()
    # The PDF link: a GET with the same cookie; without it, the server refuses.
    href = page.get_attribute("#walk-protocol-pdf", "href")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Trygghetsvandring Väsby centrum" in text
    stranger = playwright.request.new_context(base_url=live_server.url)
    assert stranger.get(href).status == 401
    assert stranger.get(page.get_attribute("#walk-protocol-page", "href")).status == 401
    stranger.dispose()

    # Back to the list: the walk is there.
    page.click(".back-link")
    expect(page.locator("#walks-table tbody tr")).to_have_count(1)
    expect(page.locator("#walks-table")).to_contain_text("Avslutad")


def test_a_coordinator_calls_off_a_planned_walk(phone, town, app):
    page = phone.page
    phone.sign_in(town["coordinator"])
    plan_walk(page, town)

    # Not without ticking the box: it cannot be undone.
    page.fill("#walk-cancel-reason", "Stormvarning: vi tar en ny tid i januari.")
    page.click("#walk-cancel")
    expect(page.locator("#walk-cancel-sure")).to_be_focused()
    expect(page.locator("#walk-cancel-sure-error")).to_have_text(
        "Kryssa i rutan för att ställa in vandringen."
    )
    assert stored_walk(app)[0]["status"] == "planerad"

    page.check("#walk-cancel-sure")
    page.click("#walk-cancel")
    expect(page.locator("#walk-flash")).to_have_text(
        "Vandringen är inställd. De som har fått inbjudan får ett mejl om det."
    )
    expect(page.locator("#walk-flash")).to_be_focused()
    expect(page.locator("#walk-status")).to_have_text("Inställd")
    # Nothing more to do with it: no start, move, invitations, closing or taking back.
    for gone in ("#walk-start", "#walk-move-form", "#walk-invite-form", "#walk-close-form"):
        expect(page.locator(gone)).to_have_count(0)
    expect(page.locator("[data-withdraw]")).to_have_count(0)
    [walk] = stored_walk(app)
    assert (walk["status"], walk["summary"]) == (
        "inställd",
        "Stormvarning: vi tar en ny tid i januari.",
    )


def test_the_dashboard_matches_the_data_and_the_downloads_work(phone, town, api, context):
    page = phone.page
    phone.sign_in(town["coordinator"])
    open_screen(page, "#home-reports", "reports")
    expect(page.locator("body")).to_have_attribute("data-dashboard", "ready")
    data = api(town["coordinator"]).get("/api/v1/reports/dashboard").json
    assert data["summary"]["new"] == 3

    def row(table: str, name: str):
        return page.locator(f"#{table} tbody tr").filter(has=page.locator("th", has_text=name))

    expect(row("dash-summary", "Nya").locator("td")).to_have_text("3")
    expect(row("dash-summary", "Öppna nu").locator("td")).to_have_text("3")
    by_category = {item["name"]: item["count"] for item in data["by_category"]}
    assert sorted(by_category.values()) == [1, 2]
    expect(page.locator("#dash-category tbody tr")).to_have_count(2)
    for name, count in by_category.items():
        expect(row("dash-category", name).locator("td")).to_have_text(str(count))
    expect(row("dash-area", "Centrum").locator("td")).to_have_text("3")
    expect(page.locator("#dash-by-status tbody tr")).to_have_count(len(data["by_status"]))
    this_week = data["weekly"][-1]["week"]
    expect(page.locator("#dash-weekly tbody tr")).to_have_count(len(data["weekly"]))
    assert sum(week["new"] for week in data["weekly"]) == 3
    # Hot spots: three findings 20 m apart fill one or two squares, listed and drawn on the map.
    cells = data["hot_spots"]["features"]
    assert sum(cell["properties"]["count"] for cell in cells) in (2, 3)
    expect(page.locator("#dash-hotspots tbody tr")).to_have_count(len(cells))
    busiest = cells[0]["properties"]
    expect(page.locator("#dash-hotspots tbody tr").first.locator("td").first).to_have_text(
        str(busiest["count"])
    )
    expect(page.locator("#dash-hot-map")).to_have_attribute("data-cells", str(len(cells)))
    expect(page.locator("#dash-hot-map path.leaflet-interactive")).to_have_count(len(cells))
    # Owner × category: the findings wait in triage, two of them lighting, none overdue.
    cross = page.locator("#dash-owner-category")
    expect(cross.locator("caption")).to_have_text(
        "Per ansvarig och kategori (öppna och försenade: i dag)"
    )
    expect(cross.locator("tbody tr")).to_have_count(len(data["by_owner_category"]))
    lighting = row("dash-owner-category", "Trasig/bristfällig belysning")
    expect(lighting.locator("th[scope=row]")).to_have_text(
        ["Ej tilldelad", "Trasig/bristfällig belysning"]
    )
    expect(lighting.locator("td")).to_have_text(["2", "0", "2", "0", "–", "–"])
    # On a phone it stays a table and scrolls sideways, as a region one can reach by keyboard.
    scroll = page.locator(".table-scroll", has=cross)
    expect(scroll).to_have_attribute("tabindex", "0")
    assert scroll.evaluate("box => box.scrollWidth > box.clientWidth")
    # The same table for a spreadsheet, for the period and area on screen.
    spreadsheet = page.request.get(page.get_attribute("#dash-owner-category-csv", "href"))
    lines = spreadsheet.text().lstrip("\ufeff").splitlines()
    assert len(lines) == 1 + len(data["by_owner_category"])
    assert ";Ej tilldelad;belysning;Trasig/bristfällig belysning;2;0;2;0;" in "\n".join(lines)
    # Another area: nothing.
    page.select_option("#dash-area", label="Alla områden")
    page.fill("#dash-from", "2020-01-01")
    page.fill("#dash-to", "2020-01-31")
    page.click("#dash-submit")
    expect(page.locator("#dash-status")).to_have_text(
        "Översikten för 2020-01-01 – 2020-01-31 är uppdaterad."
    )
    expect(page.locator("#dash-summary tbody tr").first.locator("td")).to_have_text("0")

    def fetch(selector: str):
        response = page.request.get(page.get_attribute(selector, "href"))
        assert response.status == 200, (selector, response.text())
        return response

    # The weekly lägesbild for the week of the findings, Centrum.
    yesterday = datetime.now(STOCKHOLM) - timedelta(days=1)
    year, week, _ = yesterday.isocalendar()
    page.fill("#lb-week", f"{year}-W{week:02d}")
    page.select_option("#lb-area", str(town["area"]))
    assert f"week={year}-W{week:02d}" in page.get_attribute("#lb-pdf", "href")
    pdf = fetch("#lb-pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Centrum" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    csv = fetch("#lb-csv")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text().lstrip("\ufeff").splitlines()
    assert lines[0] == "avsnitt;nyckel;namn;mått;värde"
    assert any(line.startswith("kategori;belysning;") and line.endswith(";nya;2") for line in lines)
    assert this_week  # (the dashboard's trend ends with this week)

    # The tertial follow-up of the findings' tertial.
    page.fill("#tr-year", str(yesterday.year))
    page.select_option("#tr-tertial", str((yesterday.month - 1) // 4 + 1))
    pdf = fetch("#tr-pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    csv = fetch("#tr-csv")
    assert csv.text().lstrip("\ufeff").splitlines()[0] == (
        "avsnitt;nyckel;namn;mått;denna_tertial;förra_tertialen"
    )

    # The export: the default columns, then a choice; a category filter; GeoJSON.
    header = fetch("#ex-csv").text().lstrip("\ufeff").splitlines()[0].split(";")
    assert header[:3] == ["id", "status", "category"]
    assert "photo_urls" in header and "reporter" not in header
    page.uncheck("#col-photo_urls")
    page.check("#col-reporter")  # coordinators may
    lines = fetch("#ex-csv").text().lstrip("\ufeff").splitlines()
    assert "photo_urls" not in lines[0].split(";") and "reporter" in lines[0].split(";")
    assert len(lines) == 4
    page.select_option("#ex-category", "klotter")
    lines = fetch("#ex-csv").text().lstrip("\ufeff").splitlines()
    assert len(lines) == 2 and "klotter" in lines[1] and "Tags" in lines[1]
    geo = fetch("#ex-geojson")
    assert geo.headers["content-type"].startswith("application/geo+json")
    collection = json.loads(geo.text())
    assert [f["properties"]["note"] for f in collection["features"]] == ["Tags"]
    # No column: no links, and why.
    for box in page.locator(".check-list input").all():
        box.uncheck()
    expect(page.locator("#ex-columns-error")).to_have_text("Välj minst en kolumn.")
    expect(page.locator("#ex-csv")).to_have_attribute("aria-disabled", "")

    # Offline: the links say why instead of failing, and the screens too.
    context.set_offline(True)
    page.click("#lb-pdf")
    expect(page.locator("#reports-status")).to_have_text(re.compile("^Du är offline"))
    page.goto("/#/walks")
    expect(page.locator("#reports-offline")).to_have_text(
        "Du är offline. Vandringar och rapporter kräver nät – försök igen när du har täckning."
    )
    context.set_offline(False)
    page.click("#reports-retry")
    expect(page.locator("#walks-summary")).to_have_text("0 vandringar.")


def test_reporters_never_see_nor_load_the_walks_and_reports(phone, make_user, page):
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    phone.sign_in(make_user("reporter"))
    expect(page.locator("#home-walks")).to_have_count(0)
    expect(page.locator("#home-reports")).to_have_count(0)
    for screen in ("walks", "reports", "walks?plan=1"):
        page.goto(f"/#/{screen}")
        expect(page.locator("body")).to_have_attribute("data-screen", "home")
    page.wait_for_timeout(2500)  # past the idle preloading of the other screens
    assert not [url for url in loaded if "reports.js" in url]


def test_an_owner_gets_the_reports_of_the_organisation_but_no_walks(phone, make_user, make_org):
    page = phone.page
    owner = make_user("owner", make_org("AB Väsbyhem"))
    phone.sign_in(owner)
    expect(page.locator("#home-reports")).to_have_count(0)  # the nav is the coordinators'
    page.goto("/#/walks")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")
    page.goto("/#/reports")
    expect(page.locator("body")).to_have_attribute("data-dashboard", "ready")
    expect(page.locator("#reports-scope")).to_have_text(
        "Siffrorna räknar endast iakttagelser som skickats till AB Väsbyhem."
    )


def test_english_accessibility_and_touch_targets(phone, town):
    page = phone.page
    phone.sign_in(town["coordinator"])
    home = {"home (sv)": serious_violations(page)}
    plan_walk(page, town)

    def screens(lang: str) -> dict:
        found = {}
        page.goto("/#/walks")
        expect(page.locator("#walks-table tbody tr")).to_have_count(1)
        found[f"walks ({lang})"] = serious_violations(page)
        page.click("#walks-table .case-link")
        expect(page.locator("#walk-invitations tbody tr")).to_have_count(2)
        found[f"walk ({lang})"] = serious_violations(page)
        if lang == "en":
            assert swedish_left(page) == []
        page.goto("/#/walks?plan=1")
        expect(page.locator("#plan-form")).to_be_visible()
        found[f"plan ({lang})"] = serious_violations(page)
        if lang == "en":
            assert swedish_left(page) == []
        page.goto("/#/reports")
        expect(page.locator("body")).to_have_attribute("data-dashboard", "ready")
        found[f"reports ({lang})"] = serious_violations(page)
        if lang == "en":  # the server's Swedish names, in the reader's language
            expect(page.locator("#dash-category")).to_contain_text("Broken or poor lighting")
            expect(page.locator("#dash-owner-category")).to_contain_text("Not assigned")
            expect(page.locator("#dash-owner-category")).not_to_contain_text("belysning")
            busiest = page.locator("#dash-hotspots tbody tr").first
            expect(busiest).to_contain_text("Broken or poor lighting")
        return found

    problems = home | screens("sv")
    controls = "#main :is(a, button, select, input:not([type=checkbox])), .check-list label"
    small = page.evaluate(TOO_SMALL, controls)
    assert small == []
    phone.go("settings")
    page.click('label[for="language-en"]')
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.emulate_media(color_scheme="dark")
    problems |= screens("en")
    expect(page.locator("#reports-title")).to_have_text("Reports")
    expect(page.locator("#dash-summary tbody tr").first.locator("th")).to_have_text("New")
    assert {screen: found for screen, found in problems.items() if found} == {}
