from flask import Response, stream_with_context
from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.policy import require
from server.clock import local_today, zone
from server.downloads import download, file_doc
from server.reports import columns, csvout, documents, exports, service, tertial_pages
from server.reports.schemas import (
    ColumnSchema,
    CsvExportArgsSchema,
    DashboardArgsSchema,
    DashboardSchema,
    ExportArgsSchema,
    HotSpotArgsSchema,
    HotSpotsSchema,
    LagesbildArgsSchema,
    LagesbildCsvArgsSchema,
    LagesbildSchema,
    OwnerCategoryCsvArgsSchema,
    TertialArgsSchema,
    TertialCsvArgsSchema,
    TertialSchema,
)

blp = Blueprint(
    "reports",
    __name__,
    url_prefix="/api/v1",
    description="Reports for coordinators (owners: their organisation's findings) and exports",
)


def _csv(rows, args, filename: str) -> Response:
    how = csvout.dialect(args["dialect"], args["bom"])
    body = csvout.text(rows, how, zone())
    return download(body, "text/csv; charset=utf-8", filename)


@blp.get("/reports/dashboard")
@require("reports:read")
@blp.arguments(DashboardArgsSchema, location="query")
@blp.response(200, DashboardSchema)
def dashboard(args):
    """Counts by status, category, area and owner; median times to acknowledge and to fix per
    owner and category; the share fixed within target; the weekly trend; the backlog; hot
    spots. Over a period of local days (default: the last 90)."""
    return service.dashboard(current_user(), args)


@blp.get("/reports/owner-category.csv")
@require("reports:read")
@blp.arguments(OwnerCategoryCsvArgsSchema, location="query")
@blp.doc(**file_doc("text/csv", "The dashboard's owner × category table, one line per pair"))
def owner_category_csv(args):
    period, pairs = service.owner_category(current_user(), args)
    name = f"ansvarig-kategori-{period.first}-{period.last}.csv"
    return _csv(documents.owner_category_rows(pairs), args, name)


@blp.get("/reports/hotspots")
@require("reports:read")
@blp.arguments(HotSpotArgsSchema, location="query")
@blp.response(200, HotSpotsSchema)
def hot_spots(args):
    """Findings of a period counted in square grid cells (default 150 m), as GeoJSON."""
    return service.hot_spots(current_user(), args)


@blp.get("/reports/lagesbild")
@require("reports:read")
@blp.arguments(LagesbildArgsSchema, location="query")
@blp.response(200, LagesbildSchema)
def lagesbild(args):
    """The weekly lägesbild (EST) for an area and an ISO week."""
    return service.lagesbild(current_user(), args.get("area"), args.get("week"))


@blp.get("/reports/lagesbild.pdf")
@require("reports:read")
@blp.arguments(LagesbildArgsSchema, location="query")
@blp.doc(**file_doc("application/pdf", "The lägesbild as a PDF in Swedish"))
def lagesbild_pdf(args):
    report = service.lagesbild(current_user(), args.get("area"), args.get("week"))
    return download(
        documents.lagesbild_pdf(report), "application/pdf", f"lagesbild-{report['week']}.pdf"
    )


@blp.get("/reports/lagesbild.csv")
@require("reports:read")
@blp.arguments(LagesbildCsvArgsSchema, location="query")
@blp.doc(**file_doc("text/csv", "The lägesbild, one figure per line"))
def lagesbild_csv(args):
    report = service.lagesbild(current_user(), args.get("area"), args.get("week"))
    return _csv(documents.lagesbild_rows(report), args, f"lagesbild-{report['week']}.csv")


@blp.get("/reports/tertial")
@require("reports:read")
@blp.arguments(TertialArgsSchema, location="query")
@blp.response(200, TertialSchema)
def tertial(args):
    """The tertial follow-up of the medborgarlöfte against the previous tertial."""
    return service.tertial_report(
        current_user(), args.get("year"), args.get("tertial"), args.get("area")
    )


@blp.get("/reports/tertial.pdf")
@require("reports:read")
@blp.arguments(TertialArgsSchema, location="query")
@blp.doc(**file_doc("application/pdf", "The tertial follow-up as a PDF in Swedish"))
def tertial_pdf(args):
    report = service.tertial_report(
        current_user(), args.get("year"), args.get("tertial"), args.get("area")
    )
    name = f"tertial-{report['year']}-T{report['tertial']}.pdf"
    return download(tertial_pages.tertial_pdf(report), "application/pdf", name)


@blp.get("/reports/tertial.csv")
@require("reports:read")
@blp.arguments(TertialCsvArgsSchema, location="query")
@blp.doc(**file_doc("text/csv", "The tertial follow-up, one figure per line"))
def tertial_csv(args):
    report = service.tertial_report(
        current_user(), args.get("year"), args.get("tertial"), args.get("area")
    )
    name = f"tertial-{report['year']}-T{report['tertial']}.csv"
    return _csv(documents.tertial_rows(report), args, name)


@blp.get("/exports/columns")
@require("exports:read")
@blp.response(200, ColumnSchema(many=True))
def export_columns():
    """The columns a CSV or GeoJSON export may have; `available` says whether you may ask."""
    return columns.column_list(current_user())


@blp.get("/exports/findings.csv")
@require("exports:read")
@blp.arguments(CsvExportArgsSchema, location="query")
@blp.doc(**file_doc("text/csv", "The findings, streamed"))
def export_csv(args):
    """The findings you may count, with the filters of GET /findings, as CSV: `columns` to
    choose (see /exports/columns), `dialect` sv (';', Swedish Excel) or rfc (',')."""
    user = current_user()
    export = exports.Export(user, args, columns.choose_columns(user, args.get("columns")))
    how = csvout.dialect(args["dialect"], args["bom"])
    body = stream_with_context(csvout.lines(export.csv_rows(args["labels"]), how, zone()))
    name = f"lykta-iakttagelser-{local_today().isoformat()}.csv"
    return download(body, "text/csv; charset=utf-8", name)


@blp.get("/exports/findings.geojson")
@require("exports:read")
@blp.arguments(ExportArgsSchema, location="query")
@blp.doc(
    responses={
        "200": {
            "description": "The findings as a GeoJSON FeatureCollection (RFC 7946)",
            "content": {
                "application/geo+json": {
                    "schema": {
                        "type": "object",
                        "required": ["type", "features"],
                        "properties": {
                            "type": {"type": "string", "enum": ["FeatureCollection"]},
                            "features": {"type": "array", "items": {"type": "object"}},
                        },
                    }
                }
            },
        }
    }
)
def export_geojson(args):
    """The findings as a GeoJSON FeatureCollection (Point features, WGS 84), streamed."""
    user = current_user()
    export = exports.Export(user, args, columns.choose_columns(user, args.get("columns")))
    name = f"lykta-iakttagelser-{local_today().isoformat()}.geojson"
    return download(stream_with_context(export.geojson()), "application/geo+json", name)
