"""Open311 GeoReport v2 under /open311/v2/, in JSON and XML.

GeoReport has its own error shape, an array of {code, description} (XML: <errors><error>),
so this blueprint answers its errors in it rather than in the API's {code, message}.

Authentication: `api_key` (query string or form field) is a Lykta API token
(`lykta tokens create`), or the usual `Authorization: Bearer`. Discovery and the service list
are public (the categories are no secret). Service requests read with a key show what its user
may see, every field; read without one, the public findings in public fields only
(server/open311/public.py), unless LYKTA_PUBLIC_FINDINGS is off (then 401). Creating one needs
a key. Photos of keyed requests are signed links under /media/ (server/open311/media.py).
"""

from xml.etree import ElementTree

from flask import Blueprint, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from server.accounts.auth import current_token, current_user
from server.accounts.models import TokenKind, User
from server.accounts.policy import can, public, require
from server.accounts.service import find_token
from server.database import utcnow
from server.errors import ApiError, Forbidden, Unauthorized
from server.extensions import db
from server.open311 import media, presenters, service
from server.open311 import public as public_face
from server.open311.errors import Open311Error, describe_api_error, describe_http_error

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
NO_JURISDICTION = {"open311.discovery", "open311.photo", "open311.unknown"}


@blp.before_request
def api_key():
    """An api_key parameter signs the request in as the key's user; a jurisdiction_id must be
    this server's."""
    key = request.values.get("api_key")
    if key:
        token = find_token(key.strip(), TokenKind.API, utcnow())
        if token is None:
            raise Open311Error(403, "Invalid api_key.")
        g.token, g.user = token, token.user
    if request.endpoint not in NO_JURISDICTION:
        service.check_jurisdiction(request.values)


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


def _reader() -> User | None:
    """Who reads requests: the key's (or the session's) user, or None for a public read."""
    user = current_user()
    if user is None:
        if not public_face.enabled():
            raise Unauthorized()
        return None
    if not can(user, "findings:read"):
        raise Forbidden()
    return user


def _present(finding, reader: User | None) -> dict:
    if reader is None:
        return public_face.present_public_request(finding)
    return presenters.present_request(finding, current_token())


@blp.get("/requests.<fmt>")
@public  # without a key: public fields only (_reader); with one: findings:read
def list_requests(fmt: str):
    fmt = _format(fmt)
    reader = _reader()
    query = service.parse_query(request.args)
    found = service.list_requests(reader, query)
    return _answer(fmt, [_present(f, reader) for f in found], "service_requests")


@blp.post("/requests.<fmt>")
@require("findings:create")
def create_request(fmt: str):
    fmt = _format(fmt)
    finding = service.create_request(current_user(), request.form)
    db.session.commit()
    answer = [
        {
            "service_request_id": str(finding.id),
            "service_notice": presenters.present_request(finding, None)["service_notice"],
            "account_id": None,
        }
    ]
    return _answer(fmt, answer, "service_requests")


@blp.get("/requests/<request_id>.<fmt>")
@public  # without a key: public fields only (_reader); with one: findings:read
def get_request(request_id: str, fmt: str):
    fmt = _format(fmt)
    reader = _reader()
    finding = service.one_request(reader, request_id)
    return _answer(fmt, [_present(finding, reader)], "service_requests")


@blp.get("/media/<token>.jpg")
@public  # the signed token is the credential (server/open311/media.py)
def photo(token: str):
    return media.send(media.viewed_photo(token))


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
    return _error(error.status, describe_api_error(error))


@blp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return _error(error.code or 500, describe_http_error(error))
