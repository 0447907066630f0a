"""Comments on the signed link's page: an organisation without accounts writes to the
coordinators there, stored as an owner's comment from the app is, and reads the comments
shared with it - never the internal ones, nor those shared with an earlier owner."""

import uuid

from sqlalchemy import select

from server.audit.models import AuditEntry
from server.extensions import db
from server.findings.models import FindingEvent
from tests.factories import at, form_token, link


def comment_events(app, finding: dict) -> list[FindingEvent]:
    with app.app_context():
        found = list(
            db.session.scalars(
                select(FindingEvent)
                .where(
                    FindingEvent.finding_id == uuid.UUID(finding["id"]),
                    FindingEvent.kind == "comment",
                )
                .order_by(FindingEvent.id)
            )
        )
        db.session.expunge_all()
        return found


def post_comment(client, url: str, body: str, **extra):
    token = form_token(client.get(url).text)
    data = {"action": "comment", "comment": body, "form_token": token, **extra}
    return client.post(url, data=data)


def shared(api, user, finding: dict, body: str, visibility="owner"):
    response = api(user).post(
        f"/api/v1/findings/{finding['id']}/comments",
        json={"body": body, "visibility": visibility},
    )
    assert response.status_code == 201, response.json
    return response


def test_a_comment_through_the_link_is_an_owner_s_comment_from_the_organisation(
    app, client, api, sent_to_vasbyhem
):
    sent = sent_to_vasbyhem
    url = link(app, sent["finding"], sent["vasbyhem"])
    response = post_comment(client, url, "  Vi byter lampan på torsdag.  ")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{url}?done=comment#comments")

    (event,) = comment_events(app, sent["finding"])
    assert event.comment == "Vi byter lampan på torsdag."
    assert (event.actor_id, event.actor_org_id, event.via) == (None, sent["vasbyhem"], "link")
    assert event.data == {"visibility": "owner", "organisation_id": sent["vasbyhem"]}
    # As the app shows an owner's comment: the coordinators and the organisation's people.
    for reader in (sent["coordinator"], sent["owner"]):
        comments = api(reader).get(f"/api/v1/findings/{sent['finding']['id']}/comments").json
        assert [(c["comment"], c["organisation"]["name"]) for c in comments] == [
            ("Vi byter lampan på torsdag.", "AB Väsbyhem")
        ]
    with app.app_context():
        audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "finding.comment"))
        assert (audit.actor_id, audit.actor_org_id) == (None, sent["vasbyhem"])
        assert audit.data == {"via": "link"}  # who, not what

    page = client.get(response.headers["Location"]).text
    assert "Tack! Er kommentar är skickad till samordnarna." in page
    assert "AB Väsbyhem · " in page
    assert "Vi byter lampan på torsdag." in page


def test_an_empty_comment_is_refused_beside_the_field_and_nothing_is_stored(
    app, client, sent_to_vasbyhem
):
    sent = sent_to_vasbyhem
    url = link(app, sent["finding"], sent["vasbyhem"])
    response = post_comment(client, url, "   ")
    assert response.status_code == 422
    page = response.text
    assert '<p id="comment-error" class="field-error">Skriv något.</p>' in page
    assert 'aria-describedby="comment-hint comment-error"' in page
    assert 'aria-invalid="true" autofocus' in page
    too_long = post_comment(client, url, "x" * 2001)
    assert too_long.status_code == 422
    assert "Kommentaren är för lång: högst 2000 tecken." in too_long.text
    assert comment_events(app, sent["finding"]) == []


def test_a_comment_without_the_page_s_form_token_or_from_another_site_is_refused(
    app, client, make_user, make_finding, sent_to_vasbyhem
):
    sent = sent_to_vasbyhem
    url = link(app, sent["finding"], sent["vasbyhem"])
    no_token = client.post(url, data={"action": "comment", "comment": "Hej"})
    assert no_token.status_code == 400
    assert "Formuläret har gått ut" in no_token.text
    forged = client.post(url, data={"action": "comment", "comment": "Hej", "form_token": "x"})
    assert forged.status_code == 400
    # Another finding's page gives a token that does not work here.
    lat, lon = at(20, 20)
    other = make_finding(make_user("reporter"), lat=lat, lon=lon, category="klotter")
    other_token = form_token(client.get(link(app, other, sent["vasbyhem"])).text)
    data = {"action": "comment", "comment": "Hej", "form_token": other_token}
    assert client.post(url, data=data).status_code == 400
    token = form_token(client.get(url).text)
    elsewhere = client.post(
        url,
        data={"action": "comment", "comment": "Hej", "form_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert elsewhere.status_code == 403
    assert comment_events(app, sent["finding"]) == []


def test_the_page_shows_the_comments_shared_with_the_organisation_oldest_first(
    app, client, api, sent_to_vasbyhem
):
    sent = sent_to_vasbyhem
    finding, coordinator = sent["finding"], sent["coordinator"]
    shared(api, coordinator, finding, "Internt: ring polisen om platsen", "internal")
    shared(api, coordinator, finding, "Lampan sitter högt: ta en skylift")
    shared(api, sent["owner"], finding, "Skyliften är bokad")
    page = client.get(link(app, finding, sent["vasbyhem"])).text
    assert "Internt: ring polisen" not in page
    first = page.index("Samordnare, Upplands Väsby kommun · ")
    assert page.index("Lampan sitter högt: ta en skylift") > first
    # A colleague's comment from the app: the organisation's own people are named.
    assert page.index("Test owner, AB Väsbyhem · ") > page.index("Lampan sitter högt")
    assert page.index("Skyliften är bokad") > page.index("Test owner, AB Väsbyhem")
    assert "Inga kommentarer ännu." not in page


def test_a_comment_shared_with_the_previous_owner_is_not_shown_to_the_new_one(
    app, client, api, sent_to_vasbyhem
):
    sent = sent_to_vasbyhem
    finding, coordinator = sent["finding"], sent["coordinator"]
    shared(api, coordinator, finding, "Till Väsbyhem: lampan sitter högt")
    post_comment(client, link(app, finding, sent["vasbyhem"]), "Inte vår lykta")
    moved = api(coordinator).post(
        f"/api/v1/findings/{finding['id']}/route",
        json={"organisation_id": sent["messingen"], "comment": "Messingens mark"},
    )
    assert moved.status_code == 200
    page = client.get(link(app, finding, sent["messingen"])).text
    assert "Inga kommentarer ännu." in page
    assert "Till Väsbyhem" not in page and "Inte vår lykta" not in page
    shared(api, coordinator, finding, "Till Messingen: stolpen står på er mark")
    page = client.get(link(app, finding, sent["messingen"])).text
    assert "Till Messingen: stolpen står på er mark" in page
    assert "Till Väsbyhem" not in page
    # Väsbyhem's link no longer opens the finding at all.
    assert client.get(link(app, finding, sent["vasbyhem"])).status_code == 410


def test_an_english_recipient_comments_in_english(app, client, sent_to_vasbyhem):
    sent = sent_to_vasbyhem
    url = link(app, sent["finding"], sent["vasbyhem"], "en")
    page = client.get(url).text
    assert '<label for="comment-body">Write a comment to the coordinators</label>' in page
    assert "No comments yet." in page
    assert "Skriv en kommentar" not in page
    empty = post_comment(client, url, "")
    assert empty.status_code == 422 and "Write something." in empty.text
    done = client.get(post_comment(client, url, "We will fix it").headers["Location"]).text
    assert "Thank you. Your comment is sent to the coordinators." in done
