"""Reading at scale: the list queries on a million findings in PostgreSQL, with the indexes of
the migrations against the same queries with index use turned off (sequential scans), in the
same run on the same data.

Run with `.venv/bin/python bench/queries.py [--findings 1000000]`. Results go to
bench/results/queries.json. The queries are the ones GET /api/v1/findings sends (built by
server.findings.queries with the caller's scope), timed as the median of several runs.
"""

import argparse
import json
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.engine import make_url

from server import create_app
from server.accounts.models import Organisation, User
from server.extensions import db
from server.findings import queries

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "queries.json"
POSTGRES = os.environ.get("LYKTA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
RUNS = 7
ORGANISATIONS = 200

# A million findings over Stockholm and its northern suburbs (about 55 x 45 km), ten years.
FILL = """
INSERT INTO findings (id, reporter_id, category_id, note, lat, lon, accuracy_m, captured_at,
    received_at, updated_at, status, assigned_org_id, priority, version, submitted,
    photos_expected, complete)
SELECT md5(n::text || :salt)::uuid, :reporter, 1 + (n % 14), '', 59.3 + random() * 0.4,
    17.6 + random() * 1.0, 8, now() - (n % 3650) * interval '1 day' - random() * interval '1 day',
    now(), now(), (ARRAY['ny','granskad','skickad','mottagen','planerad','åtgärdad',
    'verifierad','avvisad','ej vårt ansvar','dubblett'])[1 + floor(random() * 10)::int],
    (SELECT min(id) FROM organisations) + (n % :organisations), 2, 1, '{}', 0, true
FROM generate_series(1, :count) AS n
"""


def main():
    options = parse_arguments()
    name = f"lykta_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(POSTGRES).set(drivername="postgresql+psycopg", database=name)
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url.render_as_string(hide_password=False),
                "SECRET_KEY": "bench",
                "LYKTA_MEDIA_DIR": tempfile.mkdtemp(prefix="lykta-bench-"),
            }
        )
        with app.app_context():
            upgrade()
            viewers = fill(options.findings)
            results = measure(viewers)
            db.session.remove()
            db.engine.dispose()
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    report(options, results)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=1_000_000)
    return parser.parse_args()


def fill(count: int) -> dict:
    started = time.perf_counter()
    organisations = [
        Organisation(name=f"Ägare {n}", kind="fastighetsägare") for n in range(ORGANISATIONS)
    ]
    db.session.add_all(organisations)
    db.session.flush()
    coordinator = User(email="c@bench", name="C", role="coordinator", organisation=organisations[0])
    owner = User(email="o@bench", name="O", role="owner", organisation=organisations[7])
    db.session.add_all([coordinator, owner])
    db.session.flush()
    db.session.execute(
        text(FILL),
        {
            "salt": "bench",
            "reporter": coordinator.id,
            "organisations": ORGANISATIONS,
            "count": count,
        },
    )
    db.session.commit()
    db.session.execute(text("ANALYZE findings"))
    db.session.commit()
    print(f"{count} findings inserted and analysed in {time.perf_counter() - started:.0f} s")
    return {"coordinator": coordinator, "owner": owner}


# name, viewer, the arguments of GET /api/v1/findings
CASES = [
    (
        "bbox 500 m in the centre",
        "coordinator",
        {"bbox": "17.905,59.516,17.914,59.521", "limit": 100},
    ),
    (
        "bbox 5 km, open only",
        "coordinator",
        {"bbox": "17.85,59.48,17.94,59.53", "status": "ny,granskad,skickad", "limit": 100},
    ),
    ("owner's open findings", "owner", {"status": "skickad,mottagen,planerad", "limit": 100}),
    ("triage queue", "coordinator", {"status": "ny", "limit": 100}),
]


def measure(viewers: dict) -> list[dict]:
    results = []
    for name, viewer, args in CASES:
        indexed = timed(viewers[viewer], args)
        db.session.execute(text("SET enable_indexscan = off"))
        db.session.execute(text("SET enable_bitmapscan = off"))
        db.session.execute(text("SET enable_indexonlyscan = off"))
        scanned = timed(viewers[viewer], args)
        db.session.rollback()  # the SETs end with the transaction
        results.append(
            {
                "query": name,
                "indexed_ms": indexed["ms"],
                "scan_ms": scanned["ms"],
                "rows": indexed["rows"],
                "speed_up": round(scanned["ms"] / indexed["ms"]),
            }
        )
        assert indexed["rows"] == scanned["rows"]
    return results


def timed(viewer, args: dict) -> dict:
    arguments = {"limit": 100, **args}
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        found, _ = queries.list_findings(viewer, arguments)
        times.append((time.perf_counter() - started) * 1000)
    return {"ms": round(statistics.median(times), 2), "rows": len(found)}


def report(options, results: list[dict]):
    print(f"{'query':30}{'indexed ms':>12}{'seq scan ms':>13}{'rows':>6}{'speed-up':>10}")
    for row in results:
        print(
            f"{row['query']:30}{row['indexed_ms']:>12}{row['scan_ms']:>13}{row['rows']:>6}"
            f"{row['speed_up']:>9}x"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"findings": options.findings, "queries": results}, indent=2))


if __name__ == "__main__":
    main()
