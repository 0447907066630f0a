"""Fixtures for the whole suite.

Every test that touches the database runs on SQLite and on PostgreSQL: the `database` fixture
is parametrised per session, migrates a fresh database (PostgreSQL: one per run, dropped at the
end) and the `app` fixture empties it again after each test. Set LYKTA_TEST_DATABASES=sqlite
(or postgresql) to run one of them only.

Tests never hold an app context around requests, as production never does: factories open
their own, short ones.

This file holds the fixtures more than one folder uses; it is never imported. Plain functions
that build test data are in tests/factories/, the databases in tests/databases.py, a live
`lykta serve` in tests/live_server.py.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import select

from server import create_app
from server.accounts import service as accounts
from server.accounts.models import Organisation
from server.categories.models import Category
from server.extensions import db
from server.findings.models import Finding
from server.incidents.models import IncidentType
from server.places import service as places
from server.routing import service as routing
from server.survey.models import RatingReason
from server.walks.models import Walk, WalkParticipant
from tests.databases import (
    DATABASES,
    TestDatabase,
    empty_database,
    forget_database,
    new_database_url,
)
from tests.factories import PASSWORD, finding_body
from tests.live_server import LiveServer, free_port
from tests.smtp_server import SmtpServer


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
        test_database.incident_types = [
            {column.key: getattr(row, column.key) for column in IncidentType.__table__.columns}
            for row in db.session.scalars(select(IncidentType))
        ]
        test_database.rating_reasons = [
            {column.key: getattr(row, column.key) for column in RatingReason.__table__.columns}
            for row in db.session.scalars(select(RatingReason))
        ]
        db.session.remove()
        db.engine.dispose()
    yield test_database
    forget_database(url)


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


@pytest.fixture(scope="session")
def live_server(database, tmp_path_factory):
    server = LiveServer(database, tmp_path_factory.mktemp(f"live-{database.kind}"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_property(app):
    def make(designation: str, owner: int, geometry: dict, emails=()) -> int:
        with app.app_context():
            organisation = db.session.get(Organisation, owner)
            prop = places.upsert_property(designation, organisation, list(emails), geometry)
            db.session.commit()
            return prop.id

    return make


@pytest.fixture
def make_area(app):
    def make(name: str, geometry: dict, kind: str = "district", review_first=False) -> int:
        with app.app_context():
            area = places.upsert_area(name, kind, geometry)
            area.review_first = review_first
            db.session.commit()
            return area.id

    return make


@pytest.fixture
def make_rule(app):
    def make(organisation: int, category: str | None = None, area: int | None = None, **fields):
        data = {"organisation_id": organisation, "category": category, "area_id": area, **fields}
        with app.app_context():
            rule = routing.save_rule(None, data)
            db.session.commit()
            return rule.id

    return make


@pytest.fixture
def set_org(app):
    """set_org(organisation_id, review_first=..., email=..., notify_mode=...)."""

    def update(organisation: int, **fields) -> None:
        with app.app_context():
            found = db.session.get(Organisation, organisation)
            for key, value in fields.items():
                setattr(found, key, value)
            db.session.commit()

    return update


@pytest.fixture
def smtp():
    """A real SMTP server on loopback (tests/smtp_server.py), running."""
    server = SmtpServer(free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(make_app, app, smtp):
    """The worker's app: SMTP on loopback, links to http://lykta.test."""
    return make_app(SMTP_URL=smtp.url, LYKTA_BASE_URL="http://lykta.test")
