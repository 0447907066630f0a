"""What the OpenAPI document (/api/openapi.json) promises beyond what flask-smorest reads from the
schemas, and the one promise the views would not keep by themselves.

- Text: every request refuses NUL characters and lone surrogates anywhere (server/schemas.py).
  Each text field says the first as its pattern; the second cannot be a pattern (JSON Schema's
  regular expressions cannot name half a character), so the document's description says it.
- A schema's rules about itself as a whole, which marshmallow cannot say field by field: its
  class attribute OPENAPI (e.g. {"minProperties": 1}) is added to its JSON Schema.
- A required JSON body: an operation whose document requires one refuses a request without any
  (webargs would read a missing body as {}, so a PATCH with nothing in it answered 200).
"""

import marshmallow as ma
from flask import Flask, current_app, request

from server import patterns
from server.accounts.auth import current_user
from server.errors import ValidationFailed

TEXT_RULES = (
    "Text in requests may not contain NUL characters (U+0000) nor lone surrogates "
    "(U+D800–U+DFFF): 422. Errors share one shape, {code, message, errors?}."
)


def register(app: Flask, api) -> None:
    """Call right after api.init_app(app), before the blueprints describe their schemas."""
    converter = api.ma_plugin.converter
    converter.add_attribute_function(text_without_nul)
    converter.schema2jsonschema = _with_schema_rules(converter.schema2jsonschema)
    api.spec.options.setdefault("info", {}).setdefault("description", TEXT_RULES)
    app.before_request(refuse_missing_json_body)


def text_without_nul(self, field: ma.fields.Field, ret: dict, **kwargs) -> dict:
    """apispec attribute function: the pattern of a text field that has no other one."""
    if not isinstance(field, ma.fields.String) or isinstance(field, ma.fields.UUID):
        return {}
    if {"pattern", "enum", "format"} & set(ret):
        return {}  # already narrower than "no NUL"
    return {"pattern": patterns.TEXT}


def _with_schema_rules(schema2jsonschema):
    def convert(schema) -> dict:
        return {**schema2jsonschema(schema), **getattr(schema, "OPENAPI", {})}

    return convert


def refuse_missing_json_body() -> None:
    """422 for a request without a body to an operation whose document requires a JSON one.
    Callers who are not signed in are left to the view, which answers 401 first."""
    view = current_app.view_functions.get(request.endpoint)
    parameters = getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    needs_body = any(p.get("in") == "json" and p.get("required") for p in parameters)
    if not needs_body or request.get_data(cache=True):
        return
    if current_user() is None and getattr(view, "permission", None) is not None:
        return
    raise ValidationFailed(errors={"json": ["Send a JSON object in the body of the request."]})
