"""Comments: internal to coordinators, or shared with the organisation the finding is sent to
(owners answer, coordinators see it); never visible to reporters or other organisations; in
the history."""

import pytest
from sqlalchemy import select

from server.extensions import db
from server.findings.models import FindingEvent
from server.notify.models import Notification


@pytest.fixture
def sent(people, report):
    finding = report(people["reporter"])
    assert finding["assigned_org"]["id"] == people["vasbyhem"]
    return {"finding": finding, **people}


def comment(api, user, finding, body, visibility=None):
    payload = {"body": body} if visibility is None else {"body": body, "visibility": visibility}
    return api(user).post(f"/api/v1/findings/{finding['id']}/comments", json=payload)


def bodies(api, user, finding, path="comments"):
    response = api(user).get(f"/api/v1/findings/{finding['id']}/{path}")
    assert response.status_code == 200, response.json
    return [event["comment"] for event in response.json if event["kind"] == "comment"]


def test_visibility_across_roles_and_organisations(api, sent):
    finding, coordinator, owner = sent["finding"], sent["coordinator"], sent["owner"]
    internal = comment(api, coordinator, finding, "Internt: ring polisen om platsen")
    assert internal.status_code == 201, internal.json
    assert internal.json["data"]["visibility"] == "internal"
    shared = comment(api, coordinator, finding, "Till Väsbyhem: lampan sitter högt", "owner")
    assert shared.status_code == 201
    answer = comment(api, owner, finding, "Vi behöver en skylift")
    assert answer.status_code == 201
    assert answer.json["data"] == {"visibility": "owner", "organisation_id": sent["vasbyhem"]}
    assert answer.json["actor"]["id"] == owner.id

    everything = [
        "Internt: ring polisen om platsen",
        "Till Väsbyhem: lampan sitter högt",
        "Vi behöver en skylift",
    ]
    assert bodies(api, coordinator, finding) == everything
    assert bodies(api, sent["admin"], finding) == everything
    assert bodies(api, coordinator, finding, "events") == everything
    assert bodies(api, owner, finding) == everything[1:]
    assert bodies(api, owner, finding, "events") == everything[1:]
    # Reporters: no comments route, and none in the history.
    assert (
        api(sent["reporter"]).get(f"/api/v1/findings/{finding['id']}/comments").status_code == 403
    )
    assert bodies(api, sent["reporter"], finding, "events") == []
    synced = api(sent["reporter"]).get("/api/v1/sync").get_data(as_text=True)
    assert not any(text in synced for text in everything)
    # Another organisation's owner does not see the finding at all.
    assert (
        api(sent["other_owner"]).get(f"/api/v1/findings/{finding['id']}/comments").status_code
        == 404
    )


def test_who_may_write_what(api, sent, make_user, make_org):
    finding, coordinator, owner = sent["finding"], sent["coordinator"], sent["owner"]
    assert comment(api, owner, finding, "Bara till samordnarna", "internal").status_code == 422
    assert comment(api, sent["reporter"], finding, "Hej").status_code == 403
    assert comment(api, sent["other_owner"], finding, "Hej").status_code == 404
    assert comment(api, coordinator, finding, "   ").status_code == 422
    # An owner who reported a finding that went elsewhere sees it but does not comment on it.
    reporting_owner = make_user("owner", make_org("Fastighets AB Dragonen"))
    own = api(reporting_owner).put(
        f"/api/v1/findings/{finding['id'][:-4]}beef",
        json={
            "category": "klotter",
            "lat": finding["lat"],
            "lon": finding["lon"],
            "captured_at": "2026-11-20T18:42:10+01:00",
        },
    )
    assert own.status_code == 201
    assert comment(api, reporting_owner, own.json, "Hej").status_code == 403
    assert api(reporting_owner).get(f"/api/v1/findings/{own.json['id']}/comments").json == []


def test_shared_comments_stay_with_the_organisation_they_were_shared_with(api, sent):
    finding, coordinator = sent["finding"], sent["coordinator"]
    comment(api, coordinator, finding, "Till Väsbyhem", "owner")
    comment(api, sent["owner"], finding, "Inte vår lykta")
    moved = api(coordinator).post(
        f"/api/v1/findings/{finding['id']}/route",
        json={"organisation_id": sent["messingen"], "comment": "Messingens mark"},
    )
    assert moved.status_code == 200
    comment(api, coordinator, finding, "Till Messingen", "owner")
    assert bodies(api, sent["other_owner"], finding) == ["Till Messingen"]
    assert api(sent["owner"]).get(f"/api/v1/findings/{finding['id']}/comments").status_code == 404
    assert bodies(api, coordinator, finding) == [
        "Till Väsbyhem",
        "Inte vår lykta",
        "Till Messingen",
    ]


def test_a_shared_comment_needs_an_owner(api, people, report, make_org):
    coordinator = people["coordinator"]
    nobody_s = report(people["reporter"], x=500, y=500)  # no property: triage
    assert nobody_s["assigned_org"] is None
    response = comment(api, coordinator, nobody_s, "Till ägaren", "owner")
    assert response.status_code == 409
    assert comment(api, coordinator, nobody_s, "Internt").status_code == 201


def test_a_shared_comment_is_queued_for_the_other_side_and_an_internal_one_is_not(app, api, sent):
    finding, coordinator, owner = sent["finding"], sent["coordinator"], sent["owner"]
    comment(api, coordinator, finding, "Internt", "internal")
    comment(api, coordinator, finding, "Till Väsbyhem", "owner")
    comment(api, owner, finding, "Till samordnarna")
    with app.app_context():
        queued = db.session.execute(
            select(Notification.kind, Notification.recipient, FindingEvent.comment)
            .join(FindingEvent, FindingEvent.id == Notification.event_id)
            .order_by(Notification.id)
        ).all()
    assert [tuple(row) for row in queued] == [
        ("coordinator_comment", owner.email, "Till Väsbyhem"),
        ("owner_comment", coordinator.email, "Till samordnarna"),
    ]
