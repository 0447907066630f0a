"""Formula injection in CSV (issue 12, item 12), after OWASP's "CSV Injection": whatever a
reporter writes, no cell of an export begins with something a spreadsheet would run."""

import csv
import io
from zoneinfo import ZoneInfo

import pytest

from server.reports import csvout

ZONE = ZoneInfo("Europe/Stockholm")

RISKY = [
    '=HYPERLINK("https://evil.example";"Klicka")',
    "+46 8 123 45",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    " =1+1",  # a leading space: Excel skips it and runs the formula
    "   @SUM(A1)",
    "\u3000=1+1",  # the ideographic space
    "\u00a0=1+1",  # a no-break space
    "＝1+1",  # full-width forms, read as = + - @ by Excel in East Asian locales
    "＋1",
    "－1",
    "＠SUM(A1)",
    " ＝1+1",
    "\tplain text after a tab",
]

HARMLESS = ["Lampan är trasig", "Tags: klotter", "a=b", "1-2 lampor", "'=already quoted", ""]


@pytest.mark.parametrize("text", RISKY)
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text(text):
    assert csvout.cell(text, csvout.SV, ZONE) == "'" + text
    assert csvout.cell([text, "b"], csvout.RFC, ZONE).startswith("'")


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_left_as_it_is(text):
    assert csvout.cell(text, csvout.SV, ZONE) == text


def test_numbers_we_write_are_not_text(app):
    assert csvout.cell(-17.5, csvout.SV, ZONE) == "-17,5"
    assert csvout.cell(-3, csvout.RFC, ZONE) == "-3"


@pytest.mark.parametrize("note", [' =HYPERLINK("https://evil.example")', "＝1+1", "\u3000@A1"])
def test_a_note_in_an_export_opens_as_text(api, make_user, make_finding, note):
    made = make_finding(make_user("reporter"), note=note)
    response = api(make_user("coordinator")).get("/api/v1/exports/findings.csv?columns=id,note")
    assert response.status_code == 200
    text = response.data.decode("utf-8").lstrip("\ufeff")
    rows = {row[0]: row[1] for row in csv.reader(io.StringIO(text), delimiter=";")}
    assert rows[made["id"]] == "'" + note
