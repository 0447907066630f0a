"""`lykta serve` itself: what an operator sees when starting it."""

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
