"""MUC-4 role-filler extraction on the dev split, scored with the GTT template metric.

    .venv/bin/python benchmarks/muc4/run.py [--muc4 ../shared/datasets/muc4] [--limit N]
        [--predictions out/muc4/dev_predictions.jsonl]

Runs `storyline.extract.roles.RoleExtractor` over dev.jsonl, scores it against
dev_gold.json (score.py: micro P/R/F1 over the six slots, the role-filler-only micro
average, each slot), prints it beside the published baselines and writes
benchmarks/results/muc4.json (not with --limit). The weights never saw dev: they are
learned from the train split alone. The decision thresholds (when to report an incident,
how many fillers a role keeps) are tuned, as the dataset's README says, on dev together
with the train split's out-of-fold predictions (scripts/train_roles.py); the train
figure beside dev here is that cross-validated one. The published figures are on the
test split (held out, not here), so they are a reference point, not a like-for-like
comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

from storyline.extract.roles import CONFIG_PATH, MODEL_PATH, RoleExtractor, to_muc_events

sys.path.insert(0, str(Path(__file__).resolve().parent))  # score.py, also when imported
from score import ROLES, SLOTS, load_gold, read_predictions, score

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "benchmarks" / "results" / "muc4.json"

# README of the dataset: test split, re-scored from the released predictions
BASELINES = {
    "GTT (Du et al., NAACL 2021)": [61.69, 42.36, 50.23, 44.45, 44.04, 41.79, 32.39, 54.12, 59.71],
    "IterX, T5-large (Chen et al., EACL 2023)": [
        60.92,
        46.92,
        53.01,
        48.38,
        43.44,
        38.24,
        47.51,
        56.25,
        63.96,
    ],
    "IterX, BART-large": [54.28, 50.37, 52.25, 47.54, 39.64, 34.02, 47.98, 61.93, 61.69],
    "IterX, BERT-base": [52.25, 51.11, 51.67, 46.44, 38.15, 37.50, 48.40, 56.57, 56.44],
}
COLUMNS = ["P", "R", "F1", "roles F1", *ROLES]


def run(muc4: Path, limit: int | None = None) -> dict:
    """Extract, score and time; the figures as a dict (percentages)."""
    with open(muc4 / "dev.jsonl", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()][:limit]
    gold = load_gold(muc4 / "dev_gold.json")
    ids = [d["id"] for d in docs]
    gold = {docid: gold[docid] for docid in ids}

    loading = time.perf_counter()
    extractor = RoleExtractor.load()
    extractor.nlp  # noqa: B018 - load spaCy outside the timed run
    loaded = time.perf_counter() - loading
    start = time.perf_counter()
    incidents = list(extractor.extract_many(d["text"] for d in docs))
    seconds = time.perf_counter() - start

    rows = [
        {"id": docid, "events": to_muc_events(found)}
        for docid, found in zip(ids, incidents, strict=True)
    ]
    report = score(read_predictions(rows), gold).report()
    trained = json.loads(CONFIG_PATH.read_text(encoding="utf-8"))["trained_on"]
    return {
        "split": "dev",
        "documents": len(docs),
        "gold_templates": sum(len(v) for v in gold.values()),
        "predicted_templates": sum(len(r["events"]) for r in rows),
        "scores": {
            key: {m: round(100 * v[m], 2) for m in ("p", "r", "f1")}
            | {m: v[m] for m in ("p_num", "p_den", "r_num", "r_den")}
            for key, v in report.items()
        },
        "speed": {
            "seconds": round(seconds, 2),
            "documents_per_second": round(len(docs) / seconds, 1),
            "load_seconds": round(loaded, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        },
        "model": {
            "artefact": str(MODEL_PATH.relative_to(REPO)),
            "artefact_mb": round(MODEL_PATH.stat().st_size / 1e6, 2),
            "train_cross_validated_f1": trained["cross_validated"]["micro"]["f1"],
            "train_seconds": trained["train_seconds"],
        },
        "predictions": rows,
    }


def table(result: dict) -> str:
    s = result["scores"]
    ours = [s["micro"]["p"], s["micro"]["r"], s["micro"]["f1"], s["role_fillers"]["f1"]]
    ours += [s[role]["f1"] for role in ROLES]
    width = max(len(k) for k in BASELINES) + len(" (test)") + 2
    lines = [f"{'system':<{width}}" + "".join(f"{c:>10}" for c in COLUMNS)]
    lines.append(f"{'storyline roles (dev)':<{width}}" + "".join(f"{v:>10.2f}" for v in ours))
    for name, values in BASELINES.items():
        lines.append(f"{name + ' (test)':<{width}}" + "".join(f"{v:>10.2f}" for v in values))
    lines.append("")
    lines.append(f"{'slot':<16}{'P':>8}{'R':>8}{'F1':>8}")
    for key in ("micro", "role_fillers", *SLOTS):
        r = s[key]
        lines.append(f"{key:<16}{r['p']:>8.2f}{r['r']:>8.2f}{r['f1']:>8.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--muc4", type=Path, default=REPO.parent / "shared/datasets/muc4")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--predictions", type=Path, help="also write the predictions here")
    args = parser.parse_args()
    result = run(args.muc4, args.limit)
    rows = result.pop("predictions")
    print(
        f"{result['documents']} documents, {result['gold_templates']} gold templates, "
        f"{result['predicted_templates']} predicted"
    )
    print(table(result))
    speed = result["speed"]
    print(
        f"\n{speed['documents_per_second']} documents/s ({speed['seconds']} s, "
        f"model load {speed['load_seconds']} s, peak RSS {speed['peak_rss_mb']} MB)"
    )
    if args.predictions:
        args.predictions.parent.mkdir(parents=True, exist_ok=True)
        with open(args.predictions, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row) + "\n")
    if args.limit is None:
        result["baselines_test"] = {
            k: dict(zip(COLUMNS, v, strict=True)) for k, v in BASELINES.items()
        }
        result["machine"] = {
            "python": platform.python_version(),
            "cpus": len(os.sched_getaffinity(0)),
        }
        result["measured_at"] = datetime.now().isoformat(timespec="seconds")
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
