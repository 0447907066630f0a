"""Fixtures for the whole suite.

Every test that touches the database runs on SQLite and on PostgreSQL: the `database` fixture
is parametrised per session, migrates a fresh database (PostgreSQL: one per run, dropped at the
end) and the `app` fixture empties it again after each test. Set LYKTA_TEST_DATABASES=sqlite
(or postgresql) to run one of them only.

Tests never hold an app context around requests, as production never does: factories open
their own, short ones.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url

from server import create_app
from server.accounts import service as accounts
from server.accounts.models import Organisation
from server.categories.models import Category
from server.extensions import db
from server.findings.models import Finding
from server.walks.models import Walk, WalkParticipant

PASSWORD = "korrekt-hast-batteri"


def _shared_photos() -> Path:
    """The real phone and camera photos of the shared test data, beside the repository."""
    candidates = [
        os.environ.get("LYKTA_TEST_PHOTOS"),
        Path(__file__).resolve().parents[2] / "shared" / "testdata" / "photos",
        "/work/shared/testdata/photos",
    ]
    for candidate in filter(None, candidates):
        if (Path(candidate) / "MANIFEST.csv").is_file():
            return Path(candidate)
    raise RuntimeError("The shared test photos are missing: set LYKTA_TEST_PHOTOS")


PHOTOS = _shared_photos()
POSTGRES_ADMIN_URL = os.environ.get(
    "LYKTA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)
DATABASES = os.environ.get("LYKTA_TEST_DATABASES", "sqlite,postgresql").split(",")


@dataclass
class TestDatabase:
    kind: str
    url: str
    media_dir: Path
    categories: list[dict]  # as the migrations seeded them, restored after every test

    def config(self, **overrides) -> dict:
        return {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": self.url,
            "LYKTA_MEDIA_DIR": str(self.media_dir),
            "LYKTA_CHEAP_PASSWORD_HASH": True,
            "LYKTA_SECURE_COOKIES": False,
            "SECRET_KEY": "test-secret",
            # Tests empty the database between them: the routing index checks it every time.
            "LYKTA_ROUTING_REFRESH_SECONDS": 0,
            **overrides,
        }


def create_postgres_database(prefix: str = "lykta_test") -> str:
    """A new, empty database on the PostgreSQL server; the URL to reach it."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql+psycopg", database=name)
    return url.render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_database_url(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'lykta.sqlite'}"
    if kind == "postgresql":
        return create_postgres_database()
    raise ValueError(f"unknown test database {kind!r}")


def forget_database(url: str) -> None:
    if url.startswith("postgresql"):
        drop_postgres_database(url)


@pytest.fixture(scope="session", params=DATABASES)
def database(request, tmp_path_factory):
    kind = request.param
    url = new_database_url(kind, tmp_path_factory.mktemp(kind))
    test_database = TestDatabase(kind, url, tmp_path_factory.mktemp(f"media-{kind}"), [])
    app = create_app(test_database.config())
    with app.app_context():
        upgrade()
        test_database.categories = [
            {column.key: getattr(row, column.key) for column in Category.__table__.columns}
            for row in db.session.scalars(select(Category))
        ]
        db.session.remove()
        db.engine.dispose()
    yield test_database
    forget_database(url)


def empty_database(test_database: TestDatabase) -> None:
    """Back to the state right after the migrations: no rows but the seeded categories."""
    tables = db.metadata.sorted_tables
    if test_database.kind == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(table.delete())
    db.session.execute(insert(Category.__table__), test_database.categories)
    if test_database.kind == "postgresql":
        db.session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('categories', 'id'), max(id)) FROM categories"
            )
        )
    db.session.commit()
    shutil.rmtree(test_database.media_dir, ignore_errors=True)
    test_database.media_dir.mkdir()


class BufferedClient(FlaskClient):
    """Reads each response whole and closes it, as a real server does: a streamed photo file
    is not left open."""

    def open(self, *args, buffered=True, **kwargs):
        return super().open(*args, buffered=buffered, **kwargs)


@pytest.fixture
def make_app(database):
    """make_app(**config) → an app on the test database; the database is emptied afterwards."""
    apps = []

    def make(**overrides):
        made = create_app(database.config(**overrides))
        made.test_client_class = BufferedClient
        apps.append(made)
        return made

    yield make
    for index, made in enumerate(apps):
        with made.app_context():
            db.session.rollback()
            if index == 0:
                empty_database(database)
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class TestUser:
    id: int
    email: str
    role: str
    organisation_id: int
    organisation: str
    token: str


class ApiClient:
    """The Flask test client with a bearer token on every request."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def __getattr__(self, method):
        if method not in {"get", "post", "put", "patch", "delete", "head", "options"}:
            raise AttributeError(method)

        def call(path, headers=None, **kwargs):
            return getattr(self.client, method)(
                path, headers={**self.headers, **(headers or {})}, **kwargs
            )

        return call


@pytest.fixture
def make_org(app):
    def make(name: str | None = None, kind: str = "övrig") -> int:
        with app.app_context():
            organisation = accounts.get_or_create_organisation(
                name or f"Organisation {uuid.uuid4().hex[:6]}", kind
            )
            db.session.commit()
            return organisation.id

    return make


@pytest.fixture
def make_user(app, make_org):
    def make(
        role: str = "reporter",
        organisation: int | None = None,
        *,
        email=None,
        active: bool = True,
        locale: str = "sv",
    ) -> TestUser:
        organisation_id = organisation or make_org()
        with app.app_context():
            org = db.session.get(Organisation, organisation_id)
            user = accounts.create_user(
                email=email or f"{role}-{uuid.uuid4().hex[:8]}@example.se",
                name=f"Test {role}",
                role=role,
                organisation=org,
                password=PASSWORD,
                locale=locale,
            )
            user.active = active
            _, token = accounts.issue_token(user, label="test")
            db.session.commit()
            return TestUser(user.id, user.email, role, org.id, org.name, token)

    return make


@pytest.fixture
def api(client):
    """api(user) → a client that calls as that user."""

    def for_user(user: TestUser | None) -> ApiClient:
        return ApiClient(client, user.token if user else None)

    return for_user


def finding_body(**overrides) -> dict:
    """What a phone sends for a finding in Upplands Väsby centrum."""
    body = {
        "category": "belysning",
        "note": "Lampan vid cykelställen är trasig",
        "lat": 59.5186,
        "lon": 17.9119,
        "accuracy_m": 8.0,
        "captured_at": "2026-11-20T18:42:10+01:00",
        "photos": [],
    }
    body.update(overrides)
    return body


@pytest.fixture
def make_finding(api):
    """make_finding(user, **fields) → the finding as the API returned it after a PUT."""

    def make(user: TestUser, finding_id: uuid.UUID | None = None, **overrides) -> dict:
        finding_id = finding_id or uuid.uuid4()
        response = api(user).put(f"/api/v1/findings/{finding_id}", json=finding_body(**overrides))
        assert response.status_code == 201, response.json
        return response.json

    return make


@pytest.fixture
def make_walk(app):
    """make_walk(participants=[user, ...]) → the walk's id."""

    def make(participants=(), title="Trygghetsvandring i Väsby centrum", **fields) -> int:
        with app.app_context():
            walk = Walk(
                type=fields.get("type", "trygghetsvandring"),
                title=title,
                planned_start=fields.get("planned_start", datetime(2026, 11, 20, 17, tzinfo=UTC)),
                status=fields.get("status", "pågår"),
            )
            walk.participants = [WalkParticipant(user_id=user.id) for user in participants]
            db.session.add(walk)
            db.session.commit()
            return walk.id

    return make


@pytest.fixture
def set_category_active(app):
    def update(code: str, active: bool) -> None:
        with app.app_context():
            category = db.session.scalar(select(Category).filter_by(code=code))
            category.active = active
            db.session.commit()

    return update


@pytest.fixture
def assign(app):
    """assign(finding, organisation_id, status="skickad"): what routing will do, done directly."""

    def update(finding: dict, organisation_id: int | None, status: str = "skickad") -> None:
        with app.app_context():
            stored = db.session.get(Finding, uuid.UUID(finding["id"]))
            stored.assigned_org_id = organisation_id
            stored.status = status
            stored.touch()
            db.session.commit()

    return update


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


@pytest.fixture(scope="session")
def live_server(database, tmp_path_factory):
    server = LiveServer(database, tmp_path_factory.mktemp(f"live-{database.kind}"))
    server.start()
    yield server
    server.stop()


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
