"""Every route asks the policy, and the policy's answer is what each role gets.

The matrix is built from the app's own URL map, so a route added later is covered the moment it
exists: it must declare a permission (or be marked public), and each role must get exactly what
PERMISSIONS says.
"""

import uuid

import pytest

from server import create_app
from server.accounts.models import Role
from server.accounts.policy import PERMISSIONS

UNCHECKED = {"static", "api-docs.openapi_json"}  # files and the public OpenAPI document


def api_routes() -> list[tuple[str, str, str]]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in UNCHECKED:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, rule.rule, rule.endpoint))
    return routes


ROUTES = api_routes()


def concrete_path(rule_text: str) -> str:
    """The rule with made-up values: objects that do not exist, so only the policy is tested."""
    path = rule_text
    for part in rule_text.split("<")[1:]:
        spec = part.split(">")[0]
        kind = spec.rpartition(":")[0]
        value = {"uuid": str(uuid.uuid4()), "int": "987654"}.get(kind, "x")
        path = path.replace(f"<{spec}>", value)
    return path


def test_every_route_declares_who_may_call_it(app):
    for _, rule, endpoint in ROUTES:
        view = app.view_functions[endpoint]
        assert hasattr(view, "permission"), f"{rule} does not ask the policy"
        assert view.permission is None or view.permission in PERMISSIONS


@pytest.mark.parametrize(
    ("method", "rule", "endpoint"), ROUTES, ids=[f"{m} {r}" for m, r, _ in ROUTES]
)
def test_each_role_gets_what_the_policy_says(app, client, make_user, method, rule, endpoint):
    permission = app.view_functions[endpoint].permission
    path = concrete_path(rule)
    anonymous = client.open(path, method=method, json={})
    if permission is None:
        assert anonymous.status_code not in (401, 403)
        return
    assert anonymous.status_code == 401, anonymous.json
    for role in Role:
        user = make_user(role.value)
        response = client.open(
            path, method=method, json={}, headers={"Authorization": f"Bearer {user.token}"}
        )
        if role in PERMISSIONS[permission]:
            assert response.status_code not in (401, 403), (role, response.json)
        else:
            assert response.status_code == 403, (role, response.json)
            assert response.json["code"] == "forbidden"
