"""The routing index's lock and the database, taken by a refresher and by finding PUTs at once
(issue 12, item 4).

A refresher that held the index's lock while it waited for the database, and a finding PUT that
held the database (SQLite's write lock, or the last pooled connection) while it waited for the
index's lock, waited for each other until the database gave up: the PUT stalled for the busy
timeout and the refresher logged "database is locked (BEGIN IMMEDIATE)". Here a thread refreshes
the indexes in a loop while threads report findings that are routed through them; every PUT must
be stored and the refresher must never fail.

The pool has as many connections as there are reporting threads and no more, so that on
PostgreSQL (where a read never waits for a writer) the pool is the database the threads can wait
for, and its timeout is SQLite's busy timeout (30 s).
"""

import threading
from uuid import uuid4

from server.extensions import db
from server.places import index
from tests.factories import at, finding_body, rectangle
from tests.findings.test_concurrency import at_once

REPORTERS = 4
PUTS_EACH = 10
POOL = {"pool_size": REPORTERS, "max_overflow": 0, "pool_timeout": 30}


class Refresher:
    """A thread that makes the indexes check the database and rebuild, again and again, as
    `lykta serve`'s refresher does after another process changed them; it notes every failure."""

    def __init__(self, app):
        self.app, self.rounds, self.failures = app, 0, []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, name="test-refresher")

    def run(self):
        while not self.stop.is_set():
            try:
                with self.app.app_context():
                    index.invalidate()  # as after a change: check the version, rebuild if needed
                    index.property_index()
                    index.area_index()
                    db.session.remove()
            except Exception as error:  # what the test reports; one is enough to fail it
                self.failures.append(repr(error))
                return
            self.rounds += 1

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def test_refreshes_and_finding_puts_at_once_never_wait_for_each_other(
    make_app, make_org, make_user, make_property, make_area
):
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS=POOL)
    make_property("Kvarteret 1:1", make_org("Väsbyhem"), rectangle(0, 0, 60, 60))
    make_area("Centrum", rectangle(-100, -100, 100, 100))
    reporters = [make_user("reporter") for _ in range(REPORTERS)]
    lat, lon = at(10, 10)
    turns = iter(range(REPORTERS))
    lock = threading.Lock()

    def report_findings() -> list[int]:
        with lock:
            reporter = reporters[next(turns)]
        client = app.test_client()
        headers = {"Authorization": f"Bearer {reporter.token}"}
        statuses = []
        for _ in range(PUTS_EACH):
            response = client.put(
                f"/api/v1/findings/{uuid4()}", json=finding_body(lat=lat, lon=lon), headers=headers
            )
            statuses.append(response.status_code)
        return statuses

    with Refresher(app) as refresher:
        results = at_once(REPORTERS, report_findings)
        rounds_during_puts = refresher.rounds
    assert results == [[201] * PUTS_EACH] * REPORTERS
    assert refresher.failures == []
    assert rounds_during_puts > 0
