"""Entity resolution: name matching precision/recall, the Kerman gate, and mention speed.

Four parts, all built at run time from ../shared (nothing of it is copied here):

1. kerman: the five Kerman articles go through `find_mentions_many` + `resolve` as one
   story; every variant group of expected.json (`entities`, `attacker_names_in_claim`)
   must be one entity, found wherever its spellings are printed, and no group may merge
   with its `must_not_merge_with` names.
2. gva: people of GVA dev. Each named participant of an incident (gold_incidents.jsonl) is
   looked for in the articles of that incident (gold_clusters.jsonl): "Jordan Baker",
   "Jordan D. Baker", a bare "Baker" (given to the participant named nearest before it
   when two participants share the surname; skipped when none is), and a misspelt
   surname after the exact given name. These spans replace the person mentions
   `find_mentions` gave there (the rest stay, as distractors), the gold full names join
   the incident's story as a pseudo-article, and everything is resolved with stories =
   incidents. Pairwise precision/recall over the labelled mentions (each article's
   spelling counted once: `variants`; and every mention: `mentions`). Hard negatives:
   pairs of different participants with the same or a similar surname (Jaro-Winkler ≥
   0.85 on the folded surnames), inside an incident or across incidents.
3. translit: names of public figures spelled as news in several languages spells them
   (written for this benchmark from general knowledge), with hard negatives (Raisi and
   Rezaei, Khamenei and Khomeini), compared by `same_person` without context.
4. speed: `find_mentions_many` over all GVA dev articles, one process.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/entities/run.py [--json OUT] [--limit N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz.distance import JaroWinkler, Levenshtein

from storyline.entities import Mention, find_mentions_many, parse_name, resolve, same_person
from storyline.entities.names import fold
from storyline.ingest import default_registry, iter_units, parse_document
from storyline.ingest.text import split_sentences
from storyline.model import Article, OffsetMap, Piece

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
KERMAN = SHARED / "corpus" / "kerman-2024"
GVA_DEV = SHARED / "datasets" / "gva" / "dev"
HARD_JW = 0.85

# Spellings of one person each, as printed by news in en/fr/es/it (general knowledge).
TRANSLIT_GROUPS = [
    [
        "Qasem Soleimani",
        "Qassem Soleimani",
        "Ghassem Soleimani",
        "Qassem Suleimani",
        "Qasim Soleimani",
        "Kassem Soleimani",
    ],
    ["Ebrahim Raisi", "Ebrahim Raissi", "Ebrahim Raïssi", "Ibrahim Raisi", "Ebrahim Raeisi"],
    ["Mohsen Rezaei", "Mohsen Rezaee", "Mohsen Rezai"],
    ["Ali Khamenei", "Ali Khamenei", "Ali Khameneï"],
    ["Ruhollah Khomeini", "Rouhollah Khomeini", "Ruhollah Khomeyni"],
    ["Hassan Nasrallah", "Hasan Nasrallah", "Hassan Nasrallá", "Hassan Nasrallâh"],
    [
        "Abu Bakr al-Baghdadi",
        "Abou Bakr al-Baghdadi",
        "Abu Bakr el-Baghdadi",
        "Abu Bakr al Bagdadi",
    ],
    ["Ismail Haniyeh", "Ismaïl Haniyeh", "Ismail Haniya", "Ismail Hanieh", "Ismail Haniyé"],
    ["Yahya Sinwar", "Yahya Sinouar", "Yahia Sinwar"],
    ["Mohammed Deif", "Mohammad Deif", "Mohamed Deif", "Muhammad Deif"],
    ["Hossein Salami", "Hussein Salami", "Hosein Salami"],
    ["Ayman al-Zawahiri", "Ayman al-Zawahri", "Aymán al Zawahiri", "Ayman az-Zawahiri"],
    ["Osama bin Laden", "Oussama ben Laden", "Usama bin Ladin", "Osama bin Ladin"],
    ["Esmail Qaani", "Esmaïl Qaani", "Ismail Qaani", "Esmail Ghaani"],
    ["Abu Mohammad al-Julani", "Abou Mohammed al-Joulani", "Abu Muhammad al-Jawlani"],
    ["Abdul Malik al-Houthi", "Abdel-Malek al-Houthi", "Abdulmalik al-Huthi"],
    ["Mohammed bin Salman", "Mohamed ben Salmane", "Muhammad bin Salman"],
    ["Recep Tayyip Erdogan", "Recep Tayyip Erdoğan", "Recep Erdogan"],
    ["Hossein Amir-Abdollahian", "Hossein Amirabdollahian", "Hosein Amir Abdollahian"],
]
# Different people whose names look alike.
TRANSLIT_NEGATIVES = [
    ("Ebrahim Raisi", "Ebrahim Rezaei"),
    ("Ebrahim Raisi", "Mohsen Rezaei"),
    ("Ali Khamenei", "Ali Khomeini"),
    ("Ruhollah Khomeini", "Ali Khamenei"),
    ("Hassan Nasrallah", "Hassan Rouhani"),
    ("Mohammed Deif", "Mohammed Dahlan"),
    ("Ismail Haniyeh", "Ismail Qaani"),
    ("Hossein Salami", "Hossein Dehghan"),
    ("Osama bin Laden", "Hamza bin Laden"),
    ("Abu Bakr al-Baghdadi", "Abu Omar al-Baghdadi"),
    ("Yahya Sinwar", "Mohammed Sinwar"),
    ("Mohammed bin Salman", "Mohammed bin Zayed"),
    ("Qasem Soleimani", "Qasem Suleiman"),
    ("Omar al-Muwahid", "Omar al-Mujahid"),
]


# ---- loading ---------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_articles(path: Path) -> list[Article]:
    registry = default_registry()
    out = []
    for _source, units in iter_units([str(path)]):
        for unit in units:
            if hasattr(unit, "text"):
                try:
                    out.append(parse_document(unit, registry))
                except ValueError:
                    continue
    return out


def text_article(aid: str, text: str) -> Article:
    offsets = OffsetMap([Piece(0, len(text), 0, len(text))])
    return Article(
        id=aid,
        raw_text=text,
        clean_text=text,
        offsets=offsets,
        sentences=split_sentences(text, text, offsets),
        content_hash="",
        language="en",
    )


# ---- pairwise scoring ------------------------------------------------------------------------


def pairwise(items: list[tuple[object, object]]) -> dict[str, float | int]:
    """Pairwise P/R of (gold, predicted) labels: a pair is positive when both agree."""
    pairs = lambda counts: sum(n * (n - 1) // 2 for n in counts.values())  # noqa: E731
    tp = pairs(Counter(items))
    pred = pairs(Counter(p for _g, p in items))
    gold = pairs(Counter(g for g, _p in items))
    return {
        "items": len(items),
        "gold_pairs": gold,
        "predicted_pairs": pred,
        "true_pairs": tp,
        "precision": round(tp / pred, 4) if pred else 1.0,
        "recall": round(tp / gold, 4) if gold else 1.0,
    }


# ---- 1. Kerman ----------------------------------------------------------------------------


def kerman() -> dict:
    expected = json.loads((KERMAN / "expected.json").read_text(encoding="utf-8"))
    articles = load_articles(KERMAN)
    mentions = find_mentions_many(articles)
    index = resolve(mentions, {a.id: "kerman" for a in articles})
    groups = list(expected["entities"]) + list(expected["event"]["attacker_names_in_claim"])

    def ids_of(variant: str) -> tuple[set[str | None], int]:
        ids: set[str | None] = set()
        n = 0
        pat = re.compile(rf"(?<![\w-]){re.escape(variant)}(?![\w-])")
        for a in articles:
            for m in pat.finditer(a.raw_text):
                n += 1
                ids.add(index.entity_of(a.id, m.start(), m.end()))
        return ids, n

    rows = []
    for g in groups:
        ids: set[str | None] = set()
        found = {}
        for v in g["variants"]:
            vids, n = ids_of(v)
            found[v] = n
            ids |= vids
        apart = []
        for other in g.get("must_not_merge_with", []):
            oids, _n = ids_of(other)
            apart.append({"name": other, "merged": bool(oids & ids - {None})})
        ok = len(ids) == 1 and None not in ids
        entity = index.get(next(iter(ids))) if ok else None
        rows.append(
            {
                "canonical": g["canonical"],
                "ok": ok,
                "entity": entity.id if entity else sorted(map(str, ids)),
                "entity_canonical": entity.canonical if entity else None,
                "occurrences": found,
                "must_not_merge": apart,
            }
        )
    return {
        "groups": len(rows),
        "groups_one_entity": sum(r["ok"] for r in rows),
        "must_not_merge_respected": all(not a["merged"] for r in rows for a in r["must_not_merge"]),
        "rows": rows,
    }


# ---- 2. GVA -----------------------------------------------------------------------------------

_QUOTED = re.compile(r"[\"“”‘’']\s*[^\"“”‘’']+?\s*[\"“”‘’']")
_DROP = {"officer", "jr", "sr", "ii", "iii", "iv", "deputy", "sgt", "det"}


def clean_gold(name: str) -> list[str] | None:
    """A gold participant's name as tokens, without quoted nicknames, AKAs and suffixes."""
    name = _QUOTED.sub(" ", name)
    name = re.split(r"\b(?:AKA|aka|a\.k\.a\.?)\b|/|\(", name)[0]
    toks = [t for t in name.replace(",", " ").split() if fold(t) not in _DROP]
    if len(toks) < 2 or any(not re.fullmatch(r"[A-Za-zÀ-ÿ.'’-]+", t) for t in toks):
        return None
    if len(toks[-1].strip(".")) < 2 or len(toks[0].strip(".")) < 2:
        return None
    if not all(t[:1].isupper() for t in (toks[0], toks[-1])):
        return None  # "unborn child"
    return toks


def label_spans(text: str, participants: list[tuple[int, list[str]]]) -> list[tuple]:
    """(start, end, participant) spans of the participants' names in one article."""
    out: list[tuple[int, int, int, bool]] = []  # (start, end, pid, full)
    by_last: dict[str, list[int]] = defaultdict(list)
    for pid, toks in participants:
        by_last[fold(toks[-1])].append(pid)
    for pid, toks in participants:
        first, last, middles = toks[0], toks[-1], toks[1:-1]
        mids = [re.escape(m) for m in middles] + [re.escape(m[0]) + r"\.?" for m in middles]
        mid_re = "|".join([*mids, r"[A-Z]\."])
        full_re = re.compile(
            rf"(?<![\w'-]){re.escape(first)}(?:\s+(?:{mid_re}))*\s+{re.escape(last)}(?![\w-])"
        )
        taken: list[tuple[int, int]] = []
        for m in full_re.finditer(text):
            out.append((m.start(), m.end(), pid, True))
            taken.append((m.start(), m.end()))
        for m in re.finditer(rf"(?<![\w'-]){re.escape(last)}(?![\w-])", text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            out.append((m.start(), m.end(), pid, False))
        # a misspelt surname after the exact given name ("Jordan Bakr")
        for m in re.finditer(
            rf"(?<![\w'-]){re.escape(first)}\s+([A-Z][a-z'’-]{{3,}})(?![\w-])", text
        ):
            word = m.group(1)
            if word == last or fold(word) in by_last:
                continue
            if Levenshtein.normalized_similarity(fold(word), fold(last)) >= 0.8:
                out.append((m.start(), m.end(), pid, True))
    # a bare surname two participants share: to the one named in full nearest before it
    result = []
    shared = {k for k, v in by_last.items() if len(v) > 1}
    fulls = sorted((s, pid) for s, _e, pid, full in out if full)
    seen: set[tuple[int, int]] = set()
    for s, e, pid, full in sorted(out):
        if (s, e) in seen:
            continue
        key = fold(text[s:e].split()[-1])
        if not full and key in shared:
            before = [p for fs, p in fulls if fs < s and p in by_last[key]]
            if not before:
                continue
            pid = before[-1]
        seen.add((s, e))
        result.append((s, e, pid))
    return result


def gva(articles: list[Article], mentions: dict[str, list[Mention]]) -> dict:
    gold_of = {r["id"]: r["incident"] for r in read_jsonl(GVA_DEV / "gold_clusters.jsonl")}
    incidents = {r["incident"]: r for r in read_jsonl(GVA_DEV / "gold_incidents.jsonl")}
    participants: dict[str, list[tuple[int, list[str]]]] = {}
    names: dict[tuple[str, int], list[str]] = {}
    for inc, row in incidents.items():
        plist = []
        seen_names: Counter[str] = Counter()
        for i, p in enumerate(row.get("participants") or []):
            toks = clean_gold(p["name"]) if p.get("name") else None
            if toks:
                plist.append((i, toks))
                seen_names[fold(" ".join(toks))] += 1
        # two participants of one name cannot be told apart by name: leave both out
        plist = [(i, t) for i, t in plist if seen_names[fold(" ".join(t))] == 1]
        participants[inc] = plist
        for i, t in plist:
            names[(inc, i)] = t

    by_article: dict[str, list[Mention]] = {}
    story_of: dict[str, str] = {}
    labelled: list[tuple[str, int, int, tuple[str, int], str]] = []
    found_by_ner = 0
    for a in articles:
        inc = gold_of.get(a.id)
        if inc is None:
            continue
        story_of[a.id] = inc
        spans = label_spans(a.raw_text, participants.get(inc, []))
        ms = list(mentions.get(a.id, []))
        for s, e, _pid in spans:
            if any(m.type == "person" and m.start == s and m.end == e for m in ms):
                found_by_ner += 1
        ms = [
            m
            for m in ms
            if not (m.type == "person" and any(s < m.end and m.start < e for s, e, _p in spans))
        ]
        for s, e, pid in spans:
            ms.append(Mention("person", a.raw_text[s:e], a.evidence(s, e), "gold-span"))
            labelled.append((a.id, s, e, (inc, pid), a.raw_text[s:e]))
        by_article[a.id] = ms
    # the gold names, one pseudo-article per incident, in its story
    for inc, plist in participants.items():
        if not plist:
            continue
        parts, spans = [], []
        pos = 0
        for pid, toks in plist:
            name = " ".join(toks)
            spans.append((pos, pos + len(name), pid))
            parts.append(name)
            pos += len(name) + 2
        text = ". ".join(parts) + "."
        art = text_article(f"gold:{inc}", text)
        story_of[art.id] = inc
        by_article[art.id] = [
            Mention("person", text[s:e], art.evidence(s, e), "gold") for s, e, _p in spans
        ]
        for s, e, pid in spans:
            labelled.append((art.id, s, e, (inc, pid), text[s:e]))

    t0 = time.perf_counter()
    index = resolve(by_article, story_of)
    resolve_s = time.perf_counter() - t0

    items = []
    for aid, s, e, gold, surface in labelled:
        eid = index.entity_of(aid, s, e)
        items.append((aid, gold, eid or f"none:{aid}:{s}", surface))
    every = pairwise([(g, p) for _a, g, p, _s in items])
    dedup = {(a, g, surface): p for a, g, p, surface in items}
    variants = pairwise([(g, p) for (_a, g, _s), p in dedup.items()])
    hard = hard_negatives(items, names)
    # entities holding mentions of more than one participant: where precision is lost
    mixed: dict[str, Counter] = defaultdict(Counter)
    for _a, g, p, surface in items:
        mixed[p][(" ".join(names[g]), surface)] += 1
    worst = []
    for counter in mixed.values():
        people = {name for name, _s in counter}
        if len(people) > 1:
            by_person = Counter()
            for (name, _s), n in counter.items():
                by_person[name] += n
            lost = sum(by_person.values()) ** 2 - sum(n * n for n in by_person.values())
            worst.append((lost // 2, sorted(counter.items(), key=lambda kv: -kv[1])[:6]))
    worst.sort(key=lambda t: -t[0])
    real = [x for x in labelled if not x[0].startswith("gold:")]
    return {
        "articles": len([a for a in by_article if not a.startswith("gold:")]),
        "incidents_with_names": sum(1 for p in participants.values() if p),
        "participants": len(names),
        "labelled_text_mentions": len(real),
        "labelled_found_exactly_by_find_mentions": round(found_by_ner / max(1, len(real)), 4),
        "variants": variants,
        "mentions": every,
        "hard_negatives": hard,
        "mixed_entities": len(worst),
        "worst_mixed": [
            {"false_pairs": n, "mentions": [[name, surface, c] for (name, surface), c in rows]}
            for n, rows in worst[:8]
        ],
        "resolve_seconds": round(resolve_s, 2),
        "entities": len(index),
    }


def hard_negatives(items: list[tuple], names: dict[tuple[str, int], list[str]]) -> dict:
    """Pairs of different participants with alike surnames, and how many were merged."""
    by_gold: dict[tuple[str, int], set[str]] = defaultdict(set)
    for _a, g, p, _s in items:
        by_gold[g].add(p)
    blocks: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for g in by_gold:
        blocks[fold(names[g][-1])[:1]].append(g)
    pairs = merged = same_incident = same_incident_merged = same_name_merged = 0
    examples = []
    for members in blocks.values():
        for g1, g2 in itertools.combinations(members, 2):
            s1, s2 = fold(names[g1][-1]), fold(names[g2][-1])
            if s1 != s2 and JaroWinkler.similarity(s1, s2) < HARD_JW:
                continue
            pairs += 1
            inside = g1[0] == g2[0]
            same_incident += inside
            if by_gold[g1] & by_gold[g2]:
                merged += 1
                same_incident_merged += inside
                if fold(" ".join(names[g1])) == fold(" ".join(names[g2])):
                    same_name_merged += 1
                if len(examples) < 12:
                    examples.append([" ".join(names[g1]), " ".join(names[g2]), inside])
    return {
        "participant_pairs": pairs,
        "merged": merged,
        "merged_with_identical_full_name": same_name_merged,
        "within_incident_pairs": same_incident,
        "within_incident_merged": same_incident_merged,
        "examples_merged": examples,
    }


# ---- 3. transliteration -------------------------------------------------------------------


def translit() -> dict:
    pos = [(a, b) for g in TRANSLIT_GROUPS for a, b in itertools.combinations(g, 2) if a != b]
    tp = sum(same_person(parse_name(a), parse_name(b)) for a, b in pos)
    fp_pairs = [(a, b) for a, b in TRANSLIT_NEGATIVES if same_person(parse_name(a), parse_name(b))]
    misses = [(a, b) for a, b in pos if not same_person(parse_name(a), parse_name(b))]
    pred = tp + len(fp_pairs)
    return {
        "positive_pairs": len(pos),
        "negative_pairs": len(TRANSLIT_NEGATIVES),
        "precision": round(tp / pred, 4) if pred else 1.0,
        "recall": round(tp / len(pos), 4) if pos else 1.0,
        "false_matches": fp_pairs,
        "misses": misses,
    }


# ---- main ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="GVA articles (0: all)")
    args = parser.parse_args()

    out: dict = {"kerman": kerman(), "translit": translit()}
    print(
        "kerman:",
        out["kerman"]["groups_one_entity"],
        "/",
        out["kerman"]["groups"],
        "groups one entity; must-not-merge respected:",
        out["kerman"]["must_not_merge_respected"],
    )
    print("translit:", {k: out["translit"][k] for k in ("precision", "recall")})

    articles = load_articles(GVA_DEV / "articles.jsonl")
    if args.limit:
        articles = articles[: args.limit]
    find_mentions_many(articles[:20])  # load models and gazetteer before timing
    t0, c0 = time.perf_counter(), time.process_time()
    mentions: dict[str, list[Mention]] = {}
    for i in range(0, len(articles), 200):
        mentions.update(find_mentions_many(articles[i : i + 200]))
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    n_mentions = sum(len(v) for v in mentions.values())
    # CPU seconds are what one dedicated core would take; wall time depends on what else
    # the shared machine runs
    out["speed"] = {
        "articles": len(articles),
        "wall_seconds": round(elapsed, 2),
        "cpu_seconds": round(cpu, 2),
        "articles_per_second": round(len(articles) / elapsed, 1),
        "articles_per_cpu_second": round(len(articles) / cpu, 1),
        "mentions_per_second": round(n_mentions / elapsed, 1),
        "mentions_per_cpu_second": round(n_mentions / cpu, 1),
        "mentions": n_mentions,
        "by_type": dict(Counter(m.type for v in mentions.values() for m in v)),
    }
    print("speed:", out["speed"])
    out["gva"] = gva(articles, mentions)
    g = out["gva"]
    print("gva variants:", g["variants"])
    print("gva mentions:", g["mentions"])
    print(
        "gva hard negatives:",
        {k: v for k, v in g["hard_negatives"].items() if k != "examples_merged"},
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
