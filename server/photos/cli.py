from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from server.database import utcnow
from server.extensions import db
from server.photos import service
from server.photos.storage import media_store

media_cli = AppGroup("media", help="Manage stored photo files.")


@media_cli.command("cleanup")
@click.option(
    "--older-than-minutes",
    default=60,
    show_default=True,
    type=int,
    help="Leave younger files alone: they may belong to an upload in progress.",
)
def cleanup(older_than_minutes):
    """Delete files that no photo refers to (left behind by interrupted uploads)."""
    cutoff = utcnow() - timedelta(minutes=older_than_minutes)
    removed, missing = service.remove_orphans(media_store(current_app), cutoff)
    db.session.commit()
    click.echo(f"Removed {removed} unreferenced files.")
    for key in missing:
        click.echo(f"Missing file for a stored photo: {key}", err=True)
