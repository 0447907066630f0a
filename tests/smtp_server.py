"""A real SMTP server on loopback (aiosmtpd) for the notification worker to talk to: it keeps
what it is sent, and can refuse a recipient, answer "try again later" or be slow."""

import asyncio
import email
import threading
from email import policy

from aiosmtpd.controller import Controller


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
