"""`lykta properties import FILE.geojson` and `lykta areas import FILE.geojson`."""

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from server.extensions import db
from server.i18n import translate
from server.places import service

properties_cli = AppGroup("properties", help="Manage properties (fastigheter) and their owners.")
areas_cli = AppGroup("areas", help="Manage areas (BID area, districts).")

DRY_RUN = click.option("--dry-run", is_flag=True, help="Check and count; write nothing.")
STRICT = click.option("--strict", is_flag=True, help="Write nothing when any feature is not valid.")
SHOW_NAMES = 20
FILE = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))


@properties_cli.command("import")
@FILE
@DRY_RUN
@STRICT
def import_properties(file, dry_run, strict):
    """Create or update properties by designation from a GeoJSON FeatureCollection of Polygon
    and MultiPolygon features with the properties designation, owner and email (one address or
    a list). Unknown owners become organisations. Exits with 1 when any feature failed."""
    _run(service.import_properties, file, dry_run, strict)


@areas_cli.command("import")
@FILE
@DRY_RUN
@STRICT
def import_areas(file, dry_run, strict):
    """Create or update areas by name from a GeoJSON FeatureCollection (properties: name, kind
    bid|district|other, review_first true|false). Exits with 1 when any feature failed."""
    _run(service.import_areas, file, dry_run, strict)


def _run(importer, file: Path, dry_run: bool, strict: bool) -> None:
    try:
        document = json.loads(file.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise click.ClickException(f"{file} is not JSON: {error}") from None
    try:
        report = importer(document, dry_run=dry_run, strict=strict)
    except service.ImportFailed as failure:
        raise click.ClickException(str(failure)) from None
    key = "designation" if report.kind == "properties" else "name"
    for error in report.errors:
        label = f" {key} {error.key!r}" if error.key else ""
        message = translate(error.message, "en", **error.values)
        click.echo(f"feature {error.index}{label}: {error.code}: {message}", err=True)
    if report.errors and strict:
        db.session.rollback()
        click.echo(f"{report.failed} of {report.total} features are not valid; nothing imported.")
        raise SystemExit(1)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "Would import" if dry_run else "Imported"
    click.echo(
        f"{verb} {report.kind}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.failed} failed (of {report.total})."
    )
    if report.new_organisations:
        made = "New organisations" if not dry_run else "Organisations to create"
        names = report.new_organisations
        shown = ", ".join(names[:SHOW_NAMES]) + (", ..." if len(names) > SHOW_NAMES else "")
        click.echo(f"{made} ({len(names)}): {shown}")
    if report.errors:
        raise SystemExit(1)
