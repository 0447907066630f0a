"""Importing properties and areas from GeoJSON: a clear error per bad feature, the good ones
imported, re-imports that update by designation and count what changed; the CLI and the
admin API."""

import json

import pytest
from sqlalchemy import func, select

from server.accounts.models import Organisation
from server.cli import main
from server.extensions import db
from server.places.models import Area, FindingArea, Property
from tests.factories import at, collection, feature, multi, rectangle

BOWTIE = {  # a ring that crosses itself
    "type": "Polygon",
    "coordinates": [
        [
            [17.9100, 59.5180],
            [17.9110, 59.5190],
            [17.9110, 59.5180],
            [17.9100, 59.5190],
            [17.9100, 59.5180],
        ]
    ],
}


def good_properties() -> dict:
    return collection(
        feature(
            rectangle(0, 0, 40, 30),
            designation="Upplands Väsby Dragonen 1:12",
            owner="AB Väsbyhem",
            email="felanmalan@vasbyhem.se",
        ),
        feature(
            multi((50, 0, 80, 30), (100, 0, 130, 30)),
            designation="Upplands Väsby Messingen 2:3",
            owner="Brf Messingen",
            email=["styrelsen@messingen.se", "Ordforande@Messingen.se"],
        ),
        feature(
            rectangle(0, 50, 60, 110, holes=[(20, 70, 40, 90)]),
            designation="Upplands Väsby Smeden 4:1",
            owner="AB Väsbyhem",
        ),
    )


def import_properties(api, admin, document, query=""):
    return api(admin).post(f"/api/v1/admin/properties/import{query}", json=document)


def test_valid_properties_are_imported_with_their_owners_created(api, app, make_user):
    admin = make_user("admin")
    response = import_properties(api, admin, good_properties())
    assert response.status_code == 200, response.json
    assert response.json == {
        "total": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "failed": 0,
        "errors": [],
        "new_organisations": ["AB Väsbyhem", "Brf Messingen"],
        "dry_run": False,
        "written": True,
    }
    with app.app_context():
        messingen = db.session.scalar(
            select(Property).filter_by(designation="Upplands Väsby Messingen 2:3")
        )
        assert messingen.owner.name == "Brf Messingen"
        assert messingen.owner.kind == "fastighetsägare"
        assert messingen.contact_emails == ["styrelsen@messingen.se", "ordforande@messingen.se"]
        assert messingen.geometry["type"] == "MultiPolygon"
        assert messingen.min_lon < messingen.max_lon


def test_a_reimport_updates_by_designation_and_reports_what_changed(api, app, make_user):
    admin = make_user("admin")
    assert import_properties(api, admin, good_properties()).json["created"] == 3
    again = import_properties(api, admin, good_properties())
    assert again.json["unchanged"] == 3
    assert again.json["created"] == again.json["updated"] == 0
    changed = good_properties()
    changed["features"][0]["properties"]["owner"] = "Väsby Centrum Fastigheter AB"
    changed["features"][1]["geometry"] = rectangle(50, 0, 90, 40)
    changed["features"].append(
        feature(
            rectangle(200, 0, 230, 30),
            designation="Upplands Väsby Hammaren 1:1",
            owner="Brf Messingen",
        )
    )
    third = import_properties(api, admin, changed)
    assert (third.json["created"], third.json["updated"], third.json["unchanged"]) == (1, 2, 1)
    assert third.json["new_organisations"] == ["Väsby Centrum Fastigheter AB"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Property)) == 4
        dragonen = db.session.scalar(
            select(Property).filter_by(designation="Upplands Väsby Dragonen 1:12")
        )
        assert dragonen.owner.name == "Väsby Centrum Fastigheter AB"


def test_each_bad_feature_is_reported_with_its_index_designation_and_reason(api, app, make_user):
    admin = make_user("admin")
    document = collection(
        feature(rectangle(0, 0, 10, 10), designation="Bra 1:1", owner="Ägaren AB"),  # 0 good
        feature(BOWTIE, designation="Fjärilen 1:1", owner="Ägaren AB"),  # 1
        feature(
            {"type": "Point", "coordinates": [17.91, 59.51]},
            designation="Punkten 1:1",
            owner="Ägaren AB",
        ),
        feature(rectangle(0, 20, 10, 30), owner="Ägaren AB"),  # 3: no designation
        feature(  # 4: SWEREF 99 TM coordinates
            {
                "type": "Polygon",
                "coordinates": [
                    [[667000, 6603000], [667050, 6603000], [667050, 6603050], [667000, 6603000]]
                ],
            },
            designation="Sweref 1:1",
            owner="Ägaren AB",
        ),
        feature(  # 5: latitude out of range
            {
                "type": "Polygon",
                "coordinates": [[[17.9, 91.0], [17.91, 91.0], [17.91, 91.1], [17.9, 91.0]]],
            },
            designation="Norr 1:1",
            owner="Ägaren AB",
        ),
        feature(
            rectangle(0, 40, 10, 50),
            designation="Posten 1:1",
            owner="Ägaren AB",
            email="inte en adress",
        ),
        feature(rectangle(0, 60, 10, 70), designation="Ägarlös 1:1"),  # 7: no owner
        feature(  # 8: ring not closed
            {
                "type": "Polygon",
                "coordinates": [[[17.9, 59.5], [17.91, 59.5], [17.91, 59.51], [17.9, 59.51]]],
            },
            designation="Öppen 1:1",
            owner="Ägaren AB",
        ),
        feature(rectangle(0, 80, 10, 90), designation="Bra 1:1", owner="Ägaren AB"),  # 9 duplicate
        "not a feature",  # 10
        feature(None, designation="Tom 1:1", owner="Ägaren AB"),  # 11
    )
    response = import_properties(api, admin, document)
    assert response.status_code == 200, response.json
    report = response.json
    assert (report["total"], report["created"], report["failed"]) == (12, 1, 11)
    errors = {error["index"]: error for error in report["errors"]}
    assert {index: error["code"] for index, error in errors.items()} == {
        1: "invalid_geometry",
        2: "wrong_geometry_type",
        3: "missing_designation",
        4: "coordinates_out_of_range",
        5: "coordinates_out_of_range",
        6: "bad_email",
        7: "missing_owner",
        8: "ring_not_closed",
        9: "duplicate",
        10: "not_a_feature",
        11: "missing_geometry",
    }
    assert errors[1]["designation"] == "Fjärilen 1:1"
    assert errors[1]["message"].startswith("Geometrin är ogiltig: Self-intersection")
    assert errors[2]["message"] == "Geometrin är en Point; bara Polygon och MultiPolygon tas emot."
    assert errors[3]["designation"] is None
    assert "SWEREF 99 TM" in errors[4]["message"]
    assert "utanför" in errors[5]["message"]
    assert errors[6]["message"] == "Ogiltig e-postadress: inte en adress."
    assert errors[9]["message"] == "designation Bra 1:1 förekommer mer än en gång; även i objekt 0."
    with app.app_context():
        assert list(db.session.scalars(select(Property.designation))) == ["Bra 1:1"]


def test_the_report_speaks_english_to_those_who_prefer_it(api, make_user):
    admin = make_user("admin", locale="en")
    document = collection(feature(BOWTIE, designation="Fjärilen 1:1", owner="Ägaren AB"))
    error = import_properties(api, admin, document).json["errors"][0]
    assert error["message"].startswith("The geometry is not valid: Self-intersection")


def test_strict_writes_nothing_when_any_feature_fails(api, app, make_user):
    admin = make_user("admin")
    document = good_properties()
    document["features"].append(feature(BOWTIE, designation="Fjärilen 1:1", owner="X"))
    response = import_properties(api, admin, document, "?strict=true")
    assert response.status_code == 422
    assert response.json["code"] == "validation_failed"
    assert response.json["message"] == "1 objekt är ogiltiga; ingenting importerades."
    assert response.json["errors"]["features"][0]["index"] == 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Property)) == 0
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1  # the admin's


def test_a_dry_run_counts_and_writes_nothing(api, app, make_user):
    admin = make_user("admin")
    response = import_properties(api, admin, good_properties(), "?dry_run=true")
    assert response.json["created"] == 3
    assert response.json["written"] is False
    assert response.json["new_organisations"] == ["AB Väsbyhem", "Brf Messingen"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Property)) == 0
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"type": "Feature", "features": []}, "Filen måste vara en GeoJSON FeatureCollection."),
        (
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
                "features": [],
            },
            "Filens koordinatsystem är urn:ogc:def:crs:EPSG::3006; konvertera den till WGS 84 "
            "longitud/latitud (EPSG:4326), som GeoJSON kräver.",
        ),
    ],
)
def test_a_file_that_is_not_a_feature_collection_in_wgs84_is_refused(
    api, make_user, document, expected
):
    response = import_properties(api, make_user("admin"), document)
    assert response.status_code == 422
    assert expected in response.json["message"] + json.dumps(response.json, ensure_ascii=False)


@pytest.mark.parametrize("role", ["reporter", "owner", "coordinator"])
def test_only_admins_import(api, make_user, role):
    response = import_properties(api, make_user(role), good_properties())
    assert response.status_code == 403


def test_the_cli_imports_reports_and_exits_nonzero_on_failures(app, tmp_path):
    path = tmp_path / "fastigheter.geojson"
    path.write_text(json.dumps(good_properties()), "utf-8")
    runner = app.test_cli_runner()
    first = runner.invoke(main, ["properties", "import", str(path)])
    assert first.exit_code == 0, first.output
    assert "3 created, 0 updated, 0 unchanged, 0 failed (of 3)" in first.output
    second = runner.invoke(main, ["properties", "import", str(path)])
    assert "0 created, 0 updated, 3 unchanged" in second.output

    broken = good_properties()
    broken["features"].append(feature(BOWTIE, designation="Fjärilen 1:1", owner="X"))
    path.write_text(json.dumps(broken), "utf-8")
    third = runner.invoke(main, ["properties", "import", str(path)])
    assert third.exit_code == 1
    assert (
        "feature 3 designation 'Fjärilen 1:1': invalid_geometry: The geometry is not valid"
        in third.output
    )
    assert "0 created, 0 updated, 3 unchanged, 1 failed (of 4)" in third.output

    strict = runner.invoke(main, ["properties", "import", "--strict", str(path)])
    assert strict.exit_code == 1
    assert "nothing imported" in strict.output
    dry = runner.invoke(main, ["properties", "import", "--dry-run", str(path)])
    assert "Would import" in dry.output


def test_the_cli_refuses_a_file_that_is_not_json(app, tmp_path):
    path = tmp_path / "trasig.geojson"
    path.write_text("{not json", "utf-8")
    result = app.test_cli_runner().invoke(main, ["properties", "import", str(path)])
    assert result.exit_code != 0
    assert "is not JSON" in result.output


def test_areas_are_imported_by_name_and_their_findings_placed(api, app, make_user, make_finding):
    admin = make_user("admin")
    reporter = make_user("reporter")
    lat, lon = at(10, 10)
    inside = make_finding(reporter, lat=lat, lon=lon)
    lat, lon = at(500, 500)
    outside = make_finding(reporter, lat=lat, lon=lon)
    document = collection(
        feature(rectangle(-100, -100, 100, 100), name="Centrum", kind="district"),
        feature(
            rectangle(-300, -300, 300, 300), name="Väsby centrum BID", kind="bid", review_first=True
        ),
        feature(rectangle(0, 0, 10, 10), name="Fel", kind="stadsdel"),
    )
    response = api(admin).post("/api/v1/admin/areas/import", json=document)
    assert response.status_code == 200
    assert (response.json["created"], response.json["failed"]) == (2, 1)
    assert response.json["errors"][0] == {
        "index": 2,
        "name": "Fel",
        "code": "bad_kind",
        "message": "Okänd kind stadsdel; använd bid, district eller other.",
    }
    areas = {area["name"]: area for area in api(reporter).get("/api/v1/areas").json}
    assert areas["Väsby centrum BID"]["review_first"] is True
    assert areas["Centrum"]["kind"] == "district"

    def members(name):
        with app.app_context():
            area = db.session.scalar(select(Area).filter_by(name=name))
            return {
                str(row)
                for row in db.session.scalars(
                    select(FindingArea.finding_id).filter_by(area_id=area.id)
                )
            }

    assert members("Centrum") == {inside["id"]}
    # Redrawn to take in the other finding and leave the first: both are placed again.
    moved = collection(feature(rectangle(400, 400, 600, 600), name="Centrum", kind="district"))
    assert api(admin).post("/api/v1/admin/areas/import", json=moved).json["updated"] == 1
    assert members("Centrum") == {outside["id"]}
    coordinator = make_user("coordinator")
    centrum = areas["Centrum"]["id"]
    listed = api(coordinator).get(f"/api/v1/findings?area={centrum}").json["items"]
    assert [item["id"] for item in listed] == [outside["id"]]


def test_admins_list_read_and_delete_properties(api, make_user):
    admin = make_user("admin")
    import_properties(api, admin, good_properties())
    page = api(admin).get("/api/v1/admin/properties?limit=2").json
    assert len(page["items"]) == 2
    assert "geometry" not in page["items"][0]
    rest = api(admin).get(f"/api/v1/admin/properties?limit=2&cursor={page['next_cursor']}").json
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    found = api(admin).get("/api/v1/admin/properties?q=Messingen").json["items"]
    assert [item["designation"] for item in found] == ["Upplands Väsby Messingen 2:3"]
    one = api(admin).get(f"/api/v1/admin/properties/{found[0]['id']}").json
    assert one["geometry"]["type"] == "MultiPolygon"
    assert api(admin).delete(f"/api/v1/admin/properties/{found[0]['id']}").status_code == 204
    assert api(admin).get(f"/api/v1/admin/properties/{found[0]['id']}").status_code == 404
    assert api(admin).get("/api/v1/admin/properties/99999999999").status_code == 404


def test_no_feature_however_malformed_gives_a_server_error(api, make_user):
    """Hypothesis writes features of every shape: the answer is a report or a 422, never 5xx."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    admin = make_user("admin")
    numbers = st.one_of(
        st.floats(allow_nan=False, allow_infinity=False), st.integers(-(10**20), 10**20)
    )
    json_values = st.recursive(
        st.none() | st.booleans() | numbers | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=5)
            | st.dictionaries(st.text(max_size=10), children, max_size=5)
        ),
        max_leaves=30,
    )
    position = st.lists(numbers, min_size=0, max_size=3)
    ring = st.lists(position, min_size=0, max_size=6)
    geometry = (
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["Polygon", "MultiPolygon", "Point", "LineString"]),
                "coordinates": st.one_of(
                    st.lists(ring, max_size=3), st.lists(st.lists(ring, max_size=2), max_size=2)
                ),
            }
        )
        | json_values
    )
    properties = st.fixed_dictionaries(
        {},
        optional={
            "designation": st.text(max_size=30) | json_values,
            "owner": st.text(max_size=30) | json_values,
            "email": st.text(max_size=30) | st.lists(st.text(max_size=20)) | json_values,
            "owner_kind": st.text(max_size=10),
        },
    )
    features = st.lists(
        st.fixed_dictionaries(
            {"type": st.just("Feature"), "properties": properties, "geometry": geometry}
        )
        | json_values,
        max_size=4,
    )

    @given(features=features)
    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def never_a_server_error(features):
        response = import_properties(
            api, admin, {"type": "FeatureCollection", "features": features}, "?dry_run=true"
        )
        assert response.status_code in (200, 422), response.json

    never_a_server_error()
