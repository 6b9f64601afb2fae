"""The streaming clusterer's rules, with a one-tree pair model written out here.

The model is a real PairModel read from JSON like the shipped one; it links two
articles when their name bags overlap, which makes each scenario easy to read.
"""

from __future__ import annotations

import zlib

import numpy as np

from storyline.stories import PairModel, StoryClusterer
from storyline.stories.features import FIELDS, ArticleFeatures, TermRow
from storyline.stories.pairs import PAIR_FEATURES

NAMES_ONLY = PairModel.from_json(
    {
        "features": list(PAIR_FEATURES),
        "baseline": 0.0,
        "threshold": 0.5,
        "trees": [
            {
                "feature": [PAIR_FEATURES.index("cos_names"), 0, 0],
                "threshold": [0.3, 0.0, 0.0],
                "missing_left": [True, False, False],
                "left": [1, 0, 0],
                "right": [2, 0, 0],
                "leaf": [False, True, True],
                "value": [0.0, -6.0, 6.0],
            }
        ],
    }
)


def item(article_id: str, names: list[str], day: int = 739000) -> ArticleFeatures:
    rng = np.random.default_rng(zlib.crc32(article_id.encode()))
    vector = rng.normal(size=512).astype(np.float32)
    vector /= np.linalg.norm(vector)
    terms = {f: TermRow.from_terms([]) for f in FIELDS}
    terms["names"] = TermRow.from_terms(names)
    return ArticleFeatures(article_id, day, 0, "", 1000, "en", terms, vector, vector)


def partition(clusterer: StoryClusterer) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in clusterer.stories()}


def test_articles_sharing_names_join_and_others_start_stories():
    clusterer = StoryClusterer(NAMES_ONLY)
    clusterer.add(
        [
            item("a1", ["osborne", "sterling"]),
            item("b1", ["lawndale", "roosevelt"]),
            item("a2", ["osborne", "sterling", "morrison"]),
        ]
    )
    assert partition(clusterer) == {frozenset({"a1", "a2"}), frozenset({"b1"})}
    assert clusterer.changes == []


def test_an_article_that_ties_two_stories_merges_them_with_a_record():
    clusterer = StoryClusterer(NAMES_ONLY)
    clusterer.add(
        [
            item("a1", ["osborne", "sterling"]),
            item("a2", ["osborne", "sterling"]),
            item("b1", ["rockfalls", "whiteside"]),
            item("b2", ["rockfalls", "whiteside"]),
        ]
    )
    assert len(partition(clusterer)) == 2
    clusterer.add([item("bridge", ["osborne", "sterling", "rockfalls", "whiteside"])])
    assert partition(clusterer) == {frozenset({"a1", "a2", "b1", "b2", "bridge"})}
    (change,) = clusterer.changes
    assert change.kind == "merge"
    assert len(change.stories) == 2 and change.articles == ["bridge"]
    assert change.score >= NAMES_ONLY.threshold
    assert "bridge links both stories" in change.reason


def test_story_ids_are_stable_and_named_after_the_first_article():
    first = StoryClusterer(NAMES_ONLY)
    first.add([item("a1", ["osborne", "sterling"]), item("a2", ["osborne", "sterling"])])
    second = StoryClusterer(NAMES_ONLY)
    second.add([item("a1", ["osborne", "sterling"]), item("a2", ["osborne", "sterling"])])
    assert [s.id for s in first.stories()] == [s.id for s in second.stories()]
    assert first.stories()[0].articles == ["a1", "a2"]


def test_reversed_arrival_gives_the_same_stories():
    items = [
        item("a1", ["osborne", "sterling"]),
        item("b1", ["lawndale", "roosevelt"]),
        item("a2", ["osborne", "sterling", "morrison"]),
        item("b2", ["lawndale", "roosevelt", "keeler"]),
        item("c1", ["isla", "vista"]),
    ]
    forward = StoryClusterer(NAMES_ONLY)
    forward.add(items)
    forward.settle()
    backward = StoryClusterer(NAMES_ONLY)
    backward.add(list(reversed(items)))
    backward.settle()
    assert partition(forward) == partition(backward)
