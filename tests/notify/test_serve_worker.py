"""`lykta serve` with the outbox worker inside (LYKTA_SERVE_WORKER=1): a finding reported over
HTTP reaches the owner's mailbox without a separate `lykta worker`, and the worker goes when
the server goes."""

import os
import re
import time
import uuid

import pytest

from tests.factories import at, finding_body, rectangle
from tests.live_server import LiveServer, http

pytestmark = pytest.mark.live


class ServerWithWorker(LiveServer):
    def __init__(self, database, instance_dir, smtp_url):
        super().__init__(database, instance_dir)
        self.smtp_url = smtp_url

    def environment(self) -> dict:
        return {
            **super().environment(),
            "LYKTA_SERVE_WORKER": "1",
            "SMTP_URL": self.smtp_url,
            "LYKTA_WORKER_INTERVAL": "0.2",
            "LYKTA_WORKERS": "1",
        }


def test_the_server_s_own_worker_delivers_and_stops_with_it(
    database, tmp_path, app, smtp, make_org, make_property, make_user
):
    owner = make_org("AB Väsbyhem")
    make_property("Dragonen 1:12", owner, rectangle(0, 0, 60, 60), ["felanmalan@vasbyhem.se"])
    reporter = make_user("reporter")
    server = ServerWithWorker(database, tmp_path, smtp.url)
    server.start()
    try:
        lat, lon = at(10, 10)
        status, _ = http(
            "PUT",
            f"{server.url}/api/v1/findings/{uuid.uuid4()}",
            token=reporter.token,
            json_body=finding_body(lat=lat, lon=lon),
        )
        assert status == 201
        deadline = time.monotonic() + 20
        while not smtp.messages and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [m["To"] for m in smtp.messages] == ["felanmalan@vasbyhem.se"], server.log_text()
        # The whole log: log_text() keeps only its end, which retries or tracebacks can fill.
        log = (tmp_path / "serve.log").read_text(errors="replace")
        started = re.search(r"Started the outbox worker \(pid (\d+)\)", log)
        assert started, log
        pid = int(started.group(1))
    finally:
        server.stop()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and alive(pid):
        time.sleep(0.1)
    assert not alive(pid)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0): look at its state.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
