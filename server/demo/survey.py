"""The demo's safety survey: two finished campaigns around Väsby centrum, the spring's and the
autumn's, so that the results, their k-anonymity and the change between campaigns all show.

Seeded, so every run makes the same ratings; a campaign is looked up by its title first, so a
second run adds nothing. Most ratings cluster at a few places — worse at the station's tunnel
and the bus terminal at night, better on the square after its new lighting — and some are
scattered over the BID area, one or two to a square, so that squares with fewer than 5 are
suppressed."""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from server.accounts.models import User
from server.extensions import db
from server.places.models import Area
from server.survey.models import SafetyRating, SurveyCampaign
from server.survey.service import CODE_ALPHABET, CODE_LENGTH, DECIMALS

# title, starts_on, ends_on, seed, how many scattered ratings
CAMPAIGNS = (
    ("Trygghetsundersökning Väsby centrum våren 2026", date(2026, 4, 13), date(2026, 5, 24), 26,
     30),
    ("Trygghetsundersökning Väsby centrum hösten 2026", date(2026, 9, 14), date(2026, 10, 25), 27,
     40),
)  # fmt: skip
INTRO_SV = (
    "Hur trygg känns Väsby centrum? Tryck på kartan där du är, eller där du brukar gå, och "
    "svara på hur trygg platsen känns på dagen, kvällen eller natten. Svaren är anonyma och "
    "visas bara för rutor med minst fem svar. Kommunen och polisen använder dem i lägesbilden "
    "och i medborgarlöftet."
)
INTRO_EN = (
    "How safe does Väsby centrum feel? Tap the map where you are, or where you usually walk. "
    "Answers are anonymous and only shown for squares with at least five answers."
)
# name, lat, lon, ratings per campaign (spring, autumn), mean score per campaign, reasons
SPOTS = (
    ("Gångtunneln vid stationen", 59.51820, 17.90960, (26, 38), (2.4, 1.7),
     ("dalig_belysning", "folktomt", "klotter", "stokigt")),
    ("Bussterminalen", 59.51905, 17.91130, (18, 30), (2.2, 2.1),
     ("stokigt", "nedskrapning", "folktomt")),
    ("Torget vid Väsby Centrum", 59.51990, 17.91390, (22, 34), (2.6, 3.9),
     ("dalig_belysning", "nedskrapning", "stokigt")),
    ("Väsbyhems gårdar vid Dragonvägen", 59.51600, 17.90500, (12, 24), (3.1, 3.0),
     ("skymd_sikt", "dalig_belysning", "folktomt")),
    ("Centralvägen vid skolan", 59.51740, 17.91520, (6, 16), (3.4, 3.5), ("trafik", "skymd_sikt")),
)  # fmt: skip
SCATTER = ((59.5145, 59.5230), (17.9025, 17.9195))
TIMES = (("dag", 3), ("kväll", 4), ("natt", 2))
NIGHT_PENALTY = {"dag": 0.5, "kväll": 0.0, "natt": -0.6}


def load(author: User, area: Area) -> int:
    """Both campaigns and their ratings, unless already there; how many ratings were made."""
    made = 0
    for number, (title, starts_on, ends_on, seed, scattered) in enumerate(CAMPAIGNS):
        if db.session.scalar(select(SurveyCampaign.id).where(SurveyCampaign.title == title)):
            continue
        rng = random.Random(seed)  # noqa: S311 - a seeded demo, not a secret
        campaign = SurveyCampaign(
            code="".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)),
            title=title,
            intro_sv=INTRO_SV,
            intro_en=INTRO_EN,
            area=area,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by_id=author.id,
        )
        db.session.add(campaign)
        db.session.flush()
        days = (ends_on - starts_on).days
        for _, lat, lon, counts, means, reasons in SPOTS:
            for _ in range(counts[number]):
                when = _time(rng)
                score = rng.gauss(means[number] + NIGHT_PENALTY[when], 0.7)
                db.session.add(
                    _rating(rng, lat + rng.gauss(0, 0.00018), lon + rng.gauss(0, 0.00035),
                            score, when, rng.sample(reasons, rng.randint(1, 2)), starts_on, days,
                            campaign.id)
                )  # fmt: skip
                made += 1
        for _ in range(scattered):
            when = _time(rng)
            lat, lon = rng.uniform(*SCATTER[0]), rng.uniform(*SCATTER[1])
            chosen = rng.sample(("folktomt", "dalig_belysning", "annat"), rng.randint(0, 1))
            db.session.add(
                _rating(
                    rng, lat, lon, rng.gauss(3.8, 0.8), when, chosen, starts_on, days, campaign.id
                )
            )
            made += 1
    db.session.commit()
    return made


def _time(rng: random.Random) -> str:
    return rng.choices([t for t, _ in TIMES], [w for _, w in TIMES])[0]


def _rating(rng, lat, lon, score, when, reasons, starts_on, days, campaign_id) -> SafetyRating:
    day = starts_on + timedelta(days=rng.randint(0, days))
    return SafetyRating(
        campaign_id=campaign_id,
        lat=round(lat, DECIMALS),
        lon=round(lon, DECIMALS),
        score=min(5, max(1, round(score))),
        time_of_day=when,
        reasons=list(reasons),
        created_at=datetime.combine(day, time(rng.randint(7, 22)), UTC),
    )
