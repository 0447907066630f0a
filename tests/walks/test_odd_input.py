"""Walks and odd input (issue 12, items 7 and 8): a walk called off in a hurry, without a
reason; titles and meeting points that stay on one line; and rows stored before that, whose
emails and calendar files must still go out clean."""

import re

import pytest
from sqlalchemy import select

from server.audit.models import AuditEntry
from server.extensions import db
from server.notify.worker import Worker
from server.walks.models import Walk
from tests.walks.test_walks import ics_of, plan

ONE_LINE = "Skriv det på en rad, utan styrtecken."
# Every line break str.splitlines() knows (mail and calendar programs know some of them too),
# and two other control characters.
BREAKS = ["\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\t", "\x1b"]


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": None}, {"reason": "   "}])
def test_a_walk_is_called_off_in_a_hurry_without_a_reason(
    app, api, make_user, mail_app, smtp, body
):
    coordinator, walker = make_user("coordinator"), make_user("reporter")
    walk = plan(api, coordinator, invite=[walker.email]).json
    assert Worker(mail_app).run_once().sent == 1

    cancelled = api(coordinator).post(f"/api/v1/walks/{walk['id']}/cancel", json=body)
    assert cancelled.status_code == 200, cancelled.json
    assert (cancelled.json["status"], cancelled.json["summary"]) == ("inställd", "")
    assert Worker(mail_app).run_once().sent == 1
    _, notice = smtp.to(walker.email)
    assert notice["Subject"] == "Inställd: Trygghetsvandring i Väsby centrum – 2026-12-03 kl. 18.00"
    # It reads well with nothing to say: no empty paragraph, no "None".
    text = notice.get_body(preferencelist=("plain",)).get_content()
    assert (
        "Samlingsplats: Entrén mot Dragonvägen\n\nHar du frågor, hör av dig till Test coordinator"
        in text.replace("\r\n", "\n")
    )
    html = notice.get_body(preferencelist=("html",)).get_content()
    assert "None" not in text + html and "<p></p>" not in html
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).filter_by(action="walk.cancelled"))
        assert entry.data == {"reason": None}


def test_titles_and_meeting_points_are_one_line(api, make_user):
    coordinator = make_user("coordinator")
    staff = api(coordinator)
    walk = plan(api, coordinator).json
    path = f"/api/v1/walks/{walk['id']}"
    before = staff.get(path).json
    for fields in ("title", "meeting_point"):
        for char in BREAKS:
            value = f"Torget{char}URL:https://angripare.example"
            created = plan(api, coordinator, **{fields: value})
            assert created.status_code == 422, (fields, repr(char))
            assert created.json["errors"] == {fields: [ONE_LINE]}
            changed = staff.patch(path, json={fields: value})
            assert changed.status_code == 422, (fields, repr(char))
            assert changed.json["errors"] == {fields: [ONE_LINE]}
    assert [w["id"] for w in staff.get("/api/v1/walks").json] == [walk["id"]]
    assert staff.get(path).json == before
    # Descriptions and summaries are text of several lines.
    lines = "Vi går runt centrum.\r\nSedan stationen."
    assert staff.patch(path, json={"description": lines}).json["description"] == lines


def test_the_english_message_for_one_line(api, make_user):
    coordinator = make_user("coordinator", locale="en")
    refused = plan(api, coordinator, title="Kväll\r\nBcc: angripare@example.com")
    assert refused.json["errors"] == {
        "title": ["Write it on one line, without control characters."]
    }


def calendar_lines(ics: str) -> list[str]:
    """The content lines as the most lenient calendar program reads them: folds joined, then
    a break at any line break (a bare CR included)."""
    return re.sub(r"\r\n[ \t]|\n[ \t]", "", ics).splitlines()


def test_a_walk_stored_with_line_breaks_still_gets_its_invitations_sent_clean(
    app, api, make_user, mail_app, smtp
):
    """Rows stored before the input checks: the worker must neither fail on them nor let them
    add headers or calendar properties."""
    coordinator, walker = make_user("coordinator"), make_user("reporter")
    walk = plan(api, coordinator, invite=[walker.email, "ny.boende@example.se"]).json
    with app.app_context():
        stored = db.session.get(Walk, walk["id"])
        stored.title = "Kvällsvandring\r\nBcc: angripare@example.com\u2028X-Extra: 1\x85slut"
        stored.meeting_point = "Torget\rURL:https://angripare.example"
        stored.description = "Rad ett\r\nRad två\rATTACH:https://angripare.example\x0bRad; med, \\"
        db.session.commit()

    stats = Worker(mail_app).run_once()
    assert (stats.sent, stats.retried, stats.failed) == (2, 0, 0)
    assert sorted(recipients for _, recipients in smtp.envelopes) == [
        ["ny.boende@example.se"],
        [walker.email],
    ]
    (message,) = smtp.to(walker.email)
    assert message["Subject"] == (
        "Inbjudan: Kvällsvandring Bcc: angripare@example.com X-Extra: 1 slut – 2026-12-03 kl. 18.00"
    )
    assert message["Bcc"] is None and message["X-Extra"] is None

    lines = calendar_lines(ics_of(message))
    names = [m.group(1) if (m := re.match(r"([A-Z-]+)[;:]", line)) else line for line in lines]
    assert names == [
        "BEGIN",
        "VERSION",
        "PRODID",
        "METHOD",
        "BEGIN",
        "UID",
        "SEQUENCE",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "LOCATION",
        "GEO",
        "DESCRIPTION",
        "END",
        "END",
    ]
    values = dict(line.split(":", 1) for line in lines[5:-2])
    assert values["SUMMARY"] == ("Kvällsvandring\\nBcc: angripare@example.com\\nX-Extra: 1\\nslut")
    assert values["LOCATION"] == "Torget\\nURL:https://angripare.example"
    assert values["DESCRIPTION"] == (
        "Rad ett\\nRad två\\nATTACH:https://angripare.example\\nRad\\; med\\, \\\\"
    )
