"""LYKTA_TRUSTED_PROXIES: which X-Forwarded-For entry names the client for the sign-in limits."""

import pytest

from server import create_app
from server.config import from_environment
from tests.factories import PASSWORD


def test_it_is_read_from_the_environment_and_names_the_client(monkeypatch, make_app, make_user):
    monkeypatch.setenv("LYKTA_TRUSTED_PROXIES", "1")
    app = make_app()
    user = make_user()
    attacker = app.test_client()
    for index in range(5 * app.config["LYKTA_LOGIN_MAX_FAILURES"]):
        attacker.post(
            "/api/v1/auth/login",
            json={"email": f"gissning-{index}@example.se", "password": "fel"},
            headers={"X-Forwarded-For": "203.0.113.7"},
        )
    # Everyone arrives from the proxy's 127.0.0.1; only the attacker's entry is refused.
    office = app.test_client().post(
        "/api/v1/auth/login",
        json={"email": user.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.4"},
    )
    assert office.status_code == 200


@pytest.mark.parametrize(("value", "expected"), [(None, 0), ("", 0), ("0", 0), (" 2 ", 2)])
def test_it_is_a_count_of_proxies(monkeypatch, tmp_path, value, expected):
    if value is None:
        monkeypatch.delenv("LYKTA_TRUSTED_PROXIES", raising=False)
    else:
        monkeypatch.setenv("LYKTA_TRUSTED_PROXIES", value)
    assert from_environment(str(tmp_path))["LYKTA_TRUSTED_PROXIES"] == expected


@pytest.mark.parametrize("value", ["-1", "1.5", "ja", "true", "١"])
def test_a_bad_value_stops_the_start_and_names_the_setting(monkeypatch, tmp_path, value):
    monkeypatch.setenv("LYKTA_TRUSTED_PROXIES", value)
    monkeypatch.setenv("LYKTA_INSTANCE_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="LYKTA_TRUSTED_PROXIES must be a whole number, 0 or"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
