"""Every walk route for every kind of caller: participants read their walk, others get 404
(reads) or 403 (coordinators' actions) and never its content; coordinators and admins may do
everything."""

import pytest

SECRET = "Hemlig samlingsplats bakom boden"


@pytest.fixture
def world(api, make_user):
    users = {
        "participant": make_user("reporter"),
        "stranger": make_user("reporter"),
        "owner": make_user("owner"),
        "coordinator": make_user("coordinator"),
        "admin": make_user("admin"),
    }
    walk = (
        api(users["coordinator"])
        .post(
            "/api/v1/walks",
            json={
                "type": "trygghetsrunda",
                "title": "Runda",
                "planned_start": "2026-12-01T18:00:00+01:00",
                "meeting_point": SECRET,
                "invite": [users["participant"].email, "granne@example.se"],
            },
        )
        .json
    )
    return users, walk


def routes(walk):
    """(method, path, body, read?)"""
    walk_id = walk["id"]
    neighbour = next(i for i in walk["invitations"] if i["email"] == "granne@example.se")
    return [
        ("GET", f"/api/v1/walks/{walk_id}", None, True),
        ("GET", f"/api/v1/walks/{walk_id}/protocol.pdf", None, True),
        ("GET", f"/walks/{walk_id}/protocol", None, True),
        ("PATCH", f"/api/v1/walks/{walk_id}", {"title": "Ny titel"}, False),
        ("POST", f"/api/v1/walks/{walk_id}/invitations", {"emails": ["x@example.se"]}, False),
        ("DELETE", f"/api/v1/walks/{walk_id}/invitations/{neighbour['id']}", None, False),
        ("POST", f"/api/v1/walks/{walk_id}/start", None, False),
        ("POST", f"/api/v1/walks/{walk_id}/close", {"summary": "Klar"}, False),
    ]


EXPECTED = {
    "participant": {True: 200, False: 403},
    "stranger": {True: 404, False: 403},
    "owner": {True: 404, False: 403},
    "coordinator": {True: 200, False: 200},
    "admin": {True: 200, False: 200},
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_walk_route_for_every_caller(client, world, who):
    users, walk = world
    walk_id, user = walk["id"], users[who]
    for method, path, body, read in routes(walk):
        response = client.open(
            path,
            method=method,
            json=body,
            headers={"Authorization": f"Bearer {user.token}"},
        )
        assert response.status_code == EXPECTED[who][read], (who, method, path)
        if response.status_code >= 400:
            assert SECRET not in response.get_data(as_text=True), (who, path)
    listed = client.get("/api/v1/walks", headers={"Authorization": f"Bearer {user.token}"})
    assert (SECRET in listed.get_data(as_text=True)) == (EXPECTED[who][True] == 200)
    synced = client.get("/api/v1/sync", headers={"Authorization": f"Bearer {user.token}"})
    assert (walk_id in synced.json["walk_ids"]) == (who == "participant")


@pytest.mark.parametrize("who", list(EXPECTED))
def test_calling_off_a_walk_for_every_caller(client, world, who):
    # Its own test: calling the walk off ends what the routes above do to it.
    users, walk = world
    response = client.post(
        f"/api/v1/walks/{walk['id']}/cancel",
        json={"reason": "Storm"},
        headers={"Authorization": f"Bearer {users[who].token}"},
    )
    assert response.status_code == EXPECTED[who][False]
    if response.status_code >= 400:
        assert SECRET not in response.get_data(as_text=True)
