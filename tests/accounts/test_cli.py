"""The `lykta` command as an administrator uses it."""

from server.cli import main
from tests.factories import PASSWORD


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(main, list(args), input=input)


def test_users_create_makes_the_organisation_and_a_user_who_can_sign_in(app, client):
    result = run(
        app,
        "users",
        "create",
        "--email",
        "Strateg@Upplandsvasby.se",
        "--name",
        "Sara Strateg",
        "--role",
        "coordinator",
        "--org",
        "Upplands Väsby kommun",
        "--org-kind",
        "kommun",
        "--password",
        PASSWORD,
    )
    assert result.exit_code == 0, result.output
    assert "coordinator strateg@upplandsvasby.se" in result.output
    response = client.post(
        "/api/v1/auth/login", json={"email": "strateg@upplandsvasby.se", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.json["user"]["organisation"] == {
        "id": response.json["user"]["organisation"]["id"],
        "name": "Upplands Väsby kommun",
        "kind": "kommun",
    }


def test_users_create_refuses_a_duplicate_and_a_short_password(app, make_user):
    user = make_user("reporter")
    duplicate = run(
        app,
        "users",
        "create",
        "--email",
        user.email,
        "--name",
        "X",
        "--role",
        "reporter",
        "--org",
        "Polisen",
        "--password",
        PASSWORD,
    )
    assert duplicate.exit_code != 0
    assert "already a user" in duplicate.output
    short = run(
        app,
        "users",
        "create",
        "--email",
        "ny@example.se",
        "--name",
        "X",
        "--role",
        "reporter",
        "--org",
        "Polisen",
        "--password",
        "kort",
    )
    assert short.exit_code != 0
    assert "at least 10" in short.output


def test_tokens_create_prints_a_working_token_alone_on_the_last_line(app, client, make_user):
    user = make_user("owner")
    result = run(app, "tokens", "create", "--email", user.email)
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json["user"]["email"] == user.email


def test_users_disable_stops_tokens_at_once(app, api, make_user):
    user = make_user("reporter")
    assert run(app, "users", "disable", "--email", user.email).exit_code == 0
    assert api(user).get("/api/v1/auth/me").status_code == 401


def test_tokens_create_for_an_unknown_user_fails_clearly(app):
    result = run(app, "tokens", "create", "--email", "ingen@example.se")
    assert result.exit_code != 0
    assert "No user" in result.output
