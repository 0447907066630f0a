"""The notify tests' fixtures: an SMTP server started when a test wants, and AB Väsbyhem's
block with a finding sent to it. The server itself is tests/smtp_server.py; the running one
(`smtp`) and the worker's app (`mail_app`) are fixtures of tests/conftest.py."""

import pytest

from tests.factories import at, rectangle
from tests.live_server import free_port
from tests.smtp_server import SmtpServer


@pytest.fixture
def smtp_later():
    """An SMTP server that is not running yet: start() it when the test wants."""
    server = SmtpServer(free_port())
    yield server
    server.stop()


@pytest.fixture
def place(make_org, make_property):
    """Väsbyhem's block, with the block's fault-report address from the property register."""
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property(
        "Upplands Väsby Dragonen 1:12",
        vasbyhem,
        rectangle(0, 0, 60, 60),
        ["felanmalan@vasbyhem.se"],
    )
    return vasbyhem


@pytest.fixture
def sent_to_vasbyhem(place, make_org, make_user, make_finding):
    """A finding sent to AB Väsbyhem by its block (the block's fault-report address gets the
    signed link), Väsbyhem's owner in the app, the coordinator of Upplands Väsby kommun, and
    Brf Messingen, which could take the finding over."""
    vasbyhem = place
    owner = make_user("owner", vasbyhem, email="hanna@vasbyhem.se")
    coordinator = make_user(
        "coordinator", make_org("Upplands Väsby kommun", "kommun"), email="samordnare@vasby.se"
    )
    lat, lon = at(10, 10)
    finding = make_finding(make_user("reporter"), lat=lat, lon=lon, note="Lampan vid porten")
    return {
        "finding": finding,
        "vasbyhem": vasbyhem,
        "messingen": make_org("Brf Messingen"),
        "owner": owner,
        "coordinator": coordinator,
    }
