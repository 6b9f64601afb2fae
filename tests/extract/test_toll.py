"""The main event's toll: which figure stands, derived counts, headlines apart from the text."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyline.extract.figures import find_figures
from storyline.extract.toll import corroborated, main_toll, title_figures
from tests.conftest import plain_article as article


def toll(text: str, title: str | None = None, lang: str = "en") -> dict[str, dict]:
    a = article(text, lang)
    if title:
        a = replace(a, title=title, metadata={"provenance": {"title": {"field": "title"}}})
    tolls = main_toll(a, find_figures(a), title_figures(a))
    return {kind: t.to_dict() for kind, t in tolls.items()}


def test_people_shot_less_the_killed_are_the_injured():
    got = toll(
        "Four people were shot, one fatally, outside a bar in Dunmore late Saturday. "
        "The man who died was 31, police said."
    )
    assert got["killed"]["value"] == 1
    assert got["injured"]["value"] == 3
    assert got["injured"]["derivation"] == "shot less killed"


def test_a_headline_given_apart_counts_and_cites_the_title():
    got = toll(
        "Police said two men died at the scene on Elm Street. Three more were taken to "
        "hospital with gunshot wounds, and two men died there.",
        title="2 dead, 3 wounded in Elm Street shooting",
    )
    assert got["killed"]["value"] == 2
    assert got["killed"]["evidence"]["field"] == "title"
    assert got["killed"]["support"] == 3
    assert corroborated("killed", got["killed"])
    assert got["injured"]["value"] == 3


def test_a_superseded_toll_never_stands():
    got = toll(
        "The toll, first given as 41, was revised to 36 dead on Friday. At least 36 people "
        "were killed and 120 injured, the governor said."
    )
    assert got["killed"]["value"] == 36
    assert got["killed"]["attribution"] is not None


def test_the_attacker_who_kills_himself_is_counted_with_the_shot():
    got = toll("A man killed two neighbours before turning the gun on himself, police said.")
    assert got["killed"]["value"] == 3
    assert "attacker" in got["killed"]["derivation"]


def test_people_hurt_and_no_death_told_means_none_killed():
    got = toll("Two teenagers were wounded by gunfire near the park on Tuesday night.")
    assert got["killed"]["value"] == 0
    assert got["injured"]["value"] == 2
    assert not corroborated("injured", got["injured"])  # said once


def test_a_round_up_has_no_one_toll():
    assert toll("Five people were shot in three separate shootings across the city.") == {}


@pytest.mark.parametrize(
    ("text", "injured"),
    [
        # the shot are told apart from the dead: none of the dead is among them
        (
            "A teenager was killed on Friday night. Police said another teenager was shot "
            "outside the same house.",
            1,
        ),
        (
            "Deputies came upon a 40-year-old who had been shot in the arm and a boy who was dead.",
            1,
        ),
        # one person, shot and then told dead
        ("A man was shot on Sunday. A man was pronounced dead at the scene.", 0),
    ],
)
def test_the_shot_less_the_dead_unless_told_apart(text: str, injured: int):
    assert toll(text)["injured"]["count"] == injured


def test_a_count_over_a_span_of_time_further_down_is_no_toll():
    got = toll(
        "Police are investigating a shooting on Elm Street in Dunmore on Saturday. Detectives "
        "are canvassing the block. The car was towed. No arrest has been made. The street was "
        "closed for hours. Neighbours said they heard an argument. So far in 2024, 47 people "
        "have been killed in the city, police said."
    )
    assert "killed" not in got


def test_a_death_no_count_gives_leaves_the_injured_open():
    got = toll("One person died and others were hurt; three people were shot, police said.")
    assert got["killed"]["value"] == 1
    assert got["injured"]["value"] == 2
    assert toll("The shooting was deadly. Three people were shot.").get("injured") is None


def test_gunshot_wounds_count_the_dead_among_the_hit():
    # a murder-suicide: everyone named as wounded died
    got = toll(
        "Deputies found five people dead in a home on Larch Road on Monday: a man, his "
        "wife and their three children. All five had gunshot wounds, the sheriff said."
    )
    assert got["killed"]["value"] == 5
    assert got.get("injured", {}).get("value", 0) == 0
    # found wounded, then died: not one of the injured
    got = toll(
        "Officers found a woman suffering from a gunshot wound in a parked car on Ninth "
        "Street on Sunday. She was pronounced dead at the scene."
    )
    assert got["killed"]["value"] == 1
    assert got.get("injured", {}).get("value", 0) == 0
    # two found wounded, one died: one injured
    got = toll(
        "Police found two men suffering from gunshot wounds outside a bar on Elm Street. "
        "One man died at the scene, police said."
    )
    assert got["killed"]["value"] == 1
    assert got["injured"]["value"] == 1


ONE_DEAD = [
    # the hurt and the dead are one person: named alike, or told dead by pronoun later
    (
        "Deputies found a teenager suffering from a gunshot wound at a home on Birch Lane "
        "on Friday, the sheriff's office said.",
        "Teenager dies after shooting on Birch Lane",
        0,
    ),
    (
        "Officers answered a call about a child injured by a gunshot on Maple Court, the "
        "police said. The child was taken to a hospital, where he succumbed to the wound.",
        None,
        0,
    ),
    # another person, or one named otherwise, is hurt besides the dead
    ("A man was killed and a woman was wounded in a shooting on Elm Street.", None, 1),
    ("One man died and another man was injured in a shooting on Elm Street.", None, 1),
    ("One person was killed and one was injured in a shooting on Elm Street.", None, 1),
    # a pronoun told dead is not the hurt one when it cannot be: another gender, a count
    # word, or someone else named dead beside them
    (
        "A young girl was hurt when shots hit a house on Oak Street on Friday. Police found "
        "a man in the yard; he died at the scene.",
        "Man killed, girl injured in Oak Street shooting",
        1,
    ),
    (
        "Police found the victims on Oak Street. He died at the scene.",
        "1 dead, 1 wounded in Oak Street shooting",
        1,
    ),
    ("A man was killed and a teenager injured on Oak Street. He died at the scene.", None, 1),
]


@pytest.mark.parametrize(("text", "title", "injured"), ONE_DEAD)
def test_the_one_hurt_who_died_is_not_injured(text: str, title: str | None, injured: int):
    got = toll(text, title=title)
    assert (got["killed"]["value"], got["injured"]["value"]) == (1, injured)


def test_the_one_hurt_who_died_cites_the_hurt_phrase():
    text, title, _ = ONE_DEAD[1]
    injured = toll(text, title=title)["injured"]
    assert injured["derivation"] == "the one hurt is the one who died"
    assert injured["evidence"]["text"] == "a child"
