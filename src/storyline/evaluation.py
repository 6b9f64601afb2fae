"""Scoring against gold data: clustering measures and the GVA dev corpus as articles.

Used by the benchmarks and by the training script, so that what is tuned and what is
reported are measured the same way.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from storyline.model import Article
from storyline.pipeline import ingest
from storyline.storage import open_store


@dataclass(frozen=True, slots=True)
class ClusterScore:
    precision: float
    recall: float
    f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    clusters: int
    gold_clusters: int

    def to_dict(self) -> dict[str, float | int]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_clusters(predicted: Mapping[str, str], gold: Mapping[str, str]) -> ClusterScore:
    """B-cubed and pairwise precision/recall/F1 over the items of `gold`.

    An item the system gave no cluster counts as a cluster of its own.
    """
    pred = {item: predicted.get(item, f"\0{item}") for item in gold}
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, label in pred.items():
        by_pred[label].add(item)
    for item, label in gold.items():
        by_gold[label].add(item)
    precision = recall = 0.0
    for item in gold:
        mine, truth = by_pred[pred[item]], by_gold[gold[item]]
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    precision /= len(gold)
    recall /= len(gold)
    pairs_pred = sum(len(c) * (len(c) - 1) // 2 for c in by_pred.values())
    pairs_gold = sum(len(c) * (len(c) - 1) // 2 for c in by_gold.values())
    pairs_both = 0
    for cluster in by_pred.values():
        counts: dict[str, int] = defaultdict(int)
        for item in cluster:
            counts[gold[item]] += 1
        pairs_both += sum(c * (c - 1) // 2 for c in counts.values())
    pp = pairs_both / pairs_pred if pairs_pred else 1.0
    pr = pairs_both / pairs_gold if pairs_gold else 1.0
    return ClusterScore(
        precision, recall, _f1(precision, recall), pp, pr, _f1(pp, pr), len(by_pred), len(by_gold)
    )


@dataclass(slots=True)
class GoldCorpus:
    """A corpus ingested into a store, with its gold grouping of input ids."""

    articles: list[Article]
    gold: dict[str, str]  # input id -> gold incident
    aliases: dict[str, list[str]]  # article id -> input ids it stands for (itself + duplicates)

    def expand(self, story_of_article: Mapping[str, str]) -> dict[str, str]:
        """Story of every input id, duplicates taking their article's story."""
        out = {}
        for article_id, story in story_of_article.items():
            for input_id in self.aliases.get(article_id, [article_id]):
                out[input_id] = story
        return out


def load_gva(split_dir: Path, db_path: Path) -> GoldCorpus:
    """GVA articles of one split (ingested into `db_path` unless already there) and gold."""
    store = open_store(db_path)
    try:
        ingest([str(split_dir / "articles.jsonl")], store)
        articles = list(store.articles())
        duplicates = store.duplicates_by_article()
    finally:
        store.close()
    gold = {}
    with open(split_dir / "gold_clusters.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            gold[row["id"]] = row["incident"]
    aliases = {
        a.id: [a.id, *(str(d["id"]) for d in duplicates.get(a.id, []) if d.get("id"))]
        for a in articles
    }
    return GoldCorpus(articles, gold, aliases)
