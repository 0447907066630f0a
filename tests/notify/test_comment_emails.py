"""Comments emailed to the other side through the outbox and a real SMTP server on loopback:
a coordinator's shared comment to the organisation the finding is sent to (its contact address
with the signed link, its users with a link into the app), an owner's to the coordinators;
internal comments never; dead mailboxes shown like any other delivery."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from server.accounts.models import User
from server.extensions import db
from server.notify.models import Notification
from server.notify.worker import Worker
from tests.factories import form_token, link
from tests.notify.test_worker import html_of, rows, text_of


@pytest.fixture
def delivered(mail_app, smtp, sent_to_vasbyhem):
    """The finding's own emails are out: what the tests see next is about comments."""
    Worker(mail_app).run_once()
    smtp.messages.clear()
    return sent_to_vasbyhem


def comment(api, user, finding: dict, body: str, visibility=None):
    payload = {"body": body} if visibility is None else {"body": body, "visibility": visibility}
    response = api(user).post(f"/api/v1/findings/{finding['id']}/comments", json=payload)
    assert response.status_code == 201, response.json
    return response.json


def set_user(app, user, **columns) -> None:
    with app.app_context():
        stored = db.session.get(User, user.id)
        for key, value in columns.items():
            setattr(stored, key, value)
        db.session.commit()


def test_a_coordinator_s_shared_comment_reaches_the_owner_with_a_link_to_answer(
    app, api, client, mail_app, smtp, delivered
):
    finding = delivered["finding"]
    set_user(app, delivered["owner"], locale="en")
    comment(api, delivered["coordinator"], finding, "Lampan sitter högt:\nta en skylift", "owner")
    assert Worker(mail_app).run_once().sent == 2

    (message,) = smtp.to("felanmalan@vasbyhem.se")
    assert message["Subject"] == (
        "Lykta: ny kommentar – Trasig/bristfällig belysning – Upplands Väsby Dragonen 1:12"
    )
    assert message["Auto-Submitted"] == "auto-generated"
    body = text_of(message).replace("\r\n", "\n")
    assert "Det finns en ny kommentar om en iakttagelse i Lykta." in body
    assert "Kommentar från Samordnare, Upplands Väsby kommun, 20" in body
    assert "Lampan sitter högt:\nta en skylift" in body
    assert "Kategori: Trasig/bristfällig belysning" in body
    assert "Plats: Upplands Väsby Dragonen 1:12, 59.51" in body
    assert f"Iakttagelse: {finding['id'][:8]}" in body
    assert "Svara på iakttagelsens sida" in body
    assert "Öppna och svara" in html_of(message)
    # The signed link opens the page with the comment and the form to answer it.
    path = re.search(r"http://lykta\.test(/owner/\S+)", body).group(1)
    page = client.get(path).text
    assert "Lampan sitter högt:\nta en skylift" in page
    answer = client.post(
        path, data={"action": "comment", "comment": "Bokad", "form_token": form_token(page)}
    )
    assert answer.status_code == 303

    (english,) = smtp.to("hanna@vasbyhem.se")  # Väsbyhem's owner in the app, in English
    assert english["Subject"] == (
        "Lykta: new comment – Broken or poor lighting – Upplands Väsby Dragonen 1:12"
    )
    body = text_of(english)
    assert "Comment from Coordinator, Upplands Väsby kommun, " in body
    assert f"http://lykta.test/#/findings?id={finding['id']}" in body
    assert "/owner/" not in body


def test_an_internal_comment_is_never_emailed(app, api, mail_app, smtp, delivered):
    comment(api, delivered["coordinator"], delivered["finding"], "Internt: ring polisen")
    assert Worker(mail_app).run_once().sent == 0
    assert smtp.messages == []
    assert rows(app, kind="coordinator_comment") == []


def test_an_owner_s_comment_reaches_the_coordinators_who_get_emails_in_their_language(
    app, api, client, make_org, make_user, mail_app, smtp, delivered
):
    finding = delivered["finding"]
    kommun = delivered["coordinator"].organisation_id
    make_user("coordinator", kommun, email="coordinator@vasby.se", locale="en")
    quiet = make_user("coordinator", kommun, email="tyst@vasby.se")
    set_user(app, quiet, notify_mode="off")
    make_user("admin", kommun, email="admin@vasby.se")  # coordinators are told, not admins
    make_user("owner", delivered["vasbyhem"], email="kollega@vasbyhem.se")  # nor colleagues
    comment(api, delivered["owner"], finding, "Vi behöver en skylift")
    path = link(app, finding, delivered["vasbyhem"])
    token = form_token(client.get(path).text)
    client.post(path, data={"action": "comment", "comment": "Bokad", "form_token": token})

    assert Worker(mail_app).run_once().sent == 4
    assert sorted(message["To"] for message in smtp.messages) == [
        "coordinator@vasby.se",
        "coordinator@vasby.se",
        "samordnare@vasby.se",
        "samordnare@vasby.se",
    ]
    first, second = smtp.to("samordnare@vasby.se")
    body = text_of(first)
    assert "Kommentar från Test owner, AB Väsbyhem, 20" in body
    assert "Vi behöver en skylift" in body
    assert f"http://lykta.test/#/findings?id={finding['id']}" in body
    assert "Kommentar från AB Väsbyhem, " in text_of(second)  # through the signed link
    assert "Bokad" in text_of(second)
    subjects = {message["Subject"] for message in smtp.to("coordinator@vasby.se")}
    assert subjects == {
        "Lykta: new comment – Broken or poor lighting – Upplands Väsby Dragonen 1:12"
    }


def test_a_comment_for_a_coordinator_who_chose_the_digest_waits_for_the_morning(
    app, api, mail_app, smtp, delivered
):
    set_user(app, delivered["coordinator"], notify_mode="digest")
    comment(api, delivered["owner"], delivered["finding"], "Vi behöver en skylift")
    comment(api, delivered["owner"], delivered["finding"], "Skyliften är bokad")
    assert Worker(mail_app).run_once().sent == 0
    queued = rows(app, kind="owner_comment")
    assert [row.digest for row in queued] == [True, True]
    morning = queued[0].next_attempt_at.astimezone(ZoneInfo("Europe/Stockholm"))
    assert (morning.hour, morning.minute) == (7, 0)
    assert morning - datetime.now(ZoneInfo("Europe/Stockholm")) <= timedelta(days=1)
    assert Worker(mail_app).run_once(now=queued[0].next_attempt_at).sent == 1
    (message,) = smtp.messages
    assert message["Subject"] == "Lykta: 2 nya kommentarer"
    body = text_of(message)
    assert body.index("1. Kommentar från Test owner") < body.index("Vi behöver en skylift")
    assert body.index("2. Kommentar från Test owner") < body.index("Skyliften är bokad")


def test_re_routing_stops_a_comment_to_the_old_owner_but_not_an_owner_s_to_the_coordinators(
    app, api, mail_app, smtp, delivered
):
    finding, coordinator = delivered["finding"], delivered["coordinator"]
    comment(api, delivered["owner"], finding, "Inte vår lykta, det är Messingens")
    comment(api, coordinator, finding, "Till Väsbyhem: tack", "owner")
    moved = api(coordinator).post(
        f"/api/v1/findings/{finding['id']}/route",
        json={"organisation_id": delivered["messingen"], "comment": "Messingens mark"},
    )
    assert moved.status_code == 200
    Worker(mail_app).run_once()
    assert [m["To"] for m in smtp.messages if "kommentar" in m["Subject"]] == [
        "samordnare@vasby.se"
    ]
    assert {row.status for row in rows(app, kind="coordinator_comment")} == {"cancelled"}


def test_a_comment_to_a_dead_mailbox_is_a_failed_delivery_coordinators_see(
    app, api, mail_app, smtp, delivered
):
    finding, coordinator = delivered["finding"], delivered["coordinator"]
    smtp.refuse.add("felanmalan@vasbyhem.se")
    comment(api, coordinator, finding, "Lampan sitter högt", "owner")
    stats = Worker(mail_app).run_once()
    assert (stats.sent, stats.failed) == (1, 1)  # Hanna got hers
    failed = api(coordinator).get("/api/v1/notifications").json["items"]
    assert [(n["kind"], n["recipient"]) for n in failed] == [
        ("coordinator_comment", "felanmalan@vasbyhem.se")
    ]
    assert "550" in failed[0]["last_error"]
    history = api(coordinator).get(f"/api/v1/findings/{finding['id']}/events").json
    assert "E-post till felanmalan@vasbyhem.se kunde inte levereras" in history[-1]["comment"]
    # The finding's own delivery (the email that sent it there) is not what failed.
    assert api(coordinator).get(f"/api/v1/findings/{finding['id']}").json["delivery"] == "sent"
    with app.app_context():
        row = db.session.scalar(select(Notification).where(Notification.status == "failed"))
        assert row.event.comment == "Lampan sitter högt"
