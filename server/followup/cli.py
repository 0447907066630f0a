import click
from flask import current_app
from flask.cli import with_appcontext

from server.extensions import db
from server.followup import reminders
from server.photos import redaction
from server.photos.storage import media_store
from server.walks import tracks


@click.command("reminders")
@click.option("--dry-run", is_flag=True, help="List what would be reminded; queue nothing.")
@with_appcontext
def reminders_command(dry_run):
    """Queue reminders to the owners of overdue findings (once a day, from cron; the worker
    also does it after LYKTA_REMINDER_HOUR). A finding is reminded at most once per
    LYKTA_REMINDER_INTERVAL_DAYS; `lykta worker` sends them."""
    done = reminders.send_reminders(dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    for item in done:
        finding = item["finding"]
        click.echo(
            f"{finding.id} {finding.assigned_org.name}: {item['days_overdue']} days overdue"
            + ("" if item["recipients"] is None else f", {item['recipients']} recipients")
        )
    verb = "Would remind" if dry_run else "Reminded"
    click.echo(f"{verb} the owners of {len(done)} overdue findings.")


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Count and list; change nothing.")
@click.option(
    "--months",
    type=click.IntRange(min=0),
    default=None,
    help="Photos of findings closed more than this many months ago "
    "(default LYKTA_RETENTION_PHOTO_MONTHS, 24).",
)
@click.option(
    "--mode",
    type=click.Choice(redaction.MODES),
    default=None,
    help="delete the files (the photo's routes answer 410) or blur the whole image "
    "(default LYKTA_RETENTION_PHOTO_MODE, delete).",
)
@with_appcontext
def retention_command(dry_run, months, mode):
    """Apply the photo retention: photos of findings closed (åtgärdad, verifierad, avvisad)
    long ago, and of the duplicates merged into them, are deleted or blurred; the findings
    stay. Logged in the audit log. Walked tracks of walks over a year ago are deleted."""
    summary = redaction.apply_retention(
        media_store(current_app), months=months, mode=mode, dry_run=dry_run
    )
    if dry_run:
        for photo_id in summary["photo_ids"]:
            click.echo(photo_id)
        click.echo(
            f"Would {summary['mode']} {summary['photos']} photos of {summary['findings']} "
            f"findings closed before {summary['cutoff'][:10]}."
        )
    else:
        done = "Deleted" if summary["mode"] == "delete" else "Blurred"
        click.echo(
            f"{done} {summary['photos']} photos of {summary['findings']} findings closed "
            f"before {summary['cutoff'][:10]}."
        )
    old_tracks = tracks.remove_old(dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(f"{'Would delete' if dry_run else 'Deleted'} {old_tracks} walked tracks.")
