"""`lykta serve` itself: what an operator sees when starting it."""

import contextlib
import json
import socket
import subprocess
import sys
from pathlib import Path

LYKTA = str(Path(sys.executable).with_name("lykta"))


def test_a_second_server_on_a_taken_port_refuses_to_start(tmp_path):
    # Workers bind with SO_REUSEPORT: without the check, this one would share the port.
    with socket.socket() as first:
        first.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        first.bind(("127.0.0.1", 0))
        first.listen()
        port = first.getsockname()[1]
        finished = subprocess.run(
            [LYKTA, "serve", "--port", str(port)],
            env={"PATH": "/usr/bin:/bin", "LYKTA_INSTANCE_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert finished.returncode != 0
    assert f"127.0.0.1:{port} is taken" in finished.stderr


def test_the_log_says_where_lykta_answers(live_server):
    # gunicorn's own "Listening at:" line is empty with reuse_port: the operator needs this one.
    log = (live_server.instance_dir / "serve.log").read_text(errors="replace")
    assert f"Lykta is serving at {live_server.url}" in log


def test_what_the_server_refuses_before_the_app_is_still_json(live_server):
    """Waitress refuses a body over the cap before reading it, and headers over 32 KB."""
    host = live_server.url.removeprefix("http://")
    too_large = 26 * 1024 * 1024  # LYKTA_MAX_UPLOAD_BYTES is 25 MB
    upload = f"PUT /api/v1/findings HTTP/1.1\r\nHost: {host}\r\nContent-Length: {too_large}\r\n\r\n"
    huge_headers = f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nX-Big: {'a' * 33_000}\r\n\r\n"
    for raw, status in ((upload, 413), (huge_headers, 431)):
        answer = exchange(live_server.port, raw.encode()).decode()
        head, body = answer.split("\r\n\r\n", 1)
        assert head.split(" ")[1] == str(status)
        assert "Content-Type: application/json" in head
        assert json.loads(body)["message"] in ("Filen är för stor.", "Begäran kunde inte tolkas.")


def exchange(port: int, raw: bytes) -> bytes:
    """Send raw bytes, read the answer until the server closes (or resets) the connection."""
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                answer += chunk
    return answer
