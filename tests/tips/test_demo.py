"""`lykta demo` puts a handful of residents' tips in the moderation queue around Väsby centrum:
one with a photo, one beside a finding a walk already made (a merge candidate); a second run
adds none."""

from server.cli import main


def test_the_demo_s_tips_wait_in_the_moderation_queue(app, api, make_user):
    assert app.test_cli_runner().invoke(main, ["demo"]).exit_code == 0
    coordinator = api(make_user("coordinator"))
    waiting = coordinator.get("/api/v1/tips").json["items"]
    assert 4 <= len(waiting) <= 6
    assert any(item["photos"] for item in waiting)
    assert any(
        candidate["category"] == item["category"] and candidate["distance_m"] < 20
        for item in waiting
        for candidate in item["nearby"]
    )
    assert app.test_cli_runner().invoke(main, ["demo"]).exit_code == 0
    assert len(coordinator.get("/api/v1/tips").json["items"]) == len(waiting)
