"""The area's indicators in a promise's tertial follow-up, on a dataset worked out by hand.

The promise is for Centrum (±500 m around the centre); the follow-up is of tertial 2 2026
(May–August), compared with tertial 1 (January–April). Positions in metres from the centre;
S is the 150 m cell around (0, -70), T the one around (300, -350).

Findings (deviations unless said):
  P1 klotter   10 Feb, at S, sent 10:00, fixed 11 Feb 10:00 (24 h)            T1
  X1 klotter   20 Apr, at (-300, 230), sent 12:00, fixed 2 May 12:00 (288 h)   T1, fixed in T2
  B1 klotter   30 Apr 23:59, at (400, 400), new                                T1 (last minute)
  C1 klotter    1 May 00:00, at (-150, 100), new                               T2 (first minute)
  N1 klotter    4 May, at S, sent 12:00, fixed 6 May 12:00 (48 h)              T2
  N2 klotter   10 May, at S, sent 10:00, fixed 14 May 10:00 (96 h)             T2
  N3 belysning  1 Jun, at T, sent, open                                        T2
  N4 trygg plats 2 Jun, at S: a positive mark, no deviation                    not counted
  N5 klotter    3 Jun, in Runby (2200, 2200)                                   only for all areas
Incidents: I5 10 Mar at S (T1); I1 at S, I2 at T, I3 at (-300, 230) in T2; I4 in Runby in T2.
Rounds (in the documents, for coordinators): two at S and one at T in T2, one at S in T1, one
in Runby — 3 against 1, the places S (2) and T (1).

Tertial 2: findings 4 (C1, N1, N2, N3); fixed 3 (N1 48 h, N2 96 h, X1 288 h) → median 96 h
= 4.0 days; incidents 3; hot spots 2 (S: N1, N2, I1; T: N3, I2; I3 alone is none).
Tertial 1: findings 3 (P1, X1, B1); fixed 1 (P1) → 1.0 day; incidents 1; hot spots 1
(S: P1, I5). Without an area: N5 and I4 count too (findings 5, incidents 4)."""

import csv
import io
import uuid

import pytest
from pypdf import PdfReader

from tests.factories import add_finding, at, rectangle, sent
from tests.factories.est import round_body
from tests.factories.incidents import incident_body

S, T = (0, -70), (300, -350)


@pytest.fixture
def area_data(app, api, make_org, make_user, make_area):
    housing = make_org("AB Väsbyhem", "bostadsbolag")
    coordinator, reporter = make_user("coordinator"), make_user("reporter")
    owner = make_user("owner", housing)
    centrum = make_area("Centrum", rectangle(-500, -500, 500, 500))
    runby = make_area("Runby", rectangle(2000, 2000, 2500, 2500))

    def finding(name, category, captured, status, position, events=(), area=centrum):
        near = (position[0] + len(name) % 3, position[1])  # not all on one spot
        add_finding(
            app,
            reporter,
            name,
            category,
            captured,
            status,
            owner=housing if events else None,
            events=events,
            position=near,
            areas=(area,),
        )

    def fixed(sent_at, fixed_at):
        return [*sent(sent_at), ("status", "åtgärdad", fixed_at)]

    finding("P1", "klotter", "2026-02-10 09:00", "åtgärdad", S,
            fixed("2026-02-10 10:00", "2026-02-11 10:00"))  # fmt: skip
    finding("X1", "klotter", "2026-04-20 11:00", "åtgärdad", (-300, 230),
            fixed("2026-04-20 12:00", "2026-05-02 12:00"))  # fmt: skip
    finding("B1", "klotter", "2026-04-30 23:59", "ny", (400, 400))
    finding("C1", "klotter", "2026-05-01 00:00", "ny", (-150, 100))
    finding("N1", "klotter", "2026-05-04 10:00", "åtgärdad", S,
            fixed("2026-05-04 12:00", "2026-05-06 12:00"))  # fmt: skip
    finding("N2", "klotter", "2026-05-10 09:00", "åtgärdad", S,
            fixed("2026-05-10 10:00", "2026-05-14 10:00"))  # fmt: skip
    finding("N3", "belysning", "2026-06-01 12:00", "skickad", T, sent("2026-06-01 12:00"))
    finding("N4", "trygg_plats", "2026-06-02 12:00", "ny", S)
    finding("N5", "klotter", "2026-06-03 12:00", "ny", (2200, 2200), area=runby)
    for moment, (x, y) in [
        ("2026-03-10T22:00:00+01:00", S),
        ("2026-05-20T22:00:00+02:00", S),
        ("2026-06-20T23:00:00+02:00", T),
        ("2026-07-01T01:00:00+02:00", (-300, 230)),
        ("2026-07-02T01:00:00+02:00", (2200, 2200)),
    ]:
        lat, lon = at(x, y + 3)
        body = incident_body(occurred_at=moment, lat=lat, lon=lon)
        response = api(coordinator).put(f"/api/v1/incidents/{uuid.uuid4()}", json=body)
        assert response.status_code == 201, response.json
    # Rounds: two at S and one at T in tertial 2, one at S in tertial 1, one in Runby.
    for moment, (x, y) in [
        ("2026-05-22T21:00:00+02:00", S),
        ("2026-06-12T21:00:00+02:00", S),
        ("2026-06-13T21:00:00+02:00", T),
        ("2026-03-13T21:00:00+01:00", S),
        ("2026-06-13T22:00:00+02:00", (2200, 2200)),
    ]:
        lat, lon = at(x - 4, y)
        body = round_body(lat=lat, lon=lon, arrived_at=moment, left_at=moment)
        response = api(coordinator).put(f"/api/v1/est/rounds/{uuid.uuid4()}", json=body)
        assert response.status_code == 201, response.json
    return {"coordinator": coordinator, "reporter": reporter, "owner": owner, "centrum": centrum}


def make_promise(api, coordinator, area_id) -> int:
    body = {
        "title": "Medborgarlöfte Väsby centrum",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        "area_id": area_id,
        "commitments": [
            {"text": "Trygghetsvandringar", "kind": "trygghetsvandring", "planned_per_tertial": 1}
        ],
    }
    response = api(coordinator).post("/api/v1/promises", json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def followup(api, user, promise_id, tertial=2) -> dict:
    response = api(user).get(
        f"/api/v1/promises/{promise_id}/followup", query_string={"year": 2026, "tertial": tertial}
    )
    assert response.status_code == 200, response.json
    return response.json


def test_the_area_s_indicators_against_the_previous_tertial_worked_out_by_hand(api, area_data):
    promise = make_promise(api, area_data["coordinator"], area_data["centrum"])
    answer = followup(api, area_data["coordinator"], promise)
    assert answer["indicators"] == {
        "findings": {"current": 4, "previous": 3},
        "fixed": {"current": 3, "previous": 1},
        "median_days_to_fix": {"current": 4.0, "previous": 1.0},
        "incidents": {"current": 3, "previous": 1},
        "hot_spots": {"current": 2, "previous": 1},
    }
    assert answer["pdf_url"] == f"/api/v1/promises/{promise}/followup.pdf?year=2026&tertial=2"
    assert answer["csv_url"] == f"/api/v1/promises/{promise}/followup.csv?year=2026&tertial=2"


def test_a_promise_without_an_area_counts_every_area(api, area_data):
    promise = make_promise(api, area_data["coordinator"], None)
    indicators = followup(api, area_data["coordinator"], promise)["indicators"]
    assert indicators["findings"] == {"current": 5, "previous": 3}
    assert indicators["incidents"] == {"current": 4, "previous": 1}


def test_every_reader_sees_the_same_counts(api, area_data):
    promise = make_promise(api, area_data["coordinator"], area_data["centrum"])
    seen = [
        followup(api, area_data[who], promise)["indicators"]
        for who in area_data
        if who != "centrum"
    ]
    assert seen[0] == seen[1] == seen[2]


def test_a_tertial_with_nothing_fixed_has_no_median(api, area_data):
    promise = make_promise(api, area_data["coordinator"], area_data["centrum"])
    indicators = followup(api, area_data["coordinator"], promise, tertial=3)["indicators"]
    assert indicators["median_days_to_fix"] == {"current": None, "previous": 4.0}
    assert indicators["findings"] == {"current": 0, "previous": 4}


def download(api, user, promise_id, extension):
    response = api(user).get(
        f"/api/v1/promises/{promise_id}/followup.{extension}",
        query_string={"year": 2026, "tertial": 2},
    )
    assert response.status_code == 200, response.json
    return response


def pdf_text(response) -> str:
    assert response.mimetype == "application/pdf"
    pages = PdfReader(io.BytesIO(response.data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_follow_up_as_one_pdf_with_the_tertial_report_folded_in(api, area_data):
    promise = make_promise(api, area_data["coordinator"], area_data["centrum"])
    response = download(api, area_data["coordinator"], promise, "pdf")
    assert 'filename="uppfoljning-lofte-' in response.headers["Content-Disposition"]
    text = pdf_text(response)
    for expected in (
        "Medborgarlöfte Väsby centrum: uppföljning tertial 2/2026",
        "Centrum · 1 maj 2026 – 31 augusti 2026",
        "Åtaganden",
        "Trygghetsvandringar Trygghetsvandring 1 0 0 0",
        "Områdets indikatorer",
        "Iakttagelser rapporterade 4 3 +1",
        "Median dagar till åtgärd 4,0 1,0 +3,0",
        "Händelser (EST) 3 1 +2",
        "Brännpunkter 2 1 +1",
        "Trygghetsrundor i området",
        "3 rundor loggade under tertialen (tertialen före: 1).",
        "Iakttagelser i området: tertialrapporten",
        "Per ansvarig och kategori",
    ):
        assert expected in text, expected


def test_a_reporter_s_pdf_has_the_indicators_but_no_tertial_report(api, area_data):
    promise = make_promise(api, area_data["coordinator"], area_data["centrum"])
    text = pdf_text(download(api, area_data["reporter"], promise, "pdf"))
    assert "Iakttagelser rapporterade 4 3 +1" in text
    assert "tertialrapporten" not in text and "Trygghetsrundor i området" not in text


def test_the_follow_up_as_csv_one_figure_per_line(api, area_data):
    promise = make_promise(api, area_data["coordinator"], area_data["centrum"])
    response = download(api, area_data["coordinator"], promise, "csv")
    text = response.data.decode("utf-8").removeprefix("\ufeff")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0] == ["avsnitt", "nyckel", "namn", "mått", "denna_tertial", "förra_tertialen"]
    assert ["indikator", "findings", "Iakttagelser rapporterade", "värde", "4", "3"] in lines
    assert [
        "indikator",
        "median_days_to_fix",
        "Median dagar till åtgärd",
        "värde",
        "4",
        "1",
    ] in lines
    commitment = [line[3:5] for line in lines if line[0] == "åtagande"]
    assert commitment == [
        ["planerat", "1"],
        ["gjort", "0"],
        ["iakttagelser", "0"],
        ["åtgärdade", "0"],
    ]
    assert ["trygghetsrundor", "", "", "totalt", "3", "1"] in lines
    places = [line[3:5] for line in lines if line[0] == "trygghetsrundor per plats"]
    assert [count for label, count in places if label == "antal"] == ["2", "1"]
    # The tertial report's lines follow, as GET /api/v1/reports/tertial.csv has them.
    assert ["sammanfattning", "", "", "nya", "4", "3"] in lines


def test_the_public_page_shows_the_indicators_as_counts(api, client, area_data):
    promise = make_promise(api, area_data["coordinator"], area_data["centrum"])
    public_url = api(area_data["coordinator"]).get(f"/api/v1/promises/{promise}").json["public_url"]
    page = client.get(public_url).data.decode()
    assert "Läget i Centrum, tertial 2 2026 jämfört med tertialen före" in page
    for label, now, before in [
        ("Iakttagelser rapporterade", "4", "3"),
        ("Median dagar till åtgärd", "4,0", "1,0"),
        ("Händelser (EST)", "3", "1"),
        ("Brännpunkter", "2", "1"),
    ]:
        row = (
            f'<tr><th scope="row">{label}</th><td class="number">{now}</td>'
            f'<td class="number">{before}</td></tr>'
        )
        assert row in page, label
    assert "59.51" not in page  # no position


def test_the_first_tertial_of_2000_has_nothing_to_compare_with(api, area_data):
    promise = make_promise(api, area_data["coordinator"], area_data["centrum"])
    client = api(area_data["coordinator"])
    query = {"year": 2000, "tertial": 1}
    answer = client.get(f"/api/v1/promises/{promise}/followup", query_string=query)
    assert answer.status_code == 200, answer.json
    assert answer.json["indicators"]["findings"] == {"current": 0, "previous": None}
    for extension in ("pdf", "csv"):
        path = f"/api/v1/promises/{promise}/followup.{extension}"
        assert client.get(path, query_string=query).status_code == 200


def test_an_owner_s_document_folds_in_its_organisation_s_tertial_report(api, area_data):
    promise = make_promise(api, area_data["coordinator"], area_data["centrum"])
    text = pdf_text(download(api, area_data["owner"], promise, "pdf"))
    assert "Iakttagelser rapporterade 4 3 +1" in text  # the same counts for everyone
    assert "Iakttagelser i området: tertialrapporten" in text
    assert "endast AB Väsbyhems iakttagelser" in text
    assert "Trygghetsrundor i området" not in text  # where rounds went: coordinators'
