"""Every text for people that the incidents use has its Swedish translation."""

import pytest

from server.incidents.service import NO_IDENTITY_NUMBERS
from tests.routing.test_texts import CATALOGUE, SERVER, placeholders, texts_in_python

TEXTS = sorted(
    set().union(*(texts_in_python(path) for path in sorted((SERVER / "incidents").glob("*.py"))))
    | {NO_IDENTITY_NUMBERS, "Unknown or inactive incident type."}
)


def test_texts_were_found():
    assert "This id is already used by another incident." in TEXTS
    assert "Give a week, or from and to, not both." in TEXTS


@pytest.mark.parametrize("text", TEXTS)
def test_each_text_has_a_swedish_translation_with_the_same_placeholders(text):
    assert text in CATALOGUE, text
    assert CATALOGUE[text]
    assert placeholders(CATALOGUE[text]) == placeholders(text)
