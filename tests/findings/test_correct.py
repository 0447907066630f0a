"""PATCH: a reporter corrects note or category while the finding is still 'ny'."""

import uuid

from sqlalchemy import select

from server.extensions import db
from server.findings.models import Finding, FindingEvent


def patch(api, user, finding, version, **changes):
    return api(user).patch(
        f"/api/v1/findings/{finding['id']}", json=changes, headers={"If-Match": f'"{version}"'}
    )


def test_the_reporter_corrects_note_and_category_and_history_keeps_both(
    app, api, make_user, make_finding
):
    reporter = make_user("reporter")
    finding = make_finding(reporter)
    response = patch(
        api, reporter, finding, finding["version"], note="Två lampor", category="klotter"
    )
    assert response.status_code == 200
    assert response.json["note"] == "Två lampor"
    assert response.json["category"] == "klotter"
    assert response.json["version"] == finding["version"] + 1
    assert response.headers["ETag"] == f'"{finding["version"] + 1}"'
    with app.app_context():
        events = db.session.scalars(select(FindingEvent).order_by(FindingEvent.id)).all()
        assert [(e.kind, e.from_value, e.to_value) for e in events] == [
            ("created", None, "ny"),
            ("edited", "belysning", "klotter"),
            ("edited", "Lampan vid cykelställen är trasig", "Två lampor"),
        ]


def test_a_stale_version_is_refused_with_412(api, make_user, make_finding):
    reporter = make_user("reporter")
    finding = make_finding(reporter)
    assert patch(api, reporter, finding, finding["version"], note="Första").status_code == 200
    stale = patch(api, reporter, finding, finding["version"], note="Andra")
    assert stale.status_code == 412
    assert api(reporter).get(f"/api/v1/findings/{finding['id']}").json["note"] == "Första"


def test_a_patch_without_if_match_is_refused_with_428(api, make_user, make_finding):
    reporter = make_user("reporter")
    finding = make_finding(reporter)
    response = api(reporter).patch(f"/api/v1/findings/{finding['id']}", json={"note": "x"})
    assert response.status_code == 428
    # "*" (whatever is there) names no version: a correction must say which one it edited.
    star = api(reporter).patch(
        f"/api/v1/findings/{finding['id']}", json={"note": "x"}, headers={"If-Match": "*"}
    )
    assert star.status_code == 428
    assert api(reporter).get(f"/api/v1/findings/{finding['id']}").json["note"] == finding["note"]


def test_the_etag_of_a_read_is_what_if_match_wants(api, make_user, make_finding):
    reporter = make_user("reporter")
    finding = make_finding(reporter)
    etag = api(reporter).get(f"/api/v1/findings/{finding['id']}").headers["ETag"]
    response = api(reporter).patch(
        f"/api/v1/findings/{finding['id']}", json={"note": "ny text"}, headers={"If-Match": etag}
    )
    assert response.status_code == 200


def test_once_handled_the_finding_can_no_longer_be_corrected(app, api, make_user, make_finding):
    reporter = make_user("reporter")
    finding = make_finding(reporter)
    with app.app_context():
        stored = db.session.get(Finding, uuid.UUID(finding["id"]))
        stored.status = "granskad"
        db.session.commit()
    response = patch(api, reporter, finding, finding["version"], note="för sent")
    assert response.status_code == 409


def test_reporters_cannot_set_status_or_assignment(api, make_user, make_finding):
    reporter = make_user("reporter")
    finding = make_finding(reporter)
    response = patch(api, reporter, finding, finding["version"], status="åtgärdad", assigned_org=1)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"status", "assigned_org"}
    assert api(reporter).get(f"/api/v1/findings/{finding['id']}").json["status"] == "ny"


def test_nobody_else_may_correct_a_finding(api, make_user, make_finding, make_walk):
    reporter, companion = make_user("reporter"), make_user("reporter")
    walk = make_walk([reporter, companion])
    finding = make_finding(reporter, walk_id=walk)
    response = patch(api, companion, finding, finding["version"], note="inte min")
    assert response.status_code == 403
