"""The outbox and `lykta worker` against a real SMTP server on loopback: who is told, what the
emails say in Swedish and English, retries after the server was down, dead mailboxes shown to
coordinators, the daily digest, photos waited for, and two workers that never send twice."""

import re
import threading
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from server.cli import main
from server.database import utcnow
from server.extensions import db
from server.notify.models import Notification
from server.notify.worker import Worker
from tests.factories import at, photo, rectangle

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def report(make_finding, reporter, x=10, y=10, **fields):
    lat, lon = at(x, y)
    return make_finding(reporter, lat=lat, lon=lon, **fields)


def rows(app, **filters) -> list[Notification]:
    with app.app_context():
        query = select(Notification).filter_by(**filters).order_by(Notification.id)
        found = list(db.session.scalars(query))
        db.session.expunge_all()
        return found


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_the_owner_s_contact_address_gets_a_swedish_email_with_a_link_that_works(
    app, client, mail_app, smtp, place, make_user, make_finding
):
    finding = report(make_finding, make_user("reporter"), note="Lampan vid porten är trasig")
    stats = Worker(mail_app).run_once()
    assert stats.sent == 1
    (message,) = smtp.to("felanmalan@vasbyhem.se")
    assert (
        message["Subject"] == "Lykta: Trasig/bristfällig belysning – Upplands Väsby Dragonen 1:12"
    )
    assert message["From"] == "Lykta <lykta@localhost>"
    assert message["Auto-Submitted"] == "auto-generated"
    body = text_of(message)
    assert "En iakttagelse från en trygghetsvandring har skickats till AB Väsbyhem i Lykta." in body
    assert "Kategori: Trasig/bristfällig belysning" in body
    assert "Beskrivning: Lampan vid porten är trasig" in body
    assert "Plats: Upplands Väsby Dragonen 1:12, 59.51" in body
    assert f"Åtgärda senast: {finding['due_date']}" in body
    assert "Varför till er: inom fastigheten Upplands Väsby Dragonen 1:12" in body
    link = re.search(r"http://lykta\.test(/owner/\S+)", body).group(1)
    assert finding["id"] in link
    assert "Öppna och svara" in html_of(message)

    page = client.get(link)
    assert page.status_code == 200
    assert "Trasig/bristfällig belysning" in page.text
    assert "Lampan vid porten är trasig" in page.text
    sent = rows(app)[0]
    assert (sent.status, sent.attempts, sent.recipient) == ("sent", 0, "felanmalan@vasbyhem.se")
    coordinator = make_user("coordinator")
    shown = client.get(
        f"/api/v1/findings/{finding['id']}",
        headers={"Authorization": f"Bearer {coordinator.token}"},
    ).json
    assert shown["delivery"] == "sent"


def test_owners_users_get_it_in_their_language_with_a_link_into_the_app(
    mail_app, smtp, place, make_user, make_finding
):
    make_user("owner", place, email="hanna@vasbyhem.se")
    make_user("owner", place, email="henry@vasbyhem.se", locale="en")
    quiet = make_user("owner", place, email="tyst@vasbyhem.se")
    with mail_app.app_context():
        from server.accounts.models import User

        db.session.get(User, quiet.id).notify_mode = "off"
        db.session.commit()
    make_user("coordinator", place, email="samordnare@vasbyhem.se")  # not an owner: not told
    finding = report(make_finding, make_user("reporter"))
    Worker(mail_app).run_once()
    assert sorted(m["To"] for m in smtp.messages) == [
        "felanmalan@vasbyhem.se",
        "hanna@vasbyhem.se",
        "henry@vasbyhem.se",
    ]
    (english,) = smtp.to("henry@vasbyhem.se")
    assert english["Subject"] == "Lykta: Broken or poor lighting – Upplands Väsby Dragonen 1:12"
    body = text_of(english)
    assert "A finding from a safety walk was sent to AB Väsbyhem in Lykta." in body
    assert f"Fix by: {finding['due_date']}" in body
    assert "Why to you: within the property Upplands Väsby Dragonen 1:12" in body
    assert f"http://lykta.test/#/findings?id={finding['id']}" in body
    assert "/owner/" not in body  # users sign in; the signed link is for addresses without one
    (swedish,) = smtp.to("hanna@vasbyhem.se")
    assert "Öppna iakttagelsen i Lykta:" in text_of(swedish)


def test_the_email_waits_for_the_photos_and_shows_the_first_inline(
    api, app, mail_app, smtp, place, make_user
):
    reporter = make_user("reporter")
    finding_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
    lat, lon = at(10, 10)
    body = {
        "category": "klotter",
        "lat": lat,
        "lon": lon,
        "captured_at": "2026-11-20T18:42:10+01:00",
        "photos": [photo_id],
    }
    assert api(reporter).put(f"/api/v1/findings/{finding_id}", json=body).status_code == 201
    assert Worker(mail_app).run_once().sent == 0  # the photo is on its way
    api(reporter).put(
        f"/api/v1/findings/{finding_id}/photos/{photo_id}",
        data=photo("jolla_phone.jpg"),
        content_type="image/jpeg",
    )
    assert Worker(mail_app).run_once().sent == 1
    (message,) = smtp.messages
    images = [part for part in message.walk() if part.get_content_type() == "image/jpeg"]
    assert len(images) == 1
    assert images[0]["Content-ID"] == f"<photo-{photo_id}@lykta>"
    assert f'src="cid:photo-{photo_id}@lykta"' in html_of(message)
    assert images[0].get_content()[:2] == b"\xff\xd8"


def test_a_finding_whose_photos_never_come_is_sent_after_the_wait(
    api, mail_app, smtp, place, make_user
):
    reporter = make_user("reporter")
    lat, lon = at(10, 10)
    body = {
        "category": "klotter",
        "lat": lat,
        "lon": lon,
        "captured_at": "2026-11-20T18:42:10+01:00",
        "photos": [str(uuid.uuid4())],
    }
    api(reporter).put(f"/api/v1/findings/{uuid.uuid4()}", json=body)
    assert Worker(mail_app).run_once().sent == 0
    assert Worker(mail_app).run_once(now=utcnow() + timedelta(minutes=11)).sent == 1
    assert not any(p.get_content_type() == "image/jpeg" for p in smtp.messages[0].walk())


def test_the_worker_tries_again_with_backoff_after_the_server_was_down(
    make_app, app, smtp_later, place, make_user, make_finding
):
    worker_app = make_app(SMTP_URL=smtp_later.url, LYKTA_NOTIFY_RETRY_SECONDS=60)
    report(make_finding, make_user("reporter"))
    start = utcnow()
    first = Worker(worker_app).run_once(now=start)
    assert (first.sent, first.retried) == (0, 1)
    (row,) = rows(app)
    assert row.status == "pending" and row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    assert timedelta(seconds=54) <= row.next_attempt_at - start <= timedelta(seconds=66)
    # Still down at the second attempt: 6 minutes later this time.
    second = Worker(worker_app).run_once(now=row.next_attempt_at)
    assert second.retried == 1
    (row,) = rows(app)
    assert row.attempts == 2
    assert timedelta(minutes=5.4) <= row.next_attempt_at - start <= timedelta(minutes=7.7)
    # Not yet due: nothing happens, even now that the server is back.
    smtp_later.start()
    assert Worker(worker_app).run_once(now=start + timedelta(minutes=2)).sent == 0
    third = Worker(worker_app).run_once(now=row.next_attempt_at)
    assert third.sent == 1
    assert [m["To"] for m in smtp_later.messages] == ["felanmalan@vasbyhem.se"]
    (row,) = rows(app)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)


def test_a_delivery_that_keeps_failing_is_shown_to_coordinators(
    api, make_app, app, smtp, place, make_user, make_finding
):
    worker_app = make_app(
        SMTP_URL=smtp.url, LYKTA_NOTIFY_RETRY_SECONDS=0, LYKTA_NOTIFY_MAX_ATTEMPTS=3
    )
    smtp.busy.add("felanmalan@vasbyhem.se")  # 4xx: temporary, every time
    finding = report(make_finding, make_user("reporter"))
    for attempt in range(3):
        Worker(worker_app).run_once(now=utcnow() + timedelta(seconds=attempt))
    (row,) = rows(app)
    assert (row.status, row.attempts) == ("failed", 3)
    assert "451" in row.last_error
    coordinator = make_user("coordinator")
    failed = api(coordinator).get("/api/v1/notifications").json["items"]
    assert [(item["finding_id"], item["recipient"], item["attempts"]) for item in failed] == [
        (finding["id"], "felanmalan@vasbyhem.se", 3)
    ]
    assert "451" in failed[0]["last_error"]
    shown = api(coordinator).get(f"/api/v1/findings/{finding['id']}").json
    assert shown["delivery"] == "failed"
    listed = api(coordinator).get("/api/v1/findings?delivery=failed").json["items"]
    assert [item["id"] for item in listed] == [finding["id"]]
    history = api(coordinator).get(f"/api/v1/findings/{finding['id']}/events").json
    assert any(
        e["kind"] == "delivery" and "felanmalan@vasbyhem.se" in e["comment"] for e in history
    )
    # Owners and reporters see neither the failure nor the list.
    owner = make_user("owner", place)
    assert api(owner).get(f"/api/v1/findings/{finding['id']}").json["delivery"] is None
    assert not any(
        e["kind"] == "delivery"
        for e in api(owner).get(f"/api/v1/findings/{finding['id']}/events").json
    )
    assert api(owner).get("/api/v1/notifications").status_code == 403

    # The address is fixed: a coordinator sends it again.
    smtp.busy.clear()
    retried = api(coordinator).post(f"/api/v1/notifications/{row.id}/retry")
    assert retried.status_code == 200
    assert retried.json["status"] == "pending"
    assert Worker(worker_app).run_once().sent >= 1
    assert api(coordinator).get(f"/api/v1/findings/{finding['id']}").json["delivery"] == "sent"
    assert api(coordinator).post(f"/api/v1/notifications/{row.id}/retry").status_code == 409


def test_a_dead_mailbox_fails_at_once(api, mail_app, app, smtp, place, make_user, make_finding):
    smtp.refuse.add("felanmalan@vasbyhem.se")
    report(make_finding, make_user("reporter"))
    stats = Worker(mail_app).run_once()
    assert stats.failed == 1
    (row,) = rows(app)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "550" in row.last_error


def test_an_organisation_nobody_can_be_emailed_at_is_a_failure_at_once(
    api, make_user, make_org, make_property, make_finding
):
    silent = make_org("Brf Tystnaden")
    make_property("Tystnaden 1:1", silent, rectangle(0, 0, 60, 60))
    finding = report(make_finding, make_user("reporter"))
    coordinator = make_user("coordinator")
    assert api(coordinator).get(f"/api/v1/findings/{finding['id']}").json["delivery"] == "failed"
    (item,) = api(coordinator).get("/api/v1/notifications").json["items"]
    assert item["recipient"] is None
    assert item["last_error"] == (
        "Organisationen har ingen e-postadress och inga användare som får mejl."
    )


def test_a_finding_sent_elsewhere_before_the_email_left_is_not_emailed(
    api, app, mail_app, smtp, place, make_user, make_org, make_finding
):
    finding = report(make_finding, make_user("reporter"))
    gata = make_org("Gatuenheten")
    api(make_user("coordinator")).post(
        f"/api/v1/findings/{finding['id']}/route",
        json={"organisation_id": None, "comment": "Fel mottagare"},
    )
    assert Worker(mail_app).run_once().sent == 0
    assert [row.status for row in rows(app)] == ["cancelled"]
    assert gata


def test_a_daily_digest_groups_a_recipient_s_findings_into_one_email(
    api, app, mail_app, smtp, place, make_user, make_finding
):
    digest_reader = make_user("owner", place, email="hanna@vasbyhem.se")
    api(digest_reader).patch("/api/v1/auth/me", json={"notify_mode": "digest"})
    reporter = make_user("reporter")
    first = report(make_finding, reporter, 10, 10, note="Första")
    second = report(make_finding, reporter, 20, 20, category="klotter", note="Andra")
    third = report(make_finding, reporter, 30, 5, category="nedskrapning", note="Tredje")
    api(make_user("coordinator")).post(
        f"/api/v1/findings/{third['id']}/route",
        json={"organisation_id": None, "comment": "Inte Väsbyhems"},
    )
    Worker(mail_app).run_once()
    # The contact address gets each at once; the digest reader nothing yet.
    assert len(smtp.to("felanmalan@vasbyhem.se")) == 2
    assert smtp.to("hanna@vasbyhem.se") == []
    pending = rows(app, recipient="hanna@vasbyhem.se", status="pending")
    assert len(pending) == 2 and all(row.digest for row in pending)
    due = pending[0].next_attempt_at.astimezone(STOCKHOLM)
    assert (due.hour, due.minute) == (7, 0)
    assert due > datetime.now(STOCKHOLM)

    assert Worker(mail_app).run_once(now=due + timedelta(minutes=5)).sent == 1
    (digest,) = smtp.to("hanna@vasbyhem.se")
    assert digest["Subject"] == "Lykta: 2 nya iakttagelser till er"
    body = text_of(digest)
    assert "Första" in body and "Andra" in body and "Tredje" not in body
    assert f"http://lykta.test/#/findings?id={first['id']}" in body
    assert f"http://lykta.test/#/findings?id={second['id']}" in body
    assert Worker(mail_app).run_once(now=due + timedelta(minutes=10)).sent == 0


def test_an_organisation_s_contact_address_can_take_a_digest_too(
    app, mail_app, smtp, place, set_org, make_user, make_finding
):
    set_org(place, notify_mode="digest")
    reporter = make_user("reporter")
    report(make_finding, reporter, 10, 10)
    report(make_finding, reporter, 20, 20)
    assert Worker(mail_app).run_once().sent == 0
    tomorrow = utcnow() + timedelta(days=1, hours=1)
    assert Worker(mail_app).run_once(now=tomorrow).sent == 1
    (digest,) = smtp.to("felanmalan@vasbyhem.se")
    assert digest["Subject"] == "Lykta: 2 nya iakttagelser till er"
    assert text_of(digest).count("/owner/") == 2


def test_two_workers_at_once_never_send_twice(make_app, app, smtp, place, make_user, make_finding):
    """Two workers start together on 24 emails (two recipients each for 12 findings) and a
    slow mail server: every email arrives exactly once."""
    make_user("owner", place, email="hanna@vasbyhem.se")
    reporter = make_user("reporter")
    findings = [report(make_finding, reporter, 5 + i * 4, 10) for i in range(12)]
    smtp.delay = 0.02
    workers = [Worker(make_app(SMTP_URL=smtp.url), name=f"worker-{n}", batch=5) for n in range(2)]
    start = threading.Barrier(len(workers))
    results = {}

    def run(worker):
        start.wait()
        results[worker.name] = worker.run_once()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    sent = [
        (m["To"], re.search(r"id=([0-9a-f-]{36})|/owner/([0-9a-f-]{36})", text_of(m)).group(0))
        for m in smtp.messages
    ]
    assert len(sent) == 24
    assert len(set(sent)) == 24
    assert sum(result.sent for result in results.values()) == 24
    assert all(result.sent for result in results.values())  # both took part
    with app.app_context():
        statuses = dict(
            db.session.execute(
                select(Notification.status, func.count()).group_by(Notification.status)
            ).all()
        )
    assert statuses == {"sent": 24}
    assert len(findings) == 12


def test_lykta_worker_once_delivers_what_is_due_and_exits(
    mail_app, smtp, place, make_user, make_finding
):
    report(make_finding, make_user("reporter"))
    result = mail_app.test_cli_runner().invoke(main, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 emails" in result.output
    assert len(smtp.messages) == 1
