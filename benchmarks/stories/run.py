"""Story clustering on GVA dev: quality against the gold incidents, speed, order dependence.

    .venv/bin/python benchmarks/stories/run.py [--gva ../shared/datasets/gva/dev] [--shuffles 3]

Measures, and writes to benchmarks/results/stories.json:
- B-cubed and pairwise precision/recall/F1 of the stories against GVA's gold incidents
  (duplicate inputs take their article's story; rejected inputs count as singletons);
- stories made against gold incidents;
- end-to-end throughput of the stories stage (embedding, clustering, copy detection);
- clustering time per article over the first 500 and over all articles in arrival order;
- the same scores with the input order shuffled.

The pair model was trained on this corpus, so these scores are in-sample; the held-out
estimate (trained on half the incidents, scored on the other half) is the model's
`trained_on.held_out_bcubed_f1`.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from storyline.evaluation import load_gva, score_clusters
from storyline.pipeline import load_encoder
from storyline.stories import StoryClusterer, article_features, default_pair_model
from storyline.stories.build import arrival_order, build_stories, cached_encoder

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "benchmarks" / "results" / "stories.json"


def cluster_time(items: list, model) -> tuple[float, StoryClusterer]:
    clusterer = StoryClusterer(model)
    start = time.perf_counter()
    clusterer.add(items)
    clusterer.settle()
    return time.perf_counter() - start, clusterer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gva", type=Path, default=REPO.parent / "shared/datasets/gva/dev")
    parser.add_argument("--shuffles", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = load_gva(args.gva, Path(tmp) / "gva.db")
    model = default_pair_model()
    articles = arrival_order(corpus.articles)
    print(f"{len(articles)} articles, {len(set(corpus.gold.values()))} gold incidents")

    start = time.perf_counter()
    built = build_stories(articles, load_encoder, model=model)
    end_to_end = time.perf_counter() - start
    story_of = {a: st["id"] for st in built.stories for a in st["articles"]}
    score = score_clusters(corpus.expand(story_of), corpus.gold)
    print(f"end to end {end_to_end:.1f} s = {len(articles) / end_to_end:.1f} articles/s")
    print("seconds by step: " + ", ".join(f"{k} {v:.1f}" for k, v in built.seconds.items()))
    print(f"arrival order: {score.to_dict()}")

    # clustering alone, from cached vectors, at two corpus sizes
    cached = {a: (lead, title) for a, lead, title in built.new_vectors}
    by_id = {a.id: a for a in articles}

    def features(ids: list[str]) -> list:
        batch = [by_id[x] for x in ids]
        return article_features(batch, cached_encoder(batch, cached, None))

    ids = [a.id for a in articles]
    items = features(ids)
    small_time, _ = cluster_time(items[:500], model)
    full_time, _ = cluster_time(items, model)
    per_small = small_time / 500 * 1000
    per_full = full_time / len(items) * 1000
    print(
        f"clustering: {per_small:.2f} ms/article at 500, {per_full:.2f} ms/article at "
        f"{len(items)} (ratio {per_full / per_small:.2f})"
    )

    shuffled = []
    for seed in range(args.shuffles):
        order = ids[:]
        random.Random(seed).shuffle(order)
        _, clusterer = cluster_time(features(order), model)
        s_of = {a: st.id for st in clusterer.stories() for a in st.articles}
        s = score_clusters(corpus.expand(s_of), corpus.gold)
        shuffled.append(s.f1)
        print(f"shuffle {seed}: B-cubed F1 {s.f1:.4f} (delta {s.f1 - score.f1:+.4f})")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "corpus": str(args.gva),
        "articles": len(articles),
        "gold_incidents": score.gold_clusters,
        "stories": len(built.stories),
        "arrival_order": score.to_dict(),
        "held_out_bcubed_f1": model.trained_on.get("held_out_bcubed_f1"),
        "threshold": model.threshold,
        "end_to_end_seconds": round(end_to_end, 1),
        "end_to_end_articles_per_second": round(len(articles) / end_to_end, 1),
        "seconds_by_step": {k: round(v, 1) for k, v in built.seconds.items()},
        "clustering_with_embeddings_articles_per_second": round(
            len(articles) / (built.seconds["features"] + built.seconds["clustering"]), 1
        ),
        "clustering_ms_per_article_at_500": round(per_small, 2),
        f"clustering_ms_per_article_at_{len(items)}": round(per_full, 2),
        "shuffled_bcubed_f1": [round(f, 4) for f in shuffled],
        "max_shuffle_delta": round(max(abs(f - score.f1) for f in shuffled), 4)
        if shuffled
        else None,
        "merges": sum(c["kind"] == "merge" for c in built.changes),
        "moves": sum(c["kind"] == "move" for c in built.changes),
        "splits": sum(c["kind"] == "split" for c in built.changes),
        "peak_rss_mb": round(peak),
        "machine": f"{platform.machine()}, {platform.python_version()}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
