"""What a flood of public submissions costs, and whether it keeps anyone out.

Run with `.venv/bin/python bench/public_flood.py` (PostgreSQL at 127.0.0.1:5432, as in the
tests; `--database sqlite` for the embedded default). Results go to
bench/results/public_flood.json.

A real `lykta serve` behind a pretend proxy (LYKTA_TRUSTED_PROXIES=1: each request names its
client in X-Forwarded-For, so one machine can be many addresses) with the default limits (20
tips, 60 ratings an hour). Measured one request at a time, interleaved so that a slow spell of
the shared machine hits all alike, against the reference `GET /healthz` in the same run:

- an accepted rating and tip (each from a new address) and a refused one (from an address past
  its limit); the ratio of each to /healthz;
- the rows the limits table holds after a flood of --flood requests from one address and after
  --addresses addresses each send their limit and ten more: one key's limit, at most, each;
- an honest client from another address sending ratings and tips while --threads threads flood
  from one address as fast as they can: all accepted, and its time against the same without
  the flood; and how many rows the flooder's key holds after those parallel requests.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sync import BIN, REPO, database, free_port, wait_until_up

RESULTS = REPO / "bench" / "results" / "public_flood.json"
TIPS, RATINGS = 20, 60  # the defaults
CENTRE = (59.5186, 17.9119)  # Upplands Väsby centrum
KINDS = ("healthz", "rating accepted", "rating refused", "tip accepted", "tip refused")


class Client:
    """One keep-alive connection; every request names its client address."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def send(self, method: str, path: str, address: str, body=None) -> tuple[float, int]:
        headers = {"X-Forwarded-For": address}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        self.connection.request(method, path, payload, headers)
        response = self.connection.getresponse()
        response.read()
        return time.perf_counter() - started, response.status

    def rating(self, address: str) -> tuple[float, int]:
        body = {"lat": CENTRE[0], "lon": CENTRE[1], "score": 2, "time_of_day": "kväll",
                "reasons": ["dalig_belysning"]}  # fmt: skip
        return self.send("POST", "/api/v1/public/ratings", address, body)

    def tip(self, address: str) -> tuple[float, int]:
        body = {"category": "belysning", "note": "Lampan vid tunneln är trasig",
                "lat": CENTRE[0], "lon": CENTRE[1], "photos": [],
                "captured_at": datetime.now(UTC).isoformat()}  # fmt: skip
        return self.send("PUT", f"/api/v1/public/findings/{uuid.uuid4()}", address, body)

    def healthz(self, address: str) -> tuple[float, int]:
        return self.send("GET", "/healthz", address)


class Addresses:
    """A new client address each time: 10.x.y.z."""

    def __init__(self):
        self.next = 0

    def __call__(self) -> str:
        self.next += 1
        value = self.next
        return f"10.{value >> 16 & 255}.{value >> 8 & 255}.{value & 255}"


def main():
    options = parse_arguments()
    with tempfile.TemporaryDirectory(prefix="lykta-bench-") as folder, database(options) as url:
        environment = {
            **os.environ,
            "DATABASE_URL": url,
            "LYKTA_INSTANCE_DIR": str(Path(folder) / "instance"),
            "LYKTA_MEDIA_DIR": str(Path(folder) / "media"),
            "SECRET_KEY": "bench",
            "LYKTA_TRUSTED_PROXIES": "1",
            "SMTP_URL": "smtp://127.0.0.1:9",  # nothing is mailed: no tip leaves an email
        }
        environment.pop("LYKTA_PUBLIC_TIPS_PER_HOUR", None)
        environment.pop("LYKTA_PUBLIC_RATINGS_PER_HOUR", None)
        subprocess.run(
            [str(BIN / "lykta"), "db", "upgrade"], env=environment, check=True, capture_output=True
        )
        port = free_port()
        server = subprocess.Popen(
            [str(BIN / "lykta"), "serve", "--port", str(port)],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(port)
            engine = create_engine(url)
            summary = run(port, engine, options)
            engine.dispose()
        finally:
            server.terminate()
            server.wait(timeout=30)
    summary["database"] = options.database
    report(summary)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60, help="requests of each kind")
    parser.add_argument("--flood", type=int, default=2000, help="requests from one address")
    parser.add_argument("--addresses", type=int, default=100, help="addresses in the wide flood")
    parser.add_argument("--threads", type=int, default=8, help="flooding threads")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    return parser.parse_args()


def rows(engine) -> tuple[int, int]:
    """(rows in the limits table, most rows of one key)."""
    most_of_one = text(
        "select coalesce(max(n), 0) from"
        " (select count(*) as n from public_submissions group by key) as per_key"
    )
    with engine.connect() as connection:
        total = connection.execute(text("select count(*) from public_submissions")).scalar()
        most = connection.execute(most_of_one).scalar()
    return total, most


def empty(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("delete from public_submissions"))


def run(port: int, engine, options) -> dict:
    client, fresh = Client(port), Addresses()
    flooder = fresh()
    for _ in range(RATINGS):
        client.rating(flooder)
    for _ in range(TIPS):
        client.tip(flooder)
    for _ in range(5):  # warm up
        client.healthz(fresh())
    times = {kind: [] for kind in KINDS}
    unexpected = []
    expected = {"healthz": 200, "rating accepted": 201, "rating refused": 429,
                "tip accepted": 202, "tip refused": 429}  # fmt: skip
    for _ in range(options.rounds):
        for kind in KINDS:
            address = flooder if kind.endswith("refused") else fresh()
            call = {"healthz": client.healthz, "rating": client.rating, "tip": client.tip}
            seconds, status = call[kind.split()[0]](address)
            times[kind].append(seconds)
            if status != expected[kind]:
                unexpected.append((kind, status))

    empty(engine)
    one = fresh()
    statuses = [client.rating(one)[1] for _ in range(options.flood)]
    one_address = {"requests": options.flood, "accepted": statuses.count(201), "rows": rows(engine)}

    empty(engine)
    wide = [fresh() for _ in range(options.addresses)]
    accepted = 0
    for address in wide:
        accepted += [client.rating(address)[1] for _ in range(RATINGS + 10)].count(201)
    many = {"addresses": options.addresses, "requests": options.addresses * (RATINGS + 10),
            "accepted": accepted, "rows": rows(engine)}  # fmt: skip

    empty(engine)
    honest = honest_under_flood(port, fresh, options)
    honest["rows_after"], honest["most_under_one_key_after"] = rows(engine)
    return {
        "median_ms": {k: statistics.median(v) * 1000 for k, v in times.items()},
        "unexpected_answers": unexpected,
        "flood_one_address": one_address,
        "flood_many_addresses": many,
        "honest_client": honest,
    }


def honest_under_flood(port: int, fresh, options) -> dict:
    """An honest client's ratings and tips, alone and while threads flood from one address."""
    honest = Client(port)

    def sample(count: int) -> tuple[list[float], list[int]]:
        seconds, statuses = [], []
        for index in range(count):
            address = fresh()  # a new resident each time: under every limit
            took, status = honest.rating(address) if index % 2 else honest.tip(address)
            seconds.append(took)
            statuses.append(status)
        return seconds, statuses

    alone, _ = sample(options.rounds)
    flooder, stop, sent = fresh(), threading.Event(), []

    def flood():
        client, count = Client(port), 0
        while not stop.is_set():
            client.rating(flooder)
            count += 1
        sent.append(count)

    threads = [threading.Thread(target=flood) for _ in range(options.threads)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    during, statuses = sample(options.rounds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "alone_median_ms": statistics.median(alone) * 1000,
        "during_flood_median_ms": statistics.median(during) * 1000,
        "accepted_during_flood": sum(status in (201, 202) for status in statuses),
        "sent_during_flood": len(statuses),
        "flood_requests_per_second": sum(sent) / elapsed,
    }


def report(summary: dict) -> None:
    medians = summary["median_ms"]
    reference = medians["healthz"]
    print(f"public submissions under a flood, {summary['database']}, one request at a time")
    print(f"{'kind':20}{'median ms':>11}{'x /healthz':>12}")
    for kind, median in medians.items():
        print(f"{kind:20}{median:>11.2f}{median / reference:>12.2f}")
    floods = {"one address": "flood_one_address", "many addresses": "flood_many_addresses"}
    for name, key in floods.items():
        flood = summary[key]
        total, most = flood["rows"]
        print(
            f"{name}: {flood['requests']} ratings, {flood['accepted']} accepted;"
            f" table rows {total}, most under one key {most}"
        )
    honest = summary["honest_client"]
    alone, during = honest["alone_median_ms"], honest["during_flood_median_ms"]
    print(
        f"honest client: {honest['accepted_during_flood']}/{honest['sent_during_flood']}"
        f" accepted during a flood of {honest['flood_requests_per_second']:.0f} requests/s;"
        f" median {alone:.1f} ms alone, {during:.1f} ms during (x {during / alone:.2f});"
        f" the flooder's key holds {honest['most_under_one_key_after']} rows"
    )
    if summary["unexpected_answers"]:
        print(f"unexpected answers: {summary['unexpected_answers'][:5]}")
    summary["ratio_to_healthz"] = {k: round(m / reference, 2) for k, m in medians.items()}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2, default=str))


if __name__ == "__main__":
    main()
