"""Exports: CSV with a choice of columns, Swedish Excel's dialect, formula injection, GeoJSON,
and the scope — an owner or a reporter never gets another organisation's findings in any
report or export."""

import csv
import io
import json

import pytest

from tests.reports.test_documents import read_csv


def test_csv_with_the_default_columns_in_swedish_excel_s_dialect(api, dataset):
    response = api(dataset.users["coordinator"]).get(
        "/api/v1/exports/findings.csv?category=klotter&from=2026-03-01&to=2026-03-31"
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = read_csv(response.data)
    header = rows[0]
    assert header[:4] == ["id", "status", "category", "category_name"]
    found = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(found) == {dataset.ids[name] for name in ("F1", "F2", "F3", "G1", "G2")}
    f1 = found[dataset.ids["F1"]]
    assert f1["captured_at"] == "2026-03-02 10:00:00"  # local time for Excel
    assert f1["owner"] == "AB Väsbyhem"
    assert f1["days_to_fix"] == "2"
    assert f1["due_date"] == "2026-03-04"
    assert "," in f1["lat"] and "." not in f1["lat"]  # decimal comma
    assert f1["areas"] == "Centrum"
    # A note that starts like a formula is written as text.
    assert found[dataset.ids["G1"]]["note"].startswith("'=HYPERLINK")


def test_csv_column_choice_labels_and_the_rfc_dialect(api, dataset):
    coordinator = api(dataset.users["coordinator"])
    response = coordinator.get(
        "/api/v1/exports/findings.csv?columns=id,status,days_to_acknowledge,fixed_within_target,"
        "reporter,lat&dialect=rfc&status=åtgärdad,verifierad&labels=true"
    )
    assert response.status_code == 200
    text = response.data.decode("utf-8").lstrip("\ufeff")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Id",
        "Status",
        "Dagar till mottagen",
        "Åtgärdad i tid",
        "Rapportör",
        "Latitud",
    ]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id[dataset.ids["F2"]][2:4] == ["0.17", "false"]  # 4 hours; fixed late
    assert by_id[dataset.ids["F1"]][3] == "true"
    assert "." in by_id[dataset.ids["F1"]][5]
    columns = coordinator.get("/api/v1/exports/columns").json
    keys = [column["key"] for column in columns]
    assert len(keys) >= 40 and "photo_urls" in keys and "property" in keys
    everything = coordinator.get("/api/v1/exports/findings.csv?columns=all")
    assert read_csv(everything.data)[0] == keys


def test_unknown_and_staff_only_columns_are_refused(api, dataset):
    owner = api(dataset.users["owner_a"])
    assert owner.get("/api/v1/exports/findings.csv?columns=id,nope").status_code == 422
    refused = owner.get("/api/v1/exports/findings.csv?columns=id,reporter")
    assert refused.status_code == 403  # well formed, but not for an owner
    assert refused.json["errors"] == {"columns": ["Bara samordnare får exportera: reporter."]}
    columns = {c["key"]: c for c in owner.get("/api/v1/exports/columns").json}
    assert columns["reporter"]["available"] is False
    assert owner.get("/api/v1/exports/findings.csv?status=nope").status_code == 422
    assert owner.get("/api/v1/exports/findings.geojson?bbox=1,2").status_code == 422


def test_geojson_is_a_valid_feature_collection(api, dataset):
    response = api(dataset.users["coordinator"]).get(
        "/api/v1/exports/findings.geojson?columns=id,status,category,captured_at,due_date"
    )
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    collection = json.loads(response.data)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(dataset.ids)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 17 < lon < 19 and 59 < lat < 60  # [longitude, latitude] (RFC 7946)
        assert set(feature["properties"]) == {"id", "status", "category", "captured_at", "due_date"}
        assert feature["id"] == feature["properties"]["id"]
    f1 = next(f for f in collection["features"] if f["id"] == dataset.ids["F1"])
    assert f1["properties"]["captured_at"] == "2026-03-02T09:00:00+00:00"
    assert f1["properties"]["due_date"] == "2026-03-04"


def test_a_large_export_is_streamed_in_pages(app, api, dataset, monkeypatch):
    from server.reports import exports

    monkeypatch.setattr(exports, "PAGE", 3)
    response = api(dataset.users["coordinator"]).get("/api/v1/exports/findings.csv?columns=id")
    ids = [row[0] for row in read_csv(response.data)[1:]]
    assert sorted(ids) == sorted(dataset.ids.values())  # every page, nothing twice


OWN = {
    "owner_a": {"F1", "F2", "F3", "P1"},  # assigned to AB Väsbyhem
    "owner_b": {"F4", "F5", "P2"},
    "other_reporter": {"X1"},  # their own reports
}


@pytest.mark.parametrize("who", sorted(OWN))
def test_owners_and_reporters_never_get_others_findings(api, dataset, who):
    user = api(dataset.users[who])
    allowed = {dataset.ids[name] for name in OWN[who]}
    others = set(dataset.ids.values()) - allowed
    exported = user.get("/api/v1/exports/findings.csv?columns=id").data.decode()
    assert {row[0] for row in read_csv(exported.encode())[1:]} == allowed
    geojson = user.get("/api/v1/exports/findings.geojson").json
    assert {f["id"] for f in geojson["features"]} == allowed
    paths = [
        "/api/v1/reports/dashboard?from=2025-01-01&to=2026-12-31",
        "/api/v1/reports/lagesbild?week=2026-W13",
        "/api/v1/reports/lagesbild.csv?week=2026-W13",
        "/api/v1/reports/tertial?year=2026&tertial=1",
        "/api/v1/reports/tertial.csv?year=2026&tertial=1",
        "/api/v1/reports/hotspots?from=2025-01-01&to=2026-12-31&min_count=1",
    ]
    for path in paths:
        response = user.get(path)
        if who == "other_reporter":
            assert response.status_code == 403, path  # reports are for owners and coordinators
            continue
        assert response.status_code == 200, (path, response.json)
        body = response.get_data(as_text=True)
        assert not any(finding_id in body for finding_id in others), path
        assert "Parkenheten" not in body and "=HYPERLINK" not in body, path
    if who == "owner_a":
        board = user.get("/api/v1/reports/dashboard?from=2025-01-01&to=2026-12-31").json
        assert board["scope"]["kind"] == "organisation"
        assert {o["name"] for o in board["by_owner"]} == {"AB Väsbyhem"}
        assert board["summary"]["new"] == 4
        tertial = user.get("/api/v1/reports/tertial?year=2026&tertial=1").json
        assert tertial["summary"]["current"]["new"] == 3


def test_the_pdfs_are_scoped_too(api, dataset):
    from tests.reports.test_documents import pdf_text

    owner = api(dataset.users["owner_a"])
    text = pdf_text(owner.get("/api/v1/reports/lagesbild.pdf?week=2026-W13").data)
    assert "endast AB Väsbyhems iakttagelser" in text
    assert "Parkenheten" not in text and "Försenad 24 dagar" not in text
    text = pdf_text(owner.get("/api/v1/reports/tertial.pdf?year=2026&tertial=1").data)
    assert "Gatuenheten" not in text
