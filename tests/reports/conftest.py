"""A dataset whose figures are known in advance: findings with explicit history times (local
Stockholm time, across the change to summer time on 29 March 2026), two owners and a third,
a tertial boundary at midnight 30 April / 1 May, an ISO week boundary at midnight Sunday /
Monday, and a previous tertial to compare with.

Tertial 1 2026 (Jan–Apr), hours from 'skickad' to the first answer and to 'åtgärdad':
  F1 klotter/A   ack 2    fix 48   due 03-04, fixed 03-04: in time
  F2 klotter/A   ack 4    fix 120  due 03-12, fixed 03-15: late (then verified 03-16)
  F3 klotter/A   ack 6 (planerad)  fix 24  due 03-22, fixed 03-21: in time
  F4 belysning/B ack 24   fix 96   due 04-11, fixed 04-05: in time
  F5 belysning/B ack 12   fix 48   due 04-11, fixed 04-12: late
  F8 vegetation/C ack 23 real hours across the DST change (12:00 CET -> 12:00 CEST)
  F6 klotter 30 April 23:59 (T1), F7 klotter 1 May 00:00 (T2), G1 Sunday 29 March 23:30
  (week 13), G2 Monday 30 March 00:10 (week 14), F9 trygg plats (positive).
  => new 9, closed 5, ack median of 2,4,6,12,23,24 = 9 (even), fix median of 24,48,48,96,120
  = 48 (odd), fixed within target 3 of 5 = 0.6; A: ack 4, fix 48, 2/3; B: ack 18, fix 72, 1/2.
Tertial 3 2025: P1 klotter/A 31 Dec 23:30, sent, due 2026-01-02, still open (overdue);
  P2 belysning/B ack 1, fix 48, in time. => new 2, closed 1, share 1.0.
"""

from dataclasses import dataclass

import pytest

from tests.factories import add_finding, rectangle, sent


@dataclass
class Dataset:
    orgs: dict
    users: dict
    ids: dict
    area: int
    other_area: int


@pytest.fixture
def dataset(app, make_org, make_user, make_area) -> Dataset:
    orgs = {
        "A": make_org("AB Väsbyhem", "bostadsbolag"),
        "B": make_org("Gatuenheten", "förvaltning"),
        "C": make_org("Parkenheten", "förvaltning"),
    }
    users = {
        "reporter": make_user("reporter"),
        "other_reporter": make_user("reporter"),
        "owner_a": make_user("owner", orgs["A"]),
        "owner_b": make_user("owner", orgs["B"]),
        "coordinator": make_user("coordinator"),
    }
    area = make_area("Centrum", rectangle(-500, -500, 500, 500))
    other_area = make_area("Runby", rectangle(2000, 2000, 2500, 2500))
    r = users["reporter"]
    A, B, C = orgs["A"], orgs["B"], orgs["C"]
    ids = {}

    def add(name, *args, **kwargs):
        kwargs.setdefault("areas", (area,))
        ids[name] = add_finding(app, kwargs.pop("by", r), name, *args, **kwargs)

    add(
        "F1",
        "klotter",
        "2026-03-02 10:00",
        "åtgärdad",
        owner=A,
        due="2026-03-04",
        events=[
            *sent("2026-03-02 12:00"),
            ("status", "mottagen", "2026-03-02 14:00"),
            ("status", "åtgärdad", "2026-03-04 12:00"),
        ],
        position=(10, 10),
    )
    add(
        "F2",
        "klotter",
        "2026-03-10 09:00",
        "verifierad",
        owner=A,
        due="2026-03-12",
        events=[
            *sent("2026-03-10 10:00"),
            ("status", "mottagen", "2026-03-10 14:00"),
            ("status", "åtgärdad", "2026-03-15 10:00"),
            ("status", "verifierad", "2026-03-16 10:00"),
        ],
        position=(20, 20),
    )
    add(
        "F3",
        "klotter",
        "2026-03-20 08:00",
        "åtgärdad",
        owner=A,
        due="2026-03-22",
        events=[
            *sent("2026-03-20 08:00"),
            ("status", "planerad", "2026-03-20 14:00"),
            ("status", "åtgärdad", "2026-03-21 08:00"),
        ],
        position=(30, 30),
    )
    add(
        "F4",
        "belysning",
        "2026-04-01 12:00",
        "åtgärdad",
        owner=B,
        due="2026-04-11",
        events=[
            *sent("2026-04-01 12:00", "B"),
            ("status", "mottagen", "2026-04-02 12:00"),
            ("status", "åtgärdad", "2026-04-05 12:00"),
        ],
        position=(300, 300),
    )
    add(
        "F5",
        "belysning",
        "2026-04-10 12:00",
        "åtgärdad",
        owner=B,
        due="2026-04-11",
        events=[
            *sent("2026-04-10 12:00", "B"),
            ("status", "mottagen", "2026-04-11 00:00"),
            ("status", "åtgärdad", "2026-04-12 12:00"),
        ],
        position=(-300, 300),
    )
    # 12:00 CET on the Saturday to 12:00 CEST on the Sunday: 23 real hours.
    add(
        "F8",
        "vegetation",
        "2026-03-28 11:00",
        "mottagen",
        owner=C,
        due="2099-01-01",
        events=[*sent("2026-03-28 12:00", "C"), ("status", "mottagen", "2026-03-29 12:00")],
        position=(-300, -300),
    )
    add("F6", "klotter", "2026-04-30 23:59", "ny", position=(15, 15))
    add("F7", "klotter", "2026-05-01 00:00", "ny", position=(16, 16))
    add(
        "G1",
        "klotter",
        "2026-03-29 23:30",
        "ny",
        position=(25, 25),
        priority=1,
        note='=HYPERLINK("http://evil") klotter',
    )
    add("G2", "klotter", "2026-03-30 00:10", "ny", position=(26, 26))
    add("F9", "trygg_plats", "2026-02-01 18:00", "ny", position=(0, 0))
    add(
        "P1",
        "klotter",
        "2025-12-31 23:30",
        "skickad",
        owner=A,
        due="2026-01-02",
        events=sent("2025-12-31 23:30"),
        position=(12, 12),
    )
    add(
        "P2",
        "belysning",
        "2025-10-10 12:00",
        "åtgärdad",
        owner=B,
        due="2025-10-20",
        events=[
            *sent("2025-10-10 12:00", "B"),
            ("status", "mottagen", "2025-10-10 13:00"),
            ("status", "åtgärdad", "2025-10-12 12:00"),
        ],
        position=(2200, 2200),
        areas=(other_area,),
    )
    # Another reporter's finding of another organisation, far away: never in A's figures.
    add(
        "X1",
        "skadegorelse",
        "2026-03-05 12:00",
        "skickad",
        owner=C,
        due="2026-03-06",
        events=sent("2026-03-05 12:00", "C"),
        by=users["other_reporter"],
        position=(-400, 0),
    )
    return Dataset(orgs, users, ids, area, other_area)
