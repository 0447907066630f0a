"""A slow upload holds nothing in the database (issue 12, item 3).

A phone on a bad connection may take minutes to send a photo. While its request is reading the
body, no transaction of that request may be open: on SQLite every transaction begins with
BEGIN IMMEDIATE and holds the one write lock, so one trickling upload would stop every other
writer (and after the busy timeout they fail with "database is locked"); on PostgreSQL it would
hold a connection and a snapshot. The finding PUT reads a (JSON) body the same way.

The request runs through the Flask app in a thread with a body that stops part-way until the
test lets it go on; meanwhile the test looks at the database and writes through the API.
"""

import io
import threading
import uuid
from contextlib import contextmanager

import psycopg
from sqlalchemy.engine import make_url
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from tests.databases import POSTGRES_ADMIN_URL
from tests.factories import finding_body, form_token, link, photo
from tests.photos.test_api import new_finding

# Only so that a broken test cannot hang the run: every wait below is released at once.
DEADLOCK_GUARD_S = 120


class StalledBody:
    """A request body (wsgi.input) that sends its first `stall_at` bytes, then waits until
    `release` is set before sending the rest: a phone whose connection stalled."""

    def __init__(self, data: bytes, stall_at: int):
        self.data, self.stall_at, self.position = data, stall_at, 0
        self.stalled = threading.Event()  # set once the reader waits for the rest
        self.release = threading.Event()

    def read(self, size: int = -1) -> bytes:
        if self.position >= self.stall_at and not self.release.is_set():
            self.stalled.set()
            self.release.wait(DEADLOCK_GUARD_S)
        limit = len(self.data) if self.release.is_set() else self.stall_at
        end = limit if size is None or size < 0 else min(limit, self.position + size)
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk


@contextmanager
def stalled_request(app, path: str, method: str = "PUT", **request):
    """The request (EnvironBuilder's arguments) in a thread, its body stalled half-way; yields
    a dict that holds the response's status and body once it was released and finished."""
    environ = EnvironBuilder(path=path, method=method, **request).get_environ()
    body = StalledBody(environ["wsgi.input"].read(), stall_at=int(environ["CONTENT_LENGTH"]) // 2)
    environ["wsgi.input"] = body
    outcome = {}

    def run():
        response = Response.from_app(app, environ, buffered=True)
        outcome["status"], outcome["body"] = response.status_code, response.get_data()

    thread = threading.Thread(target=run, name="stalled-upload")
    thread.start()
    try:
        assert body.stalled.wait(DEADLOCK_GUARD_S), "the request never read its body"
        yield outcome
    finally:
        body.release.set()
        thread.join(DEADLOCK_GUARD_S)
    assert not thread.is_alive()


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {user.token}"}


def open_transactions(database) -> list[tuple]:
    """PostgreSQL: the sessions of the test database that are inside a transaction."""
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        return connection.execute(
            "SELECT pid, state, query FROM pg_stat_activity"
            " WHERE datname = %s AND state LIKE 'idle in transaction%%'",
            (make_url(database.url).database,),
        ).fetchall()


def others_can_write_meanwhile(api, database, someone_else) -> None:
    """While the body is stalled: no open transaction (PostgreSQL), and another reporter's
    finding is stored at once (on SQLite it would wait for the lock, then fail after 30 s)."""
    if database.kind == "postgresql":
        assert open_transactions(database) == []
    response = api(someone_else).put(f"/api/v1/findings/{uuid.uuid4()}", json=finding_body())
    assert response.status_code == 201, response.json


def test_a_stalled_photo_upload_does_not_stop_other_writers(app, api, database, make_user):
    reporter, someone_else = make_user("reporter"), make_user("reporter")
    finding_id, (photo_id,) = new_finding(api, reporter)
    path = f"/api/v1/findings/{finding_id}/photos/{photo_id}"
    data = photo("orientation_1.jpg")
    with stalled_request(
        app, path, headers=bearer(reporter), data=data, content_type="image/jpeg"
    ) as outcome:
        others_can_write_meanwhile(api, database, someone_else)
    assert outcome["status"] == 201, outcome["body"]
    assert api(reporter).get(f"/api/v1/findings/{finding_id}").json["complete"] is True


def test_a_stalled_finding_body_does_not_stop_other_writers(app, api, database, make_user):
    reporter, someone_else = make_user("reporter"), make_user("reporter")
    # The phone's token was used a moment ago, as always in a walk: the sign-in check reads only.
    assert api(reporter).get("/api/v1/categories").status_code == 200
    path = f"/api/v1/findings/{uuid.uuid4()}"
    with stalled_request(app, path, headers=bearer(reporter), json=finding_body()) as outcome:
        others_can_write_meanwhile(api, database, someone_else)
    assert outcome["status"] == 201, outcome["body"]
    assert api(reporter).get(path).status_code == 200


def test_a_stalled_photo_of_the_fix_through_the_owner_s_link_does_not_stop_other_writers(
    app, client, api, database, make_user, make_org, make_finding, assign
):
    reporter, someone_else = make_user("reporter"), make_user("reporter")
    housing = make_org("Väsbyhem")
    finding = make_finding(reporter)
    assign(finding, housing)
    path = link(app, finding, housing)
    form = {
        "action": "fix",
        "form_token": form_token(client.get(path).text),
        "photo": (io.BytesIO(photo("orientation_1.jpg")), "efter.jpg", "image/jpeg"),
    }
    with stalled_request(app, path, "POST", data=form) as outcome:
        others_can_write_meanwhile(api, database, someone_else)
    assert outcome["status"] == 303, outcome["body"]
    stored = api(reporter).get(f"/api/v1/findings/{finding['id']}").json
    assert stored["status"] == "åtgärdad"
    assert [listed["kind"] for listed in stored["photos"]] == ["after"]
