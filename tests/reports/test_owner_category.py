"""The cross table owner × category on a small dataset worked out by hand: two owners, two
categories, the triage queue, in March 2026 (Stockholm time). Hours from 'skickad' to
'åtgärdad':

  AB Väsbyhem × klotter    K1 fix 24 h, due 03-05, fixed 03-03: in time
                           K2 fix 72 h, due 03-12, fixed 03-13: late
                           K3 sent, due 03-25, open: overdue today
                           => new 3, closed 2, open 1, overdue 1, median 48 h, share 1/2
  AB Väsbyhem × belysning  L1 acknowledged, due 2099: new 1, open 1, not overdue
  Gatuenheten × klotter    M1 fix 36 h, due 03-20, fixed 03-17: new 1, closed 1, share 1
  Gatuenheten × belysning  N1 captured in January, open, due 01-20: open 1, overdue 1
                           N2 fix 96 h, no due date; N3 sent back (avvisad)
                           => new 2, closed 2, open 1, overdue 1, median 96 h, no share
  Ej tilldelad × klotter   U1 new in triage: new 1, open 1
Left out: K0 (fixed in January, nothing in March) and T1 (a positive mark of AB Väsbyhem).
"""

from dataclasses import dataclass

import pytest

from tests.factories import add_finding, sent
from tests.reports.test_documents import pdf_text, read_csv

MARCH = "from=2026-03-01&to=2026-03-31"
KLOTTER = "Klotter/otillåten affischering"
BELYSNING = "Trasig/bristfällig belysning"


# name, category, owner, captured, status now, due date, sent, moved to the status now; 2026
FINDINGS = [
    ("K0", "klotter", "A", "01-05 10:00", "åtgärdad", "2026-01-09", "01-05 10:00", "01-06 10:00"),
    ("K1", "klotter", "A", "03-02 10:00", "åtgärdad", "2026-03-05", "03-02 12:00", "03-03 12:00"),
    ("K2", "klotter", "A", "03-10 10:00", "åtgärdad", "2026-03-12", "03-10 10:00", "03-13 10:00"),
    ("K3", "klotter", "A", "03-20 10:00", "skickad", "2026-03-25", "03-20 10:00", None),
    ("L1", "belysning", "A", "03-05 10:00", "mottagen", "2099-01-01", "03-05 10:00", "03-06 10:00"),
    ("T1", "trygg_plats", "A", "03-05 11:00", "ny", None, None, None),
    ("M1", "klotter", "B", "03-15 12:00", "åtgärdad", "2026-03-20", "03-15 12:00", "03-17 00:00"),
    ("N1", "belysning", "B", "01-10 10:00", "skickad", "2026-01-20", "01-10 10:00", None),
    ("N2", "belysning", "B", "03-08 12:00", "åtgärdad", None, "03-08 12:00", "03-12 12:00"),
    ("N3", "belysning", "B", "03-25 10:00", "avvisad", None, "03-25 10:00", "03-26 10:00"),
    ("U1", "klotter", None, "03-28 10:00", "ny", None, None, None),
]


@dataclass
class Pairs:
    users: dict
    orgs: dict


@pytest.fixture
def pairs(app, make_org, make_user) -> Pairs:
    orgs = {
        "A": make_org("AB Väsbyhem", "bostadsbolag"),
        "B": make_org("Gatuenheten", "förvaltning"),
    }
    users = {
        "coordinator": make_user("coordinator"),
        "owner_a": make_user("owner", orgs["A"]),
        "owner_b": make_user("owner", orgs["B"]),
    }
    reporter = make_user("reporter")
    for name, category, owner, captured, status, due, send, moved in FINDINGS:
        events = sent(f"2026-{send}", owner) if send else []
        if moved:
            events.append(("status", status, f"2026-{moved}"))
        add_finding(
            app,
            reporter,
            name,
            category,
            f"2026-{captured}",
            status,
            owner=orgs.get(owner),
            due=due,
            events=events,
        )
    return Pairs(users, orgs)


def figures(pair: dict) -> tuple:
    keys = ("new", "closed", "open", "overdue", "median_hours_to_fix", "share_fixed_within_target")
    return (pair["owner"]["name"], pair["category"]["name"], *(pair[key] for key in keys))


EXPECTED = [
    ("AB Väsbyhem", KLOTTER, 3, 2, 1, 1, 48.0, 0.5),
    ("AB Väsbyhem", BELYSNING, 1, 0, 1, 0, None, None),
    ("Gatuenheten", KLOTTER, 1, 1, 0, 0, 36.0, 1.0),
    ("Gatuenheten", BELYSNING, 2, 2, 1, 1, 96.0, None),
    ("Ej tilldelad", KLOTTER, 1, 0, 1, 0, None, None),
]


def test_the_dashboard_has_the_cross_table_worked_out_by_hand(api, pairs):
    board = api(pairs.users["coordinator"]).get(f"/api/v1/reports/dashboard?{MARCH}").json
    table = board["by_owner_category"]
    assert [figures(pair) for pair in table] == EXPECTED
    assert table[0]["owner"] == {"id": pairs.orgs["A"], "name": "AB Väsbyhem"}
    assert table[0]["category"] == {"code": "klotter", "name": KLOTTER}
    assert table[-1]["owner"]["id"] is None
    gatu_belysning = table[3]
    assert (gatu_belysning["fixed"], gatu_belysning["fixed_with_due_date"]) == (1, 0)
    # The same definitions as per owner: an owner's pairs add up to the owner's figures.
    for owner in board["durations"]["by_owner"]:
        own = [pair for pair in table if pair["owner"]["id"] == owner["id"]]
        for key in ("new", "closed", "fixed", "fixed_within_target"):
            assert sum(pair[key] for pair in own) == owner[key], (owner["name"], key)


def test_the_filters_and_the_owners_scope_apply(api, pairs):
    coordinator = api(pairs.users["coordinator"])
    only_klotter = coordinator.get(f"/api/v1/reports/dashboard?{MARCH}&category=klotter").json
    assert [figures(pair) for pair in only_klotter["by_owner_category"]] == [
        row for row in EXPECTED if row[1] == KLOTTER
    ]
    only_b = coordinator.get(f"/api/v1/reports/dashboard?{MARCH}&owner={pairs.orgs['B']}").json
    assert [figures(pair) for pair in only_b["by_owner_category"]] == EXPECTED[2:4]
    for who, rows in (("owner_a", EXPECTED[:2]), ("owner_b", EXPECTED[2:4])):
        board = api(pairs.users[who]).get(f"/api/v1/reports/dashboard?{MARCH}").json
        assert [figures(pair) for pair in board["by_owner_category"]] == rows, who


def test_an_empty_period_has_only_the_open_pairs(api, pairs):
    board = api(pairs.users["coordinator"]).get(
        "/api/v1/reports/dashboard?from=2020-01-01&to=2020-01-31"
    )
    table = board.json["by_owner_category"]
    assert [(p["owner"]["name"], p["category"]["code"], p["new"], p["open"]) for p in table] == [
        ("AB Väsbyhem", "klotter", 0, 1),
        ("AB Väsbyhem", "belysning", 0, 1),
        ("Gatuenheten", "belysning", 0, 1),
        ("Ej tilldelad", "klotter", 0, 1),
    ]


def test_the_tertial_has_the_cross_table_in_json_pdf_and_csv(api, pairs):
    coordinator = api(pairs.users["coordinator"])
    report = coordinator.get("/api/v1/reports/tertial?year=2026&tertial=1").json
    table = report["by_owner_category"]
    # January counts in the first tertial: K0 (fixed in 24 h, in time) and N1.
    assert figures(table[0]) == (
        "AB Väsbyhem",
        KLOTTER,
        4,
        3,
        1,
        1,
        24.0,
        pytest.approx(2 / 3, abs=1e-4),
    )
    assert figures(table[3]) == ("Gatuenheten", BELYSNING, 3, 2, 1, 1, 96.0, None)

    pdf = pdf_text(coordinator.get("/api/v1/reports/tertial.pdf?year=2026&tertial=1").data)
    text = " ".join(pdf.split())  # a cell's text wraps over lines
    assert "Per ansvarig och kategori" in text
    assert "Trasig/bristfällig belysning 3 2 1 1 4,0 d –" in text  # Gatuenheten's second line
    assert "Ej tilldelad Klotter/otillåten affischering 1 0 1 0 – –" in text

    rows = read_csv(coordinator.get("/api/v1/reports/tertial.csv?year=2026&tertial=1").data)
    pair = [
        row
        for row in rows
        if row[0] == "ansvarig och kategori" and row[1] == f"{pairs.orgs['B']}:belysning"
    ]
    assert pair[0][2] == "Gatuenheten · Trasig/bristfällig belysning"
    assert [
        row[3:]
        for row in pair
        if row[3] in ("nya", "öppna", "försenade", "median timmar till åtgärd")
    ] == [
        ["nya", "3", ""],
        ["öppna", "1", ""],
        ["försenade", "1", ""],
        ["median timmar till åtgärd", "96", ""],
    ]
    assert [
        "ansvarig och kategori",
        ":klotter",
        "Ej tilldelad · Klotter/otillåten affischering",
        "nya",
        "1",
        "",
    ] in rows


def test_an_owner_s_tertial_documents_hold_only_its_pairs(api, pairs):
    owner_a = api(pairs.users["owner_a"])
    text = pdf_text(owner_a.get("/api/v1/reports/tertial.pdf?year=2026&tertial=1").data)
    assert "Per ansvarig och kategori" in text and "Gatuenheten" not in text
    csv_text = owner_a.get("/api/v1/reports/tertial.csv?year=2026&tertial=1").get_data(as_text=True)
    assert "AB Väsbyhem · Trasig/bristfällig belysning" in csv_text
    assert "Gatuenheten" not in csv_text and "Ej tilldelad" not in csv_text


def test_the_dashboard_s_cross_table_downloads_as_a_spreadsheet(api, pairs):
    coordinator = api(pairs.users["coordinator"])
    response = coordinator.get(f"/api/v1/reports/owner-category.csv?{MARCH}&category=klotter")
    assert response.status_code == 200
    assert (
        'filename="ansvarig-kategori-2026-03-01-2026-03-31.csv"'
        in (response.headers["Content-Disposition"])
    )
    header, *lines = read_csv(response.data)
    assert header[:8] == [
        "ansvarig_id",
        "ansvarig",
        "kategorikod",
        "kategori",
        "nya",
        "stängda",
        "öppna",
        "försenade",
    ]
    assert [line[1:8] for line in lines] == [
        ["AB Väsbyhem", "klotter", KLOTTER, "3", "2", "1", "1"],
        ["Gatuenheten", "klotter", KLOTTER, "1", "1", "0", "0"],
        ["Ej tilldelad", "klotter", KLOTTER, "1", "0", "1", "0"],
    ]
    shares = dict(zip(header, lines[0], strict=True))
    assert (shares["median timmar till åtgärd"], shares["andel åtgärdade i tid"]) == ("48", "0,5")
    assert lines[0][0] == str(pairs.orgs["A"]) and lines[2][0] == ""


def test_an_owner_downloads_only_its_pairs_and_bad_filters_are_refused(api, pairs):
    owner_b = api(pairs.users["owner_b"])
    _, *lines = read_csv(owner_b.get(f"/api/v1/reports/owner-category.csv?{MARCH}").data)
    assert {line[1] for line in lines} == {"Gatuenheten"}
    refused = owner_b.get("/api/v1/reports/owner-category.csv?from=2026-03-31&to=2026-03-01")
    assert refused.status_code == 422
    unknown = api(pairs.users["coordinator"]).get("/api/v1/reports/owner-category.csv?area=999999")
    assert (unknown.status_code, unknown.json["errors"]) == (422, {"area": ["Området finns inte."]})
