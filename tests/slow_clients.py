"""Slow clients ("slowloris"): connections that send their headers or their body a byte a second.

Used by tests/test_attacks.py against a live `lykta serve`, and by bench/slow_clients.py, which
measures how the other clients fare meanwhile.
"""

import contextlib
import selectors
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class SlowConnection:
    sock: socket.socket
    pending: bytes  # what is still to be sent, a byte at a time
    opened: float = field(default_factory=time.monotonic)
    closed: float | None = None  # when the server closed it

    @property
    def lifetime(self) -> float:
        return (self.closed or time.monotonic()) - self.opened


def slow_headers(host: str) -> bytes:
    """A request whose headers never end."""
    return f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nX-Padding: ".encode() + b"a" * 100_000


def slow_body(host: str, path: str, token: str, content_type: str = "image/jpeg") -> bytes:
    """Complete headers, then a body that trickles in (a photo upload, by default)."""
    size = 100_000
    head = (
        f"PUT {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {size}\r\n\r\n"
    ).encode()
    return head + b"\xff" * size


class SlowClients:
    """Opens connections that each send their first bytes at once (up to the body for body
    requests) and then one byte every `interval` seconds, until stopped or closed by the server.
    With `reconnect`, a connection closed by the server is replaced, as a real attacker would."""

    def __init__(self, url: str, requests: list[bytes], interval=1.0, reconnect=False):
        self.address = urllib.parse.urlsplit(url)
        self.requests = requests
        self.interval = interval
        self.reconnect = reconnect
        self.connections: list[SlowConnection] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._drip, daemon=True)

    def __enter__(self):
        for request in self.requests:
            self.connections.append(self._open(request))
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()
        for connection in self.connections:
            connection.sock.close()

    @property
    def open(self) -> list[SlowConnection]:
        return [connection for connection in self.connections if connection.closed is None]

    @property
    def closed(self) -> list[SlowConnection]:
        return [connection for connection in self.connections if connection.closed is not None]

    def _open(self, request: bytes) -> SlowConnection:
        sock = socket.create_connection((self.address.hostname, self.address.port), timeout=10)
        head_end = request.find(b"\r\n\r\n")
        # Body requests send their headers at once; header requests their first line only.
        first = head_end + 4 if head_end >= 0 else request.find(b"\r\n") + 2
        sock.sendall(request[:first])
        sock.setblocking(False)
        return SlowConnection(sock, request[first:])

    def _drip(self) -> None:
        while not self.stopping.wait(self.interval):
            self._notice_closed()
            for connection in self.open:
                try:
                    connection.sock.send(connection.pending[:1])
                    connection.pending = connection.pending[1:]
                except OSError:
                    connection.closed = time.monotonic()
            if self.reconnect:
                self._replace_closed()

    def _notice_closed(self) -> None:
        """A connection the server has closed (or answered: a refusal) is readable."""
        with selectors.DefaultSelector() as selector:
            for connection in self.open:
                selector.register(connection.sock, selectors.EVENT_READ, connection)
            for key, _ in selector.select(timeout=0):
                key.data.closed = time.monotonic()

    def _replace_closed(self) -> None:
        for index, connection in enumerate(self.connections):
            if connection.closed is not None:
                connection.sock.close()
                request = self.requests[index]
                # A refused connection is tried again next round.
                with contextlib.suppress(OSError):
                    self.connections[index] = self._open(request)
