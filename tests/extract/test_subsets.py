"""Groups among the casualties, read apart from the toll."""

from __future__ import annotations

import pytest

from storyline.extract.subsets import find_group_figures
from tests.conftest import plain_article as article


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Among the dead are 9 pilgrims as well as 4 border guards who were on duty.",
            "en",
            [("killed", 9, "pilgrims"), ("killed", 4, "border guards")],
        ),
        (
            "Two of the injured were firefighters, the mayor said.",
            "en",
            [("injured", 2, "firefighters")],
        ),
        (
            "Parmi les morts figurent 12 enfants et 3 policiers.",
            "fr",
            [("killed", 12, "enfants"), ("killed", 3, "policiers")],
        ),
        ("Entre los heridos hay cinco turistas.", "es", [("injured", 5, "turistas")]),
        ("Tra le vittime ci sono due bambini.", "it", [("killed", 2, "bambini")]),
        ("Printre morți se află 7 jandarmi.", "ro", [("killed", 7, "jandarmi")]),
        ("The dead and the injured were taken to two hospitals.", "en", []),
    ],
)
def test_groups_among_the_casualties(text, lang, expected):
    a = article(text, lang)
    found = find_group_figures(a)
    assert [(g.kind, g.value, g.group) for g in found] == expected
    for g in found:
        assert a.raw_text[g.evidence.start : g.evidence.end] == g.evidence.text
