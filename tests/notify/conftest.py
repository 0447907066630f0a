"""A real SMTP server on loopback (aiosmtpd) for the worker to talk to, and an app whose
SMTP_URL points at it; the owner's signed link and its form token."""

import asyncio
import email
import re
import threading
import uuid
from email import policy

import pytest
from aiosmtpd.controller import Controller

from server.notify import links
from tests.conftest import free_port
from tests.places.conftest import at, make_area, make_property, make_rule, rectangle, set_org  # noqa: F401


def link(app, finding: dict, organisation: int, locale="sv") -> str:
    """The path of the signed link an email to `organisation` carries for the finding."""
    with app.app_context():
        token = links.make_token(uuid.UUID(finding["id"]), organisation, locale)
    return f"/owner/{finding['id']}/{token}"


def form_token(page_text: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page_text).group(1)


class Handler:
    def __init__(self, server: "SmtpServer"):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.server.refuse:
            return "550 5.1.1 No such mailbox"
        if address in self.server.busy:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.server.delay:
            await asyncio.sleep(self.server.delay)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.server.lock:
            self.server.messages.append(message)
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.url = f"smtp://127.0.0.1:{port}"
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list = []
        self.refuse: set[str] = set()
        self.busy: set[str] = set()
        self.delay = 0.0
        self.lock = threading.Lock()
        self.controller = None

    def start(self) -> "SmtpServer":
        self.controller = Controller(Handler(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp():
    server = SmtpServer(free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def smtp_later():
    """An SMTP server that is not running yet: start() it when the test wants."""
    server = SmtpServer(free_port())
    yield server
    server.stop()


@pytest.fixture
def mail_app(make_app, app, smtp):
    """The worker's app: SMTP on loopback, links to http://lykta.test."""
    return make_app(SMTP_URL=smtp.url, LYKTA_BASE_URL="http://lykta.test")


@pytest.fixture
def place(make_org, make_property):  # noqa: F811
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
