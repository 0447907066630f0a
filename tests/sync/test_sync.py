"""GET /api/v1/sync: a phone keeps its copy fresh with small requests."""

from server.sync import service as sync_service


def sync(api, user, cursor=None):
    response = api(user).get("/api/v1/sync" + (f"?cursor={cursor}" if cursor else ""))
    assert response.status_code == 200, response.json
    return response.json


def test_the_first_sync_brings_everything_the_phone_needs(api, make_user, make_finding, make_walk):
    reporter = make_user("reporter")
    walk = make_walk([reporter], title="Områdesvandring Centrum")
    finding = make_finding(reporter, walk_id=walk)
    first = sync(api, reporter)
    assert [item["id"] for item in first["findings"]] == [finding["id"]]
    assert [w["title"] for w in first["walks"]] == ["Områdesvandring Centrum"]
    assert first["walk_ids"] == [walk]
    codes = {category["code"] for category in first["categories"]}
    assert {"belysning", "klotter", "trygg_plats"} <= codes
    assert first["more"] is False


def test_a_status_change_reaches_the_reporter_at_the_next_sync(
    api, assign, make_org, make_user, make_finding
):
    reporter = make_user("reporter")
    finding = make_finding(reporter)
    cursor = sync(api, reporter)["cursor"]
    housing = make_org("Väsbyhem")
    assign(finding, housing, status="mottagen")
    changed = sync(api, reporter, cursor)
    assert [(f["id"], f["status"]) for f in changed["findings"]] == [(finding["id"], "mottagen")]
    assert changed["findings"][0]["assigned_org"]["name"] == "Väsbyhem"


def test_nothing_old_comes_back_once_the_overlap_has_passed(
    app, api, make_user, make_finding, monkeypatch
):
    reporter = make_user("reporter")
    make_finding(reporter)
    # A cursor from well after the change: nothing to send but what changed since.
    monkeypatch.setattr(sync_service, "OVERLAP", sync_service.OVERLAP * 0)
    cursor = sync(api, reporter)["cursor"]
    later = sync(api, reporter, cursor)
    assert later["findings"] == []
    assert later["categories"] == []
    assert later["walks"] == []


def test_a_deactivated_category_is_sent_so_the_phone_hides_it(
    api, make_user, set_category_active, monkeypatch
):
    reporter = make_user("reporter")
    monkeypatch.setattr(sync_service, "OVERLAP", sync_service.OVERLAP * 0)
    cursor = sync(api, reporter)["cursor"]
    set_category_active("fordon", False)
    changed = sync(api, reporter, cursor)
    assert [(c["code"], c["active"]) for c in changed["categories"]] == [("fordon", False)]


def test_being_added_to_a_walk_reaches_the_phone(api, app, make_user, make_walk, monkeypatch):
    reporter = make_user("reporter")
    monkeypatch.setattr(sync_service, "OVERLAP", sync_service.OVERLAP * 0)
    cursor = sync(api, reporter)["cursor"]
    walk = make_walk([reporter])
    changed = sync(api, reporter, cursor)
    assert [w["id"] for w in changed["walks"]] == [walk]
    assert changed["walk_ids"] == [walk]


def test_other_peoples_findings_outside_my_walks_never_arrive(api, make_user, make_finding):
    reporter, stranger = make_user("reporter"), make_user("reporter")
    make_finding(stranger)
    assert sync(api, reporter)["findings"] == []


def test_large_histories_come_in_pages_without_gaps(api, make_user, make_finding, monkeypatch):
    reporter = make_user("reporter")
    monkeypatch.setattr(sync_service, "PAGE_SIZE", 2)
    made = {make_finding(reporter)["id"] for _ in range(5)}
    seen, cursor, calls = [], None, 0
    while True:
        page = sync(api, reporter, cursor)
        calls += 1
        seen += [f["id"] for f in page["findings"]]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert calls == 3
    assert sorted(seen) == sorted(made)


def test_a_forged_cursor_is_a_422(api, make_user):
    response = api(make_user("reporter")).get("/api/v1/sync?cursor=bm9wZQ")
    assert response.status_code == 422
    assert response.json["errors"] == {"cursor": ["Markören kommer inte från den här servern."]}
