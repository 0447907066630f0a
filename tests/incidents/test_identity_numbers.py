"""What the note check takes for a Swedish personnummer or samordningsnummer."""

import pytest

from server.incidents.service import looks_like_identity_number


@pytest.mark.parametrize(
    "text",
    [
        "900101-1234",
        "9001011234",
        "19900101-1234",
        "199001011234",
        "900101+1234",  # over a hundred years old
        "900161-1234",  # samordningsnummer: the day plus 60
        "se 851231-0000!",
    ],
)
def test_shaped_like_an_identity_number(text):
    assert looks_like_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "kl 22:15",
        "901301-1234",  # no thirteenth month
        "900100-1234",  # no day 0
        "900132-1234",  # neither a day nor a samordningsnummer's
        "90010-1234",  # five digits
        "1990010112345",  # thirteen digits
        "900101 1234",  # a space between: a date and a time, say
        "2026-11-20",
    ],
)
def test_not_shaped_like_one(text):
    assert not looks_like_identity_number(text)
