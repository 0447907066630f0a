"""Every text for people that the EST package uses has its Swedish translation."""

import pytest

from tests.routing.test_texts import CATALOGUE, SERVER, placeholders, texts_in_python

SOURCES = sorted((SERVER / "est").glob("*.py"))
# The service gathers its 422s in a dict first, where the search does not look.
GATHERED = {
    "Give an area, a position or a place.",
    "The action is due before the week of the meeting.",
    "Give both lat and lon, or neither.",
    "No such organisation.",
    "No such area.",
    "The round ends before it begins.",
    "Say what was seen, or that there were no deviations.",
    "The time lies in the future.",
}
TEXTS = sorted(set().union(*(texts_in_python(path) for path in SOURCES)) | GATHERED)


def test_texts_were_found():
    assert "No such action." in TEXTS
    code = "".join(path.read_text("utf-8") for path in SOURCES)
    assert all(text in code for text in GATHERED)
    assert "A round with this id exists with other content." in TEXTS


@pytest.mark.parametrize("text", TEXTS)
def test_each_text_has_a_swedish_translation_with_the_same_placeholders(text):
    assert text in CATALOGUE, text
    assert CATALOGUE[text]
    assert placeholders(CATALOGUE[text]) == placeholders(text)
