"""Sign-in time: does it reveal which emails have accounts?

Run with `.venv/bin/python bench/signin.py` (PostgreSQL at 127.0.0.1:5432, as in the tests;
`--database sqlite` for the embedded default). Results go to bench/results/signin.json.

A real `lykta serve` with the production password hasher (argon2-cffi's default costs) answers
POST /api/v1/auth/login for five kinds of attempt, interleaved in a new random order every
round so that a slow spell of the shared machine hits all alike, one at a time (the medians are
the cost of one sign-in, not of queueing). The limits are set out of reach
(LYKTA_LOGIN_MAX_FAILURES), as this measures what a sign-in costs, not when it is refused.
Each median is compared with the known email and right password: an unknown email, a wrong
password, a disabled account and an account without a password must all lie within 0.5-2x.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sync import BIN, REPO, database, free_port, wait_until_up

RESULTS = REPO / "bench" / "results" / "signin.json"
PASSWORD = "bench-password-1"  # noqa: S105 - the bench's own accounts
WRONG = "not-the-password-1"
BAND = (0.5, 2.0)
KNOWN, DISABLED, NO_PASSWORD = "known@lykta.bench", "disabled@lykta.bench", "invited@lykta.bench"
KINDS = {  # name: (email, password, expected status)
    "known email, right password": (KNOWN, PASSWORD, 200),
    "known email, wrong password": (KNOWN, WRONG, 401),
    "unknown email": (None, WRONG, 401),  # a new one every time
    "disabled account": (DISABLED, PASSWORD, 401),
    "account without a password": (NO_PASSWORD, WRONG, 401),
}
REFERENCE = "known email, right password"


def main():
    options = parse_arguments()
    with tempfile.TemporaryDirectory(prefix="lykta-bench-") as folder, database(options) as url:
        environment = {
            **os.environ,
            "DATABASE_URL": url,
            "LYKTA_INSTANCE_DIR": str(Path(folder) / "instance"),
            "LYKTA_MEDIA_DIR": str(Path(folder) / "media"),
            "SECRET_KEY": "bench",
            "LYKTA_LOGIN_MAX_FAILURES": "1000000",
        }
        prepare(environment, url)
        port = free_port()
        server = subprocess.Popen(
            [str(BIN / "lykta"), "serve", "--port", str(port)],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(port)
            times, unexpected = measure(port, options.rounds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    report(options, times, unexpected)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25, help="sign-ins of each kind")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    return parser.parse_args()


def prepare(environment: dict, url: str) -> None:
    def lykta(*args):
        subprocess.run(
            [str(BIN / "lykta"), *args], env=environment, check=True, capture_output=True
        )

    lykta("db", "upgrade")
    for email in (KNOWN, DISABLED, NO_PASSWORD):
        lykta(
            "users", "create", "--email", email, "--name", "Bench", "--role", "reporter",
            "--org", "Bench", "--password", PASSWORD,
        )  # fmt: skip
    lykta("users", "disable", "--email", DISABLED)
    # An account made for a walk invitation has no password until its owner sets one.
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text("update users set password_hash = null where email = :email"),
            {"email": NO_PASSWORD},
        )
    engine.dispose()


def measure(port: int, rounds: int) -> tuple[dict, list]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times = {kind: [] for kind in KINDS}
    unexpected = []
    for _ in range(3):  # warm up: imports, connections, the dummy hash of each worker
        for kind in KINDS:
            sign_in(connection, kind)
    for _ in range(rounds):
        order = list(KINDS)
        random.shuffle(order)
        for kind in order:
            seconds, status = sign_in(connection, kind)
            times[kind].append(seconds)
            if status != KINDS[kind][2]:
                unexpected.append((kind, status))
    connection.close()
    return times, unexpected


def sign_in(connection, kind: str) -> tuple[float, int]:
    email, password, _ = KINDS[kind]
    email = email or f"{uuid.uuid4().hex[:12]}@lykta.bench"
    body = json.dumps({"email": email, "password": password})
    started = time.perf_counter()
    connection.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    return time.perf_counter() - started, response.status


def report(options, times: dict, unexpected: list) -> None:
    medians = {kind: statistics.median(values) * 1000 for kind, values in times.items()}
    reference = medians[REFERENCE]
    ratios = {kind: median / reference for kind, median in medians.items() if kind != REFERENCE}
    within = all(BAND[0] <= ratio <= BAND[1] for ratio in ratios.values())
    print(f"{options.rounds} sign-ins of each kind, {options.database}, production argon2")
    print(f"{'kind':30}{'median ms':>11}{'p10 ms':>9}{'p90 ms':>9}{'ratio':>8}")
    for kind, values in times.items():
        deciles = statistics.quantiles([value * 1000 for value in values], n=10)
        ratio = f"{ratios[kind]:.2f}" if kind in ratios else "1"
        print(f"{kind:30}{medians[kind]:>11.1f}{deciles[0]:>9.1f}{deciles[-1]:>9.1f}{ratio:>8}")
    print(f"every ratio to '{REFERENCE}' within {BAND}: {'yes' if within else 'NO'}")
    if unexpected:
        print(f"unexpected answers: {unexpected[:5]} ({len(unexpected)} in all)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    summary = {
        "database": options.database,
        "rounds": options.rounds,
        "median_ms": {kind: round(median, 1) for kind, median in medians.items()},
        "ratio_to_known_right_password": {kind: round(r, 2) for kind, r in ratios.items()},
        "ratio_unknown_to_known": round(ratios["unknown email"], 2),
        "ratio_wrong_password_to_known": round(ratios["known email, wrong password"], 2),
        "band": BAND,
        "within_band": within,
        "unexpected_answers": len(unexpected),
    }
    RESULTS.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
