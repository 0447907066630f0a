"""A file to download (a PDF, a CSV, GeoJSON): the response and its OpenAPI description, the
same for every report, follow-up and poster."""

from flask import Response


def download(body, mimetype: str, filename: str) -> Response:
    """An attachment that no shared cache keeps: reports are for the signed-in reader only."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def file_doc(content_type: str, description: str) -> dict:
    """@blp.doc(**file_doc(...)): a 200 whose body is a file of that type."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"responses": {"200": {"description": description, "content": {content_type: binary}}}}
