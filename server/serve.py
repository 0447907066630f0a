"""`lykta serve`: the production server. Gunicorn's master runs the worker processes; each serves
its connections with waitress (server/http_worker.py), so that slow clients hold no thread."""

import os
import socket
import subprocess
import sys

import click
from gunicorn.app.base import BaseApplication

from server import create_app
from server.access_log import AccessLog
from server.http_worker import RequestLimits
from server.places import index


class LyktaServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        app = create_app()  # in each worker: no connections shared across fork()
        index.start_refresher(app)
        self.request_limits = RequestLimits(  # read by the worker, server/http_worker.py
            header_seconds=app.config["LYKTA_REQUEST_HEADER_SECONDS"],
            min_body_rate=app.config["LYKTA_REQUEST_MIN_RATE"],
            max_body_bytes=app.config["MAX_CONTENT_LENGTH"] + 1,  # waitress refuses >=
        )
        return AccessLog(app)


def gunicorn_options(host: str, port: int, workers: int, threads: int, timeout: int) -> dict:
    return {
        "bind": f"{host}:{port}",
        "worker_class": "server.http_worker.WaitressWorker",
        "workers": workers,
        "threads": threads,
        # A worker that stops answering its master for this long is replaced; requests in
        # progress get this long to finish on a restart.
        "timeout": timeout,
        "graceful_timeout": timeout,
        "keepalive": 5,
        # Each worker listens on a socket of its own and the kernel spreads new connections
        # over them. On one shared socket the first worker to wake takes them all: a few
        # phones on keep-alive connections then share one worker's GIL while the others idle.
        "reuse_port": True,
        "accesslog": "-",
        "errorlog": "-",
    }


def refuse_taken_port(host: str, port: int) -> None:
    """Each worker binds with SO_REUSEPORT, so a second server started on the same port by
    mistake would quietly share the connections of the first. Refuse to start instead."""
    family, kind, protocol, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind(address)
        except OSError as error:
            raise click.ClickException(f"{host}:{port} is taken: {error.strerror}.") from None


class OutboxWorker:
    """`lykta worker` as a child of gunicorn's master process, for a single-machine install:
    started when the server is ready, stopped with it, and gone by itself should the master die
    (it watches its parent). It claims rows like any other worker, so running a separate
    `lykta worker` as well never sends anything twice."""

    def __init__(self):
        self.process: subprocess.Popen | None = None

    def start(self, arbiter) -> None:
        command = [
            sys.executable,
            "-c",
            "import sys; from server.cli import main; main(sys.argv[1:])",
            "worker",
            "--parent-pid",
            str(os.getpid()),
        ]
        self.process = subprocess.Popen(command)  # noqa: S603 - our own interpreter and module
        arbiter.log.info("Started the outbox worker (pid %s)", self.process.pid)

    def stop(self, arbiter) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=lambda: int(os.environ.get("LYKTA_WORKERS", 2)), type=int)
@click.option("--threads", default=lambda: int(os.environ.get("LYKTA_THREADS", 8)), type=int)
@click.option("--timeout", default=30, show_default=True, type=int)
@click.option(
    "--outbox-worker/--no-outbox-worker",
    default=lambda: os.environ.get("LYKTA_SERVE_WORKER") == "1",
    help="Also deliver notifications from a child process (default: LYKTA_SERVE_WORKER=1).",
)
def serve_command(host, port, workers, threads, timeout, outbox_worker):
    """Serve Lykta with gunicorn (request bodies are capped by LYKTA_MAX_UPLOAD_BYTES)."""
    refuse_taken_port(host, port)
    options = gunicorn_options(host, port, workers, threads, timeout)
    child = OutboxWorker() if outbox_worker else None

    def when_ready(arbiter) -> None:
        # With reuse_port the master holds no socket, so gunicorn's own "Listening at:" line
        # names none: say where Lykta answers.
        arbiter.log.info("Lykta is serving at http://%s:%d", host, port)
        if child:
            child.start(arbiter)

    options["when_ready"] = when_ready
    if child:
        options["on_exit"] = child.stop
    LyktaServer(options).run()
