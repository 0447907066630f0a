"""Open311 GeoReport v2 under /open311/v2/, in JSON and XML.

GeoReport has its own error shape, an array of {code, description} (XML: <errors><error>),
so this blueprint answers its errors in it rather than in the API's {code, message}.

Authentication: `api_key` (query string or form field) is a Lykta API token
(`lykta tokens create`), or the usual `Authorization: Bearer`. Discovery and the service list
are public (the categories are no secret); service requests need a key and show what its user
may see.
"""

from xml.etree import ElementTree

from flask import Blueprint, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from server.accounts.auth import current_user
from server.accounts.models import TokenKind
from server.accounts.policy import public, require
from server.accounts.service import find_token
from server.database import utcnow
from server.errors import ApiError
from server.extensions import db
from server.i18n import translate
from server.open311 import presenters, service
from server.open311.service import Open311Error

blp = Blueprint("open311", __name__, url_prefix="/open311/v2")

FORMATS = {"json": "application/json", "xml": "text/xml"}
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "attributes": "attribute",
}


@blp.before_request
def api_key():
    """An api_key parameter signs the request in as the key's user."""
    key = request.values.get("api_key")
    if key:
        token = find_token(key.strip(), TokenKind.API, utcnow())
        if token is None:
            raise Open311Error(403, "Invalid api_key.")
        g.token, g.user = token, token.user


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(400, "The format is json or xml.")
    return fmt


def _xml(tag: str, value) -> ElementTree.Element:
    element = ElementTree.Element(tag)
    if isinstance(value, list):
        for item in value:
            element.append(_xml(ITEM_TAGS.get(tag, "item"), item))
    elif isinstance(value, dict):
        for key, item in value.items():
            element.append(_xml(key, item))
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element


def _answer(fmt: str, value, root: str, status: int = 200) -> Response:
    if fmt == "xml":
        body = ElementTree.tostring(_xml(root, value), encoding="unicode", xml_declaration=True)
        return Response(body, status=status, mimetype=FORMATS["xml"])
    response = jsonify(value)
    response.status_code = status
    return response


@blp.get("/discovery.<fmt>")
@public
def discovery(fmt: str):
    return _answer(_format(fmt), service.discovery(), "discovery")


@blp.get("/services.<fmt>")
@public
def services(fmt: str):
    fmt = _format(fmt)
    return _answer(fmt, [presenters.present_service(c) for c in service.services()], "services")


@blp.get("/services/<code>.<fmt>")
@public
def service_definition(code: str, fmt: str):
    fmt = _format(fmt)
    return _answer(fmt, service.definition(service.service_by_code(code)), "service_definition")


@blp.get("/requests.<fmt>")
@require("findings:read")
def list_requests(fmt: str):
    fmt = _format(fmt)
    query = service.parse_query(request.args)
    found = service.list_requests(current_user(), query)
    return _answer(fmt, [presenters.present_request(f) for f in found], "service_requests")


@blp.post("/requests.<fmt>")
@require("findings:create")
def create_request(fmt: str):
    fmt = _format(fmt)
    finding = service.create_request(current_user(), request.form)
    db.session.commit()
    answer = [
        {
            "service_request_id": str(finding.id),
            "service_notice": presenters.present_request(finding)["service_notice"],
            "account_id": None,
        }
    ]
    return _answer(fmt, answer, "service_requests")


@blp.get("/requests/<request_id>.<fmt>")
@require("findings:read")
def get_request(request_id: str, fmt: str):
    fmt = _format(fmt)
    finding = service.one_request(current_user(), request_id)
    return _answer(fmt, [presenters.present_request(finding)], "service_requests")


@blp.route("/<path:rest>", methods=["GET", "POST"])
@public
def unknown(rest: str):
    raise Open311Error(404, "There is nothing at this address.")


# --- errors, in GeoReport's shape ----------------------------------------------------------------


def _error(status: int, description: str) -> Response:
    fmt = "xml" if request.path.endswith(".xml") else "json"
    return _answer(fmt, [{"code": status, "description": description}], "errors", status)


@blp.errorhandler(Open311Error)
def open311_error(error: Open311Error):
    return _error(error.status, error.description)


@blp.errorhandler(ApiError)
def api_error(error: ApiError):
    description = translate(error.text, **error.values)
    if error.errors:
        details = "; ".join(
            f"{field}: {' '.join(map(str, problems)) if isinstance(problems, list) else problems}"
            for field, problems in error.errors.items()
        )
        description = f"{description} {details}"
    return _error(error.status, description)


@blp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return _error(error.code or 500, error.description or error.name)
