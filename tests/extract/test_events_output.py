"""Events in the build output: the Kerman main event in every article, with its evidence."""

from __future__ import annotations

import json

import pytest

from tests.conftest import KERMAN, km_between, require, run_cli


@pytest.fixture(scope="module")
def kerman_articles(tmp_path_factory):
    out = tmp_path_factory.mktemp("kerman-events")
    result = run_cli("build", str(require(KERMAN)), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    return [json.loads(x) for x in (out / "articles.jsonl").read_text().splitlines()]


def test_every_kerman_article_reports_the_same_main_event(kerman_articles):
    truth = json.loads((KERMAN / "expected.json").read_text())["event"]
    assert len(kerman_articles) == 5
    for article in kerman_articles:
        main = article["events"][0]
        assert main["main"] and not main["background"], article["id"]
        assert main["date"] == truth["date"], article["id"]
        assert main["type"] == "bombing" and main["suicide"], article["id"]
        assert main["attackers"] == truth["attackers"], article["id"]
        place = main["location"]
        assert place["country"] == truth["location"]["country"], article["id"]
        distance = km_between(
            place["lat"], place["lon"], truth["location"]["lat"], truth["location"]["lon"]
        )
        assert distance <= truth["location"]["tolerance_km"], (article["id"], place)


def test_background_events_lend_nothing_to_the_main_one(kerman_articles):
    for article in kerman_articles:
        main, *background = article["events"]
        assert all(e["background"] and not e["main"] for e in background)
        main_sentences = set(main["sentences"])
        for event in background:
            assert not main_sentences & set(event["sentences"])
            if event["date"]:
                assert event["date"] < "2024-01-01", (article["id"], event["date"])
    recalled_years = {e["date"][:4] for a in kerman_articles for e in a["events"][1:] if e["date"]}
    assert {"2020", "1978"} <= recalled_years  # Soleimani's killing, the Abadan fire


def test_every_value_carries_evidence_from_the_raw_text(kerman_articles):
    for article in kerman_articles:
        for event in article["events"]:
            for key in ("type", "suicide", "attackers", "date"):
                if event[key] not in (None, False):
                    evidence = event[f"{key}_evidence"]
                    assert evidence["article"] == article["id"]
                    assert evidence["end"] > evidence["start"]
                    assert evidence["text"] in evidence["sentence"]["text"]
            if event["location"]:
                assert event["location"]["evidence"]["text"]


def _matches(report: dict, expected: object) -> bool:
    """An expected value is a number or a phrase such as "more than 80", "almost 300"."""
    if isinstance(expected, int):
        return report["value"] == expected
    words = str(expected).replace("a hundred", "100").split()
    qualifier = {"more": "more_than", "almost": "almost", "at": "at_least"}[words[0]]
    return report["value"] == int(words[-1]) and report["qualifier"] == qualifier


def test_kerman_tolls_are_reported_per_article_with_revisions(kerman_articles):
    truth = json.loads((KERMAN / "expected.json").read_text())["figures"]
    by_prefix = {a["id"][:3]: a for a in kerman_articles}
    for kind in ("killed", "injured"):
        for expected in truth[kind]["reports"]:
            for prefix in expected["sources"]:
                figures = by_prefix[prefix]["events"][0]["figures"]
                reports = [r for r in figures[kind]["reports"] if _matches(r, expected["value"])]
                assert reports, (kind, expected["value"], prefix)
                if expected.get("superseded"):
                    assert all(r["superseded"] for r in reports), (kind, expected, prefix)
    # the standing toll is never a superseded one
    for article in kerman_articles:
        killed = article["events"][0]["figures"]["killed"]
        assert killed["value"] not in (103, 95), article["id"]


def test_kerman_claim_is_the_islamic_states_through_telegram_on_the_fourth(kerman_articles):
    truth = json.loads((KERMAN / "expected.json").read_text())
    claimed = truth["event"]["claimed_by"]
    names = next(e for e in truth["entities"] if e["canonical"] == claimed["entity"])["variants"]
    channels, days = set(), set()
    for article in kerman_articles:
        main = article["events"][0]
        claims = [c for c in main["claims"] if not c["denied"]]
        assert claims, article["id"]
        claimants = {c["claimant"] for c in claims} | {c["claimant_short"] for c in claims}
        assert claimants & set(names), (article["id"], claimants)
        orgs = {p["text"] for p in main["perpetrator_organizations"] if p["source"] == "claim"}
        assert orgs & set(names), (article["id"], orgs)
        channels |= {c["channel"] for c in claims}
        days |= {c["date"] for c in claims if c["date"]}
        for c in claims:
            evidence = c["claimant_evidence"]
            assert evidence["text"] == c["claimant"]
    assert claimed["medium"] in channels
    assert days == {claimed["date"]}
