"""The signed link's page (issue 12, item 12): a form posted with "Origin: null" is refused, and
a link belongs to one sending of the finding, so an old link stays dead when the finding comes
back to the same organisation."""

import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from server.extensions import db
from server.findings.models import FindingEvent
from server.notify import links
from tests.factories import at, form_token, link, rectangle


@pytest.fixture
def sent(make_org, make_property, make_user, make_finding):
    """A finding the router sent to AB Väsbyhem (its property), and a coordinator."""
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property("Upplands Väsby Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    lat, lon = at(10, 10)
    finding = make_finding(make_user("reporter"), lat=lat, lon=lon)
    return {
        "finding": finding,
        "vasbyhem": vasbyhem,
        "messingen": make_org("Brf Messingen"),
        "coordinator": make_user("coordinator"),
    }


def status(api, sent) -> str:
    path = f"/api/v1/findings/{sent['finding']['id']}"
    return api(sent["coordinator"]).get(path).json["status"]


def route(api, sent, organisation: int) -> None:
    response = api(sent["coordinator"]).post(
        f"/api/v1/findings/{sent['finding']['id']}/route",
        json={"organisation_id": organisation, "comment": "Omprövning"},
    )
    assert response.status_code == 200, response.json


def test_a_form_posted_with_origin_null_is_refused(app, client, api, sent):
    """Sandboxed frames and data: URLs post with "Origin: null": not this page."""
    url = link(app, sent["finding"], sent["vasbyhem"])
    page = client.get(url)
    # The page asks browsers to send its origin with its own forms ("no-referrer" made them
    # send "null"), and still gives no other site the address with the token.
    assert page.headers["Referrer-Policy"] == "same-origin"
    token = form_token(page.text)
    refused = client.post(
        url, data={"action": "acknowledge", "form_token": token}, headers={"Origin": "null"}
    )
    assert refused.status_code == 403
    assert "Formuläret skickades från en annan webbplats." in refused.text
    assert status(api, sent) == "skickad"
    same_site = client.post(
        url,
        data={"action": "acknowledge", "form_token": token},
        headers={"Origin": "http://localhost"},
    )
    assert same_site.status_code == 303
    assert status(api, sent) == "mottagen"


def test_an_old_link_stays_dead_when_the_finding_comes_back(app, client, api, sent):
    old = link(app, sent["finding"], sent["vasbyhem"])
    token = form_token(client.get(old).text)
    route(api, sent, sent["messingen"])
    assert client.get(old).status_code == 410
    route(api, sent, sent["vasbyhem"])  # back where the old link was sent
    page = client.get(old)
    assert page.status_code == 410
    assert "Länken har ersatts" in page.text
    assert "Öppna länken i det senaste mejlet om den." in page.text
    acted = client.post(old, data={"action": "acknowledge", "form_token": token})
    assert acted.status_code == 410
    assert status(api, sent) == "skickad"
    # The email of the new sending carries a link that works.
    new = link(app, sent["finding"], sent["vasbyhem"])
    assert client.get(new).status_code == 200


def test_a_link_outlives_the_owner_s_own_answers(app, client, api, sent):
    """Acknowledging and planning are not new sendings: the link keeps working."""
    in_a_week = datetime.now(UTC).date() + timedelta(days=7)
    url = link(app, sent["finding"], sent["vasbyhem"])
    token = form_token(client.get(url).text)
    assert client.post(url, data={"action": "acknowledge", "form_token": token}).status_code == 303
    planned = client.post(
        url,
        data={"action": "plan", "planned_for": in_a_week.isoformat(), "form_token": token},
    )
    assert planned.status_code == 303
    assert client.get(url).status_code == 200
    assert status(api, sent) == "planerad"


def legacy_link(app, sent, seconds_ago: float) -> str:
    """A link made before links named their sending: no "g" in the token."""
    real_time = time.time
    with app.app_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(time, "time", lambda: real_time() - seconds_ago)
        finding_id = sent["finding"]["id"]
        payload = {"f": finding_id, "o": sent["vasbyhem"], "l": "sv"}
        token = links._serializer(links.LINK_SALT).dumps(payload)
    return f"/owner/{finding_id}/{token}"


def backdate_history(app, sent, minutes: int) -> None:
    with app.app_context():
        finding_id = uuid.UUID(sent["finding"]["id"])
        for event in db.session.scalars(select(FindingEvent).filter_by(finding_id=finding_id)):
            event.at -= timedelta(minutes=minutes)
        db.session.commit()


def test_a_link_from_before_is_judged_by_its_time(app, client, api, sent):
    """Links already in owners' mailboxes keep working while the finding stays, and die like
    new ones when it leaves and comes back."""
    backdate_history(app, sent, minutes=10)  # the router sent it ten minutes ago
    from_the_email = legacy_link(app, sent, timedelta(minutes=5).total_seconds())
    week_old = legacy_link(app, sent, timedelta(days=7).total_seconds())
    assert client.get(from_the_email).status_code == 200
    # The sending ten minutes ago came after the week-old link: not its sending.
    assert client.get(week_old).status_code == 410
    route(api, sent, sent["messingen"])
    route(api, sent, sent["vasbyhem"])
    assert client.get(from_the_email).status_code == 410


def test_a_token_with_a_sending_that_is_not_a_number_does_not_work(app, client, sent):
    finding_id = sent["finding"]["id"]
    with app.app_context():
        payload = {"f": finding_id, "o": sent["vasbyhem"], "l": "sv", "g": "x"}
        token = links._serializer(links.LINK_SALT).dumps(payload)
    assert client.get(f"/owner/{finding_id}/{token}").status_code == 404
