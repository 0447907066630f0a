"""Schemathesis over /api/openapi.json: generated requests to every operation, as a signed-in
coordinator (who may call the most), must never get a server error nor a response that
contradicts the document.

The operations are listed from a throwaway app at collection, one test each; the cases are
drawn with Hypothesis directly (schemathesis' own pytest loader does not run on pytest 9)."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from server import create_app

# More for a deeper search: LYKTA_SCHEMATHESIS_EXAMPLES=500 pytest tests/test_openapi.py
EXAMPLES = int(os.environ.get("LYKTA_SCHEMATHESIS_EXAMPLES", 30))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def operations() -> list[tuple[str, str]]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    return [(op.ok().path, op.ok().method.upper()) for op in schema.get_all_operations()]


OPERATIONS = operations()


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_api_keeps_its_promises(app, make_user, make_finding, path, method):
    coordinator = make_user("coordinator")
    make_finding(make_user("reporter"))  # something to find, page through and sync
    operation = schemathesis.openapi.from_wsgi("/api/openapi.json", app)[path][method]
    headers = {"Authorization": f"Bearer {coordinator.token}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def keeps_promises(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    keeps_promises()


def test_the_document_describes_the_public_contract(client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/categories",
        "/api/v1/findings/{finding_id}",
        "/api/v1/findings/{finding_id}/photos/{photo_id}",
        "/api/v1/findings",
        "/api/v1/sync",
    ):
        assert path in paths
    error = spec["components"]["schemas"]["Error"]["properties"]
    assert set(error) == {"code", "message", "errors"}
