"""The schema comes from the migrations alone: up from empty, down to empty, up again, and the
models agree with the result. On every test database."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from server import create_app
from server.categories.models import Category
from server.database import compared_by_alembic
from server.extensions import db
from tests.databases import DATABASES, forget_database, new_database_url


@pytest.fixture(params=DATABASES)
def empty_app(request, tmp_path):
    url = new_database_url(request.param, tmp_path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LYKTA_MEDIA_DIR": str(tmp_path / "media")})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    forget_database(url)


def tables(app) -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade(empty_app):
    with empty_app.app_context():
        assert tables(empty_app) == set()
        upgrade()
        assert tables(empty_app) == set(db.metadata.tables)
        downgrade(revision="base")
        assert tables(empty_app) == set()
        upgrade()
        assert tables(empty_app) == set(db.metadata.tables)


def test_models_and_migrations_agree(empty_app):
    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    "include_object": compared_by_alembic,
                },
            )
            assert compare_metadata(context, db.metadata) == []


def test_the_categories_of_the_brief_are_seeded(empty_app):
    with empty_app.app_context():
        upgrade()
        codes = {category.code for category in db.session.scalars(db.select(Category))}
    assert codes == {
        "belysning",
        "vegetation",
        "klotter",
        "nedskrapning",
        "atervinning",
        "skadegorelse",
        "brand",
        "gangvag",
        "tunnel",
        "skyltning",
        "ode_plats",
        "fordon",
        "ovrigt",
        "trygg_plats",
    }
