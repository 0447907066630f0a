"""Odd files for POST /api/v1/incidents/import: each is refused with the reason in the one JSON
error shape, or read as a person would read it; never a server error."""

import pytest

from tests.incidents.test_import import HEADER, incidents, upload

ROW = "A1;brand;2026-11-17 20:00;59.5172;17.9135;Brand i container\n"


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Filen är tom."),
        (b"\n\n  \n", "Filen är tom."),
        (HEADER.encode(), "Filen har inga rader under rubrikraden."),
        (HEADER.encode() + b";;;;;\n", "Filen har inga rader under rubrikraden."),
        ((HEADER + ROW).encode("utf-16"), "Filen är inte text i UTF-8."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Filen är inte text i UTF-8."),
        (b"typ;typ;tidpunkt;lat;lon\n", "Rubrikraden har samma kolumn två gånger."),
    ],
)
def test_a_file_that_is_no_list_of_incidents_is_refused_with_the_reason(
    api, coordinator, content, message
):
    response = upload(api, coordinator, content)
    assert response.status_code == 422
    assert response.json == {"code": "validation_failed", "message": message}


def test_a_quote_left_open_is_one_long_note_and_reported_as_such(api, coordinator):
    content = HEADER + 'A1;brand;2026-11-17 20:00;59.5172;17.9135;"Brand\n' + ROW
    response = upload(api, coordinator, content, "?dry_run=1")
    assert response.status_code == 200
    assert response.json["rows"] == 1  # the open quote swallowed the rest of the file


def test_old_mac_line_endings_and_tabs_are_read(api, coordinator):
    content = HEADER.replace(";", "\t") + ROW.replace(";", "\t")
    assert upload(api, coordinator, content.replace("\n", "\r")).json["new"] == 1


def test_a_row_with_more_fields_than_the_header_is_bad(api, coordinator):
    response = upload(api, coordinator, HEADER + ROW.rstrip("\n") + ";extra\n")
    assert response.json["errors"] == {"2": ["Raden har fler fält än rubrikraden."]}


def test_columns_the_import_does_not_know_are_ignored_and_known_ones_in_any_order(api, coordinator):
    content = (
        "Anteckning;LON;Ärendenummer;LAT;Tidpunkt;Typ\n"
        "Låg eld;17.9135;4711;59.5172;2026-11-17 20:00;BRAND\n"
    )
    assert upload(api, coordinator, content).json["new"] == 1
    (incident,) = incidents(api, coordinator)
    assert (incident["type"], incident["note"]) == ("brand", "Låg eld")


def test_a_form_without_its_file_is_a_422(api, coordinator):
    response = api(coordinator).post(
        "/api/v1/incidents/import", data={"other": "x"}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert response.json["errors"] == {"file": ["Fältet måste fyllas i."]}
