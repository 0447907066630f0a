"""Two phones (or one phone retrying) sending the same thing at the same moment, against a live
`lykta serve`: one row, and every request succeeds."""

import threading
import uuid

from sqlalchemy import func, select

from server.extensions import db
from server.findings.models import Finding, FindingEvent
from tests.factories import finding_body
from tests.live_server import http

PARALLEL = 8


def at_once(count: int, call) -> list:
    """Run call() in `count` threads released together; their results in order."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_identical_puts_at_the_same_moment_create_one_finding(app, live_server, make_user):
    reporter = make_user("reporter")
    url = f"{live_server.url}/api/v1/findings/{uuid.uuid4()}"
    results = at_once(
        PARALLEL, lambda: http("PUT", url, token=reporter.token, json_body=finding_body())
    )
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * (PARALLEL - 1) + [201], live_server.log_text()
    assert len({body["id"] for _, body in results}) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Finding)) == 1
        assert db.session.scalar(select(func.count()).select_from(FindingEvent)) == 1
