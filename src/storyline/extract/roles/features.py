"""What the models read from a parsed document: noun-phrase candidates grouped by their
normalised string, with the features of every occurrence, and sentence and document
features. Plain lists instead of spaCy token objects, for speed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storyline.extract.roles.schema import (
    MUC_TYPES,
    TRIGGERS,
    _lex,
    acronym,
    normalize,
)

_ARGS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "compound", "amod", "poss"})
_SKIP_HEAD = frozenset({"PRON", "DET", "NUM", "PUNCT", "SPACE", "ADP", "CCONJ", "SYM"})
_PREPS = frozenset({"of", "for", "from", "in", "at", "on"})
_MAX_SPAN = 12


@dataclass(slots=True)
class Candidate:
    """A noun phrase with all its occurrences in one document."""

    key: str  # normalised string
    spans: list[tuple[int, int]]  # token spans, in text order
    # feature -> bit mask of the sentences where an occurrence has it (0: not sentence-bound)
    masks: dict[str, int] = field(default_factory=dict)
    trigger_distance: dict[str, int] = field(default_factory=dict)  # MUC type -> tokens


@dataclass(slots=True)
class Analysis:
    """What the models read from one document."""

    candidates: list[Candidate]
    doc_features: dict[str, float]
    triggers: dict[str, list[int]]  # MUC type -> token indices of its trigger words
    sentences: list[dict[str, float]]  # features of each sentence
    sent_spans: list[tuple[int, int]]  # token span of each sentence
    char_spans: list[tuple[int, int]]  # character span of each token


class _Tokens:
    """Token attributes as plain lists: spaCy builds a Python object for every token access,
    which made up most of the analysis time."""

    def __init__(self, doc: Any):
        toks = list(doc)
        self.lemma = [t.lemma_ for t in toks]
        self.lower = [t.lower_ for t in toks]
        self.pos = [t.pos_ for t in toks]
        self.dep = [t.dep_ for t in toks]
        self.head = [t.head.i for t in toks]
        self.loose = [t.is_punct or t.is_space for t in toks]
        self.word = [t.is_alpha and not t.is_stop for t in toks]
        self.chars = [(t.idx, t.idx + len(t.text)) for t in toks]
        self.left = [t.left_edge.i for t in toks]  # subtree edges
        self.right = [t.right_edge.i for t in toks]
        self.children: list[list[int]] = [[] for _ in toks]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)

    def root(self, start: int, end: int) -> int:
        """The span's word whose head lies outside it (the last, for a broken span)."""
        root = end - 1
        for i in range(start, end):
            if not start <= self.head[i] < end or self.head[i] == i:
                root = i
        return root


def _bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 4, 8, 16)) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


_NP_DEPS = frozenset(
    {"oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT"}
)


def _noun_chunks(tk: _Tokens) -> Iterator[tuple[int, int, int]]:
    """spaCy's English noun chunks (start, end, root), over the plain lists: its own
    iterator builds a Python object per token visited, a sixth of the analysis time."""
    prev_end = -1
    for i, pos in enumerate(tk.pos):
        if pos not in {"NOUN", "PROPN", "PRON"} or tk.left[i] <= prev_end:
            continue
        dep = tk.dep[i]
        if dep == "conj":
            head = tk.head[i]
            while tk.dep[head] == "conj" and tk.head[head] < head:
                head = tk.head[head]
            dep = tk.dep[head]
        if dep in _NP_DEPS:
            prev_end = i
            yield tk.left[i], i + 1, i


def _span_sources(tk: _Tokens) -> dict[tuple[int, int], str]:
    """Candidate token spans and how each was made (a feature: chunks make the best ones).
    Gold fillers are often a suffix of a chunk ("luis carlos galan" in "presidential
    candidate luis carlos galan") or a chunk with its "of" phrase ("members of the fmln")."""
    spans: dict[tuple[int, int], str] = {}

    def add(start: int, end: int, how: str) -> None:
        while start < end and (tk.loose[start] or tk.lower[start] in {"the", "a", "an"}):
            start += 1
        while end > start and tk.loose[end - 1]:
            end -= 1
        if 0 < end - start <= _MAX_SPAN:
            spans.setdefault((start, end), how)

    for start, end, root in _noun_chunks(tk):
        add(start, end, "chunk")
        for i in range(start + 1, end):
            add(i, end, "suffix")
        for prep in tk.children[root]:
            if prep > root and tk.dep[prep] == "prep" and tk.lower[prep] in _PREPS:
                add(start, tk.right[prep] + 1, "pp")
    # runs of proper nouns, their prefixes and suffixes ("galan" of "luis carlos galan"; the
    # inner parts were 1 filler in 150 candidates)
    run: list[int] = []
    for i in range(len(tk.pos) + 1):
        if i < len(tk.pos) and tk.pos[i] == "PROPN":
            run.append(i)
            continue
        for k in range(len(run)):
            add(run[0], run[k] + 1, "propn")
            add(run[k], run[-1] + 1, "propn")
        run = []
    for i, pos in enumerate(tk.pos):
        if pos in {"NOUN", "PROPN"}:
            add(i, i + 1, "word")
            if tk.right[i] - tk.left[i] < 6:  # longer subtrees were fillers 1 time in 250
                add(tk.left[i], tk.right[i] + 1, "subtree")
    return spans


def _verb_path(tk: _Tokens, i: int) -> tuple[str, int | None]:
    """Dependency labels up to the governing verb (or attack noun), and that word."""
    path = []
    for _ in range(4):
        if tk.head[i] == i:
            break
        path.append(tk.dep[i])
        i = tk.head[i]
        if tk.pos[i] in {"VERB", "AUX"} or tk.lemma[i] in TRIGGERS["attack"]:
            return "/".join(path), i
    return "/".join(path), None


# Word classes that generalise the lexical features across verbs and nouns the training
# set saw rarely: the agent of any attack verb, whoever is blamed or claims an act.
_RESPONSIBILITY = _lex(
    "claim responsibility responsible blame attribute accuse charge suspect perpetrate "
    "commit author authorship"
)
_ACTORS = _lex(
    "guerrilla guerrillas rebel terrorist terrorists insurgent commando gunman gunmen member "
    "militant subversive soldier troops army squad individual assailant attacker man men"
)
_GROUPS = _lex(
    "front army movement group cartel force forces command organization party faction "
    "commando unit brigade battalion mafia squad"
)


def _classes(lemma: str) -> list[str]:
    """Classes of a governing word: the MUC types it triggers, responsibility, actor."""
    out = [typ for typ, words in TRIGGERS.items() if lemma in words]
    if lemma in _RESPONSIBILITY:
        out.append("resp")
    if lemma in _ACTORS:
        out.append("actor")
    return out


def _occurrence_features(
    tk: _Tokens, start: int, end: int, how: str, sent_index: list[int], trig: dict[str, list[int]]
) -> tuple[list[str], dict[str, int]]:
    """Feature names of one occurrence, and its distance to the nearest trigger per type."""
    root = tk.root(start, end)
    gov = tk.head[root]
    path, verb = _verb_path(tk, root)
    s = sent_index[start]
    n = len(tk.lower)
    f = [f"how={how}", f"n={min(end - start, 6)}", f"h={tk.lemma[root]}", f"hp={tk.pos[root]}"]
    f += [f"hd={tk.dep[root]}", f"first={tk.lower[start]}", f"g={tk.dep[root]}>{tk.lemma[gov]}"]
    f += [f"w={tk.lemma[i]}" for i in range(start, end) if not tk.loose[i] and tk.pos[i] != "DET"]
    if tk.dep[root] == "pobj":
        above = tk.lemma[tk.head[gov]]
        f += [f"pg={tk.lower[gov]}>{above}", f"pgd={tk.lower[gov]}>{tk.dep[tk.head[gov]]}"]
        f += [f"pgt={tk.lower[gov]}>{c}" for c in _classes(above)]
    if verb is not None:
        f += [f"v={tk.lemma[verb]}", f"vp={path}>{tk.lemma[verb]}"]
        f += [f"vt={path}>{c}" for c in _classes(tk.lemma[verb])]
    f += [f"hc={c}" for c in _classes(tk.lemma[root])]
    if tk.lemma[root] in _GROUPS:
        f.append("hc=group")
    # the words it modifies or is modified by, by class: "fmln" in "fmln guerrillas"
    f += [f"gt={tk.dep[root]}>{c}" for c in _classes(tk.lemma[gov])]
    for ch in tk.children[root]:
        if not start <= ch < end and tk.dep[ch] in {"appos", "compound", "amod", "acl", "relcl"}:
            f += [f"ch={tk.dep[ch]}:{tk.lemma[ch]}"]
    f += [f"path={path}", f"sent={_bucket(s)}"]
    for k, pos in ((1, start - 1), (2, start - 2), (-1, end), (-2, end + 1)):
        f.append(f"c{k}={tk.lower[pos] if 0 <= pos < n else '<s>'}")
    dist: dict[str, int] = {}
    for typ, positions in trig.items():
        if any(start <= p < end for p in positions):
            f.append(f"self={typ}")
        others = [p for p in positions if not start <= p < end]
        if not others:
            continue
        nearest = min(others, key=lambda p: abs(p - start))
        dist[typ] = abs(nearest - start)
        f.append(f"nt={typ}:{_bucket(dist[typ])}")
        if sent_index[nearest] == s:
            f += [f"st={typ}", f"stl={tk.lemma[nearest]}:{'L' if nearest < start else 'R'}"]
    return f, dist


def _sentence_features(
    tk: _Tokens, start: int, end: int, index: int, trig: dict[str, list[int]]
) -> dict[str, float]:
    f = [f"pos={_bucket(index)}"] + [f"s={tk.lemma[i]}" for i in range(start, end) if tk.word[i]]
    for typ, positions in trig.items():
        for p in (p for p in positions if start <= p < end):
            lemma = tk.lemma[p]
            f += [f"st={typ}", f"tl={lemma}", f"th={lemma}>{tk.dep[p]}>{tk.lemma[tk.head[p]]}"]
            for ch in tk.children[p]:  # who did what to whom: "kill:dobj:peasant"
                if tk.dep[ch] in _ARGS:
                    f.append(f"ta={lemma}:{tk.dep[ch]}:{tk.lemma[ch]}")
                elif tk.dep[ch] == "prep":
                    f += [
                        f"ta={lemma}:{tk.lower[ch]}:{tk.lemma[g]}"
                        for g in tk.children[ch]
                        if tk.dep[g] == "pobj"
                    ]
    return dict.fromkeys(f, 1.0)


def _doc_features(
    tk: _Tokens, sent_index: list[int], trig: dict[str, list[int]]
) -> dict[str, float]:
    f = [f"d={lemma}" for lemma, word in zip(tk.lemma, tk.word, strict=True) if word]
    f += [f"lead={tk.lemma[i]}" for i in range(len(tk.lemma)) if tk.word[i] and sent_index[i] < 2]
    for typ, positions in trig.items():
        f.append(f"tc={typ}:{_bucket(len(positions))}")
        if any(sent_index[p] < 2 for p in positions):
            f.append(f"tlead={typ}")
    return dict.fromkeys(f, 1.0)


def _link_acronyms(groups: dict[str, Candidate]) -> None:
    """Mark an acronym and its long form ("fmln", "farabundo marti national liberation
    front") as one entity: each is then more likely a filler, and the pair's mentions
    count together."""
    longs = [c for c in groups.values() if len(c.key.split()) >= 2]
    for key, cand in groups.items():
        if " " in key or len(key) < 2:
            continue
        for long in longs:
            if long.key[0] not in key or not acronym(key, long.key):
                continue
            n = len({s for s, _ in cand.spans}) + len({s for s, _ in long.spans})
            for c, side in ((cand, "short"), (long, "long")):
                c.masks[f"acr={side}"] = 0
                c.masks[f"acr_count={_bucket(n)}"] = 0


def analyse(doc: Any) -> Analysis:
    """Candidates, sentence and document features, and trigger positions of a parsed doc."""
    tk = _Tokens(doc)
    sent_spans = [(s.start, s.end) for s in doc.sents]
    sent_index = [0] * len(doc)
    for k, (s, e) in enumerate(sent_spans):
        sent_index[s:e] = [k] * (e - s)
    trig: dict[str, list[int]] = {t: [] for t in MUC_TYPES}
    for i, (lemma, lower) in enumerate(zip(tk.lemma, tk.lower, strict=True)):
        for typ, words in TRIGGERS.items():
            if lemma in words or lower in words:
                trig[typ].append(i)
    text = doc.text
    groups: dict[str, Candidate] = {}
    for (start, end), how in sorted(_span_sources(tk).items()):
        key = normalize(text[tk.chars[start][0] : tk.chars[end - 1][1]])
        if not key or tk.pos[tk.root(start, end)] in _SKIP_HEAD:
            continue
        cand = groups.get(key)
        if cand is None:
            cand = groups[key] = Candidate(key, [])
        cand.spans.append((start, end))
        occ, dist = _occurrence_features(tk, start, end, how, sent_index, trig)
        bit = 1 << sent_index[start]
        masks = cand.masks
        for name in occ:
            masks[name] = masks.get(name, 0) | bit
        for typ, d in dist.items():
            cand.trigger_distance[typ] = min(d, cand.trigger_distance.get(typ, d))
    _link_acronyms(groups)
    for cand in groups.values():
        cand.masks[f"count={_bucket(len({s for s, _ in cand.spans}))}"] = 0
        cand.masks[f"first_sent={_bucket(sent_index[cand.spans[0][0]])}"] = 0
    return Analysis(
        list(groups.values()),
        _doc_features(tk, sent_index, trig),
        trig,
        [_sentence_features(tk, s, e, k, trig) for k, (s, e) in enumerate(sent_spans)],
        sent_spans,
        tk.chars,
    )


def _bits(mask: int) -> list[int]:
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


def candidate_features(cand: Candidate, sent_probs: np.ndarray) -> dict[str, float]:
    """Pooled binary features, and each again ("E:") valued by the event score of the
    likeliest sentence it occurs in."""
    f: dict[str, float] = {}
    best: dict[int, float] = {}
    for name, mask in cand.masks.items():
        f[name] = 1.0
        if mask:
            p = best.get(mask)
            if p is None:
                p = best[mask] = max(float(sent_probs[i]) for i in _bits(mask))
            f["E:" + name] = p
    return f


def doc_stack_features(analysis: Analysis, sent_probs: np.ndarray) -> dict[str, float]:
    """Document features and what the sentence model saw."""
    f = dict(analysis.doc_features)
    top = np.sort(sent_probs)[::-1] if len(sent_probs) else np.zeros(1)
    f["smax"] = float(top[0])
    f["stop2"] = float(top[:2].mean())
    f[f"s50={_bucket(int((sent_probs >= 0.5).sum()))}"] = 1.0
    return f


def incident_features(
    analysis: Analysis, sent_probs: np.ndarray, doc_probs: np.ndarray, role_probs: np.ndarray
) -> np.ndarray:
    """Dense features for the last layer, which decides again whether, and of which types,
    there is an incident, once the candidates are scored: a report that names a likely
    victim, target or perpetrator tells of an incident more surely than its words alone
    (the bag of lemmas cannot see that), and trigger words count more in event sentences.
    The order is fixed: `INCIDENT_FEATURES` names them."""
    f = [float(p) for p in doc_probs]
    top = np.sort(sent_probs)[::-1] if len(sent_probs) else np.zeros(1)
    f += [top[0], top[:2].mean(), top[:3].mean(), float((sent_probs > 0.5).sum())]
    mean = float(sent_probs.mean()) if len(sent_probs) else 0.0
    f += [float((sent_probs > 0.3).sum()), float(len(sent_probs)), mean]
    for k in range(role_probs.shape[1] if role_probs.ndim == 2 else 5):
        col = np.sort(role_probs[:, k])[::-1] if len(role_probs) else np.zeros(0)
        col = np.r_[col, 0.0, 0.0, 0.0]
        f += [col[0], col[1], col[:3].sum(), float((col > 0.3).sum())]
    sent_of = np.zeros(analysis.sent_spans[-1][1] if analysis.sent_spans else 0, dtype=np.int64)
    for k, (start, end) in enumerate(analysis.sent_spans):
        sent_of[start:end] = k
    for typ in MUC_TYPES:
        positions = analysis.triggers[typ]
        probs = [float(sent_probs[sent_of[p]]) for p in positions]
        first = min((int(sent_of[p]) for p in positions), default=99)
        f += [len(positions), sum(p > 0.5 for p in probs), max(probs, default=0.0), first]
        f.append(sum(probs))
    return np.asarray(f, dtype=np.float64)


INCIDENT_FEATURES: tuple[str, ...] = (
    "p_incident",
    *(f"p_{t}" for t in MUC_TYPES),
    *("sent_top1", "sent_top2", "sent_top3", "sents_over_half", "sents_over_0.3", "sents"),
    "sent_mean",
    *(f"{r}_{s}" for r in range(5) for s in ("top1", "top2", "top3_sum", "over_0.3")),
    *(
        f"{t}_{s}"
        for t in MUC_TYPES
        for s in ("triggers", "in_event_sents", "best_sent", "first_sent", "sent_sum")
    ),
)
