"""The OpenAPI document (/api/openapi.json): the public contract, and the rules it states so that
a client can tell a good request from a bad one before sending it. tests/test_schemathesis.py
holds the server to the document; these tests hold the document to the rules."""

import re

from server.findings.models import Status


def test_the_document_describes_the_public_contract(client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/categories",
        "/api/v1/findings/{finding_id}",
        "/api/v1/findings/{finding_id}/photos/{photo_id}",
        "/api/v1/findings",
        "/api/v1/sync",
    ):
        assert path in paths
    error = spec["components"]["schemas"]["Error"]["properties"]
    assert set(error) == {"code", "message", "errors"}


def text_fields(spec):
    """Every string property and parameter without a format or a list of values (but those of
    the error shape, which flask-smorest describes before the app's own rules apply, and which
    no request carries)."""
    for name, schema in spec["components"]["schemas"].items():
        if name == "Error":
            continue
        for field, value in schema.get("properties", {}).items():
            for item in (value, value.get("items", {})):
                if item.get("type") == "string" and not {"format", "enum"} & set(item):
                    yield f"{name}.{field}", item
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []) if method != "parameters" else []:
                schema = parameter.get("schema", {})
                textual = schema.get("type") == "string" and not {"format", "enum"} & set(schema)
                if parameter["in"] == "query" and textual:
                    yield f"{method} {path} {parameter['name']}", schema


def test_every_text_field_says_it_takes_no_nul(client):
    """The server refuses NUL anywhere (server/schemas.py); the document says so per field,
    and lone surrogates, which no pattern can name, in its description."""
    spec = client.get("/api/openapi.json").json
    fields = dict(text_fields(spec))
    assert "FindingInput.note" in fields and "CommentInput.body" in fields
    for name, schema in fields.items():
        pattern = re.compile(schema["pattern"])
        assert not pattern.search("Lampan\x00vid porten"), name
    assert fields["FindingInput.note"]["pattern"] == r"^[^\u0000]*$"
    assert re.search(r"NUL.*lone surrogates", spec["info"]["description"])


def parameter(spec, method: str, path: str, name: str) -> dict:
    [found] = [p for p in spec["paths"][path][method]["parameters"] if p["name"] == name]
    return found


def test_the_document_says_what_list_parameters_look_like(client):
    spec = client.get("/api/openapi.json").json
    status = re.compile(parameter(spec, "get", "/api/v1/findings", "status")["schema"]["pattern"])
    assert status.match("ny, ej vårt ansvar,skickad") and status.match("")
    assert not status.match("trasig")
    assert len([s for s in Status if status.match(s.value)]) == len(Status)
    bbox = re.compile(parameter(spec, "get", "/api/v1/findings", "bbox")["schema"]["pattern"])
    assert bbox.match("17.90,59.51,17.92,59.52") and bbox.match("")
    assert not bbox.match("17.90,59.51,17.92") and not bbox.match("a,b,c,d")
    for path in ("/api/v1/findings", "/api/v1/sync", "/api/v1/notifications"):
        cursor = parameter(spec, "get", path, "cursor")["schema"]
        assert cursor["maxLength"] == 500 and re.compile(cursor["pattern"]).match("eyJ0IjogMX0=")
        assert not re.compile(cursor["pattern"]).match("not a cursor!")
    week = parameter(spec, "get", "/api/v1/reports/lagesbild", "week")["schema"]["pattern"]
    assert re.match(week, "2026-W47") and re.match(week, "2026W53") and re.match(week, "")
    assert not re.match(week, "2026-W54") and not re.match(week, "1999-W01")
    columns = parameter(spec, "get", "/api/v1/exports/findings.csv", "columns")["schema"]
    for good in ("id,status, note", "all", ""):
        assert re.match(columns["pattern"], good), good
    for bad in ("id,nope", "all,id"):
        assert not re.match(columns["pattern"], bad), bad


def test_the_document_states_if_match_and_rules_about_a_whole_body(client):
    spec = client.get("/api/openapi.json").json
    correct = parameter(spec, "patch", "/api/v1/findings/{finding_id}", "If-Match")
    assert correct["in"] == "header" and correct["required"] is True
    move = parameter(spec, "post", "/api/v1/findings/{finding_id}/status", "If-Match")
    assert move.get("required") is not True
    assert spec["components"]["schemas"]["FollowupInput"]["minProperties"] == 1


def test_a_patch_without_a_body_is_refused(api, make_user):
    """Its document requires a JSON body; webargs read a missing one as {} and it answered 200
    having changed nothing."""
    me = api(make_user("reporter"))
    refused = me.patch("/api/v1/auth/me")
    assert refused.status_code == 422
    assert refused.json["errors"] == {"json": ["Skicka ett JSON-objekt i anropets innehåll."]}
    assert me.patch("/api/v1/auth/me", json={}).status_code == 200  # nothing to change is fine
    assert me.post("/api/v1/auth/token").status_code == 422  # a required body of a public route
    # Without a token the answer is 401 first, whatever the body.
    assert api(None).patch("/api/v1/auth/me").status_code == 401


def test_a_body_that_the_document_does_not_require_may_be_left_out(api, make_user, make_walk):
    coordinator = api(make_user("coordinator"))
    walk = make_walk(status="planerad")
    # POST …/start takes no body at all.
    started = coordinator.post(f"/api/v1/walks/{walk}/start")
    assert started.status_code == 200, started.json
    assert started.json["status"] == "pågår"
