"""Slow clients: how the other clients fare while 64 connections send a byte a second.

Run with `.venv/bin/python bench/slow_clients.py` (SQLite by default, where a slow upload once
held the write lock; `--database postgresql` for the production database). Results go to
bench/results/slow_clients.json.

Each server is measured twice for the same time: four clients calling `/healthz` and an
authenticated `GET /api/v1/findings` one after another, first alone, then beside 64 slow
clients (32 sending their headers, 32 a photo upload, a byte a second, replaced as soon as the
server closes them, as an attacker would). Reported: the share of requests answered within 2 s
(the issue asks for ≥ 95 %) and the median and 95th percentile under attack as ratios of the same
server's figures without it. The reference is gunicorn's threaded worker, what `lykta serve`
ran before, on the same app, settings and database in the same run.
"""

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sync import BIN, REPO, database, free_port, lykta_environment, prepare, wait_until_up

sys.path.insert(0, str(REPO))  # the slow clients of the tests
from tests.slow_clients import SlowClients, slow_body, slow_headers

RESULTS = REPO / "bench" / "results" / "slow_clients.json"
SLOW_CLIENTS = 64
CLIENTS = 4
ANSWER_SECONDS = 2.0


def main():
    options = parse_arguments()
    results = {}
    with tempfile.TemporaryDirectory(prefix="lykta-bench-") as folder, database(options) as url:
        environment = lykta_environment(url, Path(folder), options)
        token = prepare(environment)
        finding_id, photo_id = announce_photo(environment, token)
        upload = f"/api/v1/findings/{finding_id}/photos/{photo_id}"
        for name, command in servers(options).items():
            results[name] = measure(command, environment, options, token, upload)
    report(options, results)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15, help="per phase")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="sqlite")
    return parser.parse_args()


def servers(options) -> dict:
    gthread = [
        str(BIN / "gunicorn"), "-k", "gthread", "-w", str(options.workers),
        "--threads", str(options.threads), "--reuse-port", "--timeout", "30",
        "server:create_app()",
    ]  # fmt: skip
    return {"lykta serve": [str(BIN / "lykta"), "serve"], "gthread (before)": gthread}


def announce_photo(environment: dict, token: str) -> tuple[str, str]:
    """A finding announcing one photo, for the slow uploads to aim at."""
    port = free_port()
    with running([str(BIN / "lykta"), "serve"], environment, port):
        finding_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
        body = {
            "category": "belysning", "lat": 59.5186, "lon": 17.9119,
            "captured_at": "2026-11-20T18:00:00+01:00", "photos": [photo_id],
        }  # fmt: skip
        status = call(port, "PUT", f"/api/v1/findings/{finding_id}", token, json.dumps(body))[0]
        assert status == 201, status
    return finding_id, photo_id


class running:
    def __init__(self, command, environment, port):
        lykta = command[0].endswith("lykta")
        self.argv = [*command, "--port", str(port)] if lykta else [*command, "-b", f":{port}"]
        self.environment, self.port = environment, port

    def __enter__(self):
        self.process = subprocess.Popen(
            self.argv, env=self.environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until_up(self.port)

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=60)


def measure(command, environment, options, token, upload) -> dict:
    port = free_port()
    host = f"127.0.0.1:{port}"
    attack = [slow_headers(host)] * (SLOW_CLIENTS // 2)
    attack += [slow_body(host, upload, token)] * (SLOW_CLIENTS // 2)
    with running(command, environment, port):
        alone = others(port, token, options.seconds)
        with SlowClients(f"http://{host}", attack, reconnect=True):
            time.sleep(2)  # every slow client connected and dripping
            attacked = others(port, token, options.seconds)
    return {"alone": alone, "attacked": attacked}


def others(port: int, token: str, seconds: float) -> dict:
    """CLIENTS clients calling one request after another for `seconds`; their latencies."""
    latencies, failed = [], []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(number: int):
        paths = ["/healthz", "/api/v1/findings"]
        index = number
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status = call(port, "GET", paths[index % 2], token, timeout=ANSWER_SECONDS + 1)[0]
            except OSError:
                status = None
            with lock:
                (latencies if status == 200 else failed).append(time.perf_counter() - started)
            index += 1

    threads = [threading.Thread(target=client, args=(number,)) for number in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summary(latencies, failed)


def summary(latencies: list[float], failed: list[float]) -> dict:
    total = len(latencies) + len(failed)
    answered = sorted(latencies)
    within = sum(latency <= ANSWER_SECONDS for latency in answered)
    return {
        "requests": total,
        "answered_within_2s_percent": round(100 * within / total, 1) if total else 0.0,
        "failed": len(failed),
        "p50_ms": round(statistics.median(answered) * 1000, 1) if answered else None,
        "p95_ms": round(answered[max(0, int(len(answered) * 0.95) - 1)] * 1000, 1)
        if answered
        else None,
    }


def call(port, method, path, token, body=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def ratio(attacked, alone):
    return round(attacked / alone, 2) if attacked and alone else None


def report(options, results: dict) -> None:
    print(
        f"{SLOW_CLIENTS} slow clients, {CLIENTS} other clients, {options.seconds:g} s a phase, "
        f"{options.workers} workers × {options.threads} threads, {options.database}"
    )
    print(f"{'server':18}{'phase':10}{'requests':>9}{'≤2 s %':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for name, phases in results.items():
        for phase, figures in phases.items():
            print(
                f"{name:18}{phase:10}{figures['requests']:>9}"
                f"{figures['answered_within_2s_percent']:>8}{figures['p50_ms']!s:>9}"
                f"{figures['p95_ms']!s:>9}"
            )
        alone, attacked = phases["alone"], phases["attacked"]
        phases["p50_ratio"] = ratio(attacked["p50_ms"], alone["p50_ms"])
        phases["p95_ratio"] = ratio(attacked["p95_ms"], alone["p95_ms"])
        print(f"{'':18}attacked/alone: p50 ×{phases['p50_ratio']}, p95 ×{phases['p95_ratio']}")
    ours = results["lykta serve"]["attacked"]["answered_within_2s_percent"]
    verdict = "meets" if ours >= 95 else "MISSES"
    print(f"lykta serve answered {ours} % within 2 s under attack: {verdict} the target of 95 %")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"options": vars(options), "results": results}, indent=2))


if __name__ == "__main__":
    main()
