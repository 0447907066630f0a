"""What the resident who left an email hears, through the outbox and a real SMTP server: the
approval, the rejection with its reason, and the fix with the one question "Är det åtgärdat?",
whose page answers only on POST, once: Nej reopens the finding, Ja verifies it. The address is
deleted when no email is left to send, and the owner never sees it."""

import re
import uuid

from sqlalchemy import select

from server.extensions import db
from server.notify.worker import Worker
from server.tips.models import ResidentTip
from tests.factories import at
from tests.factories.tips import RESIDENT
from tests.notify.test_worker import html_of, rows, text_of

LINK = re.compile(r"http://lykta\.test(/tips/answer/[\w-]+)\?answer=(ja|nej)")


def tip_row(app, tip_id) -> ResidentTip:
    with app.app_context():
        found = db.session.get(ResidentTip, uuid.UUID(tip_id))
        db.session.expunge_all()
        return found


def fixed_by_owner(api, owner, finding_id):
    response = api(owner).post(
        f"/api/v1/findings/{finding_id}/status", json={"status": "åtgärdad", "comment": "Ny lampa"}
    )
    assert response.status_code == 200, response.json


def answer_links(message) -> dict[str, str]:
    return {answer: path for path, answer in LINK.findall(text_of(message))}


def form_token(page: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def test_approved_the_resident_is_told_it_was_received_and_sent_on(
    app, api, tip, coordinator, vasbyhem, mail_app, smtp
):
    tip_id = tip()
    api(coordinator).post(f"/api/v1/findings/{tip_id}/approve")
    Worker(mail_app).run_once()
    (message,) = smtp.to(RESIDENT)
    assert message["Subject"] == (
        "Lykta: ditt tips är mottaget och skickat vidare – Trasig/bristfällig belysning"
    )
    body = text_of(message)
    assert "Vi har tagit emot det och skickat det vidare" in body
    assert "Vi skriver till dig igen när det är åtgärdat." in body
    assert smtp.to("felanmalan@vasbyhem.se")  # the owner got the finding
    for other in smtp.messages:
        if other["To"] != RESIDENT:
            assert RESIDENT not in text_of(other) and RESIDENT not in html_of(other)
    assert tip_row(app, tip_id).email == RESIDENT  # still needed: the fix is to come
    (sent,) = rows(app, kind="tip_approved")
    assert sent.status == "sent" and sent.recipient is None  # the outbox forgets it


def test_rejected_the_resident_gets_the_reason_and_the_address_is_deleted(
    app, api, tip, coordinator, mail_app, smtp
):
    tip_id = tip(locale="en")
    api(coordinator).post(
        f"/api/v1/findings/{tip_id}/reject", json={"reason": "The lamp is on private land."}
    )
    assert tip_row(app, tip_id).email is None
    Worker(mail_app).run_once()
    (message,) = smtp.to(RESIDENT)
    assert (
        message["Subject"] == "Lykta: your tip will not be taken further – Broken or poor lighting"
    )
    assert "Why: The lamp is on private land." in text_of(message)
    assert "your email address is now deleted" in text_of(message)


def test_fixed_the_resident_is_asked_once_and_no_reopens_it_for_the_owner(
    app, api, client, tip, coordinator, vasbyhem, mail_app, smtp
):
    tip_id = tip()
    api(coordinator).post(f"/api/v1/findings/{tip_id}/approve")
    Worker(mail_app).run_once()
    fixed_by_owner(api, vasbyhem["owner"], tip_id)
    assert tip_row(app, tip_id).email is None  # the answer page works by its token
    Worker(mail_app).run_once()
    message = smtp.to(RESIDENT)[-1]
    assert message["Subject"] == "Lykta: är det åtgärdat? – Trasig/bristfällig belysning"
    assert "Är det åtgärdat? Svara med en av länkarna (en gång):" in text_of(message)
    links = answer_links(message)
    assert set(links) == {"ja", "nej"}

    page = client.get(f"{links['nej']}?answer=nej")  # what a mail scanner does too
    assert page.status_code == 200 and "Är det åtgärdat?" in page.text
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert tip_row(app, tip_id).fixed_answer is None
    assert api(coordinator).get(f"/api/v1/findings/{tip_id}").json["status"] == "åtgärdad"

    owner_mails = len(smtp.to("felanmalan@vasbyhem.se"))
    answered = client.post(
        links["nej"], data={"answer": "nej", "form_token": form_token(page.text)}
    )
    assert answered.status_code == 303
    finding = api(coordinator).get(f"/api/v1/findings/{tip_id}").json
    assert finding["status"] == "skickad" and finding["assigned_org"]["name"] == "AB Väsbyhem"
    history = api(coordinator).get(f"/api/v1/findings/{tip_id}/events").json
    said = [event for event in history if event["to_value"] == "skickad" and event["comment"]]
    assert said[-1]["comment"] == "Invånaren som tipsade svarade att det inte är åtgärdat."
    Worker(mail_app).run_once()
    assert len(smtp.to("felanmalan@vasbyhem.se")) == owner_mails + 1  # the owner is told again

    thanks = client.get(links["nej"])
    assert "Tack. Vi har skickat tillbaka det till den som ansvarar." in thanks.text
    again = client.post(links["ja"], data={"answer": "ja", "form_token": form_token(page.text)})
    assert again.status_code == 303
    assert tip_row(app, tip_id).fixed_answer == "nej"  # once only
    assert api(coordinator).get(f"/api/v1/findings/{tip_id}").json["status"] == "skickad"


def test_yes_verifies_the_fix(app, api, client, tip, coordinator, vasbyhem, mail_app, smtp):
    tip_id = tip()
    api(coordinator).post(f"/api/v1/findings/{tip_id}/approve")
    fixed_by_owner(api, vasbyhem["owner"], tip_id)
    Worker(mail_app).run_once()
    links = answer_links(smtp.to(RESIDENT)[-1])
    page = client.get(links["ja"])
    client.post(links["ja"], data={"answer": "ja", "form_token": form_token(page.text)})
    assert api(coordinator).get(f"/api/v1/findings/{tip_id}").json["status"] == "verifierad"
    assert tip_row(app, tip_id).fixed_answer == "ja"


def test_a_post_without_the_form_s_token_answers_nothing(
    app, api, client, tip, coordinator, vasbyhem, mail_app, smtp
):
    tip_id = tip()
    api(coordinator).post(f"/api/v1/findings/{tip_id}/approve")
    fixed_by_owner(api, vasbyhem["owner"], tip_id)
    Worker(mail_app).run_once()
    links = answer_links(smtp.to(RESIDENT)[-1])
    assert client.post(links["nej"], data={"answer": "nej"}).status_code == 400
    assert client.get("/tips/answer/not-a-token").status_code == 404
    assert tip_row(app, tip_id).fixed_answer is None


def test_a_merged_tip_s_resident_hears_of_the_original_s_fix(
    app, api, client, tip, coordinator, vasbyhem, make_user, make_finding, mail_app, smtp
):
    lat, lon = at(12, 10)
    original = make_finding(make_user("reporter"), lat=lat, lon=lon)
    tip_id = tip()
    api(coordinator).post(f"/api/v1/findings/{tip_id}/merge", json={"into": original["id"]})
    assert tip_row(app, tip_id).email == RESIDENT
    fixed_by_owner(api, vasbyhem["owner"], original["id"])
    assert tip_row(app, tip_id).email is None
    Worker(mail_app).run_once()
    message = smtp.to(RESIDENT)[-1]
    assert "Det du tipsade om var redan anmält, och nu är det markerat som åtgärdat." in text_of(
        message
    )
    links = answer_links(message)
    page = client.get(links["nej"])
    client.post(links["nej"], data={"answer": "nej", "form_token": form_token(page.text)})
    assert api(coordinator).get(f"/api/v1/findings/{original['id']}").json["status"] == "skickad"


def test_the_address_goes_when_the_finding_closes_another_way(app, api, tip, coordinator, vasbyhem):
    tip_id = tip()
    api(coordinator).post(f"/api/v1/findings/{tip_id}/approve")
    api(coordinator).post(
        f"/api/v1/findings/{tip_id}/status", json={"status": "avvisad", "comment": "Dubbelt"}
    )
    assert tip_row(app, tip_id).email is None


def test_the_owner_never_sees_the_address(
    app, api, client, tip, coordinator, vasbyhem, mail_app, smtp
):
    tip_id = tip()
    api(coordinator).post(f"/api/v1/findings/{tip_id}/approve")
    Worker(mail_app).run_once()
    owner = api(vasbyhem["owner"])
    for path in (
        f"/api/v1/findings/{tip_id}",
        f"/api/v1/findings/{tip_id}/events",
        "/api/v1/findings",
        "/api/v1/exports/findings.csv",
        "/api/v1/exports/findings.geojson",
    ):
        response = owner.get(path)
        assert response.status_code == 200, path
        assert RESIDENT not in response.text, path
    assert RESIDENT not in client.get(f"/open311/v2/requests/{tip_id}.json").text
    for message in smtp.to("felanmalan@vasbyhem.se") + smtp.to("hanna@vasbyhem.se"):
        assert RESIDENT not in text_of(message) and RESIDENT not in html_of(message)
    with app.app_context():
        assert db.session.scalar(select(ResidentTip.email)) == RESIDENT  # kept for the fix


def test_coordinators_see_a_resident_s_email_waiting_but_not_the_address(api, tip, coordinator):
    tip_id = tip()
    api(coordinator).post(f"/api/v1/findings/{tip_id}/approve")  # not sent yet: no worker ran
    response = api(coordinator).get("/api/v1/notifications?status=all&current=false")
    assert response.status_code == 200
    (waiting,) = [row for row in response.json["items"] if row["kind"] == "tip_approved"]
    assert waiting["status"] == "pending" and waiting["recipient"] is None
    assert RESIDENT not in response.text
