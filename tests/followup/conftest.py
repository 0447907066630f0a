"""Fixtures for the follow-up tests: a finding of Väsbyhem's with its people, and ways to put
a finding into any state directly."""

import uuid

import pytest

from server.extensions import db
from server.findings.models import Finding
from tests.factories import at, rectangle


@pytest.fixture
def people(make_org, make_user, make_property):
    """Väsbyhem's block with an owner; another organisation's owner; a reporter, a stranger,
    a coordinator and an admin."""
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    messingen = make_org("Brf Messingen")
    make_property("Upplands Väsby Dragonen 1:12", vasbyhem, rectangle(0, 0, 60, 60))
    make_property("Messingen 2:3", messingen, rectangle(100, 0, 160, 60))
    return {
        "vasbyhem": vasbyhem,
        "messingen": messingen,
        "owner": make_user("owner", vasbyhem),
        "other_owner": make_user("owner", messingen),
        "reporter": make_user("reporter"),
        "stranger": make_user("reporter"),
        "coordinator": make_user("coordinator"),
        "admin": make_user("admin"),
    }


@pytest.fixture
def report(make_finding):
    """report(user, x, y, **fields): a finding x, y metres from the centre."""

    def make(user, x=10, y=10, **fields):
        lat, lon = at(x, y)
        return make_finding(user, lat=lat, lon=lon, **fields)

    return make


@pytest.fixture
def put_state(app):
    """put_state(finding, **columns): set a finding's columns directly (status, assigned_org_id,
    due_date...), as if it had got there."""

    def update(finding: dict, **columns) -> None:
        with app.app_context():
            stored = db.session.get(Finding, uuid.UUID(finding["id"]))
            for key, value in columns.items():
                setattr(stored, key, value)
            stored.touch()
            db.session.commit()

    return update
