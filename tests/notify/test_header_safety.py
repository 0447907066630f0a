"""Names that end up in email subjects (issue 12, item 8): one line at the import, and an
email about a finding still goes out, with one clean subject, when a name stored before that
check holds line breaks."""

from server.notify.worker import Worker
from tests.factories import at, collection, feature, rectangle


def test_a_designation_stored_with_line_breaks_still_gets_its_email_sent_clean(
    mail_app, smtp, make_org, make_property, make_user, make_finding
):
    vasbyhem = make_org("AB Väsbyhem", "bostadsbolag")
    make_property(
        "Dragonen 1:12\r\nBcc: angripare@example.com\rX-Extra: 1\u2028slut",
        vasbyhem,
        rectangle(0, 0, 60, 60),
        ["felanmalan@vasbyhem.se"],
    )
    lat, lon = at(10, 10)
    make_finding(make_user("reporter"), lat=lat, lon=lon)

    stats = Worker(mail_app).run_once()
    assert (stats.sent, stats.retried, stats.failed) == (1, 0, 0)
    assert smtp.envelopes[0][1] == ["felanmalan@vasbyhem.se"]
    (message,) = smtp.messages
    assert message["Subject"] == (
        "Lykta: Trasig/bristfällig belysning – "
        "Dragonen 1:12 Bcc: angripare@example.com X-Extra: 1 slut"
    )
    assert message["Bcc"] is None and message["X-Extra"] is None


def test_names_that_reach_subjects_are_one_line_at_the_import(api, make_user):
    admin = api(make_user("admin"))
    properties = collection(
        feature(rectangle(0, 0, 10, 10), designation="Dragonen 1:12", owner="AB Väsbyhem"),
        feature(rectangle(20, 0, 30, 10), designation="Smeden\r\nBcc: x@y.se", owner="AB X"),
        feature(rectangle(40, 0, 50, 10), designation="Smeden 4:1", owner="Brf\u2028Messingen"),
        feature(
            rectangle(60, 0, 70, 10),
            designation="Hammaren 1:1",
            owner="AB Väsbyhem",
            email="a\x07@b.se",
        ),
    )
    report = admin.post("/api/v1/admin/properties/import", json=properties).json
    assert (report["created"], report["failed"]) == (1, 3)
    assert [(e["index"], e["code"], e["message"]) for e in report["errors"]] == [
        (1, "missing_designation", "Fältet designation måste vara en rad text."),
        (2, "missing_owner", "Fältet owner måste vara en rad text."),
        (3, "bad_email", "Ogiltig e-postadress: a\x07@b.se."),
    ]
    assert report["new_organisations"] == ["AB Väsbyhem"]

    areas = collection(feature(rectangle(0, 0, 10, 10), name="Centrum\x85Stationen"))
    report = admin.post("/api/v1/admin/areas/import", json=areas).json
    assert (report["created"], report["failed"]) == (0, 1)
    assert report["errors"][0]["message"] == "Fältet name måste vara en rad text."
