"""`lykta serve` in a subprocess, and requests to it made with the standard library, as a
phone would make them."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.databases import TestDatabase


class LiveServer:
    """`lykta serve` in a subprocess on a free loopback port, on the test database."""

    def __init__(self, database: TestDatabase, instance_dir: Path, **settings: str):
        self.database = database
        self.instance_dir = instance_dir
        self.settings = settings  # more environment variables for this server
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def environment(self) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": self.database.url,
            "LYKTA_MEDIA_DIR": str(self.database.media_dir),
            "LYKTA_INSTANCE_DIR": str(self.instance_dir),
            "SECRET_KEY": "test-secret",
            "LYKTA_INSECURE_COOKIES": "1",
            "LYKTA_BASE_URL": self.url,
            # As in the tests' own app (tests/databases.py): tests empty the database between
            # them, so every lookup checks the routing index; and no refresher thread, whose
            # short transactions every 2.5 s would show up in the checks of later tests that no
            # transaction is open (tests/photos/test_slow_upload.py), for the rest of the run.
            "LYKTA_ROUTING_REFRESH_SECONDS": "0",
            **self.settings,
        }

    def start(self) -> None:
        command = [str(Path(sys.executable).with_name("lykta")), "serve", "--port", str(self.port)]
        self.log = open(self.instance_dir / "serve.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, env=self.environment(), stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"lykta serve exited: {self.log_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"lykta serve did not answer: {self.log_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.log.close()

    def log_text(self) -> str:
        return (self.instance_dir / "serve.log").read_text(errors="replace")[-4000:]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(
    method: str,
    url: str,
    *,
    token: str | None = None,
    json_body=None,
    data: bytes | None = None,
    content_type: str | None = None,
) -> tuple[int, dict | bytes]:
    """One request with the standard library, as a phone would make it; (status, body)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if json_body is not None:
        data = json.dumps(json_body).encode()
        content_type = "application/json"
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, _body(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, _body(error)


def _body(response):
    raw = response.read()
    if response.headers.get_content_type() == "application/json":
        return json.loads(raw)
    return raw
