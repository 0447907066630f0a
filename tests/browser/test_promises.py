"""The medborgarlöften in a real browser, on a coordinator's laptop: a promise written in the
app (period, parties, focus areas, two commitments), an insats logged against one, the
tertial's comment written and published, and the public page — opened without signing in —
showing it; axe-core finds nothing serious on the promise screen nor on the public page. A
reporter reads a promise and its published comments, with nothing to change."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.promises.models import Promise
from tests.browser.phone import DESKTOP
from tests.browser.test_language_and_access import serious_violations
from tests.factories import stockholm_today

pytestmark = pytest.mark.browser


def stored_promise(app) -> dict:
    with app.app_context():
        promise = db.session.scalars(select(Promise)).one()
        found = {
            "title": promise.title,
            "parties": sorted(party.organisation.name for party in promise.parties),
            "focus_areas": list(promise.focus_areas),
            "commitments": [(c.text, c.kind, c.planned_per_tertial) for c in promise.commitments],
        }
        db.session.remove()
        return found


def write_promise(page, year: int):
    page.click("#home-promises")
    expect(page.locator("#promises-summary")).to_have_text("0 medborgarlöften.")
    page.click("#promises-new")
    expect(page.locator("#promise-form")).to_be_visible()
    page.fill("#pf-title", "Medborgarlöfte Väsby centrum")
    page.fill("#pf-starts", f"{year}-01-01")
    page.fill("#pf-ends", f"{year + 1}-12-31")
    page.get_by_label("Polisen Upplands Väsby").check()
    page.fill("#pf-focus", "Ökad trygghet\nTrafiksäkerhet")
    first = page.locator("#pf-commitments li").nth(0)
    first.locator("textarea").fill("Trygghetsvandringar i centrum")
    first.locator("input[type=number]").fill("2")
    page.click("#pf-add-commitment")
    second = page.locator("#pf-commitments li").nth(1)
    expect(second.locator("textarea")).to_be_focused()
    second.locator("textarea").fill("Trafikinsatser där trafikproblem identifierats")
    second.locator("select").select_option(label="Insats")
    second.locator("input[type=number]").fill("1")
    page.click("#pf-submit")


def test_a_coordinator_writes_a_promise_logs_an_insats_and_publishes_the_comment(
    phone, make_user, make_org, app, browser, live_server
):
    page = phone.page
    make_org("Polisen Upplands Väsby", "polis")
    coordinator = make_user("coordinator", make_org("Upplands Väsby kommun", "kommun"))
    today = stockholm_today()
    tertial = 1 + (today.month - 1) // 4
    phone.sign_in(coordinator)
    page.set_viewport_size(DESKTOP)
    write_promise(page, today.year)

    expect(page.locator("#promise-title")).to_have_text("Medborgarlöfte Väsby centrum")
    expect(page.locator("#promise-flash-first")).to_have_text(
        "Medborgarlöftet ”Medborgarlöfte Väsby centrum” är skapat."
    )
    assert stored_promise(app) == {
        "title": "Medborgarlöfte Väsby centrum",
        "parties": ["Polisen Upplands Väsby"],
        "focus_areas": ["Ökad trygghet", "Trafiksäkerhet"],
        "commitments": [
            ("Trygghetsvandringar i centrum", "trygghetsvandring", 2),
            ("Trafikinsatser där trafikproblem identifierats", "insats", 1),
        ],
    }
    # The latest tertial is chosen; nothing is done yet.
    expect(page.locator("#promise-tertial option:checked")).to_contain_text(
        f"Tertial {tertial} {today.year}"
    )
    cards = page.locator("#promise-commitments > li")
    expect(cards).to_have_count(2)
    insatser = cards.nth(1)
    expect(insatser.locator(".commitment-progress")).to_have_text("Genomfört 0 av 1 planerade.")

    # A comment begun on the first commitment stays while the second's insats is logged.
    walks = cards.nth(0).get_by_label("Kommentar", exact=True)
    walks.fill("Vandringarna planeras till oktober.")
    # An insats against the second commitment, from the promise's screen.
    insatser.get_by_text("Logga en insats").click()
    insatser.get_by_label("Plats").fill("Stationsvägen")
    insatser.get_by_label("Kort resultat").fill("Hastighetskontroll, 14 förare stoppade")
    insatser.get_by_role("button", name="Spara insatsen").click()
    expect(page.locator("#promise-flash")).to_have_text("Insatsen vid Stationsvägen är sparad.")
    expect(page.locator("#promise-flash")).to_be_focused()
    insatser = page.locator("#promise-commitments > li").nth(1)
    expect(insatser.locator(".commitment-progress")).to_have_text("Genomfört 1 av 1 planerade.")
    expect(insatser).to_contain_text("Insats: Stationsvägen")
    expect(walks).to_have_value("Vandringarna planeras till oktober.")

    # The tertial's comment: published, so the public page shows it.
    insatser.get_by_label("Kommentar", exact=True).fill("Trafikinsatsen genomförd som planerat.")
    insatser.get_by_label("Publicera på den publika sidan").check()
    insatser.get_by_role("button", name="Spara kommentaren").click()
    expect(page.locator("#promise-flash")).to_have_text("Kommentaren är sparad och publicerad.")
    expect(page.locator("#promise-commitments > li").nth(1)).to_contain_text(
        "Publicerad: syns på den publika sidan."
    )
    assert serious_violations(page) == []

    public_url = page.locator("#promise-public-url").input_value()
    assert public_url.startswith(f"{live_server.url}/lofte/")
    stranger = browser.new_context(locale="sv-SE")  # nobody signed in
    try:
        public = stranger.new_page()
        assert public.goto(public_url).status == 200
        expect(public.locator("h1")).to_have_text("Medborgarlöfte Väsby centrum")
        table = public.get_by_role(
            "table",
            name=f"Planerat och genomfört per åtagande, tertial {tertial} {today.year}",
        )
        row = table.get_by_role("row", name="Trafikinsatser där trafikproblem identifierats")
        expect(row).to_contain_text("Trafikinsatsen genomförd som planerat.")
        expect(public.locator("body")).not_to_contain_text("Stationsvägen")  # no places
        assert serious_violations(public) == []
    finally:
        stranger.close()


def test_a_reporter_reads_the_promise_and_its_published_comments_only(phone, api, make_user):
    page = phone.page
    staff = api(make_user("coordinator"))
    today = stockholm_today()
    promise = staff.post(
        "/api/v1/promises",
        json={
            "title": "Medborgarlöfte Väsby centrum",
            "starts_on": f"{today.year}-01-01",
            "ends_on": f"{today.year}-12-31",
            "area_id": None,
            "commitments": [
                {
                    "text": "Trygghetsvandringar",
                    "kind": "trygghetsvandring",
                    "planned_per_tertial": 2,
                },
                {"text": "Trafikinsatser", "kind": "insats", "planned_per_tertial": 1},
            ],
        },
    ).json
    tertial = 1 + (today.month - 1) // 4
    for commitment, text, published in (
        (promise["commitments"][0], "Två vandringar i september.", True),
        (promise["commitments"][1], "Utkast som inte är klart.", False),
    ):
        path = f"/api/v1/promises/{promise['id']}/commitments/{commitment['id']}/comments"
        staff.put(f"{path}/{today.year}/{tertial}", json={"text": text, "published": published})

    phone.sign_in(make_user("reporter"))
    page.click("#home-promises")
    expect(page.locator("#promises-new")).to_have_count(0)
    page.click(f'[data-promise-id="{promise["id"]}"]')
    cards = page.locator("#promise-commitments > li")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("Två vandringar i september.")
    expect(page.locator("#promise-followup")).not_to_contain_text("Utkast som inte är klart.")
    # Nothing to change: no edit, no comment form, no insats.
    expect(page.locator("#promise-edit")).to_have_count(0)
    expect(page.locator("#promise-followup form, #promise-followup details")).to_have_count(0)
