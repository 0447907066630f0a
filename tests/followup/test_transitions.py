"""The whole transition table by role, through the API: every role x every status x every
target is allowed (200, and the finding is there afterwards) or refused (409
transition_not_allowed; 403 for reporters, who move nothing; 404 for another organisation's
owner, who does not see the finding). Repeating a move already made is a harmless 200.

EXPECTED is the transition table of the README, written out by hand on purpose."""

import uuid

import pytest

from server.extensions import db
from server.findings.models import Finding, Status
from tests.factories import stockholm_today as today

STATUSES = [status.value for status in Status]
EXPECTED = {
    "owner": {
        "skickad": {"mottagen", "planerad", "åtgärdad", "ej vårt ansvar"},
        "mottagen": {"planerad", "åtgärdad", "ej vårt ansvar"},
        "planerad": {"planerad", "åtgärdad", "ej vårt ansvar"},
    },
    "coordinator": {
        "ny": {"granskad", "skickad", "avvisad", "dubblett"},
        "granskad": {"skickad", "avvisad", "dubblett"},
        "ej vårt ansvar": {"granskad", "skickad", "avvisad", "dubblett"},
        "skickad": {"mottagen", "planerad", "åtgärdad", "avvisad", "dubblett"},
        "mottagen": {"planerad", "åtgärdad", "avvisad", "dubblett"},
        "planerad": {"planerad", "åtgärdad", "avvisad", "dubblett"},
        "åtgärdad": {"verifierad", "skickad", "granskad"},
        "verifierad": {"skickad", "granskad"},
    },
}
EXPECTED["admin"] = EXPECTED["coordinator"]


def test_the_documented_table_is_the_workflow_s():
    from server.findings import transitions

    for role in ("owner", "coordinator"):
        table = {source: set(targets) for r, source, targets in transitions.table() if r == role}
        assert table == EXPECTED[role]


@pytest.fixture
def case(app, people, report, put_state):
    finding = report(people["reporter"])
    original = report(people["reporter"], x=12, y=12, category="klotter")
    return {"finding": finding, "original": original, **people}


def reset(app, finding: dict, status: str, organisation: int, original=None) -> None:
    with app.app_context():
        stored = db.session.get(Finding, uuid.UUID(finding["id"]))
        stored.status = status
        stored.assigned_org_id = organisation
        # A duplicate duplicates something: the same original again is a repeated move.
        stored.duplicate_of_id = uuid.UUID(original["id"]) if status == "dubblett" else None
        stored.planned_for = None
        stored.touch()
        db.session.commit()


def body(target: str, case) -> dict:
    return {
        "status": target,
        "comment": "Därför",
        "planned_for": today().isoformat() if target == "planerad" else None,
        "organisation_id": case["vasbyhem"] if target == "skickad" else None,
        "duplicate_of": case["original"]["id"] if target == "dubblett" else None,
    }


@pytest.mark.parametrize("role", ["owner", "coordinator", "admin"])
def test_every_status_and_target_is_allowed_or_a_conflict(app, api, case, role):
    user = case[role]
    finding = case["finding"]
    wrong = []
    for source in STATUSES:
        for target in STATUSES:
            reset(app, finding, source, case["vasbyhem"], case["original"])
            response = api(user).post(
                f"/api/v1/findings/{finding['id']}/status", json=body(target, case)
            )
            allowed = target in EXPECTED[role].get(source, set())
            if allowed or source == target:
                ok = response.status_code == 200 and response.json["status"] == target
            else:
                ok = (
                    response.status_code == 409
                    and response.json["code"] == "transition_not_allowed"
                )
            if not ok:
                wrong.append((source, target, response.status_code, response.json))
    assert wrong == []


@pytest.mark.parametrize(("role", "expected"), [("reporter", 403), ("other_owner", 404)])
def test_reporters_and_other_owners_move_nothing(app, api, case, role, expected):
    finding = case["finding"]
    for source in STATUSES:
        reset(app, finding, source, case["vasbyhem"], case["original"])
        for target in STATUSES:
            response = api(case[role]).post(
                f"/api/v1/findings/{finding['id']}/status", json=body(target, case)
            )
            assert response.status_code == expected, (source, target, response.json)
    with app.app_context():
        assert db.session.get(Finding, uuid.UUID(finding["id"])).status == STATUSES[-1]


def test_moves_that_need_a_reason_or_an_original(app, api, case):
    coordinator, finding = case["coordinator"], case["finding"]
    url = f"/api/v1/findings/{finding['id']}/status"
    for source, target in [
        ("åtgärdad", "skickad"),
        ("åtgärdad", "granskad"),
        ("verifierad", "skickad"),
        ("skickad", "avvisad"),
    ]:
        reset(app, finding, source, case["vasbyhem"], case["original"])
        response = api(coordinator).post(url, json={"status": target})
        assert response.status_code == 422, (source, target)
        assert response.json["errors"] == {"comment": ["Ange varför."]}
    reset(app, finding, "skickad", case["vasbyhem"], case["original"])
    missing = api(coordinator).post(url, json={"status": "dubblett"})
    assert missing.status_code == 422
    assert "duplicate_of" in missing.json["errors"]
    unknown = api(coordinator).post(
        url, json={"status": "dubblett", "duplicate_of": str(uuid.uuid4())}
    )
    assert unknown.status_code == 422
    assert list(unknown.json["errors"]) == ["duplicate_of"]
