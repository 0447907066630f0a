"""The demo's residents' tips: five tips around Väsby centrum waiting in the moderation queue
(docs/tips.md), sent in the last two days through the same service as the public page, each
with a photo; one reports the lamp a walk already found (a merge candidate), two left an email
for updates. A second run finds them and adds nothing."""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import current_app

from server.database import utcnow
from server.demo.photos import demo_photo
from server.extensions import db
from server.findings.models import Finding
from server.photos.storage import media_store
from server.tips import service as tips


@dataclass(frozen=True)
class DemoTip:
    category: str
    note: str
    where: tuple[float, float] | None  # None: about 10 m from the finding given to load()
    hours_ago: float
    email: str | None
    locale: str = "sv"
    photo: str | None = None


TIPS = (
    DemoTip(
        "belysning",
        "Lampan vid cykelstället blinkar och slocknar, väldigt mörkt på kvällen.",
        None,
        30,
        "boende.tips@example.se",
        photo="jolla_phone.jpg",
    ),
    DemoTip(
        "klotter",
        "Nytt klotter på bullerplanket vid Dragonvägen.",
        (59.51905, 17.91320),
        20,
        None,
        photo="orientation_1.jpg",
    ),
    DemoTip(
        "nedskrapning",
        "Någon har dumpat en soffa och säckar bakom återvinningen.",
        (59.51742, 17.91055),
        9,
        "granne@example.se",
        photo="canon_40d_gpsver.jpg",
    ),
    DemoTip(
        "gangvag",
        "The path through the park is icy and has no grit.",
        (59.51990, 17.90940),
        5,
        None,
        locale="en",
        photo="cmyk_adobe.jpg",
    ),
    DemoTip(
        "ode_plats",
        "Tunneln under Centralvägen känns otrygg sent på kvällen, ingen rör sig där.",
        (59.51842, 17.91212),
        2,
        None,
        photo="canon_a5_ciff_noexif.jpg",
    ),
)


def load(namespace: uuid.UUID, near: uuid.UUID, photo_dir: Path | None) -> int:
    """Send the tips that are not there yet; returns how many were new. The first is about
    10 m from the finding `near` (an open lighting finding): a merge candidate."""
    new = 0
    for number, spec in enumerate(TIPS):
        tip_id = uuid.uuid5(namespace, f"tip-{number}")
        if db.session.get(Finding, tip_id) is not None:
            continue
        lat, lon = spec.where or _beside(near)
        photo_ids = [str(uuid.uuid5(namespace, f"tip-photo-{number}"))] if spec.photo else []
        data = {
            "category": spec.category,
            "note": spec.note,
            "lat": lat,
            "lon": lon,
            "captured_at": utcnow() - timedelta(hours=spec.hours_ago),
            "photos": photo_ids,
            "email": spec.email,
        }
        tips.put_tip(tip_id, data, spec.locale, counted=False)
        db.session.commit()
        for photo_id in photo_ids:
            content, content_type = demo_photo(photo_dir, spec.photo, spec.category)
            tips.put_tip_photo(
                media_store(current_app), tip_id, uuid.UUID(photo_id), content, content_type
            )
            db.session.commit()
        new += 1
    return new


def _beside(finding_id: uuid.UUID) -> tuple[float, float]:
    finding = db.session.get(Finding, finding_id)
    return round(finding.lat + 0.00008, 6), round(finding.lon + 0.00005, 6)  # about 10 m
