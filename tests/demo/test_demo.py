"""`lykta demo`: a realistic Upplands Väsby demo, loaded twice without duplicates."""

import re

from sqlalchemy import func, select

from server.accounts.models import Role, User
from server.cli import main
from server.extensions import db
from server.findings.models import Finding
from server.photos.models import Photo
from server.places.models import Area, Property
from server.walks.models import Walk

COUNTED = (User, Area, Property, Walk, Finding, Photo)


def counts(app) -> dict:
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in COUNTED
        }


def test_the_demo_loads_once_and_its_printed_logins_work(app, client, database):
    first = app.test_cli_runner().invoke(main, ["demo"])
    assert first.exit_code == 0, first.output
    loaded = counts(app)
    assert loaded["Property"] >= 20
    assert loaded["Finding"] >= 30
    # the centre's two walks, and the promise's: 7 in the previous tertial, 1 planned, and up to
    # 5 in the current tertial before today (none on its first day); tests/demo/test_cycle.py
    assert 2 + 8 <= loaded["Walk"] <= 2 + 13
    assert loaded["Photo"] >= loaded["Finding"]
    with app.app_context():
        assert {user.role for user in db.session.scalars(select(User))} == set(Role)
        statuses = set(db.session.scalars(select(Finding.status).distinct()))
        assert len(statuses) >= 8
        assert db.session.scalar(select(func.count()).where(Finding.complete.is_(False))) == 0

    again = app.test_cli_runner().invoke(main, ["demo"])
    assert again.exit_code == 0, again.output
    assert counts(app) == loaded
    assert len(list(database.media_dir.rglob("*.jpg"))) == 2 * loaded["Photo"]

    password = re.search(r"lösenord (\S+):", first.output).group(1)
    emails = re.findall(r"^\s+(\S+@\S+)\s", first.output, re.MULTILINE)
    assert len(emails) >= 4
    for email in emails:
        response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, email
