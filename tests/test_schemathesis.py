"""Schemathesis over /api/openapi.json, as a signed-in coordinator and as a reporter: every
phase (coverage, fuzzing, stateful) and every default check, positive and negative data
included, must find nothing: no server error, no response outside the document, no request the
document calls valid refused (beyond the rules listed in schemathesis.toml, which the document
cannot state), and no request it calls invalid accepted.

The engine runs in this process against the app (WSGI), with schemathesis.toml from the
repository root, a fixed seed and a bounded number of examples per operation; for a deeper
search: LYKTA_SCHEMATHESIS_EXAMPLES=100 pytest tests/test_schemathesis.py."""

import os
import re
from pathlib import Path

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema

from server.accounts.models import Role
from server.accounts.policy import PERMISSIONS

CONFIG = Path(__file__).resolve().parent.parent / "schemathesis.toml"
EXAMPLES = int(os.environ.get("LYKTA_SCHEMATHESIS_EXAMPLES", 5))
SEED = int(os.environ.get("LYKTA_SCHEMATHESIS_SEED", 12))


def buffered(app):
    """The app, each response read whole and closed, as a real server does (schemathesis' WSGI
    client leaves a streamed photo's file open)."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


def forbidden_operations(app, role: str) -> list[str]:
    """The operations the role may not call at all: each answers 403 before reading anything
    (tests/findings/test_object_access.py), so fuzzing them as that role tests nothing more."""
    labels = []
    for rule in app.url_map.iter_rules():
        permission = getattr(app.view_functions[rule.endpoint], "permission", None)
        if permission is None or Role(role) in PERMISSIONS[permission]:
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        labels += [f"{method} {path}" for method in rule.methods - {"HEAD", "OPTIONS"}]
    return labels


def run(app, token: str, skip: list[str]) -> list[str]:
    """What schemathesis found: one line per failure or error."""
    settings = (
        f"seed = {SEED}\n"
        f'[headers]\nAuthorization = "Bearer {token}"\n'
        f"[generation]\nmax-examples = {EXAMPLES}\n"
    )
    skipped = [f'[[operations]]\ninclude-name = "{name}"\nenabled = false\n' for name in skip]
    text = settings + CONFIG.read_text() + "".join(skipped)
    config = SchemathesisConfig.from_str(text, base_dir=str(CONFIG.parent))
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", buffered(app), config=config)
    found = {}
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is not None:
                        failure = check.failure_info.failure
                        key = f"{failure.code} {event.recorder.label}: {failure.title}"
                        found.setdefault(key, f"{key}\n{check.failure_info.code_sample}")
        elif isinstance(event, events.NonFatalError | events.FatalError):
            error = getattr(event, "value", None) or getattr(event, "exception", None)
            found.setdefault(f"error {event}", f"error: {error}")
    return list(found.values())


@pytest.fixture
def world(make_user, make_finding, make_walk):
    """Something to find, page through, sync and act on."""
    coordinator, reporter = make_user("coordinator"), make_user("reporter")
    make_walk([reporter])
    make_finding(reporter)
    make_finding(make_user("reporter"), category="klotter")
    return {"coordinator": coordinator, "reporter": reporter}


def test_schemathesis_finds_nothing_as_a_coordinator(app, world):
    """Every operation, the admins' too (a coordinator's 403 must be documented as well)."""
    found = run(app, world["coordinator"].token, skip=[])
    assert found == [], "\n\n".join(found)


def test_schemathesis_finds_nothing_as_a_reporter(app, world):
    """The operations a reporter may call."""
    skip = forbidden_operations(app, "reporter")
    assert "GET /api/v1/reports/dashboard" in skip and "GET /api/v1/findings" not in skip
    found = run(app, world["reporter"].token, skip)
    assert found == [], "\n\n".join(found)
