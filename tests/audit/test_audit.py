"""The audit log: who viewed photos (one row per viewer, photo and day, however often the
thumbnail is served) and who changed what; readable by admins only, filtered and paged."""

import uuid

import pytest
from sqlalchemy import func, select

from server.audit.models import AuditEntry
from server.cli import main
from server.extensions import db
from tests.factories import at, photo, rectangle


@pytest.fixture
def scene(api, make_org, make_user, make_property):
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property("Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    reporter, owner = make_user("reporter"), make_user("owner", vasbyhem)
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
    api(reporter).put(
        f"/api/v1/findings/{finding_id}/photos/{photo_id}",
        data=photo("orientation_1.jpg"),
        content_type="image/jpeg",
    )
    return {
        "finding": finding_id,
        "photo": photo_id,
        "reporter": reporter,
        "owner": owner,
        "coordinator": make_user("coordinator"),
        "admin": make_user("admin"),
        "vasbyhem": vasbyhem,
    }


def log(api, admin, query=""):
    response = api(admin).get(f"/api/v1/admin/audit{query}")
    assert response.status_code == 200, response.json
    return response.json["items"]


def test_photo_views_are_one_row_per_viewer_photo_and_day(app, make_app, api, scene):
    url = f"/api/v1/findings/{scene['finding']}/photos/{scene['photo']}"
    for _ in range(5):
        assert api(scene["owner"]).get(f"{url}/thumbnail").status_code == 200
    assert api(scene["owner"]).get(url).status_code == 200
    assert api(scene["coordinator"]).get(url).status_code == 200
    # Another process (a new app: its own memory) does not write a second row either.
    other = make_app().test_client()
    response = other.get(url, headers={"Authorization": f"Bearer {scene['owner'].token}"})
    assert response.status_code == 200
    views = log(api, scene["admin"], "?action=photo.viewed")
    assert sorted(
        (v["actor"]["id"], v["object_id"], v["data"]["variant"]) for v in views
    ) == sorted(
        [
            (scene["owner"].id, scene["photo"], "thumbnail"),
            (scene["coordinator"].id, scene["photo"], "display"),
        ]
    )
    assert all(v["finding_id"] == scene["finding"] for v in views)
    assert views[0]["organisation"] is not None
    assert api(scene["reporter"]).get(url).status_code == 200  # the reporter may: logged too
    assert len(log(api, scene["admin"], "?action=photo.viewed")) == 3


def test_changes_are_logged_with_who_and_what(app, api, scene):
    coordinator, owner = scene["coordinator"], scene["owner"]
    api(owner).post(f"/api/v1/findings/{scene['finding']}/status", json={"status": "mottagen"})
    api(coordinator).post(
        f"/api/v1/findings/{scene['finding']}/comments", json={"body": "Hemlig kommentar"}
    )
    api(coordinator).patch(f"/api/v1/findings/{scene['finding']}/followup", json={"priority": 1})
    api(scene["admin"]).patch(
        f"/api/v1/admin/organisations/{scene['vasbyhem']}", json={"review_first": True}
    )
    runner = app.test_cli_runner()
    runner.invoke(main, ["users", "disable", "--email", scene["reporter"].email])
    changes = log(api, scene["admin"], f"?finding={scene['finding']}&action=finding.")
    assert [(c["action"], c["actor"]["id"], c["data"].get("to")) for c in changes] == [
        ("finding.priority", coordinator.id, "1"),
        ("finding.comment", coordinator.id, None),
        ("finding.status", owner.id, "mottagen"),
    ]
    assert "Hemlig kommentar" not in str(changes)  # who, not what was written
    (organisation,) = log(api, scene["admin"], "?action=organisation.updated")
    assert organisation["data"] == {"fields": ["review_first"]}
    (disabled,) = log(api, scene["admin"], "?action=user.disabled")
    assert disabled["object_id"] == str(scene["reporter"].id)
    assert disabled["actor"] is None and disabled["data"]["via"] == "cli"
    # The router's own moves are in the history only.
    assert not [c for c in changes if c["actor"] is None]


def test_filters_and_paging(app, api, scene):
    url = f"/api/v1/findings/{scene['finding']}/photos/{scene['photo']}"
    api(scene["owner"]).get(url)
    api(scene["owner"]).post(
        f"/api/v1/findings/{scene['finding']}/status", json={"status": "mottagen"}
    )
    api(scene["owner"]).post(
        f"/api/v1/findings/{scene['finding']}/status",
        json={"status": "planerad", "planned_for": "2099-01-01"},
    )
    admin = scene["admin"]
    mine = log(api, admin, f"?actor={scene['owner'].id}")
    assert {entry["action"] for entry in mine} == {"photo.viewed", "finding.status"}
    assert log(api, admin, f"?object_type=photo&object_id={scene['photo']}")[0]["action"] == (
        "photo.viewed"
    )
    assert log(api, admin, "?since=2099-01-01T00:00:00Z") == []
    assert len(log(api, admin, "?until=2000-01-01T00:00:00Z")) == 0
    assert len(log(api, admin, f"?organisation={scene['vasbyhem']}")) == len(mine)
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(AuditEntry))
    seen, cursor = [], None
    while True:
        query = "?limit=1" + (f"&cursor={cursor}" if cursor else "")
        page = api(admin).get(f"/api/v1/admin/audit{query}").json
        seen.extend(entry["id"] for entry in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == total and seen == sorted(seen, reverse=True)
    assert api(admin).get("/api/v1/admin/audit?cursor=nonsense").status_code == 422


@pytest.mark.parametrize("role", ["reporter", "owner", "coordinator"])
def test_only_admins_read_the_log(api, scene, role):
    response = api(scene[role]).get("/api/v1/admin/audit")
    assert response.status_code == 403
    assert response.json["code"] == "forbidden"
