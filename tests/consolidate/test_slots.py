"""Date and place across a story's reports when the sources tie, on short articles written
for these tests (a fictional shooting reported by outlets that disagree)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storyline.consolidate.flags import slot_flags
from storyline.report.facts import fact_rows, summary_sentences
from tests.conftest import km_between
from tests.consolidate.reports import consolidated

WEDNESDAY_MORNING = datetime(2025, 3, 12, 9)

DAYTON_TUESDAY = (
    "Two shot outside Dayton bowling alley",
    "Two men were shot and wounded outside a bowling alley in Dayton, Ohio, on Tuesday night,"
    " police said. Both were taken to a hospital and are expected to survive.",
)
KETTERING_MONDAY = (
    "Two wounded in Kettering parking lot shooting",
    "Two men were shot and wounded in a parking lot in Kettering, Ohio, on Monday night,"
    " police said. Both were taken to a hospital and are expected to survive.",
)
DAYTON_MONDAY = (
    "Police seek gunman after two shot in Dayton",
    "Police in Dayton, Ohio, are looking for the gunman who shot two men outside a bowling"
    " alley on Monday night. Both men are expected to survive, police said.",
)
LYON_TUESDAY = (
    "Two shot outside Lyon nightclub",
    "Two men were shot and wounded outside a nightclub in Lyon, France, on Tuesday night,"
    " police said. Both were taken to a hospital and are expected to survive.",
)


def _sheet(*reports: tuple[str, str, tuple[str, str]]) -> dict[str, Any]:
    return consolidated(*((a, outlet, WEDNESDAY_MORNING, r) for a, outlet, r in reports))


def _tied(slot: dict[str, Any]) -> list[tuple[Any, list[str]]]:
    return [(r["value"], r["sources"]) for r in slot["reports"] if r["relation"] == "conflicts"]


def test_two_days_one_source_each_give_the_month_they_share() -> None:
    sheet = _sheet(
        ("a", "Dayton Daily", DAYTON_TUESDAY), ("b", "Kettering Times", KETTERING_MONDAY)
    )
    date = sheet["event"]["date"]
    assert (date["value"], date["precision"], date["status"]) == ("2025-03", "month", "conflicting")
    assert "the month the tied values share" in date["rule"]
    assert sorted(_tied(date)) == [("2025-03-10", ["b"]), ("2025-03-11", ["a"])]
    (row,) = [r for r in fact_rows(sheet) if r["slot"] == "date"]
    # the month rests on both reports, and the row names the two days
    assert row["articles"] == ["a", "b"]
    assert "2025-03-10 (conflicts, b)" in row["reason"] and "2025-03-11" in row["reason"]
    (first, *_) = summary_sentences(sheet, {"a": "[1]", "b": "[2]"})
    assert " in 2025-03. " in first


def test_two_towns_of_one_state_give_the_state() -> None:
    place = _sheet(
        ("a", "Dayton Daily", DAYTON_TUESDAY), ("b", "Kettering Times", KETTERING_MONDAY)
    )["event"]["location"]
    assert (place["name"], place["admin1"], place["country"], place["precision"]) == (
        "Ohio",
        "Ohio",
        "US",
        "admin1",
    )
    assert km_between(place["lat"], place["lon"], 40.4, -82.5) < 150  # inside Ohio
    assert place["status"] == "conflicting" and "the region the tied values share" in place["rule"]
    assert sorted(v["name"] for v, _ in _tied(place)) == ["Dayton", "Kettering"]


def test_towns_in_two_countries_give_no_place() -> None:
    sheet = _sheet(("a", "Dayton Daily", DAYTON_TUESDAY), ("b", "Lyon Matin", LYON_TUESDAY))
    place = sheet["event"]["location"]
    assert place["name"] is None and place["country"] is None and place["precision"] is None
    assert place["status"] == "conflicting" and "share nothing: no value" in place["rule"]
    assert sorted(v["country"] for v, _ in _tied(place)) == ["FR", "US"]
    (row,) = [r for r in fact_rows(sheet) if r["slot"] == "location"]
    assert row["value"] == "none: the reports conflict" and row["articles"] == ["a", "b"]
    assert "Lyon, Auvergne-Rhône-Alpes, FR (conflicts, b)" in row["reason"]
    # the day both give still stands, and the summary names no place
    assert sheet["event"]["date"]["value"] == "2025-03-11"
    (first, *_) = summary_sentences(sheet, {"a": "[1]", "b": "[2]"})
    assert first.startswith("An armed assault on 2025-03-11. ")


def test_a_third_source_settles_the_tie() -> None:
    event = _sheet(
        ("a", "Dayton Daily", DAYTON_TUESDAY),
        ("b", "Kettering Times", KETTERING_MONDAY),
        ("c", "Miami Valley Radio", DAYTON_MONDAY),
    )["event"]
    assert (event["date"]["value"], event["date"]["status"]) == ("2025-03-10", "confirmed")
    place = event["location"]
    assert (place["name"], place["precision"], place["status"]) == ("Dayton", "city", "confirmed")
    assert "tie" not in place["rule"]


def test_a_tie_that_shares_nothing_makes_no_one_a_likely_error() -> None:
    """With no value there is no winner for a third report to err against."""
    minority = {"value": "2025-02-01", "relation": "minority", "sources": ["c"], "evidence": [{}]}
    tied = {"value": None, "status": "conflicting", "independent_sources": 2}
    assert slot_flags("date", {**tied, "reports": [minority]}) == []
    won = {**tied, "value": "2025-03", "reports": [minority]}
    (flag,) = slot_flags("date", won)
    assert flag["kind"] == "likely error" and flag["against"].startswith("2025-03 from 2")
