"""The tips tests' fixtures: a resident's tip sent through the public PUT, and the place it is
routed to once approved (AB Väsbyhem's block, whose fault-report address gets the email)."""

import uuid

import pytest

from tests.factories import rectangle
from tests.factories.tips import tip_body


@pytest.fixture
def send_tip(client):
    """send_tip(tip_id=None, address=..., **fields) → the response of the public PUT."""

    def send(tip_id=None, address="203.0.113.7", headers=None, **fields):
        return client.put(
            f"/api/v1/public/findings/{tip_id or uuid.uuid4()}",
            json=tip_body(**fields),
            headers=headers or {},
            environ_base={"REMOTE_ADDR": address},
        )

    return send


@pytest.fixture
def tip(send_tip):
    """tip(**fields) → the id (str) of a new tip, waiting for moderation."""

    def make(**fields) -> str:
        response = send_tip(**fields)
        assert response.status_code == 202, response.json
        return response.json["id"]

    return make


@pytest.fixture
def vasbyhem(make_org, make_property, make_user):
    """AB Väsbyhem owns the block the tips are in; its owner uses the app."""
    organisation = make_org("AB Väsbyhem", "bostadsbolag")
    make_property(
        "Upplands Väsby Dragonen 1:12",
        organisation,
        rectangle(0, 0, 60, 60),
        ["felanmalan@vasbyhem.se"],
    )
    owner = make_user("owner", organisation, email="hanna@vasbyhem.se")
    return {"id": organisation, "owner": owner}


@pytest.fixture
def coordinator(make_org, make_user):
    return make_user(
        "coordinator", make_org("Upplands Väsby kommun", "kommun"), email="samordnare@vasby.se"
    )
