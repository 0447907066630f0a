"""`lykta demo`'s steering cycle: the medborgarlöfte with two tertials of work and its public
page, 8 weeks of incidents from four partners in the coordinator's lägesbild, and the last two
weeks' EST meetings with their actions, follow-up and rounds."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from server import clock
from server.cli import main
from server.est.models import EstAction, EstRound
from server.extensions import db
from server.incidents.models import Incident
from server.promises.models import CommitmentActivity, CommitmentComment, Insats, Promise
from server.reports import periods
from server.walks.models import Walk, WalkRevisit

PASSWORD = "lykta-demo-2026"  # the demo's published password


def load(app):
    result = app.test_cli_runner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    return result.output


def sign_in(client, email: str) -> dict:
    """Signs the client in (its session cookie); the headers to send with it."""
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    return {}


def test_the_promise_is_followed_up_for_the_previous_tertial_and_public(app, client):
    output = load(app)
    coordinator = sign_in(client, "samordnare@lykta.demo")
    promises = client.get("/api/v1/promises", headers=coordinator).get_json()
    assert len(promises) == 1
    promise = promises[0]
    assert [c["kind"] for c in promise["commitments"]] == [
        "trygghetsvandring",
        "trygghetsrunda",
        "insats",
    ]
    assert [c["planned_per_tertial"] for c in promise["commitments"]] == [2, 6, 2]
    assert len(promise["parties"]) == 3
    with app.app_context():
        today = clock.local_today()
    year, tertial = periods.previous_tertial(*periods.tertial_of(today))
    followup = client.get(
        f"/api/v1/promises/{promise['id']}/followup?year={year}&tertial={tertial}",
        headers=coordinator,
    ).get_json()
    assert [c["done"] for c in followup["commitments"]] == [2, 5, 3]
    assert all(c["comment"]["published"] for c in followup["commitments"])

    url = re.search(r"(https?://\S+/lofte/\S+)", output).group(1)
    assert url.endswith(promise["public_url"])
    page = app.test_client().get(promise["public_url"])
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Fem av sex planerade trygghetsrundor" in text  # the published comment
    assert "Storstockholms brandförsvar" not in text  # not a party to the promise

    # one walk still planned for the current tertial, none of them counted twice
    current = client.get(
        f"/api/v1/promises/{promise['id']}/followup?year={today.year}"
        f"&tertial={periods.tertial_of(today)[1]}",
        headers=coordinator,
    ).get_json()
    assert all(c["done"] <= 4 for c in current["commitments"])


def test_the_coordinators_lagesbild_of_this_week_has_the_partners_incidents(app, client):
    load(app)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Incident)) == 213
        partners = db.session.scalar(select(func.count(Incident.organisation_id.distinct())))
        assert partners == 4
        late = [clock.local(moment) for moment in db.session.scalars(select(Incident.occurred_at))]
    evenings = sum(moment.hour >= 17 or moment.hour < 2 for moment in late)
    assert evenings > len(late) / 2
    weekend = sum(moment.weekday() in (4, 5) for moment in late)
    weekdays = sum(moment.weekday() in (0, 1) for moment in late)
    assert weekend > 1.5 * weekdays

    coordinator = sign_in(client, "samordnare@lykta.demo")
    report = client.get("/api/v1/reports/lagesbild", headers=coordinator).get_json()
    assert report["incidents"]["total"] > 0
    assert len(report["incidents"]["trend"]) == 8
    assert all(week["total"] > 0 for week in report["incidents"]["trend"])
    # a whole week (this one may have begun today) clusters at the hot spots
    last_week = periods.week_key(clock_today(app) - timedelta(days=7))
    report = client.get(f"/api/v1/reports/lagesbild?week={last_week}", headers=coordinator)
    hot_spots = report.get_json()["incidents"]["hot_spots"]
    assert hot_spots
    assert sum(spot["count"] for spot in hot_spots) > report.get_json()["incidents"]["total"] / 2


def clock_today(app):
    with app.app_context():
        return clock.local_today()


def test_a_second_run_adds_no_promise_walk_or_incident(app):
    load(app)
    models = (
        Promise,
        Insats,
        CommitmentComment,
        Incident,
        EstAction,
        EstRound,
        CommitmentActivity,
        Walk,
        WalkRevisit,
    )
    with app.app_context():
        before = [db.session.scalar(select(func.count()).select_from(m)) for m in models]
    output = load(app)
    assert "0 nya händelser" in output
    with app.app_context():
        assert [db.session.scalar(select(func.count()).select_from(m)) for m in models] == before


def test_two_est_meetings_with_the_partners_actions_followed_up_and_rounds(app, client):
    load(app)
    coordinator = sign_in(client, "samordnare@lykta.demo")
    today = clock_today(app)
    before_last = periods.week_key(today - timedelta(days=14))
    last = periods.week_key(today - timedelta(days=7))
    actions = client.get("/api/v1/est/actions", headers=coordinator).get_json()
    assert {action["week"] for action in actions} == {before_last, last}
    assert len({action["who"]["id"] for action in actions}) == 4  # the four partners
    assert {action["kind"] for action in actions} == {"trygghetsrunda", "insats"}

    # The earlier meeting's actions are all followed up, with what came of them.
    earlier = [action for action in actions if action["week"] == before_last]
    assert {action["status"] for action in earlier} == {"gjord", "inte gjord"}
    assert all(action["result"] for action in earlier)

    # The police's rounds at the hot spots carry out the promise's trygghetsrunda commitment.
    [promise] = client.get("/api/v1/promises", headers=coordinator).get_json()
    runda = next(c["id"] for c in promise["commitments"] if c["kind"] == "trygghetsrunda")
    linked = [action for action in actions if action["commitment_id"] == runda]
    assert len(linked) == 2
    assert all(action["evenings"] == [5, 6] for action in linked)

    rounds = []
    for week in (before_last, last):
        answer = client.get(f"/api/v1/est/rounds?week={week}", headers=coordinator).get_json()
        assert answer["by_hot_spot"]
        rounds += answer["items"]
    assert len(rounds) == 6
    assert len({logged["organisation"]["id"] for logged in rounds}) == 2
    assert 0 < sum(logged["no_deviations"] for logged in rounds) < len(rounds)
    counted = [logged["id"] for logged in rounds if logged["commitment_id"] == runda]
    assert len(counted) == 4

    # They count toward the commitment, in the tertials they fell in.
    found = []
    for year, tertial in {periods.tertial_of(today - timedelta(days=d)) for d in (7, 14)}:
        followup = client.get(
            f"/api/v1/promises/{promise['id']}/followup?year={year}&tertial={tertial}",
            headers=coordinator,
        ).get_json()
        row = next(c for c in followup["commitments"] if c["id"] == runda)
        found += [a["id"] for a in row["activities"] if a["type"] == "round"]
    assert sorted(found) == sorted(counted)


def test_a_follow_up_walk_of_the_autumn_walk_with_two_findings_marked(app, client):
    load(app)
    walker = sign_in(client, "vandrare@lykta.demo")
    planned = client.get("/api/v1/walks?status=planerad", headers=walker).get_json()
    [followup] = [walk for walk in planned if walk["follows_walk_id"]]
    assert followup["follows"]["title"] == "Trygghetsvandring Väsby centrum"
    assert followup["follows"]["status"] == "avslutad"
    revisits = client.get(f"/api/v1/walks/{followup['id']}/revisits", headers=walker).get_json()
    assert len(revisits) >= 3  # the autumn walk's findings, with their status now
    marked = [revisit["mark"]["state"] for revisit in revisits if revisit["mark"]]
    assert marked == ["kvar", "förändrad"]
