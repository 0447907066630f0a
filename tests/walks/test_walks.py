"""Walks: planned by coordinators with invitations by email (through the outbox, to a real
SMTP server on loopback), seen by participants in the app, started and closed."""

import uuid

from sqlalchemy import select

from server.accounts import service as accounts
from server.accounts.models import Organisation
from server.audit.models import AuditEntry
from server.extensions import db
from server.notify.models import Notification
from server.notify.worker import Worker
from tests.factories import PASSWORD, rectangle

ROUTE = {"type": "LineString", "coordinates": [[17.9113, 59.5190], [17.9100, 59.5182]]}


def plan(api, coordinator, **fields):
    body = {
        "type": "trygghetsvandring",
        "title": "Trygghetsvandring i Väsby centrum",
        "planned_start": "2026-12-03T18:00:00+01:00",
        "planned_end": "2026-12-03T20:00:00+01:00",
        "meeting_point": "Entrén mot Dragonvägen",
        "meeting_lat": 59.5190,
        "meeting_lon": 17.9113,
        "description": "Vi går runt centrum och stationen.",
        "route": ROUTE,
        **fields,
    }
    return api(coordinator).post("/api/v1/walks", json=body)


def report_on(client, walk_id: int):
    """A finding reported on the walk, near the meeting point."""
    return client.put(
        f"/api/v1/findings/{uuid.uuid4()}",
        json={
            "category": "belysning",
            "lat": 59.5186,
            "lon": 17.9119,
            "captured_at": "2026-11-20T18:42:10+01:00",
            "walk_id": walk_id,
        },
    )


def test_a_coordinator_plans_a_walk_and_invites_people(api, make_user, make_area, mail_app, smtp):
    coordinator = make_user("coordinator")
    walker = make_user("reporter")
    area = make_area("Centrum", rectangle(-200, -200, 200, 200))
    response = plan(
        api, coordinator, area_id=area, invite=[walker.email.upper(), "ny.boende@example.se"]
    )
    assert response.status_code == 201, response.json
    walk = response.json
    assert walk["status"] == "planerad"
    assert walk["meeting_point"] == "Entrén mot Dragonvägen"
    assert walk["route"] == ROUTE
    assert walk["area"]["name"] == "Centrum"
    assert [p["id"] for p in walk["participants"]] == [walker.id]
    invitations = {i["email"]: i for i in walk["invitations"]}
    assert invitations[walker.email]["user"]["id"] == walker.id
    assert invitations["ny.boende@example.se"]["user"] is None
    assert {i["delivery"] for i in walk["invitations"]} == {"pending"}

    stats = Worker(mail_app).run_once()
    assert stats.sent == 2
    to_walker = smtp.to(walker.email)[0]
    assert to_walker["Subject"] == (
        "Inbjudan: Trygghetsvandring i Väsby centrum – 2026-12-03 kl. 18.00"
    )
    text = to_walker.get_body(preferencelist=("plain",)).get_content()
    assert "torsdag 2026-12-03 kl. 18.00–20.00" in text
    assert "Samlingsplats: Entrén mot Dragonvägen" in text
    assert f"http://lykta.test/walks/{walk['id']}/protocol" in text
    calendar = next(part for part in to_walker.iter_attachments())
    assert calendar.get_content_type() == "text/calendar"
    ics = calendar.get_content()
    ics = ics if isinstance(ics, str) else ics.decode()
    assert "DTSTART:20261203T170000Z" in ics and "DTEND:20261203T190000Z" in ics
    assert "LOCATION:Entrén mot Dragonvägen" in ics
    newcomer = smtp.to("ny.boende@example.se")[0]
    assert "inget konto i Lykta" in newcomer.get_body(preferencelist=("plain",)).get_content()
    detail = api(coordinator).get(f"/api/v1/walks/{walk['id']}").json
    assert {i["delivery"] for i in detail["invitations"]} == {"sent"}

    # Inviting the same address again sends nothing more.
    again = api(coordinator).post(
        f"/api/v1/walks/{walk['id']}/invitations", json={"emails": [walker.email]}
    )
    assert again.status_code == 200
    assert Worker(mail_app).run_once().sent == 0


def test_participants_see_the_walk_in_the_app_and_others_do_not(api, make_user):
    coordinator, walker, stranger = (
        make_user("coordinator"),
        make_user("reporter"),
        make_user("owner"),
    )
    walk = plan(api, coordinator, invite=[walker.email]).json
    synced = api(walker).get("/api/v1/sync").json
    assert walk["id"] in synced["walk_ids"]
    shown = next(w for w in synced["walks"] if w["id"] == walk["id"])
    assert shown["meeting_point"] == "Entrén mot Dragonvägen"
    assert shown["route"] == ROUTE
    assert api(walker).get(f"/api/v1/walks/{walk['id']}").status_code == 200
    assert api(walker).get(f"/api/v1/walks/{walk['id']}").json["invitations"] is None
    assert [w["id"] for w in api(walker).get("/api/v1/walks").json] == [walk["id"]]
    assert api(stranger).get(f"/api/v1/walks/{walk['id']}").status_code == 404
    assert api(stranger).get("/api/v1/walks").json == []
    assert api(walker).post("/api/v1/walks", json={}).status_code == 403
    assert api(walker).post(f"/api/v1/walks/{walk['id']}/close", json={}).status_code == 403
    # A participant may report on the walk.
    finding = report_on(api(walker), walk["id"])
    assert finding.status_code == 201, finding.json


def test_someone_invited_without_an_account_takes_part_once_they_get_one(app, api, make_user):
    coordinator = make_user("coordinator")
    walk = plan(api, coordinator, invite=["Vera.Berg@Example.se"]).json
    assert walk["participants"] == []
    with app.app_context():
        organisation = accounts.get_or_create_organisation("Väsby centrum BID", "BID")
        user = accounts.create_user(
            email="vera.berg@example.se",
            name="Vera Berg",
            role="reporter",
            organisation=db.session.get(Organisation, organisation.id),
            password=PASSWORD,
        )
        _, token = accounts.issue_token(user, label="t")
        db.session.commit()
    detail = api(coordinator).get(f"/api/v1/walks/{walk['id']}").json
    assert [p["name"] for p in detail["participants"]] == ["Vera Berg"]
    assert detail["invitations"][0]["user"]["name"] == "Vera Berg"
    synced = (
        app.test_client().get("/api/v1/sync", headers={"Authorization": f"Bearer {token}"}).json
    )
    assert walk["id"] in synced["walk_ids"]


def test_start_and_close_with_a_summary(api, make_user, mail_app, smtp):
    coordinator = make_user("coordinator")
    walk = plan(api, coordinator, invite=["late@example.se"]).json
    staff = api(coordinator)
    started = staff.post(f"/api/v1/walks/{walk['id']}/start")
    assert started.status_code == 200 and started.json["status"] == "pågår"
    assert started.json["started_at"] is not None
    assert staff.post(f"/api/v1/walks/{walk['id']}/start").status_code == 200  # again: no change
    closed = staff.post(
        f"/api/v1/walks/{walk['id']}/close", json={"summary": "Mörkt vid stationen."}
    )
    assert closed.status_code == 200
    assert closed.json["status"] == "avslutad" and closed.json["summary"] == "Mörkt vid stationen."
    again = staff.post(f"/api/v1/walks/{walk['id']}/close", json={"summary": "Rättad."})
    assert (
        again.json["summary"] == "Rättad." and again.json["closed_at"] == closed.json["closed_at"]
    )
    assert staff.post(f"/api/v1/walks/{walk['id']}/start").status_code == 409
    refused = staff.post(
        f"/api/v1/walks/{walk['id']}/invitations", json={"emails": ["x@example.se"]}
    )
    assert refused.status_code == 409
    # The invitation not yet sent when the walk closed is not sent at all.
    stats = Worker(mail_app).run_once()
    assert stats.sent == 0 and stats.cancelled == 1
    assert smtp.messages == []


def test_planning_is_validated(api, make_user):
    coordinator = make_user("coordinator")
    assert plan(api, coordinator, type="promenad").status_code == 422
    assert plan(api, coordinator, planned_end="2026-12-03T17:00:00+01:00").status_code == 422
    assert plan(api, coordinator, route={"type": "Point", "coordinates": [1, 2]}).status_code == 422
    assert (
        plan(
            api, coordinator, route={"type": "LineString", "coordinates": [[200, 1], [1, 1]]}
        ).status_code
        == 422
    )
    assert plan(api, coordinator, area_id=99999).status_code == 422
    assert plan(api, coordinator, meeting_lon=None).status_code == 422
    assert plan(api, coordinator, invite=["not an address"]).status_code == 422
    assert plan(api, coordinator, planned_start="2026-12-03T18:00:00").status_code == 422
    walk = plan(api, coordinator).json
    moved = api(coordinator).patch(
        f"/api/v1/walks/{walk['id']}",
        json={"planned_start": "2026-12-04T18:00:00+01:00", "meeting_point": "Torget"},
    )
    assert moved.status_code == 422  # it would end before it starts
    moved = api(coordinator).patch(
        f"/api/v1/walks/{walk['id']}",
        json={
            "planned_start": "2026-12-04T18:00:00+01:00",
            "planned_end": None,
            "meeting_point": "Torget",
        },
    )
    assert moved.status_code == 200, moved.json
    assert moved.json["meeting_point"] == "Torget"
    assert api(coordinator).get("/api/v1/walks/2147483648").status_code in (404, 422)


def test_an_invitation_that_cannot_be_delivered_is_shown(app, api, make_user, mail_app, smtp):
    coordinator = make_user("coordinator")
    smtp.refuse.add("dead@example.se")
    walk = plan(api, coordinator, invite=["dead@example.se"]).json
    Worker(mail_app).run_once()
    detail = api(coordinator).get(f"/api/v1/walks/{walk['id']}").json
    assert detail["invitations"][0]["delivery"] == "failed"
    failed = api(coordinator).get("/api/v1/notifications").json["items"]
    assert [(n["kind"], n["walk_id"], n["finding_id"]) for n in failed] == [
        ("walk_invitation", walk["id"], None)
    ]
    with app.app_context():
        row = db.session.scalar(select(Notification))
        assert row.finding_id is None


def ics_of(message) -> str:
    calendar = next(part for part in message.iter_attachments())
    content = calendar.get_content()
    return content if isinstance(content, str) else content.decode()


def test_moving_a_planned_walk_emails_everyone_invited(api, make_user, mail_app, smtp):
    coordinator, walker = make_user("coordinator"), make_user("reporter")
    walk = plan(api, coordinator, invite=[walker.email, "ny.boende@example.se"]).json
    assert Worker(mail_app).run_once().sent == 2
    assert "SEQUENCE:0" in ics_of(smtp.to(walker.email)[0])
    staff = api(coordinator)

    # A new title or description is nobody's business by email.
    staff.patch(f"/api/v1/walks/{walk['id']}", json={"title": "Kvällsvandring i centrum"})
    assert Worker(mail_app).run_once().sent == 0

    # Moved twice before the worker runs: one email each, saying where it is now.
    for start, place in (("19:00", "Stationen"), ("19:30", "Torget vid biblioteket")):
        moved = staff.patch(
            f"/api/v1/walks/{walk['id']}",
            json={
                "planned_start": f"2026-12-10T{start}:00+01:00",
                "planned_end": "2026-12-10T21:00:00+01:00",
                "meeting_point": place,
            },
        )
        assert moved.status_code == 200, moved.json
    assert Worker(mail_app).run_once().sent == 2
    for address in (walker.email, "ny.boende@example.se"):
        notice = smtp.to(address)[1]
        assert notice["Subject"] == (
            "Ändrad tid eller plats: Kvällsvandring i centrum – 2026-12-10 kl. 19.30"
        )
        text = notice.get_body(preferencelist=("plain",)).get_content()
        assert "Tiden eller platsen har ändrats" in text
        assert "torsdag 2026-12-10 kl. 19.30–21.00" in text
        assert "Samlingsplats: Torget vid biblioteket" in text
        ics = ics_of(notice)
        assert f"UID:walk-{walk['id']}@" in ics and "SEQUENCE:2" in ics
        assert "DTSTART:20261210T183000Z" in ics


def test_a_move_before_the_invitation_went_out_sends_only_the_invitation(
    api, make_user, mail_app, smtp
):
    coordinator = make_user("coordinator")
    walk = plan(api, coordinator, invite=["granne@example.se"]).json
    api(coordinator).patch(
        f"/api/v1/walks/{walk['id']}", json={"planned_start": "2026-12-03T17:30:00+01:00"}
    )
    assert Worker(mail_app).run_once().sent == 1
    (invitation,) = smtp.to("granne@example.se")
    assert invitation["Subject"].startswith("Inbjudan:")
    assert "kl. 17.30–20.00" in invitation.get_body(preferencelist=("plain",)).get_content()


def test_once_the_walk_has_begun_a_move_is_not_emailed(api, make_user, mail_app, smtp):
    coordinator = make_user("coordinator")
    walk = plan(api, coordinator, invite=["granne@example.se"]).json
    Worker(mail_app).run_once()
    api(coordinator).post(f"/api/v1/walks/{walk['id']}/start")
    api(coordinator).patch(f"/api/v1/walks/{walk['id']}", json={"meeting_point": "Torget"})
    assert Worker(mail_app).run_once().sent == 0


def test_someone_whose_invitation_is_taken_back_is_told_and_their_calendar_cleared(
    api, make_user, mail_app, smtp
):
    coordinator, walker = make_user("coordinator"), make_user("reporter")
    walk = plan(api, coordinator, invite=[walker.email, "granne@example.se"]).json
    assert Worker(mail_app).run_once().sent == 2
    staff = api(coordinator)
    invitations = {i["email"]: i["id"] for i in walk["invitations"]}

    staff.delete(f"/api/v1/walks/{walk['id']}/invitations/{invitations[walker.email]}")
    assert Worker(mail_app).run_once().sent == 1
    _, notice = smtp.to(walker.email)
    assert notice["Subject"] == (
        "Inbjudan återkallad: Trygghetsvandring i Väsby centrum – 2026-12-03 kl. 18.00"
    )
    text = notice.get_body(preferencelist=("plain",)).get_content()
    assert "Din inbjudan till den här vandringen har tagits tillbaka" in text
    assert "tar bort vandringen ur din kalender" in text
    ics = ics_of(notice)
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics
    assert f"UID:walk-{walk['id']}@" in ics and "SEQUENCE:1" in ics
    assert len(smtp.to("granne@example.se")) == 1  # nobody else hears of it

    # Taken back and invited again before the worker runs: the invitation alone goes out.
    staff.delete(f"/api/v1/walks/{walk['id']}/invitations/{invitations['granne@example.se']}")
    staff.post(f"/api/v1/walks/{walk['id']}/invitations", json={"emails": ["granne@example.se"]})
    assert Worker(mail_app).run_once().sent == 1
    assert [m["Subject"].split(":")[0] for m in smtp.to("granne@example.se")] == [
        "Inbjudan",
        "Inbjudan",
    ]


def test_a_planned_walk_is_called_off_and_those_invited_are_told(
    app, api, make_user, mail_app, smtp
):
    coordinator, walker = make_user("coordinator"), make_user("reporter")
    walk = plan(api, coordinator, invite=[walker.email]).json
    assert Worker(mail_app).run_once().sent == 1
    staff = api(coordinator)
    staff.post(f"/api/v1/walks/{walk['id']}/invitations", json={"emails": ["sen@example.se"]})
    reason = "Stormvarning: vi tar en ny tid i januari."

    cancelled = staff.post(f"/api/v1/walks/{walk['id']}/cancel", json={"reason": reason})
    assert cancelled.status_code == 200, cancelled.json
    assert (cancelled.json["status"], cancelled.json["summary"]) == ("inställd", reason)
    assert Worker(mail_app).run_once().sent == 1  # the invitation still waiting is not sent
    assert smtp.to("sen@example.se") == []
    _, notice = smtp.to(walker.email)
    assert notice["Subject"] == "Inställd: Trygghetsvandring i Väsby centrum – 2026-12-03 kl. 18.00"
    text = notice.get_body(preferencelist=("plain",)).get_content()
    assert "Vandringen som du är inbjuden till är inställd" in text and reason in text
    ics = ics_of(notice)
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics
    # The participant's app shows it as called off.
    assert api(walker).get(f"/api/v1/walks/{walk['id']}").json["status"] == "inställd"

    # Calling it off again changes nothing; nothing else can happen to it any more.
    assert staff.post(f"/api/v1/walks/{walk['id']}/cancel", json={}).status_code == 200
    assert Worker(mail_app).run_once().sent == 0
    for path, body in (("start", None), ("close", {"summary": "Klar"})):
        refused = staff.post(f"/api/v1/walks/{walk['id']}/{path}", json=body)
        assert refused.status_code == 409, path
    invited = staff.post(f"/api/v1/walks/{walk['id']}/invitations", json={"emails": ["x@y.se"]})
    assert invited.status_code == 409
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).filter_by(action="walk.cancelled"))
        assert (entry.actor_id, entry.data) == (coordinator.id, {"reason": reason})

    # Once a walk has begun, it is closed with a summary rather than called off.
    begun = plan(api, coordinator).json
    staff.post(f"/api/v1/walks/{begun['id']}/start")
    late = staff.post(f"/api/v1/walks/{begun['id']}/cancel", json={})
    assert late.status_code == 409
    assert (
        late.json["message"]
        == "Vandringen har börjat: avsluta den i stället, med en sammanfattning."
    )


def test_an_invitation_is_withdrawn_before_the_walk(app, api, make_user, mail_app, smtp):
    coordinator, walker, other = (
        make_user("coordinator"),
        make_user("reporter"),
        make_user("reporter"),
    )
    walk = plan(api, coordinator, invite=[walker.email, other.email]).json
    invitation = next(i for i in walk["invitations"] if i["email"] == walker.email)
    staff = api(coordinator)
    path = f"/api/v1/walks/{walk['id']}/invitations/{invitation['id']}"

    withdrawn = staff.delete(path)
    assert withdrawn.status_code == 200, withdrawn.json
    assert [i["email"] for i in withdrawn.json["invitations"]] == [other.email]
    assert [p["id"] for p in withdrawn.json["participants"]] == [other.id]
    assert walk["id"] not in api(walker).get("/api/v1/sync").json["walk_ids"]
    assert api(walker).get(f"/api/v1/walks/{walk['id']}").status_code == 404
    assert Worker(mail_app).run_once().sent == 1  # the invitation still waiting is not sent
    assert smtp.to(walker.email) == []
    assert staff.delete(path).status_code == 404
    # Invited again after all: one invitation email, not two.
    staff.post(f"/api/v1/walks/{walk['id']}/invitations", json={"emails": [walker.email]})
    assert Worker(mail_app).run_once().sent == 1
    assert len(smtp.to(walker.email)) == 1
    (again,) = (
        i
        for i in staff.get(f"/api/v1/walks/{walk['id']}").json["invitations"]
        if i["email"] == walker.email
    )
    assert staff.delete(f"/api/v1/walks/{walk['id']}/invitations/{again['id']}").status_code == 200
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).filter_by(action="walk.invitation_withdrawn"))
        assert (entry.actor_id, entry.object_id) == (coordinator.id, str(walk["id"]))
        assert entry.data == {"email": walker.email}

    # Someone who has reported on the walk stays on it, and so does everyone once it begins.
    report = report_on(api(other), walk["id"])
    assert report.status_code == 201, report.json
    (kept,) = staff.get(f"/api/v1/walks/{walk['id']}").json["invitations"]
    refused = staff.delete(f"/api/v1/walks/{walk['id']}/invitations/{kept['id']}")
    assert refused.status_code == 409
    late = plan(api, coordinator, invite=["sen@example.se"]).json
    staff.post(f"/api/v1/walks/{late['id']}/start")
    late_path = f"/api/v1/walks/{late['id']}/invitations/{late['invitations'][0]['id']}"
    assert staff.delete(late_path).status_code == 409
    assert len(staff.get(f"/api/v1/walks/{late['id']}").json["invitations"]) == 1
