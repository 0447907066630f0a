"""An incident of a type marked alert, recorded in the app, is emailed to the coordinators
through the outbox and a real SMTP server on loopback: once, in each one's language, with the
type, time, place and the week's lägesbild, never the note. Not for a replay, not for another
type, not for an imported incident."""

import uuid

import pytest

from server.notify.worker import Worker
from tests.factories.incidents import incident_body
from tests.notify.test_comment_emails import set_user
from tests.notify.test_worker import html_of, rows, text_of

NOTE = "Brand i soprummet, boende evakuerade"


@pytest.fixture
def alerted(app, api, make_org, make_user):
    """Brand is marked for alerts; Upplands Väsby kommun has a Swedish and an English
    coordinator, one who turned emails off and one no longer active."""
    api(make_user("admin")).patch("/api/v1/incident-types/brand", json={"alert": True})
    kommun = make_org("Upplands Väsby kommun", "kommun")
    coordinators = {
        "sv": make_user("coordinator", kommun, email="samordnare@vasby.se"),
        "en": make_user("coordinator", kommun, email="coordinator@vasby.se", locale="en"),
        "inactive": make_user("coordinator", kommun, email="slutat@vasby.se", active=False),
        "quiet": make_user("coordinator", kommun, email="tyst@vasby.se"),
    }
    set_user(app, coordinators["quiet"], notify_mode="off")
    return coordinators


def record(api, user, incident_id=None, **fields) -> dict:
    incident_id = incident_id or uuid.uuid4()
    body = incident_body(type="brand", note=NOTE, **fields)
    response = api(user).put(f"/api/v1/incidents/{incident_id}", json=body)
    assert response.status_code in (200, 201), response.json
    return response.json


def test_a_fire_recorded_in_the_app_alerts_each_coordinator_once_in_their_language(
    app, api, make_org, make_user, mail_app, smtp, alerted
):
    police = make_user("reporter", make_org("Polisen Upplands Väsby", "polis"))
    incident = record(api, police)
    assert Worker(mail_app).run_once().sent == 2

    (swedish,) = smtp.to("samordnare@vasby.se")
    assert swedish["Subject"] == "Lykta: händelse – Brand – 2026-11-20 22:15"
    assert swedish["Auto-Submitted"] == "auto-generated"
    body = text_of(swedish)
    assert "En händelse av en typ som samordnare larmas om har registrerats i Lykta." in body
    assert "Registrerad för: Polisen Upplands Väsby" in body
    assert "Plats: 59.51860, 17.91190" in body
    assert "http://lykta.test/api/v1/reports/lagesbild.pdf?week=2026-W47" in body
    assert "Lägesbilden för vecka 2026-W47" in html_of(swedish)

    (english,) = smtp.to("coordinator@vasby.se")
    assert english["Subject"] == "Lykta: incident – Fire – 2026-11-20 22:15"
    assert "Recorded for: Polisen Upplands Väsby" in text_of(english)

    for message in smtp.messages:
        assert NOTE not in text_of(message) and NOTE not in html_of(message)
        assert police.email not in text_of(message) and "Test reporter" not in text_of(message)
    assert {row.incident_id for row in rows(app)} == {uuid.UUID(incident["id"])}
    assert {row.status for row in rows(app)} == {"sent"}


def test_a_replayed_put_alerts_nobody_again(app, api, make_user, mail_app, smtp, alerted):
    reporter = make_user("reporter")
    incident_id = uuid.uuid4()
    record(api, reporter, incident_id)
    Worker(mail_app).run_once()
    record(api, reporter, incident_id)  # the phone sent it again: a replay, 200
    assert Worker(mail_app).run_once().sent == 0
    assert len(rows(app, kind="incident_alert")) == 2  # nobody twice


def test_another_type_alerts_nobody(app, api, make_user, mail_app, smtp, alerted):
    api(make_user("reporter")).put(
        f"/api/v1/incidents/{uuid.uuid4()}", json=incident_body(type="skadegorelse")
    )
    assert Worker(mail_app).run_once().sent == 0
    assert rows(app, kind="incident_alert") == []


def test_imported_incidents_alert_nobody(app, api, make_user, mail_app, smtp, alerted):
    content = "typ;tidpunkt;lat;lon\nbrand;2026-11-17 23:05;59.5172;17.9135\n"
    response = api(make_user("coordinator")).post(
        "/api/v1/incidents/import", data=content.encode(), content_type="text/csv"
    )
    assert response.json["new"] == 1
    assert Worker(mail_app).run_once().sent == 0
    assert rows(app, kind="incident_alert") == []


def test_coordinators_see_the_queued_alert_with_its_incident(api, make_user, alerted):
    incident = record(api, make_user("reporter"))
    listed = api(alerted["sv"]).get("/api/v1/notifications?status=pending").json["items"]
    assert {(item["kind"], item["incident_id"]) for item in listed} == {
        ("incident_alert", incident["id"])
    }
    assert {item["recipient"] for item in listed} == {"samordnare@vasby.se", "coordinator@vasby.se"}
