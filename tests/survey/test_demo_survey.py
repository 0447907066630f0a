"""The demo's survey: a finished autumn campaign with about 200 ratings around Väsby centrum,
some squares suppressed, and a spring campaign before it, so that the change shows."""

from sqlalchemy import func, select

from server.accounts.models import User
from server.demo import survey as demo_survey
from server.demo.places import AREAS
from server.extensions import db
from server.places import service as places
from server.survey import cells, summary
from server.survey.models import SafetyRating, SurveyCampaign


def test_the_demo_survey_loads_once_with_suppressed_squares_and_a_change(app, make_user):
    coordinator = make_user("coordinator")
    with app.app_context():
        name, kind, shape = AREAS[0]
        area = places.upsert_area(name, kind, shape)
        author = db.session.get(User, coordinator.id)
        made = demo_survey.load(author, area)
        again = demo_survey.load(author, area)
        autumn = db.session.scalar(
            select(SurveyCampaign).where(SurveyCampaign.title.like("%hösten 2026"))
        )
        in_autumn = db.session.scalar(
            select(func.count()).where(SafetyRating.campaign_id == autumn.id)
        )
        results = cells.squares(cells.Filters(campaign_id=autumn.id))
        survey = summary.places(autumn.ends_on)

    assert again == 0
    assert 150 <= in_autumn <= 250 and made > in_autumn
    assert results["suppressed"] > 0 and len(results["cells"]) >= 4
    assert survey["campaign"]["title"] == autumn.title
    assert survey["previous_campaign"]["title"].endswith("våren 2026")
    assert survey["worst"][0]["mean"] < 2.5
    changes = {round(p["change"]) for p in survey["change"]}
    assert min(changes) < 0 < max(changes)  # the tunnel worse, the square better
