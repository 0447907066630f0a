"""Owners see only their organisation's findings, photos and history: every object route x
every role x another organisation's finding answers 403 or 404 and never shows the finding's
data; lists and sync leave it out. Reassignment takes effect at once."""

import uuid
from dataclasses import dataclass

import pytest

from tests.factories import at, photo, rectangle

NOTE = "Hemlig anteckning om porten"


@dataclass
class World:
    finding: dict
    report_photo: str
    after_photo: str
    orgs: dict
    users: dict
    area: int


@pytest.fixture
def world(api, make_org, make_user, make_property, make_area) -> World:
    orgs = {"a": make_org("AB Väsbyhem", "bostadsbolag"), "b": make_org("Brf Messingen")}
    make_property("Dragonen 1:12", orgs["a"], rectangle(0, 0, 60, 60))
    make_property("Messingen 2:3", orgs["b"], rectangle(100, 0, 160, 60))
    area = make_area("Centrum", rectangle(-200, -200, 300, 300))
    users = {
        "reporter": make_user("reporter"),  # reported it
        "stranger": make_user("reporter"),  # another reporter
        "owner": make_user("owner", orgs["a"]),  # the finding's owner
        "other_owner": make_user("owner", orgs["b"]),  # another organisation's owner
        "coordinator": make_user("coordinator"),
        "admin": make_user("admin"),
    }
    finding_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
    lat, lon = at(10, 10)
    body = {
        "category": "belysning",
        "note": NOTE,
        "lat": lat,
        "lon": lon,
        "captured_at": "2026-11-20T18:42:10+01:00",
        "photos": [photo_id],
    }
    reporter = api(users["reporter"])
    assert reporter.put(f"/api/v1/findings/{finding_id}", json=body).status_code == 201
    assert (
        reporter.put(
            f"/api/v1/findings/{finding_id}/photos/{photo_id}",
            data=photo("jolla_phone.jpg"),
            content_type="image/jpeg",
        ).status_code
        == 201
    )
    after_id = str(uuid.uuid4())
    assert (
        api(users["owner"])
        .put(
            f"/api/v1/findings/{finding_id}/photos/{after_id}?kind=after",
            data=photo("orientation_1.jpg"),
            content_type="image/jpeg",
        )
        .status_code
        == 201
    )
    finding = reporter.get(f"/api/v1/findings/{finding_id}").json
    assert finding["assigned_org"]["id"] == orgs["a"]
    return World(finding, photo_id, after_id, orgs, users, area)


def object_routes(world: World) -> list[tuple[str, str, dict]]:
    """(method, path, request options) of every route about one finding."""
    f, p, after = world.finding["id"], world.report_photo, world.after_photo
    image = {"data": photo("jolla_phone.jpg"), "content_type": "image/jpeg"}
    return [
        ("GET", f"/api/v1/findings/{f}", {}),
        ("PATCH", f"/api/v1/findings/{f}", {"json": {"note": "x"}, "headers": {"If-Match": "1"}}),
        ("GET", f"/api/v1/findings/{f}/events", {}),
        ("POST", f"/api/v1/findings/{f}/status", {"json": {"status": "mottagen"}}),
        (
            "POST",
            f"/api/v1/findings/{f}/status",
            {"json": {"status": "ej vårt ansvar", "comment": "x"}},
        ),
        (
            "POST",
            f"/api/v1/findings/{f}/route",
            {"json": {"organisation_id": world.orgs["b"], "comment": "x"}},
        ),
        ("GET", f"/api/v1/findings/{f}/photos/{p}", {}),
        ("GET", f"/api/v1/findings/{f}/photos/{p}/thumbnail", {}),
        ("GET", f"/api/v1/findings/{f}/photos/{after}", {}),
        ("GET", f"/api/v1/findings/{f}/photos/{after}/thumbnail", {}),
        ("PUT", f"/api/v1/findings/{f}/photos/{p}", image),  # a replay of its photo
        ("PUT", f"/api/v1/findings/{f}/photos/{uuid.uuid4()}?kind=after", image),
        ("GET", f"/api/v1/notifications?finding={f}&status=all&current=false", {}),
        # Follow-up (issue 6): detail, comments, merge, priority and due date, redaction, audit.
        ("GET", f"/api/v1/findings/{f}/detail", {}),
        ("GET", f"/api/v1/findings/{f}/comments", {}),
        ("POST", f"/api/v1/findings/{f}/comments", {"json": {"body": "x", "visibility": "owner"}}),
        ("POST", f"/api/v1/findings/{f}/merge", {"json": {"into": str(uuid.uuid4())}}),
        ("PATCH", f"/api/v1/findings/{f}/followup", {"json": {"priority": 1}}),
        (
            "POST",
            f"/api/v1/findings/{f}/status",
            {"json": {"status": "dubblett", "duplicate_of": str(uuid.uuid4())}},
        ),
        (
            "POST",
            f"/api/v1/findings/{f}/photos/{p}/redact",
            {"json": {"rectangles": [{"x": 0, "y": 0, "width": 50, "height": 50}]}},
        ),
        ("GET", f"/api/v1/admin/audit?finding={f}", {}),
        ("GET", f"/api/v1/admin/audit?object_type=photo&object_id={p}", {}),
    ]


def list_routes(world: World) -> list[str]:
    """Routes that list: they answer, but without the finding."""
    lat, lon = at(10, 10)
    return [
        "/api/v1/findings",
        f"/api/v1/findings?assigned_org={world.orgs['a']}",
        f"/api/v1/findings?area={world.area}",
        "/api/v1/findings?status=skickad",
        "/api/v1/sync",
        f"/api/v1/findings/nearby?lat={lat}&lon={lon}&category=belysning",
    ]


def call(client, user, method, path, options):
    headers = {"Authorization": f"Bearer {user.token}", **options.get("headers", {})}
    extra = {key: value for key, value in options.items() if key != "headers"}
    return client.open(path, method=method, headers=headers, **extra)


def leaks(world: World, response) -> list[str]:
    body = response.get_data()
    secrets = [NOTE, world.report_photo, world.after_photo]
    found = [secret for secret in secrets if secret.encode() in body]
    if response.mimetype == "image/jpeg":
        found.append("image bytes")
    return found


OUTSIDERS = ["stranger", "other_owner"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_403_or_404_and_no_data_on_every_object_route(client, world, who):
    user = world.users[who]
    for method, path, options in object_routes(world):
        response = call(client, user, method, path, options)
        assert response.status_code in (403, 404), (who, method, path, response.status_code)
        assert leaks(world, response) == [], (who, method, path)
        assert world.finding["id"] not in response.get_data(as_text=True), (who, path)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_lists_and_sync_leave_the_finding_out(client, world, who):
    user = world.users[who]
    for path in list_routes(world):
        response = call(client, user, "GET", path, {})
        assert response.status_code == 200, (who, path, response.json)
        assert leaks(world, response) == [], (who, path)
        if "nearby" in path:  # place and status only, for duplicate suggestions
            assert all("note" not in item and "photos" not in item for item in response.json)
        else:
            assert world.finding["id"] not in response.get_data(as_text=True), (who, path)


@pytest.mark.parametrize("who", ["owner", "coordinator", "admin", "reporter"])
def test_those_it_belongs_to_can_read_it(client, world, who):
    user = world.users[who]
    readable = [
        route
        for route in object_routes(world)
        if route[0] == "GET"
        and "notifications" not in route[1]
        and "/audit" not in route[1]  # admins only
        and not (who in ("owner", "reporter") and route[1].endswith("/detail"))  # coordinators
        and not (who == "reporter" and route[1].endswith("/comments"))  # never to reporters
    ]
    for method, path, options in readable:
        response = call(client, user, method, path, options)
        assert response.status_code == 200, (who, path, response.status_code)


def test_the_reporter_reads_but_does_not_act(client, world):
    user = world.users["reporter"]
    for method, path, options in object_routes(world):
        acting = ("status", "route", "kind=after", "comments", "merge", "followup", "redact")
        if any(word in path for word in acting) or "/audit" in path or path.endswith("/detail"):
            response = call(client, user, method, path, options)
            assert response.status_code == 403, (method, path)
            assert leaks(world, response) == [], (method, path)


def test_reassignment_takes_effect_at_once_on_every_route(api, client, world):
    coordinator = api(world.users["coordinator"])
    response = coordinator.post(
        f"/api/v1/findings/{world.finding['id']}/route",
        json={"organisation_id": world.orgs["b"], "comment": "Messingens mark"},
    )
    assert response.status_code == 200
    before, after = world.users["owner"], world.users["other_owner"]
    for method, path, options in object_routes(world):
        if method != "GET" or "notifications" in path or "/audit" in path or "detail" in path:
            continue
        assert call(client, before, method, path, options).status_code == 404, path
        assert call(client, after, method, path, options).status_code == 200, path
    for path in list_routes(world)[:4]:
        assert world.finding["id"] not in call(client, before, "GET", path, {}).get_data(
            as_text=True
        )
    listed = call(client, after, "GET", f"/api/v1/findings?assigned_org={world.orgs['b']}", {})
    assert [item["id"] for item in listed.json["items"]] == [world.finding["id"]]


def test_merged_material_and_comments_stay_with_those_who_act_on_the_original(
    api, client, world, make_user
):
    """A duplicate merged into the finding shows its photos through the finding's routes to
    its owner and coordinators - and to nobody else; comments shared with the owner reach
    neither other organisations nor reporters."""
    coordinator = api(world.users["coordinator"])
    second = make_user("reporter")
    duplicate_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
    body = {**_body_near(world), "photos": [photo_id], "note": "Andra rapporten"}
    assert api(second).put(f"/api/v1/findings/{duplicate_id}", json=body).status_code == 201
    api(second).put(
        f"/api/v1/findings/{duplicate_id}/photos/{photo_id}",
        data=photo("orientation_3.jpg"),
        content_type="image/jpeg",
    )
    merged = coordinator.post(
        f"/api/v1/findings/{duplicate_id}/merge", json={"into": world.finding["id"]}
    )
    assert merged.status_code == 200
    coordinator.post(
        f"/api/v1/findings/{world.finding['id']}/comments",
        json={"body": "Delad med Väsbyhem", "visibility": "owner"},
    )
    f = world.finding["id"]
    paths = [
        f"/api/v1/findings/{f}/photos/{photo_id}",
        f"/api/v1/findings/{f}/photos/{photo_id}/thumbnail",
    ]
    for who, expected in (("owner", 200), ("coordinator", 200), ("admin", 200)):
        for path in paths:
            assert call(client, world.users[who], "GET", path, {}).status_code == expected
    for who in ("reporter", "stranger", "other_owner"):
        for path in [*paths, f"/api/v1/findings/{f}", f"/api/v1/findings/{f}/events"]:
            response = call(client, world.users[who], "GET", path, {})
            text = response.get_data(as_text=True)
            assert response.mimetype != "image/jpeg", (who, path)
            assert photo_id not in text and "Andra rapporten" not in text, (who, path)
            assert "Delad med Väsbyhem" not in text, (who, path)


def _body_near(world) -> dict:
    lat, lon = at(12, 12)
    return {
        "category": "belysning",
        "lat": lat,
        "lon": lon,
        "captured_at": "2026-11-20T19:00:00+01:00",
    }
