"""The Kerman story's fact sheet against expected.json, item by item, from a real build."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from tests.conftest import KERMAN, km_between, require, run_cli


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("kerman-facts")
    result = run_cli("build", str(require(KERMAN)), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    stories = [json.loads(x) for x in (out / "stories.jsonl").read_text().splitlines()]
    truth = json.loads((KERMAN / "expected.json").read_text())
    return stories, truth, out


def _by_prefix(ids: list[str]) -> set[str]:
    return {i[:3] for i in ids}


def test_one_story_valid_against_its_schema(built):
    stories, truth, _ = built
    assert len(stories) == 1
    assert _by_prefix(stories[0]["articles"]) == _by_prefix(truth["story"]["articles"])
    schema = resources.files("storyline").joinpath("schemas/stories.schema.json").read_text()
    jsonschema.validate(stories[0], json.loads(schema))


def test_what_when_where_and_who_claimed(built):
    stories, truth, _ = built
    event, expected = stories[0]["event"], truth["event"]
    assert event["type"]["value"] == "bombing" and event["suicide"]["value"] is True
    assert event["attackers"]["value"] == expected["attackers"]
    assert event["date"]["value"] == expected["date"]
    place = event["location"]
    assert place["country"] == expected["location"]["country"]
    distance = km_between(
        place["lat"], place["lon"], expected["location"]["lat"], expected["location"]["lon"]
    )
    assert distance <= expected["location"]["tolerance_km"]
    claim = event["claim"]
    names = next(e for e in truth["entities"] if e["canonical"] == expected["claimed_by"]["entity"])
    assert claim["by"]["value"] in names["variants"]
    assert claim["channel"]["value"] == expected["claimed_by"]["medium"]
    assert claim["date"]["value"] == expected["claimed_by"]["date"]
    for slot in (event["type"], event["date"], claim["by"]):
        assert slot["status"] == "confirmed"
        for report in slot["reports"]:
            assert report["evidence"], report


def _report(figure: dict, expected_value: object) -> dict:
    if isinstance(expected_value, int):
        label = str(expected_value)
    else:
        label = str(expected_value).replace("a hundred", "100")
    matches = [r for r in figure["reports"] if r["label"] == label]
    assert matches, (label, [r["label"] for r in figure["reports"]])
    return matches[0]


def test_killed_84_revised_down_with_compatible_ranges(built):
    stories, truth, _ = built
    killed, expected = stories[0]["event"]["figures"]["killed"], truth["figures"]["killed"]
    assert killed["value"] == expected["consolidated"]
    assert killed["status"] == "revised"
    for item in expected["reports"]:
        report = _report(killed, item["value"])
        assert set(item["sources"]) <= _by_prefix(report["sources"]), item
        if item.get("superseded"):
            assert report["relation"] == "superseded", item
        elif isinstance(item["value"], int):
            assert report["relation"] == "agrees", item
        else:
            assert report["relation"] == "compatible", item
        for evidence in report["evidence"]:
            assert evidence["text"] and evidence["sentence"]
    by_label = {r["label"]: r for r in killed["reports"]}
    assert any("IRNA" in a.upper() for a in by_label["103"]["attribution"])
    assert any("Eynollahi" in a for a in by_label["95"]["attribution"])
    # the timeline tells the revisions in order: 103, then 95, then 84
    labels = [t["label"] for t in killed["timeline"] if t["article"].startswith("004")]
    assert labels.index("103") < labels.index("95") < labels.index("84")


def test_injured_284_and_hospitalized_conflicting(built):
    stories, truth, _ = built
    figures = stories[0]["event"]["figures"]
    injured = figures["injured"]
    assert injured["value"] == truth["figures"]["injured"]["consolidated"]
    for item in truth["figures"]["injured"]["reports"]:
        report = _report(injured, item["value"])
        assert set(item["sources"]) <= _by_prefix(report["sources"]), item
        assert report["relation"] in ("agrees", "compatible"), item
    hospitalized = figures["hospitalized"]
    assert hospitalized["status"] == truth["figures"]["hospitalized"]["status"]
    values = {r["value"]: _by_prefix(r["sources"]) for r in hospitalized["reports"]}
    for item in truth["figures"]["hospitalized"]["reports"]:
        assert set(item["sources"]) <= values[item["value"]]


def test_flags_the_wrong_date_and_the_suspect_publication_date(built):
    stories, truth, _ = built
    flags = stories[0]["flags"]
    for expected in truth["flags"]:
        found = [
            f
            for f in flags
            if f["kind"] == expected["kind"] and f["article"].startswith(expected["article"])
        ]
        assert found, expected
    error = next(f for f in flags if f["kind"] == "likely error")
    assert "March 4, 2020" in error["claim"]
    assert stories[0]["event"]["sources"]["suspect_dates"][0].startswith("001")


def test_copies_count_once(built):
    stories, truth, _ = built
    story = stories[0]
    assert story["independent_sources"] <= truth["sources"]["independent_groups_at_most"]
    assert story["event"]["sources"]["independent"] == story["independent_sources"]
    killed = story["event"]["figures"]["killed"]
    assert killed["independent_sources"] < len(_report(killed, 84)["sources"])


def test_the_report_shows_the_fact_sheet(built):
    _, _, out = built
    page = (out / "report.html").read_text()
    for needle in ("Fact sheets", "revised", "conflicting", "March 4, 2020", "suspect publication"):
        assert needle in page, needle
    assert "<svg" in page  # the killed timeline
    assert "<script" not in page
    markdown = (out / "report.md").read_text()
    assert "Killed over time: 103" in markdown


def test_gtd_and_acled_exports(built):
    import csv

    _, truth, out = built
    gtd = list(csv.DictReader((out / "events_gtd.csv").open(encoding="utf-8")))
    acled = list(csv.DictReader((out / "events_acled.csv").open(encoding="utf-8")))
    assert len(gtd) == len(acled) == 1
    row = gtd[0]
    assert (row["iyear"], row["imonth"], row["iday"]) == ("2024", "01", "03")
    assert (row["country_txt"], row["city"]) == ("Iran", "Kerman")
    assert row["attacktype1_txt"] == "Bombing/Explosion" and row["suicide"] == "1"
    assert row["gname"] == "Islamic State" and row["claimmode_txt"] == "Telegram"
    assert row["weaptype1_txt"] == "Explosives" and row["nperps"] == "2"
    assert (row["nkill"], row["nwound"]) == ("84", "284")
    row = acled[0]
    assert row["event_date"] == truth["event"]["date"]
    assert (row["event_type"], row["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Suicide bomb",
    )
    assert row["fatalities"] == "84" and "hospitalized conflicting" in row["notes"]


def test_single_source_facts_are_marked(built):
    stories, truth, _ = built
    groups = stories[0]["event"]["casualty_groups"]
    for fact in truth["figures"]["single_source"]:
        value = int(fact["fact"].split()[0])
        found = [g for g in groups if g["value"] == value and g["group"] in fact["fact"]]
        assert found, (fact, groups)
        assert found[0]["status"] == "single-source"
        assert _by_prefix(found[0]["sources"]) == set(fact["sources"])
