"""Form and query fields that views read themselves (the signed link's page, Open311): a NUL
character, which PostgreSQL cannot store, is that field's 422 and nothing is stored (issue 12,
item 6)."""

from tests.factories import link
from tests.notify.test_link_comments import comment_events, post_comment

NUL_ERROR = "Texten får inte innehålla NUL-tecken."


def test_nul_in_a_comment_on_the_signed_link_s_page_is_refused(app, client, sent_to_vasbyhem):
    sent = sent_to_vasbyhem
    url = link(app, sent["finding"], sent["vasbyhem"])
    response = post_comment(client, url, "Vi byter lampan\x00")
    assert response.status_code == 422
    assert response.json["errors"] == {"comment": [NUL_ERROR]}
    assert comment_events(app, sent["finding"]) == []
    assert post_comment(client, url, "Vi byter lampan").status_code == 303


def test_nul_in_an_open311_field_is_refused_in_georeport_s_shape(client, api, make_user):
    reporter = make_user("reporter")
    fields = {"service_code": "belysning\x00", "lat": "59.5186", "long": "17.9119"}
    posted = client.post(f"/open311/v2/requests.json?api_key={reporter.token}", data=fields)
    assert posted.status_code == 422
    (error,) = posted.json
    assert error["code"] == 422 and "service_code" in error["description"]
    listed = client.get(f"/open311/v2/requests.json?api_key={reporter.token}&service_code=%00")
    assert listed.status_code == 422
    assert api(reporter).get("/api/v1/findings").json["items"] == []
