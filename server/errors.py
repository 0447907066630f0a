"""The one error shape of the API, {code, message, errors?}, and the one handler that writes it.

Domain code raises ApiError (or a subclass); Flask and webargs raise HTTPExceptions; anything
else is a bug, logged and answered with a 500 that reveals nothing. Every handler first rolls
back what the request had begun, and a handler that fails itself still answers in this shape.
Odd input (JSON nested too deeply for the parser, text no database stores) is refused before
any view reads it.
"""

from functools import wraps

from flask import current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from server import json_depth
from server.extensions import db
from server.i18n import DEFAULT_LOCALE, translate
from server.schemas import unstorable


class ApiError(Exception):
    status = 400
    code = "bad_request"
    message = "The request could not be understood."

    def __init__(self, message=None, *, errors=None, headers=None, **values):
        super().__init__(message or self.message)
        self.text = message or self.message
        self.values = values
        self.errors = errors
        self.headers = headers or {}


class Unauthorized(ApiError):
    status, code, message = 401, "unauthorized", "Sign in to continue."


class Forbidden(ApiError):
    status, code, message = 403, "forbidden", "You are not allowed to do this."


class NotFound(ApiError):
    status, code, message = 404, "not_found", "Not found."


class Conflict(ApiError):
    status, code, message = 409, "conflict", "This conflicts with what is already stored."


class PreconditionFailed(ApiError):
    status, code = 412, "precondition_failed"
    message = "Someone else changed this in the meantime. Reload and try again."


class PreconditionRequired(ApiError):
    status, code = 428, "precondition_required"
    message = "Send the version you edited in the If-Match header."


class PayloadTooLarge(ApiError):
    status, code, message = 413, "payload_too_large", "The upload is too large."


class UnsupportedMediaType(ApiError):
    status, code, message = 415, "unsupported_media_type", "This type of file is not accepted."


class Gone(ApiError):
    status, code, message = 410, "gone", "This is no longer available."


class ValidationFailed(ApiError):
    status, code, message = 422, "validation_failed", "Some fields are not valid."


class TooManyRequests(ApiError):
    status, code, message = (
        429,
        "too_many_requests",
        "Too many attempts. Wait a while and try again.",
    )


# Codes and texts for the HTTP errors Flask and werkzeug raise on their own.
HTTP_ERRORS = {
    400: ("bad_request", ApiError.message),
    401: (Unauthorized.code, Unauthorized.message),
    403: (Forbidden.code, Forbidden.message),
    404: (NotFound.code, "There is nothing at this address."),
    405: ("method_not_allowed", "This method is not allowed here."),
    409: (Conflict.code, Conflict.message),
    412: (PreconditionFailed.code, PreconditionFailed.message),
    413: (PayloadTooLarge.code, PayloadTooLarge.message),
    410: (Gone.code, Gone.message),
    415: (UnsupportedMediaType.code, UnsupportedMediaType.message),
    422: (ValidationFailed.code, ValidationFailed.message),
    428: (PreconditionRequired.code, PreconditionRequired.message),
    429: (TooManyRequests.code, TooManyRequests.message),
    500: ("internal_error", "Something went wrong on the server. Try again later."),
}


def register(app) -> None:
    app.register_error_handler(ApiError, _answering_anyway(_api_error))
    app.register_error_handler(HTTPException, _answering_anyway(_http_exception))
    app.register_error_handler(Exception, _answering_anyway(_unexpected))
    app.before_request(refuse_odd_input)


FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_odd_input() -> None:
    """Before any view reads the request: a JSON body nested too deeply for the parser (see
    server/json_depth.py) is a 400. Query and form fields with text no database stores are
    that field's 422, as InputSchema does for JSON bodies: a few views (Open311, the owner's
    page) read those fields themselves."""
    if request.is_json and json_depth.too_deep(request.get_data(cache=True)):
        message = "Not valid JSON, or nested more than {depth} levels."
        raise ApiError(errors={"json": [message.format(depth=json_depth.MAX_DEPTH)]})
    fields = [request.args] + ([request.form] if request.mimetype in FORMS else [])
    problems = {
        key: [problem]
        for found in fields
        for key, values in found.lists()
        if (problem := unstorable([key, values]))
    }
    if problems:
        raise ValidationFailed(errors=problems)


def _answering_anyway(handler):
    """The handler, after a rollback: a failed flush leaves the session unusable, and the
    handler reads the user's language from it. Should the handler fail all the same (the
    database gone, say), the answer is still a JSON 500, never the server's HTML page."""

    @wraps(handler)
    def answer(error):
        try:
            db.session.rollback()
        except Exception:
            current_app.logger.exception("Could not roll back after an error")
        try:
            return handler(error)
        except Exception:
            current_app.logger.exception("The error handler failed on %r", error)
            code, message = HTTP_ERRORS[500]
            return error_response(500, code, translate(message, DEFAULT_LOCALE))

    return answer


def error_response(status, code, message, errors=None, headers=None):
    body = {"code": code, "message": message}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers or {})
    return response


def _api_error(error: ApiError):
    errors = _translate_errors(error.errors) if error.errors else None
    message = translate(error.text, **error.values)
    return error_response(error.status, error.code, message, errors, error.headers)


def _http_exception(error: HTTPException):
    status = error.code or 500
    code, message = HTTP_ERRORS.get(status, ("http_error", error.description or ""))
    data = getattr(error, "data", None) or {}
    errors = _flatten_webargs(data.get("messages")) if "messages" in data else None
    headers = dict(data.get("headers") or {})
    if status == 405 and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    if errors:
        errors = _translate_errors(errors)
    return error_response(status, code, translate(message), errors, headers)


def _unexpected(error: Exception):
    if isinstance(error, HTTPException):  # pragma: no cover - routed above
        return _http_exception(error)
    current_app.logger.exception("Unhandled error")
    code, message = HTTP_ERRORS[500]
    return error_response(500, code, translate(message))


def _flatten_webargs(messages: dict) -> dict:
    """webargs nests problems by location ({"json": {"lat": [...]}}); clients want the fields."""
    flat = {}
    for location_errors in messages.values():
        if isinstance(location_errors, dict):
            flat.update(location_errors)
        else:
            flat.setdefault("_schema", []).extend(location_errors)
    return flat


def _translate_errors(errors):
    if isinstance(errors, dict):
        return {key: _translate_errors(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [_translate_errors(value) for value in errors]
    if isinstance(errors, str):
        return translate(errors)
    return errors
