"""POST /api/v1/incidents/import: a partner's week from its own system, as CSV. Bad rows are
reported by line, nothing is imported from a file with errors unless asked, a dry run says
what would happen, and the same file twice imports nothing twice."""

from pathlib import Path

import pytest

from server.audit.models import AuditEntry
from server.extensions import db
from tests.factories.incidents import set_incident_type_active

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "incidents.csv"
HEADER = "id;typ;tidpunkt;lat;lon;anteckning\n"
BOUNDARY = b"lykta-test-boundary"


def upload(api, user, content: bytes | str, query: str = "", *, as_form=True):
    data = content.encode() if isinstance(content, str) else content
    path = f"/api/v1/incidents/import{query}"
    if as_form:  # as a browser sends a chosen file
        body = (
            b"--" + BOUNDARY + b"\r\n"
            b'Content-Disposition: form-data; name="file"; filename="vecka47.csv"\r\n'
            b"Content-Type: text/csv\r\n\r\n" + data + b"\r\n--" + BOUNDARY + b"--\r\n"
        )
        content_type = f"multipart/form-data; boundary={BOUNDARY.decode()}"
        return api(user).post(path, data=body, content_type=content_type)
    return api(user).post(path, data=data, content_type="text/csv; charset=utf-8")


def incidents(api, user) -> list[dict]:
    return api(user).get("/api/v1/incidents?from=2026-01-01&to=2026-12-31").json["items"]


@pytest.fixture
def police(make_org, make_user):
    return make_user("coordinator", make_org("Polisen Upplands Väsby", "polis"))


def test_the_documented_example_file_is_imported_for_the_importer_s_organisation(api, police):
    response = upload(api, police, EXAMPLE.read_bytes())
    assert response.status_code == 200, response.json
    report = response.json
    assert (report["rows"], report["new"], report["existing"], report["bad"]) == (4, 4, 0, 0)
    assert report["dry_run"] is False
    assert report["errors"] == []
    assert [item["line"] for item in report["items"]] == [2, 3, 4, 5]

    stored = {item["id"]: item for item in incidents(api, police)}
    assert set(stored) == {item["id"] for item in report["items"]}
    by_type = {item["type"]: item for item in stored.values()}
    assert set(by_type) == {"skadegorelse", "brand", "ordningsstorning", "trafik"}
    # "2026-11-16 21:40" is Swedish time (UTC+1 in November); 59,5186 a decimal comma.
    assert by_type["skadegorelse"]["occurred_at"] == "2026-11-16T20:40:00+00:00"
    assert (by_type["skadegorelse"]["lat"], by_type["skadegorelse"]["lon"]) == (59.5186, 17.9119)
    assert by_type["brand"]["occurred_at"] == "2026-11-17T22:05:00+00:00"
    assert by_type["ordningsstorning"]["note"] == ""
    assert by_type["trafik"]["note"] == "Bil på gångbanan; föraren körde vidare"
    assert {item["organisation"]["name"] for item in stored.values()} == {"Polisen Upplands Väsby"}
    assert {item["imported"] for item in stored.values()} == {True}
    assert by_type["brand"]["external_id"] == "P-2026-4712"
    assert by_type["trafik"]["external_id"] is None


def test_importing_the_same_file_again_imports_nothing_twice(api, police):
    first = upload(api, police, EXAMPLE.read_bytes()).json
    again = upload(api, police, EXAMPLE.read_bytes()).json
    assert (again["new"], again["existing"], again["bad"]) == (0, 4, 0)
    assert [item["id"] for item in again["items"]] == [item["id"] for item in first["items"]]
    assert {item["status"] for item in again["items"]} == {"existing"}
    assert len(incidents(api, police)) == 4


def test_the_same_rows_from_another_partner_are_that_partner_s_own(api, police, make_user):
    housing = make_user("owner")
    upload(api, police, EXAMPLE.read_bytes())
    report = upload(api, housing, EXAMPLE.read_bytes()).json
    assert (report["new"], report["existing"]) == (4, 0)


def test_a_row_changed_in_the_partner_s_system_is_reported_not_overwritten(api, police):
    upload(api, police, EXAMPLE.read_bytes())
    changed = EXAMPLE.read_text().replace("Krossad ruta i busskuren", "Två krossade rutor")
    response = upload(api, police, changed)
    assert response.status_code == 422
    assert response.json["errors"] == {
        "2": ["id: importerad tidigare med annat innehåll; Lykta behåller det som kom först."]
    }
    notes = {item["note"] for item in incidents(api, police)}
    assert "Krossad ruta i busskuren" in notes and "Två krossade rutor" not in notes


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(api, police):
    content = (
        HEADER
        + "A1;skadegorelse;2026-11-16 21:40;59.5186;17.9119;Krossad ruta\n"
        + "A2;inbrott i bil;2026-11-16 22:00;59.5186;17.9119;\n"
        + "\n"  # a blank line: skipped, but counted as a line of the file
        + "A3;brand;igår kväll;59.5186;17.9119;\n"
        + "A4;brand;2026-11-17 20:00;;17.9119;\n"
        + "A5;brand;2099-01-01 20:00;59.5186;17.9119;\n"
    )
    response = upload(api, police, content)
    assert response.status_code == 422
    assert response.json["code"] == "validation_failed"
    assert response.json["message"] == (
        "4 rader har fel: inget importerades. Rätta dem, eller importera igen med "
        "skip_errors=1 för att importera de andra raderna."
    )
    assert response.json["errors"] == {
        "3": ["typ: okänd händelsetyp ”inbrott i bil”."],
        "5": [
            "tidpunkt: ”igår kväll” är ingen tidpunkt: skriv 2026-11-20 22:15 (svensk tid) "
            "eller 2026-11-20T22:15:00+01:00."
        ],
        "6": ["lat: saknas."],
        "7": ["tidpunkt: ligger i framtiden."],
    }
    assert incidents(api, police) == []


def test_the_reasons_are_in_english_for_an_english_reader(api, make_user):
    user = make_user("coordinator", locale="en")
    content = HEADER + "A2;inbrott i bil;2026-11-16 22:00;59.5186;17.9119;\n"
    response = upload(api, user, content)
    assert response.json["errors"] == {"2": ["typ: unknown incident type “inbrott i bil”."]}


def test_skip_errors_imports_the_good_rows_and_reports_the_bad(api, police):
    content = (
        HEADER
        + "A1;skadegorelse;2026-11-16 21:40;59.5186;17.9119;Krossad ruta\n"
        + "A2;skadegorelse;2026-11-16 22:00;5951860;1791190;\n"
        + "A3;brand;2026-11-17 20:00;59.5172;17.9135;\n"
    )
    response = upload(api, police, content, "?skip_errors=1")
    assert response.status_code == 200
    report = response.json
    assert (report["new"], report["existing"], report["bad"]) == (2, 0, 1)
    assert report["errors"] == [
        {"line": 3, "messages": ["lat, lon: ingen position (lat −90…90, lon −180…180)."]}
    ]
    assert [item["status"] for item in report["items"]] == ["new", "bad", "new"]
    assert report["items"][1]["id"] is None
    assert len(incidents(api, police)) == 2


def test_a_dry_run_says_what_would_be_imported_and_stores_nothing(api, police):
    content = EXAMPLE.read_text() + "A9;narkotika;2026-11-18;59.5186;17.9119;\n"
    dry = upload(api, police, content, "?dry_run=1")
    assert dry.status_code == 200
    assert dry.json["dry_run"] is True
    assert (dry.json["new"], dry.json["existing"], dry.json["bad"]) == (4, 0, 1)
    assert dry.json["errors"][0]["line"] == 6
    assert incidents(api, police) == []

    real = upload(api, police, content, "?skip_errors=1").json
    assert [i["id"] for i in real["items"]] == [i["id"] for i in dry.json["items"]]
    assert real["new"] == 4


def test_excel_s_semicolons_with_a_byte_order_mark_and_commas_as_well(api, police):
    excel = "\ufeff" + HEADER + "X1;Skadegörelse;2026-11-16 21:40;59,5186;17,9119;\r\n"
    response = upload(api, police, excel.encode("utf-8"), as_form=False)
    assert response.status_code == 200, response.json
    assert response.json["new"] == 1

    commas = (
        "typ,tidpunkt,lat,lon,anteckning\n"
        'brand,2026-11-17T23:05:00+01:00,59.5172,17.9135,"Brand i container, släckt"\n'
    )
    response = upload(api, police, commas, as_form=False)
    assert response.json["new"] == 1
    notes = {item["note"] for item in incidents(api, police)}
    assert "Brand i container, släckt" in notes


def test_an_older_excel_file_in_windows_1252_is_read_too(api, police):
    content = HEADER + "W1;Ordningsstörning;2026-11-19 01:15;59,5191;17,9102;Bråk utanför\n"
    response = upload(api, police, content.encode("cp1252"))
    assert response.json["new"] == 1
    (incident,) = incidents(api, police)
    assert (incident["type"], incident["note"]) == ("ordningsstorning", "Bråk utanför")


def test_a_row_with_a_personnummer_in_its_note_is_refused_with_the_reason(api, police):
    content = (
        HEADER
        + "A1;hot_vald;2026-11-16 21:40;59.5186;17.9119;Hot mot 19850412-1234 vid kiosken\n"
        + "A2;hot_vald;2026-11-16 22:40;59.5186;17.9119;Ärende 2026-1234\n"
    )
    response = upload(api, police, content, "?skip_errors=1")
    assert response.json["errors"] == [
        {
            "line": 2,
            "messages": [
                "anteckning: skriv inte personnummer: beskriv vad som hände och var, inte vem."
            ],
        }
    ]
    assert [item["note"] for item in incidents(api, police)] == ["Ärende 2026-1234"]


def test_a_quoted_note_over_several_lines_keeps_the_line_numbers_true(api, police):
    content = (
        HEADER
        + 'A1;brand;2026-11-17 20:00;59.5172;17.9135;"Brand i soprum,\nsläckt av boende"\n'
        + "A2;okänd;2026-11-17 21:00;59.5172;17.9135;\n"
    )
    response = upload(api, police, content, "?dry_run=1")
    assert response.json["errors"][0]["line"] == 4


def test_a_place_in_sweref_99_tm_is_converted(api, police):
    # Väsby centrum: N 6601409.55, E 664738.44 in SWEREF 99 TM is 59.5186 N, 17.9119 E.
    content = "typ;tidpunkt;n;e\nskadegorelse;2026-11-16 21:40;6601409,55;664738,44\n"
    assert upload(api, police, content).json["new"] == 1
    (incident,) = incidents(api, police)
    assert incident["lat"] == pytest.approx(59.5186, abs=1e-6)
    assert incident["lon"] == pytest.approx(17.9119, abs=1e-6)


def test_local_times_follow_summer_time_and_a_missing_hour_is_a_bad_row(api, police):
    content = (
        HEADER
        + "S1;trafik;2026-07-01 12:00;59.5186;17.9119;\n"
        + "S2;trafik;2026-03-29 02:30;59.5186;17.9119;\n"
    )
    response = upload(api, police, content, "?skip_errors=1")
    assert response.json["errors"] == [
        {
            "line": 3,
            "messages": [
                "tidpunkt: 2026-03-29 02:30 finns inte i svensk tid (klockan ställdes fram)."
            ],
        }
    ]
    assert incidents(api, police)[0]["occurred_at"] == "2026-07-01T10:00:00+00:00"


def test_an_inactive_type_is_a_bad_row(app, api, police):
    set_incident_type_active(app, "trafik", False)
    content = HEADER + "T1;Trafik;2026-11-16 21:40;59.5186;17.9119;\n"
    response = upload(api, police, content)
    assert response.json["errors"] == {"2": ["typ: händelsetypen ”Trafik” används inte längre."]}


def test_a_file_without_the_needed_columns_is_refused_as_a_whole(api, police):
    response = upload(api, police, "id;när;var\n1;igår;torget\n")
    assert response.status_code == 422
    assert response.json["message"] == (
        "Rubrikraden saknar kolumnerna: typ, tidpunkt, lat, lon. Kolumnerna är "
        "id, typ, tidpunkt, lat, lon (eller n, e) och anteckning."
    )


def test_a_reporter_may_not_import(api, make_user):
    response = upload(api, make_user("reporter"), EXAMPLE.read_bytes())
    assert response.status_code == 403
    assert response.json["code"] == "forbidden"


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_owners_and_admins_import_for_their_organisation(api, make_user, role):
    assert upload(api, make_user(role), EXAMPLE.read_bytes()).json["new"] == 4


def test_a_file_over_two_megabytes_is_refused_with_413(api, police):
    row = "A;brand;2026-11-17 20:00;59.5172;17.9135;" + "x" * 400 + "\n"
    content = HEADER + row * 5300
    for as_form in (True, False):
        response = upload(api, police, content, as_form=as_form)
        assert response.status_code == 413
        assert response.json == {
            "code": "payload_too_large",
            "message": "Filen är större än 2 MB: dela upp den.",
        }
    assert incidents(api, police) == []


def test_a_body_that_is_neither_a_form_nor_csv_is_415(api, police):
    response = api(police).post("/api/v1/incidents/import", json={"typ": "brand"})
    assert response.status_code == 415
    assert response.json["code"] == "unsupported_media_type"


def test_an_import_is_in_the_audit_log(app, api, police):
    upload(api, police, EXAMPLE.read_bytes())
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).filter_by(action="incidents.imported"))
        assert entry.actor_id == police.id
        assert entry.data == {
            "filename": "vecka47.csv",
            "rows": 4,
            "new": 4,
            "existing": 0,
            "bad": 0,
            "skip_errors": False,
        }
