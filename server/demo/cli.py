from pathlib import Path

import click
from flask.cli import with_appcontext

from server.demo import loader


@click.command("demo")
@click.option(
    "--photos",
    "photo_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of photos to use (default: ../shared/testdata/photos, else drawn ones).",
)
@with_appcontext
def demo_command(photo_dir):
    """Load the Upplands Väsby demo (safe to run again) and print the demo logins."""
    summary = loader.load(photo_dir)
    click.echo(
        f"Demo: {summary.created_findings} nya iakttagelser ({summary.total_findings} i demon)."
    )
    click.echo(f"Demo-inloggningar, lösenord {loader.PASSWORD}:")
    for email, role, organisation, title in summary.users:
        click.echo(f"  {email:<24} {role:<12} {title}, {organisation}")
    click.echo(
        f"Demo: {summary.created_incidents} nya händelser; medborgarlöftets offentliga sida "
        f"(ingen inloggning): {summary.promise_url}"
    )
