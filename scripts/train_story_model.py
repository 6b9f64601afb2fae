"""Train the story pair model on GVA dev and write src/storyline/stories/data/pair_model.json.

    .venv/bin/python scripts/train_story_model.py [--gva ../shared/datasets/gva/dev]

The candidate pairs are exactly those the clusterer compares (same index, same
features, same arrival order), labelled by whether GVA's gold puts both articles in
one incident. On a share of the pairs the lexical similarities are hidden, as they are
between articles in different languages, so the model learns to decide from names,
numbers, dates and embeddings alone. The join threshold is chosen on held-out
incidents (trained on one half of the incidents, clustered and scored on the other),
and that held-out score is recorded in the model as the honest estimate; the shipped
model is then refitted on all pairs.
"""

from __future__ import annotations

import argparse
import json
import pickle
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from storyline.evaluation import GoldCorpus, load_gva, score_clusters
from storyline.pipeline import load_encoder
from storyline.stories import CandidateIndex, PairModel, StoryClusterer, article_features
from storyline.stories.features import ArticleFeatures
from storyline.stories.pairs import LEXICAL, PAIR_FEATURES

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "storyline" / "stories" / "data" / "pair_model.json"
HIDE_LEXICAL_SHARE = 0.15
HIDE_DATES_SHARE = 0.05
THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
SEED = 7
TIE = 0.002  # held-out F1 differences below this are noise between the two halves


def arrival_order(corpus: GoldCorpus) -> list[int]:
    return sorted(
        range(len(corpus.articles)),
        key=lambda i: (corpus.articles[i].published_iso() or "", corpus.articles[i].id),
    )


def candidate_pairs(items: list[ArticleFeatures]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    index = CandidateIndex()
    left, right, rows = [], [], []
    for position, item in enumerate(items):
        candidates, x = index.add(item)
        left += [position] * len(candidates)
        right += candidates
        rows.append(x)
    return np.array(left), np.array(right), np.vstack(rows)


def fit(x: np.ndarray, y: np.ndarray) -> HistGradientBoostingClassifier:
    rng = np.random.default_rng(SEED)
    x = x.copy()
    hide = rng.random(len(x)) < HIDE_LEXICAL_SHARE
    for name in LEXICAL:
        x[hide, PAIR_FEATURES.index(f"cos_{name}")] = np.nan
    # and, on a few, the dates, as for an article that prints none
    undated = rng.random(len(x)) < HIDE_DATES_SHARE
    for name in ("log_published_gap_days", "log_event_gap_days"):
        x[undated, PAIR_FEATURES.index(name)] = np.nan
    model = HistGradientBoostingClassifier(
        max_iter=150,
        learning_rate=0.1,
        max_leaf_nodes=15,
        l2_regularization=1.0,
        random_state=SEED,
    )
    return model.fit(x, y)


def export(model: HistGradientBoostingClassifier, threshold: float, trained_on: dict) -> dict:
    trees = []
    for (predictor,) in model._predictors:  # one predictor per iteration for binary loss
        nodes = predictor.nodes
        trees.append(
            {
                "feature": nodes["feature_idx"].tolist(),
                "threshold": [float(v) for v in nodes["num_threshold"]],
                "missing_left": nodes["missing_go_to_left"].astype(bool).tolist(),
                "left": nodes["left"].tolist(),
                "right": nodes["right"].tolist(),
                "leaf": nodes["is_leaf"].astype(bool).tolist(),
                "value": [float(v) for v in nodes["value"]],
            }
        )
    return {
        "features": list(PAIR_FEATURES),
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "threshold": threshold,
        "trained_on": trained_on,
        "trees": trees,
    }


def cluster_score(
    model: PairModel, items: list[ArticleFeatures], corpus: GoldCorpus, keep: set[str]
) -> dict:
    clusterer = StoryClusterer(model)
    clusterer.add(items)
    clusterer.settle()
    story_of = {a: s.id for s in clusterer.stories() for a in s.articles}
    predicted = corpus.expand(story_of)
    gold = {k: v for k, v in corpus.gold.items() if k in keep}
    return score_clusters(predicted, gold).to_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gva", type=Path, default=REPO.parent / "shared/datasets/gva/dev")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, help="keep article features here between runs")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = load_gva(args.gva, Path(tmp) / "gva.db")
    order = arrival_order(corpus)
    articles = [corpus.articles[i] for i in order]
    if args.cache and args.cache.exists():
        items = pickle.loads(args.cache.read_bytes())
    else:
        items = article_features(articles, load_encoder())
        if args.cache:
            args.cache.write_bytes(pickle.dumps(items))
    print(f"features of {len(items)} articles: {time.perf_counter() - started:.0f} s")
    left, right, x = candidate_pairs(items)
    incident = [corpus.gold.get(a.id, a.id) for a in articles]
    y = np.array([incident[i] == incident[j] for i, j in zip(left, right, strict=True)])
    half = np.array([zlib.crc32(incident[i].encode()) % 2 for i in range(len(items))])
    gold_pairs = sum(
        n * (n - 1) // 2
        for n in np.unique([incident[i] for i in range(len(items))], return_counts=True)[1]
    )
    print(f"{len(y)} candidate pairs, {int(y.sum())} same-incident of {gold_pairs} in gold")

    # held-out choice of the threshold: train on incidents of one half, score the other
    held_out = {}
    for train_half in (0, 1):
        mask = (half[left] == train_half) & (half[right] == train_half)
        model = PairModel.from_json(export(fit(x[mask], y[mask]), 0.5, {}))
        keep = {
            alias
            for i, a in enumerate(articles)
            if half[i] != train_half
            for alias in corpus.aliases[a.id]
        }
        for t in THRESHOLDS:
            score = cluster_score(model.with_threshold(t), items, corpus, keep)
            held_out.setdefault(t, []).append(score)
            print(f"train half {train_half} threshold {t}: {score}")
    mean_f1 = {t: float(np.mean([s["f1"] for s in scores])) for t, scores in held_out.items()}
    # The lowest threshold within TIE of the best: GVA's same-city shootings are the most
    # confusable stories there are, and elsewhere a missed join costs more than it does here.
    best = max(mean_f1.values())
    threshold = min(t for t, f in mean_f1.items() if f >= best - TIE)
    print(f"threshold {threshold}: held-out B-cubed F1 {mean_f1[threshold]:.4f}")

    final = fit(x, y)
    trained_on = {
        "corpus": "GVA dev (SemEval-2018 task 5), gold incidents",
        "articles": len(items),
        "candidate_pairs": len(y),
        "positive_pairs": int(y.sum()),
        "held_out_bcubed_f1": round(mean_f1[threshold], 4),
        "held_out_by_threshold": {str(t): round(v, 4) for t, v in mean_f1.items()},
    }
    data = export(final, threshold, trained_on)
    exported = PairModel.from_json(data)
    check = np.abs(exported.probability(x[:2000]) - final.predict_proba(x[:2000])[:, 1]).max()
    assert check < 1e-6, f"exported trees disagree with the trained model by {check}"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(
        f"wrote {args.out} ({args.out.stat().st_size // 1024} KB) in "
        f"{time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
