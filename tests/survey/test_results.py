"""The results per 150 m square are k-anonymous (k = 5) in the API, the CSV and the PDF: a square
with 4 ratings never appears, one with 5 does, `suppressed` counts the hidden ones, and a
breakdown of fewer than 5 is hidden without being found by subtraction."""

import io

import pypdf

from tests.factories import rectangle
from tests.factories.survey import add_campaign, add_ratings

RESULTS = "/api/v1/reports/perceived-safety"


def test_a_square_with_four_ratings_never_appears_and_one_with_five_does(app, api, make_user):
    four = add_ratings(app, 0, 0, [1, 1, 2, 2], reasons=["dalig_belysning"])
    five = add_ratings(app, 400, 0, [2, 3, 3, 4, 4], reasons=["klotter"])
    coordinator = api(make_user("coordinator"))

    report = coordinator.get(RESULTS).json
    csv_text = coordinator.get(f"{RESULTS}.csv").data.decode("utf-8-sig")
    pdf = pypdf.PdfReader(io.BytesIO(coordinator.get(f"{RESULTS}.pdf").data))
    pdf_text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())

    assert [cell["cell"] for cell in report["cells"]] == [five]
    [cell] = report["cells"]
    assert (cell["n"], cell["mean"]) == (5, 3.2)
    assert cell["reasons"] == {"klotter": 5}
    assert report["suppressed"] == 4 and report["total"] == 9 and report["k"] == 5
    assert report["cell_size_m"] == 150
    assert five in csv_text and four not in csv_text
    assert "undertryckta (rutor med färre än k svar);;;;4" in csv_text
    assert five in pdf_text and four not in pdf_text
    assert "4 svar ligger i sådana rutor" in pdf_text


def test_a_time_of_day_with_fewer_than_five_is_hidden_and_cannot_be_subtracted(app, api, make_user):
    # 6 in the evening, 2 at night: hiding only the night would leave 8 − 6 = 2 to subtract,
    # so the evening is hidden too.
    add_ratings(app, 0, 0, [2] * 6 + [1, 1], time_of_day=["kväll"] * 6 + ["natt"] * 2)
    # 7 in the evening, 5 by day: both shown; the night (none) is null.
    add_ratings(app, 400, 0, [4] * 5 + [3] * 7, time_of_day=["dag"] * 5 + ["kväll"] * 7)
    coordinator = api(make_user("coordinator"))

    cells = {cell["n"]: cell for cell in coordinator.get(RESULTS).json["cells"]}
    csv_lines = coordinator.get(f"{RESULTS}.csv").data.decode("utf-8-sig").splitlines()

    assert cells[8]["by_time_of_day"] == {"dag": None, "kväll": None, "natt": None}
    assert cells[12]["by_time_of_day"] == {
        "dag": {"n": 5, "mean": 4.0},
        "kväll": {"n": 7, "mean": 3.0},
        "natt": None,
    }
    eight = next(line for line in csv_lines if ";8;" in line)
    assert ";6;" not in eight and ";2;" not in eight


def test_a_reason_given_fewer_than_five_times_is_left_out(app, api, make_user):
    add_ratings(app, 0, 0, [2] * 5, reasons=["dalig_belysning", "folktomt"])
    add_ratings(app, 0, 0, [2] * 3, reasons=["dalig_belysning", "klotter"])
    coordinator = api(make_user("coordinator"))

    [cell] = coordinator.get(RESULTS).json["cells"]

    assert cell["reasons"] == {"dalig_belysning": 8, "folktomt": 5}


def test_the_filters_choose_whole_squares_a_campaign_and_a_time_of_day(
    app, api, make_user, make_area
):
    area = make_area("Väsby centrum", rectangle(-100, -100, 100, 100))
    campaign, _ = add_campaign(app)
    inside = add_ratings(app, 0, 0, [3] * 5, campaign_id=campaign, time_of_day="natt")
    add_ratings(app, 0, 0, [5] * 5, time_of_day="dag")
    add_ratings(app, 1500, 0, [1] * 6, campaign_id=campaign, time_of_day="natt")
    coordinator = api(make_user("coordinator"))

    in_area = coordinator.get(f"{RESULTS}?area_id={area}").json
    in_campaign = coordinator.get(f"{RESULTS}?campaign_id={campaign}").json
    at_night = coordinator.get(f"{RESULTS}?time_of_day=natt&area_id={area}").json

    assert [(c["cell"], c["n"], c["area"]) for c in in_area["cells"]] == [
        (inside, 10, "Väsby centrum")
    ]
    assert [c["n"] for c in in_campaign["cells"]] == [6, 5]  # worst first
    assert [(c["n"], c["mean"]) for c in at_night["cells"]] == [(5, 3.0)]
    assert coordinator.get(f"{RESULTS}?area_id=999").status_code == 404
    assert coordinator.get(f"{RESULTS}?time_of_day=morgon").status_code == 422


def test_only_coordinators_and_admins_read_the_results(api, make_user):
    for role in ("reporter", "owner"):
        caller = api(make_user(role))
        for suffix in ("", ".csv", ".pdf"):
            assert caller.get(f"{RESULTS}{suffix}").status_code == 403, (role, suffix)
    assert api(None).get(RESULTS).status_code == 401
    assert api(make_user("admin")).get(RESULTS).status_code == 200


def test_the_time_of_day_filter_finds_nothing_the_breakdown_hides(app, api, make_user):
    # 6 in the evening, 2 at night: the breakdown hides both, and so does the filter.
    hidden = add_ratings(app, 0, 0, [2] * 6 + [1, 1], time_of_day=["kväll"] * 6 + ["natt"] * 2)
    # 5 by day and 7 in the evening, 8 of them for lighting (5 by day): the day's lighting is
    # left out, or the evening's 3 would follow from the square's 8 − 5.
    add_ratings(app, 400, 0, [4] * 5, time_of_day="dag", reasons=["dalig_belysning"])
    add_ratings(app, 400, 0, [3] * 3, time_of_day="kväll", reasons=["dalig_belysning"])
    add_ratings(app, 400, 0, [3] * 4, time_of_day="kväll", reasons=["klotter"])
    coordinator = api(make_user("coordinator"))

    evening = coordinator.get(f"{RESULTS}?time_of_day=kväll").json
    night = coordinator.get(f"{RESULTS}?time_of_day=natt").json
    by_day = coordinator.get(f"{RESULTS}?time_of_day=dag").json

    assert hidden not in [c["cell"] for c in evening["cells"] + night["cells"]]
    assert [(c["n"], c["mean"], c["reasons"]) for c in evening["cells"]] == [(7, 3.0, {})]
    assert [(c["n"], c["reasons"]) for c in by_day["cells"]] == [(5, {})]
    assert evening["suppressed"] == 6 and night["suppressed"] == 2


def test_the_csv_comes_for_programs_too(app, api, make_user):
    five = add_ratings(app, 0, 0, [2, 3, 3, 4, 4])
    coordinator = api(make_user("coordinator"))

    rfc = coordinator.get(f"{RESULTS}.csv?dialect=rfc&bom=false").data.decode("utf-8")

    header, first = rfc.splitlines()[:2]
    assert header.startswith("ruta,område,lat,lon,antal,medel")
    assert first.startswith(f"{five},,") and ",5,3.2," in first
