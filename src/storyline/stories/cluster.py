"""Streaming story clustering: each arriving article joins a story or starts one.

Candidates for a new article come from two indexes whose cost per query stays flat
as the corpus grows: an approximate-nearest-neighbour index of lead embeddings,
partitioned by month so a query only touches the months inside the time window, and
an inverted index of the article's rare names (a victim's name, a street) that finds
follow-ups whose wording has drifted. The pair model scores each candidate; an
article joins the story whose best few links are strongest on average, which keeps
the chaining of single-link clustering out without needing every member as a
candidate. When an article ties two stories together strongly enough they merge;
`settle` later moves articles that fit another story better and splits stories whose
members no longer hold together. Every merge, move and split is recorded with why.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from usearch.index import Index

from storyline.stories.features import FIELDS, ArticleFeatures
from storyline.stories.graph import connected_components
from storyline.stories.pair_model import PairModel
from storyline.stories.pairs import TermStatistics, pair_features

WINDOW_DAYS = 400  # follow-ups (charges, trials, sentencing) come months after the event
BUCKET_DAYS = 30
UNDATED = -1  # the bucket of articles with no publication date
NEIGHBOURS_PER_BUCKET = 8
MAX_EMBEDDING_CANDIDATES = 40
RARE_TERM_DF = 25  # names shared by more articles than this say "same city", not "same incident"
MAX_TERM_CANDIDATES = 40
KEEP_LINK = 0.05  # links weaker than this are not worth remembering
TOP_LINKS = 3


def links_needed(size: int) -> int:
    """How many of a story's members an article must link to: about half, at most three.

    One strong link is enough to join a pair (a story of two may be a report and its
    follow-up, which share little); larger stories ask for more agreement, which is
    what stops one ambiguous article from chaining two incidents together.
    """
    return min(TOP_LINKS, max(1, (size + 1) // 2))


@dataclass(slots=True)
class StoryChange:
    """A merge, split or move, with the evidence that caused it."""

    kind: str  # "merge" | "split" | "move"
    stories: list[str]  # story ids before the change
    result: list[str]  # story ids after it
    articles: list[str]  # the articles that moved or triggered the change
    score: float
    reason: str

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "stories": self.stories,
            "result": self.result,
            "articles": self.articles,
            "score": round(self.score, 4),
            "reason": self.reason,
        }


class CandidateIndex:
    """The articles seen so far, and the means to find the few worth comparing."""

    def __init__(self) -> None:
        self.items: list[ArticleFeatures] = []
        self.position_of: dict[str, int] = {}  # article id -> its place in `items`
        self.stats = TermStatistics()
        self._buckets: dict[int, Index] = {}
        self._postings: dict[int, list[int]] = defaultdict(list)

    def add(self, item: ArticleFeatures) -> tuple[list[int], np.ndarray]:
        """Index `item`; return its candidate neighbours and the pair features with each."""
        self.stats.add(item)
        candidates = self._candidates(item)
        position = len(self.items)
        self.items.append(item)
        self.position_of[item.id] = position
        bucket = item.published_day // BUCKET_DAYS if item.published_day else UNDATED
        index = self._buckets.get(bucket)
        if index is None:
            index = self._buckets[bucket] = Index(ndim=len(item.lead_vector), metric="cos")
        index.add(position, item.lead_vector)
        for f in ("names", "persons"):
            for term in item.terms[f].index.tolist():
                self._postings[term * 2 + (f == "persons")].append(position)
        others = [self.items[c] for c in candidates]
        return candidates, pair_features(item, others, self.stats)

    def _candidates(self, item: ArticleFeatures) -> list[int]:
        day = item.published_day
        found: dict[int, float] = {}
        if day:
            buckets = [
                UNDATED,
                *range((day - WINDOW_DAYS) // BUCKET_DAYS, (day + WINDOW_DAYS) // BUCKET_DAYS + 1),
            ]
        else:  # an undated article may belong anywhere; they are few, so search it all
            buckets = sorted(self._buckets)
        for bucket in buckets:
            index = self._buckets.get(bucket)
            if index is None or len(index) == 0:
                continue
            matches = index.search(item.lead_vector, min(NEIGHBOURS_PER_BUCKET, len(index)))
            pairs = zip(matches.keys.tolist(), matches.distances.tolist(), strict=True)
            for key, distance in pairs:
                if self._in_window(key, day):
                    found[key] = 1.0 - distance
        best = sorted(found, key=lambda k: (-found[k], k))[:MAX_EMBEDDING_CANDIDATES]
        chosen = set(best)
        by_term: dict[int, int] = defaultdict(int)
        for f in ("names", "persons"):
            df = self.stats.df[f]
            for term in item.terms[f].index.tolist():
                if df[term] > RARE_TERM_DF + 1:  # +1: the item itself is already counted
                    continue
                for position in self._postings.get(term * 2 + (f == "persons"), ()):
                    if self._in_window(position, day):
                        by_term[position] += 1
        ranked = sorted(by_term, key=lambda k: (-by_term[k], k))
        chosen.update(ranked[:MAX_TERM_CANDIDATES])
        return sorted(chosen)

    def _in_window(self, position: int, day: int) -> bool:
        other = self.items[position].published_day
        return not day or not other or abs(other - day) <= WINDOW_DAYS


@dataclass(slots=True)
class Story:
    id: str
    articles: list[str]  # in arrival order
    title: str | None = None
    changes: list[StoryChange] = field(default_factory=list)


class StoryClusterer:
    """Assigns articles to stories as they arrive; see the module docstring."""

    def __init__(self, model: PairModel, threshold: float | None = None) -> None:
        self.model = model
        self.threshold = model.threshold if threshold is None else threshold
        self.index = CandidateIndex()
        self.links: list[dict[int, float]] = []
        self.story_of: list[int] = []
        self.members: dict[int, list[int]] = {}
        self.changes: list[StoryChange] = []
        self._next_story = 0

    # ------------------------------------------------------------ streaming

    def add(self, items: Iterable[ArticleFeatures]) -> None:
        for item in items:
            self._add_one(item)

    def _add_one(self, item: ArticleFeatures) -> None:
        candidates, x = self.index.add(item)
        position = len(self.links)
        probabilities = self.model.probability(x)
        mine: dict[int, float] = {}
        for other, p in zip(candidates, probabilities.tolist(), strict=True):
            if p >= KEEP_LINK:
                mine[other] = p
                self.links[other][position] = p
        self.links.append(mine)
        scores = self._story_scores(position)
        self.story_of.append(-1)
        if not scores or max(scores.values()) < self.threshold:
            self._new_story([position])
            return
        ranked = sorted(scores, key=lambda s: (-scores[s], min(self.members[s])))
        target = ranked[0]
        self.story_of[position] = target
        self.members[target].append(position)
        for other in ranked[1:]:
            if scores[other] < self.threshold:
                break
            if other not in self.members:
                continue
            bond = self._bond(target, other)
            if bond >= self.threshold:
                target = self._merge(target, other, position, bond)

    def _story_scores(self, position: int, exclude_self: bool = False) -> dict[int, float]:
        """Mean of each story's strongest links to the article (`links_needed` of them)."""
        by_story: dict[int, list[float]] = defaultdict(list)
        for other, p in self.links[position].items():
            story = self.story_of[other]
            if story >= 0:
                by_story[story].append(p)
        scores = {}
        for story, ps in by_story.items():
            size = len(self.members[story]) - (
                1 if exclude_self and self.story_of[position] == story else 0
            )
            if size <= 0:
                continue
            ps.sort(reverse=True)
            k = links_needed(size)
            scores[story] = sum(ps[:k]) / k
        return scores

    def _bond(self, a: int, b: int) -> float:
        """How strongly two stories hold together: mean of their strongest cross links."""
        small, large = sorted((a, b), key=lambda s: len(self.members[s]))
        large_set = set(self.members[large])
        ps = sorted(
            (p for m in self.members[small] for o, p in self.links[m].items() if o in large_set),
            reverse=True,
        )
        k = links_needed(min(len(self.members[small]), len(self.members[large])))
        return sum(ps[:k]) / k if ps else 0.0

    def _new_story(self, positions: list[int]) -> int:
        story = self._next_story
        self._next_story += 1
        self.members[story] = positions
        for p in positions:
            self.story_of[p] = story
        return story

    def _merge(self, keep: int, gone: int, trigger: int, bond: float) -> int:
        if len(self.members[gone]) > len(self.members[keep]):
            keep, gone = gone, keep
        before = [self.story_id(keep), self.story_id(gone)]
        for p in self.members.pop(gone):
            self.story_of[p] = keep
            self.members[keep].append(p)
        self.changes.append(
            StoryChange(
                "merge",
                before,
                [self.story_id(keep)],
                [self.index.items[trigger].id],
                bond,
                f"{self.index.items[trigger].id} links both stories; their strongest cross "
                f"links average {bond:.2f} (threshold {self.threshold:.2f})",
            )
        )
        return keep

    # ------------------------------------------------------------ revisions

    def settle(self) -> None:
        """Revisit every assignment once the batch is in: move misfits, split loose stories."""
        for position in range(len(self.links)):
            current = self.story_of[position]
            scores = self._story_scores(position, exclude_self=True)
            here = scores.get(current, 0.0)
            best = max(scores, key=lambda s: (scores[s], -min(self.members[s])), default=None)
            if best is None or best == current or scores[best] < self.threshold:
                continue
            if scores[best] <= here + 0.1:  # a clear margin, so settling cannot oscillate
                continue
            before = [self.story_id(current), self.story_id(best)]
            self.members[current].remove(position)
            if not self.members[current]:
                del self.members[current]
            self.members[best].append(position)
            self.story_of[position] = best
            self.changes.append(
                StoryChange(
                    "move",
                    before,
                    [self.story_id(best)],
                    [self.index.items[position].id],
                    scores[best],
                    f"fits the other story better ({scores[best]:.2f} against {here:.2f})",
                )
            )
        for story in sorted(self.members):
            if len(self.members.get(story, ())) >= 4:
                self._split_if_loose(story)

    def _split_if_loose(self, story: int) -> None:
        members = self.members[story]
        inside = set(members)
        links = (
            (m, o)
            for m in members
            for o, p in self.links[m].items()
            if o in inside and p >= self.threshold
        )
        groups = connected_components(members, links)
        parts = sorted(groups, key=lambda g: (-len(g), g[0]))
        if len(parts) < 2 or len(parts[1]) < 2:
            return
        before = self.story_id(story)
        self.members[story] = sorted(parts[0])
        result = [before]
        for part in parts[1:]:
            sets = set(part)
            cross = [
                p for m in part for o, p in self.links[m].items() if o in inside and o not in sets
            ]
            bond = max(cross, default=0.0)
            if len(part) == 1 or bond >= self.threshold:
                self.members[story].extend(part)  # a lone member stays where it linked
                continue
            new = self._new_story(sorted(part))
            result.append(self.story_id(new))
        self.members[story].sort()
        if len(result) > 1:
            self.changes.append(
                StoryChange(
                    "split",
                    [before],
                    result,
                    [self.index.items[m].id for m in sorted(members)],
                    0.0,
                    "its members form groups with no link at or above the threshold between them",
                )
            )

    # ------------------------------------------------------------ results

    def story_id(self, story: int) -> str:
        first = min(self.members[story], key=lambda p: (self.index.items[p].published_day, p))
        digest = hashlib.sha1(self.index.items[first].id.encode()).hexdigest()[:12]
        return f"s-{digest}"

    def stories(self) -> list[Story]:
        out = []
        for story, positions in self.members.items():
            ordered = sorted(positions, key=lambda p: (self.index.items[p].published_day, p))
            out.append(Story(self.story_id(story), [self.index.items[p].id for p in ordered]))
        out.sort(key=lambda s: s.id)
        return out

    def central_article(self, article_ids: Sequence[str]) -> str:
        """The member most strongly linked to the rest: the story's most typical report."""
        members = [self.index.position_of[a] for a in article_ids]
        inside = set(members)

        def weight(m: int) -> tuple[float, int]:
            return (sum(p for o, p in self.links[m].items() if o in inside), -m)

        return self.index.items[max(members, key=weight)].id


__all__ = ["FIELDS", "CandidateIndex", "Story", "StoryChange", "StoryClusterer"]
