"""The `lykta` command: Flask's CLI over the app factory, plus Lykta's own commands."""

import click
from flask.cli import FlaskGroup

from server import create_app
from server.accounts.cli import tokens_cli, users_cli
from server.demo.cli import demo_command
from server.followup.cli import reminders_command, retention_command
from server.notify.cli import worker_command
from server.photos.cli import media_cli
from server.places.cli import areas_cli, properties_cli
from server.serve import serve_command


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def main():
    """Lykta: field reporting for safety walks. `lykta db upgrade` migrates the database."""


main.add_command(users_cli)
main.add_command(tokens_cli)
main.add_command(demo_command)
main.add_command(media_cli)
main.add_command(serve_command)
main.add_command(properties_cli)
main.add_command(areas_cli)
main.add_command(worker_command)
main.add_command(reminders_command)
main.add_command(retention_command)
