"""Limits on what anyone may send without an account (server/public/limits.py): a flood from
one address is refused at its own limit, and never keeps anyone else out.

Until the tips and ratings endpoints land, the limiter is reached through a minimal public
route that counts one tip (or rating) and stores it, as those endpoints do.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from flask import request
from sqlalchemy import func, select, update

from server.accounts.policy import public
from server.config import from_environment
from server.database import utcnow
from server.extensions import db
from server.public.limits import count_submission, is_bot
from server.public.models import PublicSubmission

A = "203.0.113.7"
B = "198.51.100.4"
PROXY = "127.0.0.1"


@public
def _submit(kind: str):
    count_submission(kind)
    db.session.commit()
    return {"status": "received", "from": request.remote_addr}, 202


def with_submit_route(app):
    app.add_url_rule("/test/public/<any(tip, rating):kind>", view_func=_submit, methods=["POST"])
    return app


@pytest.fixture
def limited(make_app):
    """limited(**config) → an app with the test route."""
    return lambda **config: with_submit_route(make_app(**config))


def send(app, address, kind="tip", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return app.test_client().post(
        f"/test/public/{kind}", headers=headers, environ_base={"REMOTE_ADDR": address}
    )


def statuses(app, address, count, kind="tip", forwarded=None):
    return [send(app, address, kind, forwarded).status_code for _ in range(count)]


def rows(app) -> list[PublicSubmission]:
    with app.app_context():
        found = db.session.scalars(select(PublicSubmission)).all()
        db.session.expunge_all()
        return found


def assert_refused(response):
    assert response.status_code == 429
    assert response.json["code"] == "too_many_requests"
    assert response.json["message"] == (
        "För många inskick från den här adressen. Vänta en stund och försök igen."
    )


def test_the_21st_tip_in_an_hour_is_refused_and_told_when_to_come_back(limited):
    app = limited()
    assert statuses(app, A, 20) == [202] * 20
    refused = send(app, A)
    assert_refused(refused)
    assert 3590 <= int(refused.headers["Retry-After"]) <= 3600

    # The oldest of the twenty was sent 50 minutes ago: room for one more in 10 minutes.
    with app.app_context():
        oldest = db.session.scalar(select(func.min(PublicSubmission.id)))
        db.session.execute(
            update(PublicSubmission)
            .where(PublicSubmission.id == oldest)
            .values(sent_at=utcnow() - timedelta(minutes=50))
        )
        db.session.commit()
    assert 590 <= int(send(app, A).headers["Retry-After"]) <= 600


def test_a_client_is_let_in_again_when_its_hour_has_passed(limited):
    app = limited(LYKTA_PUBLIC_TIPS_PER_HOUR=3)
    assert statuses(app, A, 4) == [202, 202, 202, 429]
    with app.app_context():
        db.session.execute(
            update(PublicSubmission).values(sent_at=utcnow() - timedelta(minutes=61))
        )
        db.session.commit()
    assert send(app, A).status_code == 202
    assert len(rows(app)) == 1  # the hour-old ones are gone


def test_a_flood_from_one_address_does_not_keep_another_out(limited):
    app = limited()
    assert statuses(app, A, 100).count(202) == 20
    assert send(app, B).status_code == 202
    assert statuses(app, B, 19) == [202] * 19


def test_tips_and_ratings_have_their_own_allowances(limited):
    app = limited(LYKTA_PUBLIC_TIPS_PER_HOUR=2, LYKTA_PUBLIC_RATINGS_PER_HOUR=3)
    assert statuses(app, A, 3) == [202, 202, 429]
    assert statuses(app, A, 4, kind="rating") == [202, 202, 202, 429]


def test_behind_a_trusted_proxy_the_address_it_appends_counts(limited):
    app = limited(LYKTA_TRUSTED_PROXIES=1, LYKTA_PUBLIC_TIPS_PER_HOUR=3)
    assert statuses(app, PROXY, 4, forwarded=A) == [202, 202, 202, 429]
    # Everyone arrives from the proxy; another client is served.
    assert send(app, PROXY, forwarded=B).status_code == 202
    # What the client wrote before the proxy's entry does not give it a fresh allowance.
    assert_refused(send(app, PROXY, forwarded=f"{B}, {A}"))
    assert_refused(send(app, PROXY, forwarded=f"10.1.2.3, {A}"))


def test_without_trusted_proxies_a_forged_header_is_ignored(limited):
    app = limited(LYKTA_TRUSTED_PROXIES=0, LYKTA_PUBLIC_TIPS_PER_HOUR=3)
    assert statuses(app, A, 3) == [202] * 3
    assert_refused(send(app, A, forwarded=B))
    assert_refused(send(app, A, forwarded="10.9.8.7"))
    assert send(app, B).status_code == 202


def test_an_ipv6_64_counts_as_one_client(limited):
    app = limited(LYKTA_PUBLIC_TIPS_PER_HOUR=5)
    own = [send(app, f"2001:db8:1:2::{index:x}").status_code for index in range(1, 7)]
    assert own == [202] * 5 + [429]
    assert_refused(send(app, "2001:db8:1:2:ffff:ffff:ffff:fffe"))
    assert send(app, "2001:db8:1:3::1").status_code == 202
    # An IPv4 client behind an IPv4-mapped address is the same client.
    assert statuses(app, "192.0.2.9", 5) == [202] * 5
    assert_refused(send(app, "::ffff:192.0.2.9"))


def test_the_table_holds_at_most_the_limit_a_key_and_nothing_older_than_an_hour(limited):
    app = limited(LYKTA_PUBLIC_TIPS_PER_HOUR=5)
    with app.app_context():
        db.session.add(PublicSubmission(key="tip:old", sent_at=utcnow() - timedelta(hours=2)))
        db.session.commit()
    statuses(app, A, 200)
    statuses(app, B, 3)
    stored = rows(app)
    per_key = {}
    for row in stored:
        per_key[row.key] = per_key.get(row.key, 0) + 1
    assert sorted(per_key.values()) == [3, 5]
    assert all(row.sent_at > utcnow() - timedelta(hours=1) for row in stored)


def test_the_address_is_not_stored_in_clear(limited):
    app = limited(LYKTA_TRUSTED_PROXIES=1)
    send(app, PROXY, forwarded=A)
    send(app, "2001:db8:1:2::1")
    send(app, PROXY, kind="rating", forwarded=A)
    keys = [row.key for row in rows(app)]
    assert len(keys) == 3
    for key in keys:
        kind, _, digest = key.partition(":")
        assert kind in {"tip", "rating"}
        assert len(digest) == 40 and int(digest, 16) >= 0
        for clear in (A, PROXY, "2001:db8:1:2", "cb007107"):  # cb007107: A in hex
            assert clear not in digest
    # One address's tips and ratings have different keys: the table does not link them.
    assert len({key.partition(":")[2] for key in keys}) == 3


def test_the_key_depends_on_the_secret(limited, make_app):
    send(limited(SECRET_KEY="one"), A)
    send(with_submit_route(make_app(SECRET_KEY="two")), A)
    assert len({row.key for row in rows(make_app())}) == 2


def test_the_defaults_are_20_tips_and_60_ratings_an_hour(monkeypatch, tmp_path):
    monkeypatch.delenv("LYKTA_PUBLIC_TIPS_PER_HOUR", raising=False)
    monkeypatch.delenv("LYKTA_PUBLIC_RATINGS_PER_HOUR", raising=False)
    config = from_environment(str(tmp_path))
    assert config["LYKTA_PUBLIC_TIPS_PER_HOUR"] == 20
    assert config["LYKTA_PUBLIC_RATINGS_PER_HOUR"] == 60

    monkeypatch.setenv("LYKTA_PUBLIC_TIPS_PER_HOUR", "5")
    monkeypatch.setenv("LYKTA_PUBLIC_RATINGS_PER_HOUR", "100")
    config = from_environment(str(tmp_path))
    assert config["LYKTA_PUBLIC_TIPS_PER_HOUR"] == 5
    assert config["LYKTA_PUBLIC_RATINGS_PER_HOUR"] == 100


def test_a_setting_from_the_environment_changes_the_limit(monkeypatch, limited):
    monkeypatch.setenv("LYKTA_PUBLIC_RATINGS_PER_HOUR", "2")
    app = limited()
    assert statuses(app, A, 3, kind="rating") == [202, 202, 429]


@pytest.mark.parametrize(
    ("data", "bot"),
    [({}, False), ({"website": ""}, False), ({"website": "  "}, False), ({"website": "x"}, True)],
)
def test_the_honeypot_is_filled_in_only_by_bots(data, bot):
    assert is_bot({"note": "Trasig lampa", **data}) is bot


def test_a_limit_of_0_closes_that_kind_for_everyone(limited):
    app = limited(LYKTA_PUBLIC_TIPS_PER_HOUR=0)
    refused = send(app, A)
    assert_refused(refused)
    assert refused.headers["Retry-After"] == "3600"
    assert_refused(send(app, B))
    assert send(app, A, kind="rating").status_code == 202


def test_parallel_requests_from_one_address_get_no_more_than_the_limit(limited):
    app = limited(LYKTA_PUBLIC_TIPS_PER_HOUR=5)
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: send(app, A).status_code, range(40)))
    assert answers.count(202) == 5
    assert answers.count(429) == 35
    assert len(rows(app)) == 5
