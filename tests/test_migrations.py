"""The schema comes from the migrations alone: up from empty, down to empty, up again, and the
models agree with the result. On every test database. And `ls migrations/versions` lists the
revisions in the chain's order, a new one included."""

import re
import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, revision, upgrade
from sqlalchemy import inspect

from server import MIGRATIONS_DIR, create_app
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


def chain_and_listing(directory: Path) -> tuple[list[str], list[str]]:
    """The revisions' file names from the base up (each the down_revision of the next), and as
    `ls` sorts them."""
    scripts = ScriptDirectory(str(directory))
    assert len(scripts.get_heads()) == 1, "one chain, no branches"
    chain = [Path(script.path).name for script in reversed(list(scripts.walk_revisions()))]
    listing = sorted(path.name for path in (directory / "versions").glob("*.py"))
    return chain, listing


def test_the_file_names_sort_in_the_chain_s_order():
    chain, listing = chain_and_listing(MIGRATIONS_DIR)
    assert listing == chain
    scripts = reversed(list(ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()))
    for number, script in enumerate(scripts, 1):
        assert re.fullmatch(rf"{number:04d}_[a-z0-9_]+_{script.revision}\.py", chain[number - 1])


def test_a_new_revision_is_numbered_after_the_last(tmp_path):
    directory = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, directory, ignore=shutil.ignore_patterns("__pycache__"))
    url = f"sqlite:///{tmp_path / 'lykta.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LYKTA_MEDIA_DIR": str(tmp_path / "media")})
    with app.app_context():
        revision(directory=str(directory), message="trees: their species")
        db.engine.dispose()
    chain, listing = chain_and_listing(directory)
    assert listing == chain
    assert re.fullmatch(rf"{len(chain):04d}_trees_their_species_[0-9a-f]{{12}}\.py", chain[-1])
