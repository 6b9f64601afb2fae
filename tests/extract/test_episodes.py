"""Main event against recalled ones, and the type, suicide flag and attackers of the main one."""

from __future__ import annotations

import json
from datetime import date

import pytest

from storyline.extract.episodes import reference_day, split_episodes
from storyline.extract.event_type import read_type
from storyline.ingest import default_registry, iter_units, parse_document
from tests.conftest import KERMAN, require


def _article(tmp_path, name: str, text: str, registry):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (_, units), *_ = list(iter_units([str(path)]))
    return parse_document(next(iter(units)), registry)


@pytest.fixture(scope="module")
def registry():
    return default_registry()


REPORT = """Gunmen kill six at a wedding hall in Port Sudan

Published: 6 March 2025

Three gunmen opened fire on Wednesday evening at a wedding hall in Port Sudan, killing six
guests and wounding eleven, police said on Thursday.

The attackers fled in a pickup truck. No group has claimed the shooting.

The city last saw such violence in 2019, when a bombing at the port killed twenty people.
"""


def test_a_recalled_event_is_kept_apart_from_the_main_one(tmp_path, registry):
    article = _article(tmp_path, "sudan.txt", REPORT, registry)
    main, background = split_episodes(article, reference_day(article))
    assert main.day == date(2025, 3, 5)  # "Wednesday" in a Thursday report
    assert main.precision == "day"
    assert article.raw_text[main.date_mention.start : main.date_mention.end] == "Wednesday evening"
    (earlier,) = background
    assert earlier.day.year == 2019 and earlier.precision == "year"
    assert any("2019" in s.text for s in earlier.sentences)
    assert not any("2019" in s.text for s in main.sentences)
    reading = read_type(article, main.sentences)
    assert reading.type == "armed_assault"
    assert reading.attackers == 3
    assert reading.suicide is False
    # the background bombing does not make the main event a bombing
    assert read_type(article, earlier.sentences).type == "bombing"


def test_a_claim_day_is_not_the_event_day(tmp_path, registry):
    text = (
        "Group claims Tuesday's market bombing\n\nPublished: 12 June 2025\n\n"
        "The group claimed responsibility on Thursday for the suicide bombing that killed "
        "nine people at the market on Tuesday.\n"
    )
    article = _article(tmp_path, "claim.txt", text, registry)
    main, _ = split_episodes(article, reference_day(article))
    assert main.day == date(2025, 6, 10)
    reading = read_type(article, main.sentences)
    assert reading.type == "bombing" and reading.suicide


def test_undated_article_takes_the_story_reference(tmp_path, registry):
    text = "A car bomb exploded on Monday near the central station, killing four people.\n"
    article = _article(tmp_path, "undated.txt", text, registry)
    assert reference_day(article) is None
    main, _ = split_episodes(article, reference_day(article, date(2025, 2, 5)))
    assert main.day == date(2025, 2, 3)


@pytest.fixture(scope="module")
def kerman_articles(registry):
    articles = []
    for source, units in iter_units([str(require(KERMAN))]):
        if source.path.suffix == ".txt":
            articles += [parse_document(u, registry) for u in units]
    return articles


def test_kerman_main_event_in_every_article(kerman_articles):
    """Every article's main event: 2024-01-03, a suicide bombing by two attackers.

    000 and 002 print no date: the story's first publication (2024-01-04) is their
    reference; 001 prints only a later modification time, which the story overrides.
    """
    story_day = date(2024, 1, 4)
    assert len(kerman_articles) == 5
    for article in kerman_articles:
        main, background = split_episodes(article, reference_day(article, story_day))
        assert main.day == date(2024, 1, 3), article.id
        reading = read_type(article, main.sentences)
        assert reading.type == "bombing", article.id
        assert reading.suicide, article.id
        assert reading.attackers == 2, article.id
        for episode in background:  # Soleimani's killing in 2020, Shiraz 2022, Abadan 1978
            assert episode.day is None or episode.day < date(2024, 1, 1), article.id


def test_a_wrong_date_is_kept_as_the_article_prints_it(registry):
    """Port Arden 06 dates the blasts "March 12": extraction reports what the text says,
    so that consolidation can flag it against the other reports (2025-04-12)."""
    from tests.conftest import EXAMPLE

    path = EXAMPLE / "articles" / "06_daily_lantern_claim.txt"
    (_, units), *_ = list(iter_units([str(path)]))
    article = parse_document(next(iter(units)), registry)
    main, _ = split_episodes(article, reference_day(article))
    truth = json.loads((EXAMPLE / "expected.json").read_text())["wrong_date"]
    assert truth["article"] == article.id
    assert main.day == date(2025, 3, 12)
    assert main.date_mention.text == "March 12"


def _dated(tmp_path, registry, body: str, published: str = "2025-03-06"):
    text = f"Report\n\nPublished: {published}\n\n{body}\n"
    return _article(tmp_path, "dated.txt", text, registry)


def test_the_clause_of_the_date_decides_not_the_attribution(tmp_path, registry):
    body = "A man shot his neighbour in a parking lot on Monday, police said on Wednesday."
    article = _dated(tmp_path, registry, body)  # a Thursday
    main, _ = split_episodes(article, reference_day(article))
    assert main.day == date(2025, 3, 3)


@pytest.mark.parametrize(
    ("body", "day"),
    [
        # the place's commas cut the date off from "shot"; "police said" tells it all
        ("Two men were shot outside a bar in Dayton, Ohio, on Monday night, police said.", 3),
        (
            "A woman was wounded in Erie, Pennsylvania, on Sunday, according to the"
            " county sheriff's office.",
            2,
        ),
        # a date the statement's own clause carries is still the statement's
        ("Two men were shot in Dayton last week, police said on Monday.", None),
    ],
)
def test_a_closing_attribution_does_not_claim_the_date(tmp_path, registry, body, day):
    article = _dated(tmp_path, registry, body)  # a Thursday
    main, _ = split_episodes(article, reference_day(article))
    assert main.day == (date(2025, 3, day) if day else None)


@pytest.mark.parametrize(
    ("body", "day"),
    [
        # the day of a death from earlier injuries is not the shooting's
        ("Marco Ruiz succumbed to his wounds on Monday, his sister said.", None),
        ("She died Tuesday after days on life support. She was shot on Saturday.", 1),
        # a death told with the shooting is the shooting's day
        ("A man was shot and died at the scene on Monday, police said.", 3),
        # the date qualifies the shooting, the death comes after
        ("He died two days after being shot on Saturday.", 1),
        ("A man who was shot on Saturday died of his injuries on Monday.", 1),
        ("John, who was shot last week, died of his injuries on Monday.", None),
    ],
)
def test_a_later_death_does_not_date_the_shooting(tmp_path, registry, body, day):
    article = _dated(tmp_path, registry, body)  # a Thursday
    main, _ = split_episodes(article, reference_day(article))
    assert main.day == (date(2025, 3, day) if day else None)


def test_an_earlier_day_in_the_lead_is_the_shooting(tmp_path, registry):
    body = (
        "A four-year-old girl died on Tuesday in hospital.\n\n"
        "She was shot on Saturday evening while playing in the yard."
    )
    article = _dated(tmp_path, registry, body)
    main, _ = split_episodes(article, reference_day(article))
    assert main.day == date(2025, 3, 1)


def test_a_yearless_date_of_violence_is_in_the_past(tmp_path, registry):
    # nearest to a January report, March 20 would be in two months: not for a shooting
    body = "The man accused in the March 20 shooting that killed two people is still at large."
    article = _dated(tmp_path, registry, body, "2025-01-10")
    main, _ = split_episodes(article, reference_day(article))
    assert main.day == date(2024, 3, 20)


def test_the_weekday_after_the_report_gives_no_day(tmp_path, registry):
    # "Friday" in a Thursday report: last week's Friday or tomorrow's vigil
    body = "Two people were shot outside a bar on Friday."
    article = _dated(tmp_path, registry, body)
    main, _ = split_episodes(article, reference_day(article))
    assert main.day is None


def test_a_follow_up_headline_drops_the_report_day_of_the_development(tmp_path, registry):
    text = (
        "Man pleads guilty in neighbour's shooting\n\nPublished: 8 March 2024\n\n"
        "A man entered a plea Friday in the death of his neighbour.\n\n"
        "Prosecutors said the man fired twice through the fence.\n"
    )
    article = _article(tmp_path, "plea.txt", text, registry)
    main, _ = split_episodes(article, date(2024, 3, 8))
    assert main.day is None
