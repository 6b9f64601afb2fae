"""Casualty figures across a story's reports, on short articles written for these tests
(a fictional shooting in a fictional town, reported over several days)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from storyline.consolidate.figures import DIED_SINCE
from tests.consolidate.reports import consolidated

FIRST_REPORT = (
    "Man wounded in Fairview bar shooting",
    "A man was shot and wounded late Monday outside a bar on Elm Street in Fairview, police"
    " said. The 34-year-old was taken to Mercy Hospital with a gunshot wound to the chest."
    " Police have not made an arrest.",
)
HIS_DEATH = (
    "Fairview bar shooting victim dies",
    "A man who was shot outside a bar on Elm Street in Fairview on Monday has died, police"
    " said Thursday. Tomas Rell, 34, died at Mercy Hospital on Wednesday night. His death is"
    " the city's second homicide this year. Police are asking witnesses to come forward.",
)
THREE_SHOT = (
    "Three shot outside Fairview bar",
    "Three men were shot late Monday outside a bar on Elm Street in Fairview, police said."
    " All three were taken to Mercy Hospital. Police have not made an arrest.",
)
ONE_OF_THREE_DIES = (
    "Man shot outside Fairview bar dies",
    "One of the men shot outside a bar on Elm Street in Fairview on Monday has died, police"
    " said Thursday. Tomas Rell, 34, died at Mercy Hospital on Wednesday night. Police are"
    " asking witnesses to come forward.",
)
DEATH_AND_HURT = (
    "Man shot outside Fairview bar dies; two others recovering",
    "A man shot outside a bar on Elm Street in Fairview on Monday has died, police said"
    " Thursday. Two other men who were wounded are recovering at Mercy Hospital.",
)


def _fact_sheet(*reports: tuple[str, str, datetime, tuple[str, str]]) -> dict[str, Any]:
    return consolidated(*reports)["event"]["figures"]


MONDAY_NIGHT = datetime(2025, 3, 4, 8)
THURSDAY = datetime(2025, 3, 6, 17)


def test_a_victim_first_reported_wounded_who_dies_is_no_longer_injured():
    figures = _fact_sheet(
        ("ledger", "Ledger", MONDAY_NIGHT, FIRST_REPORT),
        ("courier", "Courier", THURSDAY, HIS_DEATH),
    )
    assert figures["killed"]["value"] == 1
    injured = figures["injured"]
    assert (injured["value"], injured["status"], injured["rule"]) == (0, "revised", DIED_SINCE)
    superseded = [r for r in injured["reports"] if r["relation"] == "superseded"]
    assert [(r["value"], r["sources"]) for r in superseded] == [(1, ["ledger"])]
    derived = next(r for r in injured["reports"] if r["relation"] == "agrees")
    # the new count cites the wounding and the death, each with its sentence
    assert {e["article"] for e in derived["evidence"]} == {"ledger", "courier"}
    assert "Courier" in injured["reason"] and "Ledger" in injured["reason"]


def test_one_death_among_three_wounded_leaves_two_injured():
    figures = _fact_sheet(
        ("ledger", "Ledger", MONDAY_NIGHT, THREE_SHOT),
        ("courier", "Courier", THURSDAY, ONE_OF_THREE_DIES),
    )
    assert figures["killed"]["value"] == 1
    assert figures["injured"]["value"] == 2
    assert figures["injured"]["rule"] == DIED_SINCE


@pytest.mark.parametrize(
    ("later", "injured"),
    [(DEATH_AND_HURT, 2), (FIRST_REPORT, 1)],
    ids=["the death report counts the injured itself", "no death reported"],
)
def test_injured_counts_that_stand(later, injured):
    figures = _fact_sheet(
        ("ledger", "Ledger", MONDAY_NIGHT, THREE_SHOT), ("courier", "Courier", THURSDAY, later)
    )
    assert figures["injured"]["value"] == injured
    assert figures["injured"]["rule"] != DIED_SINCE


def test_a_death_reported_before_the_wounding_revises_nothing():
    # the later report knows of no death: it is not the earlier one's victim, or not yet
    figures = _fact_sheet(
        ("courier", "Courier", MONDAY_NIGHT, HIS_DEATH),
        ("ledger", "Ledger", THURSDAY, FIRST_REPORT),
    )
    assert figures["injured"]["rule"] != DIED_SINCE
