"""PUT /api/v1/findings/<uuid>: created once, replays harmless, conflicts explained."""

import uuid

from tests.factories import finding_body


def test_a_new_finding_is_created_for_the_caller(api, make_user):
    reporter = make_user("reporter")
    finding_id = uuid.uuid4()
    response = api(reporter).put(f"/api/v1/findings/{finding_id}", json=finding_body())
    assert response.status_code == 201
    finding = response.json
    assert finding["id"] == str(finding_id)
    assert finding["status"] == "ny"
    assert finding["assigned_org"] is None
    assert finding["mine"] is True
    assert (finding["lat"], finding["lon"], finding["accuracy_m"]) == (59.5186, 17.9119, 8.0)
    assert finding["captured_at"] == "2026-11-20T17:42:10+00:00"
    assert finding["complete"] is True
    assert finding["priority"] == 1  # belysning is urgent by default


def test_the_same_put_again_is_a_harmless_replay(api, make_user):
    reporter = make_user("reporter")
    path = f"/api/v1/findings/{uuid.uuid4()}"
    first = api(reporter).put(path, json=finding_body())
    again = api(reporter).put(path, json=finding_body())
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.json
    listing = api(reporter).get("/api/v1/findings").json["items"]
    assert len(listing) == 1


def test_a_replay_written_differently_is_still_a_replay(api, make_user):
    reporter = make_user("reporter")
    path = f"/api/v1/findings/{uuid.uuid4()}"
    api(reporter).put(path, json=finding_body())
    same_moment = finding_body(captured_at="2026-11-20T17:42:10Z", lat=59.51860, extra="ignored")
    assert api(reporter).put(path, json=same_moment).status_code == 200


def test_other_content_under_the_same_id_is_a_conflict_that_says_what_differs(api, make_user):
    reporter = make_user("reporter")
    path = f"/api/v1/findings/{uuid.uuid4()}"
    api(reporter).put(path, json=finding_body())
    response = api(reporter).put(path, json=finding_body(note="Annan text", category="klotter"))
    assert response.status_code == 409
    assert response.json["code"] == "conflict"
    assert set(response.json["errors"]) == {"note", "category"}
    assert api(reporter).get(path).json["note"] == "Lampan vid cykelställen är trasig"


def test_a_replay_weeks_later_succeeds_even_after_the_category_was_deactivated(
    api, make_user, set_category_active
):
    reporter = make_user("reporter")
    path = f"/api/v1/findings/{uuid.uuid4()}"
    api(reporter).put(path, json=finding_body())
    set_category_active("belysning", False)
    assert api(reporter).put(path, json=finding_body()).status_code == 200


def test_someone_elses_id_is_a_conflict_that_reveals_nothing(api, make_user):
    first, second = make_user("reporter"), make_user("reporter")
    path = f"/api/v1/findings/{uuid.uuid4()}"
    api(first).put(path, json=finding_body())
    response = api(second).put(path, json=finding_body())
    assert response.status_code == 409
    assert "errors" not in response.json


def test_announced_photos_make_the_finding_incomplete_until_they_arrive(api, make_user):
    reporter = make_user("reporter")
    photos = [str(uuid.uuid4()), str(uuid.uuid4())]
    response = api(reporter).put(
        f"/api/v1/findings/{uuid.uuid4()}", json=finding_body(photos=photos)
    )
    assert response.json["complete"] is False
    assert response.json["photos_expected"] == 2
    assert response.json["photos"] == []


def test_a_finding_can_be_reported_in_a_walk_one_takes_part_in(api, make_user, make_walk):
    reporter = make_user("reporter")
    walk = make_walk([reporter])
    response = api(reporter).put(
        f"/api/v1/findings/{uuid.uuid4()}", json=finding_body(walk_id=walk)
    )
    assert response.status_code == 201
    assert response.json["walk_id"] == walk


def test_anonymous_callers_cannot_report(client):
    response = client.put(f"/api/v1/findings/{uuid.uuid4()}", json=finding_body())
    assert response.status_code == 401
