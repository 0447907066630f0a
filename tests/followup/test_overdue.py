"""Priority and due date, the overdue list per owner, and reminders to owners through the
outbox, delivered by the worker to a real SMTP server on loopback."""

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from server.cli import main
from server.database import utcnow
from server.extensions import db
from server.findings.models import Finding
from server.followup import reminders as followup
from server.notify.models import Notification
from server.notify.worker import Worker
from tests.factories import stockholm_today as today


def test_coordinators_set_priority_and_due_date_with_a_default(api, people, report, put_state):
    coordinator, finding = people["coordinator"], report(people["reporter"])
    assert finding["priority"] == 1  # lighting is urgent by default
    assert finding["due_date"] == (today() + timedelta(days=10)).isoformat()
    url = f"/api/v1/findings/{finding['id']}/followup"
    day = (today() + timedelta(days=3)).isoformat()
    changed = api(coordinator).patch(url, json={"priority": 3, "due_date": day})
    assert changed.status_code == 200, changed.json
    assert (changed.json["priority"], changed.json["due_date"]) == (3, day)
    back = api(coordinator).patch(url, json={"due_date": None})
    assert back.json["due_date"] == (today() + timedelta(days=10)).isoformat()
    history = api(coordinator).get(f"/api/v1/findings/{finding['id']}/events").json
    assert [(e["kind"], e["from_value"], e["to_value"]) for e in history[-3:]] == [
        ("priority", "1", "3"),
        ("due_date", (today() + timedelta(days=10)).isoformat(), day),
        ("due_date", day, (today() + timedelta(days=10)).isoformat()),
    ]
    assert api(coordinator).patch(url, json={}).status_code == 422
    assert api(coordinator).patch(url, json={"priority": 7}).status_code == 422
    assert api(people["owner"]).patch(url, json={"priority": 1}).status_code == 403
    # Not sent to anyone yet: the default counts from today.
    triage = report(people["reporter"], x=900, y=900, category="klotter")
    response = api(coordinator).patch(
        f"/api/v1/findings/{triage['id']}/followup", json={"due_date": None}
    )
    assert response.json["due_date"] == (today() + timedelta(days=2)).isoformat()


@pytest.fixture
def late(people, report, put_state, make_user):
    """Three findings past due at Väsbyhem, one at Messingen, and some that do not count."""
    reporter = people["reporter"]
    found = {
        "v5": report(reporter, x=10, y=10),
        "v2": report(reporter, x=20, y=10, category="klotter"),
        "v9": report(reporter, x=30, y=10, category="nedskrapning"),
        "m1": report(reporter, x=110, y=10),
        "fixed": report(reporter, x=40, y=10),
        "future": report(reporter, x=50, y=10),
        "triage": report(reporter, x=900, y=900),
    }
    for key, days in (("v5", 5), ("v2", 2), ("v9", 9), ("m1", 1), ("fixed", 4), ("triage", 4)):
        put_state(found[key], due_date=today() - timedelta(days=days))
    put_state(found["v9"], status="planerad", planned_for=today() + timedelta(days=3))
    put_state(found["fixed"], status="åtgärdad")
    return found


def test_the_overdue_list_groups_by_owner_with_days_overdue(api, people, late):
    response = api(people["coordinator"]).get("/api/v1/followup/overdue")
    assert response.status_code == 200, response.json
    groups = [
        (
            g["organisation"]["name"],
            g["count"],
            [(f["id"], f["days_overdue"]) for f in g["findings"]],
        )
        for g in response.json
    ]
    assert groups == [
        ("AB Väsbyhem", 3, [(late["v9"]["id"], 9), (late["v5"]["id"], 5), (late["v2"]["id"], 2)]),
        ("Brf Messingen", 1, [(late["m1"]["id"], 1)]),
    ]
    only = api(people["coordinator"]).get(
        f"/api/v1/followup/overdue?organisation={people['messingen']}"
    )
    assert [g["organisation"]["name"] for g in only.json] == ["Brf Messingen"]
    assert api(people["owner"]).get("/api/v1/followup/overdue").status_code == 403


def test_reminders_go_once_per_interval_grouped_per_recipient(
    app, mail_app, smtp, api, people, late, make_user, set_org
):
    set_org(people["vasbyhem"], email="felanmalan@vasbyhem.se")
    english = make_user("owner", people["messingen"], email="henry@messingen.se", locale="en")
    Worker(mail_app).run_once()  # the emails about the new findings
    smtp.messages.clear()

    result = mail_app.test_cli_runner().invoke(main, ["reminders"])
    assert result.exit_code == 0, result.output
    assert "Reminded the owners of 4 overdue findings." in result.output
    stats = Worker(mail_app).run_once()
    # Väsbyhem: its owner user and its address, one email each with its three findings;
    # Messingen: its owner user and the English-speaking one.
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        [
            people["owner"].email,
            "felanmalan@vasbyhem.se",
            people["other_owner"].email,
            english.email,
        ]
    )
    assert stats.sent == 4
    (swedish,) = smtp.to("felanmalan@vasbyhem.se")
    assert swedish["Subject"] == "Lykta: påminnelse – 3 iakttagelser har passerat åtgärdsdatum"
    text = swedish.get_body(preferencelist=("plain",)).get_content()
    assert (
        "De här iakttagelserna som skickats till AB Väsbyhem har passerat sitt åtgärdsdatum:"
        in text
    )
    assert (
        f"Åtgärda senast: {(today() - timedelta(days=9)).isoformat()} (för 9 dagar sedan)" in text
    )
    assert len(re.findall(r"http://lykta\.test/owner/\S+", text)) == 3  # a signed link each
    (henry,) = smtp.to(english.email)
    assert (
        henry["Subject"] == "Lykta: reminder – Broken or poor lighting – 1 days past the due date"
    )
    assert (
        "This finding sent to Brf Messingen is past its due date:"
        in henry.get_body(preferencelist=("plain",)).get_content()
    )

    # Not again within the interval - neither by the command nor by a worker's daily round.
    smtp.messages.clear()
    assert followup_run(mail_app) == 0
    assert (
        "Reminded the owners of 0 overdue findings."
        in mail_app.test_cli_runner().invoke(main, ["reminders"]).output
    )
    Worker(mail_app).run_once()
    assert smtp.messages == []
    history = api(people["coordinator"]).get(f"/api/v1/findings/{late['v5']['id']}/events").json
    (reminder,) = [e for e in history if e["kind"] == "reminder"]
    assert reminder["to_value"] == "AB Väsbyhem"
    assert reminder["data"] == {"days_overdue": 5, "recipients": 2}

    # After the interval, again; a finding fixed in the meantime is not reminded of.
    with mail_app.app_context():
        for finding in db.session.scalars(select(Finding)):
            if finding.reminded_at:
                finding.reminded_at = utcnow() - timedelta(days=8)
        db.session.commit()
    assert followup_run(mail_app) == 4
    api(people["owner"]).post(
        f"/api/v1/findings/{late['v2']['id']}/status", json={"status": "åtgärdad"}
    )
    Worker(mail_app).run_once()
    (again,) = smtp.to("felanmalan@vasbyhem.se")
    assert again["Subject"] == "Lykta: påminnelse – 2 iakttagelser har passerat åtgärdsdatum"
    with mail_app.app_context():
        cancelled = db.session.scalars(
            select(Notification).where(
                Notification.kind == "reminder",
                Notification.finding_id == uuid.UUID(late["v2"]["id"]),
                Notification.status == "cancelled",
            )
        ).all()
        assert len(cancelled) == 2


def followup_run(app) -> int:
    with app.app_context():
        count = len(followup.send_reminders())
        db.session.commit()
        db.session.remove()
    return count


def test_the_worker_reminds_once_a_day_after_the_hour(make_app, app, people, late):
    class State:
        pass

    early = make_app(LYKTA_REMINDER_HOUR=24)  # never reached
    assert followup.daily_reminders(early, State()) is None
    off = make_app(LYKTA_REMINDER_HOUR=None)
    assert followup.daily_reminders(off, State()) is None
    worker_app, state = make_app(LYKTA_REMINDER_HOUR=0), State()
    assert followup.daily_reminders(worker_app, state) == 4
    assert followup.daily_reminders(worker_app, state) is None  # once a day in this process
    assert followup.daily_reminders(worker_app, State()) == 0  # another worker: nothing twice
