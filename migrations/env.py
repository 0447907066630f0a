"""Alembic environment: the database and metadata come from the Flask app (Flask-Migrate)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

database = current_app.extensions["migrate"].db
target_metadata = database.metadata


def run_migrations_offline():
    url = database.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def number_the_new_revision(script) -> None:
    """The file names sort in the chain's order (tests/test_migrations.py checks it): a new
    revision's message, which starts its file name (file_template in alembic.ini), begins with
    its place in the chain, 0026 after 25 revisions."""
    number = sum(1 for _ in context.script.walk_revisions()) + 1
    script.message = f"{number:04d} {script.message or ''}".rstrip()


def run_migrations_online():
    def prepare_new_revision(migration_context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")
            return
        number_the_new_revision(directives[0])

    options = dict(current_app.extensions["migrate"].configure_args)
    options.setdefault("process_revision_directives", prepare_new_revision)
    with database.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
