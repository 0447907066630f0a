"""The worker process of `lykta serve`: gunicorn's process management, waitress's connections.

Why not gunicorn's threaded worker: it hands a connection to a thread as soon as the first byte
arrives, and the thread then waits for the rest of the request. Twenty clients sending one byte a
second held every thread, and nobody else got an answer. Waitress reads each request, headers and
body, in an event loop without a thread, and gives a thread only a complete request; it buffers
the response too, so a slow reader holds no thread either. Gunicorn still does what it does well:
a master that starts, watches and replaces the worker processes, each listening on a socket of its
own (SO_REUSEPORT).

On top of waitress, a request must arrive in time or its connection is closed, after Apache's
mod_reqtimeout: the request line and headers within `header_seconds`, and the body at an average
of at least `min_body_rate` bytes a second after a grace of as long again. A slow client thus
costs a socket for a bounded time, never a thread, and a phone on one bar (tens of KB/s) is far
above the rate.
"""

import json
import os
import resource
import time
from dataclasses import dataclass

from gunicorn.workers.base import Worker
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher

from server.i18n import translate

CONNECTIONS_PER_WORKER = 1000
MAX_HEADER_BYTES = 32 * 1024
LOOP_SECONDS = 0.5
ERRORS = {  # as server/errors.py names them
    400: ("bad_request", "The request could not be understood."),
    413: ("payload_too_large", "The upload is too large."),
}


@dataclass(frozen=True)
class RequestLimits:
    header_seconds: float = 20.0
    min_body_rate: int = 1000  # bytes per second, averaged over the request
    max_body_bytes: int = 2**31

    def too_slow(self, elapsed: float, headers_finished: bool, received: int) -> bool:
        if not headers_finished:
            return elapsed > self.header_seconds
        return elapsed > self.header_seconds + received / self.min_body_rate


class JsonErrorTask(ErrorTask):
    """What waitress refuses before the app sees it (a malformed request, headers or a body far
    too large) is answered in the API's error shape, not as waitress's text page."""

    def execute(self):
        status = self.request.error.code
        code, message = ERRORS.get(status, ERRORS[400])
        locale = "en" if self.request.headers.get("ACCEPT_LANGUAGE", "").startswith("en") else "sv"
        body = json.dumps({"code": code, "message": translate(message, locale)}).encode()
        self.status = f"{status} {self.request.error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class DeadlineChannel(HTTPChannel):
    """A connection that remembers when its current request began and how much of it came."""

    error_task_class = JsonErrorTask
    request_started = 0.0
    request_bytes = 0

    def received(self, data):
        if self.request is None and data:
            self.request_started = time.time()
            self.request_bytes = 0
        self.request_bytes += len(data)
        return super().received(data)

    def too_slow(self, now: float, limits: RequestLimits) -> bool:
        """A request is arriving, none is being served, and it has taken longer than allowed."""
        if self.request is None or self.requests:
            return False
        elapsed = now - self.request_started
        return limits.too_slow(elapsed, self.request.headers_finished, self.request_bytes)


class DeadlineServer(TcpWSGIServer):
    channel_class = DeadlineChannel
    limits = RequestLimits()

    def maintenance(self, now):
        super().maintenance(now)  # closes connections idle for longer than channel_timeout
        for channel in list(self.active_channels.values()):
            if isinstance(channel, DeadlineChannel) and channel.too_slow(now, self.limits):
                channel.will_close = True  # closed by the loop's next pass


class WaitressWorker(Worker):
    """A gunicorn worker that serves its listening sockets with waitress."""

    def run(self):
        socket_map = {}
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(self.cfg.threads)
        servers = [self._server(listener.sock, socket_map, dispatcher) for listener in self.sockets]
        try:
            self._serve(socket_map)
            self._finish(servers, socket_map)
        finally:
            dispatcher.shutdown(timeout=1)
            wasyncore.close_all(socket_map)

    def _server(self, sock, socket_map, dispatcher) -> DeadlineServer:
        server = DeadlineServer(
            self.wsgi,
            socket_map,
            _sock=sock,
            dispatcher=dispatcher,
            adj=self._adjustments(),
            bind_socket=False,
            sockinfo=(sock.family, sock.type, sock.proto, sock.getsockname()),
        )
        server.limits = self._limits()
        return server

    def _limits(self) -> RequestLimits:
        # Set by the gunicorn application (server/serve.py) from the app's configuration.
        return getattr(self.app, "request_limits", None) or RequestLimits()

    def _adjustments(self) -> Adjustments:
        connections = CONNECTIONS_PER_WORKER
        _raise_open_files_limit(connections + 64)
        return Adjustments(
            threads=self.cfg.threads,
            connection_limit=connections,
            channel_timeout=max(self.cfg.keepalive, int(self._limits().header_seconds)),
            cleanup_interval=1,
            max_request_header_size=MAX_HEADER_BYTES,
            # Refused before they are read, rather than buffered first and refused by Flask.
            max_request_body_size=self._limits().max_body_bytes,
            ident="",  # no Server header
            expose_tracebacks=False,
            # The app decides which forwarding headers to trust (LYKTA_TRUSTED_PROXIES).
            clear_untrusted_proxy_headers=False,
        )

    def _serve(self, socket_map) -> None:
        next_beat = 0.0
        while self.alive:
            # poll(), as select() stops at descriptor 1024.
            wasyncore.loop(timeout=LOOP_SECONDS, map=socket_map, use_poll=True, count=1)
            if time.monotonic() >= next_beat:
                self.notify()  # tell the master this worker is alive
                next_beat = time.monotonic() + 1
            if self.ppid != os.getppid():
                self.log.info("Parent changed, shutting down: %s", self)
                return

    def _finish(self, servers, socket_map) -> None:
        """Stop accepting, then let requests in progress finish, within the graceful timeout."""
        for server in servers:
            server.accepting = False
            server.del_channel()
        deadline = time.monotonic() + self.cfg.graceful_timeout
        while time.monotonic() < deadline and _busy(socket_map):
            wasyncore.loop(timeout=LOOP_SECONDS, map=socket_map, use_poll=True, count=1)


def _busy(socket_map) -> bool:
    return any(
        isinstance(channel, HTTPChannel) and (channel.requests or channel.total_outbufs_len)
        for channel in list(socket_map.values())
    )


def _raise_open_files_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
