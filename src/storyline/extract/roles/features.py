"""What the models read from a parsed document: noun-phrase candidates grouped by their
normalised string, with the features of every occurrence, and sentence and document
features. Plain lists instead of spaCy token objects, for speed."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from storyline.extract.roles.schema import (
    MUC_TYPES,
    TRIGGERS,
    _lex,
    acronym,
    initials,
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


@cache
def _column_ids() -> list[int]:
    """The token attributes `_Tokens` reads, as spaCy attribute ids (imported late: spaCy
    takes a second to import, and the models load without it)."""
    from spacy.attrs import (
        DEP,
        HEAD,
        IDX,
        IS_ALPHA,
        IS_PUNCT,
        IS_SPACE,
        IS_STOP,
        LEMMA,
        LENGTH,
        LOWER,
        ORTH,
        POS,
        SENT_START,
        SPACY,
    )

    flags = [IS_PUNCT, IS_SPACE, IS_ALPHA, IS_STOP, SENT_START, SPACY]
    return [LOWER, LEMMA, POS, DEP, HEAD, IDX, LENGTH, *flags, ORTH]


def _subtree_edges(head: np.ndarray) -> tuple[list[int], list[int]]:
    """The first and last token of each token's subtree (spaCy's left_edge and right_edge):
    each token is pushed up its chain of heads, one level per step for all tokens at once."""
    index = np.arange(len(head))
    left, right, above = index.copy(), index.copy(), index.copy()
    while True:
        nxt = head[above]
        if np.array_equal(nxt, above):  # every chain has reached its root
            break
        above = nxt
        np.minimum.at(left, above, index)
        np.maximum.at(right, above, index)
    return left.tolist(), right.tolist()


class _Tokens:
    """Token attributes as plain lists, read from spaCy's arrays in one call: spaCy builds a
    Python object for every token access, which made up most of the analysis time."""

    def __init__(self, doc: Any):
        strings = doc.vocab.strings
        columns = doc.to_array(_column_ids())  # string hashes: unsigned 64-bit
        n = len(columns)
        lower, lemma, pos, dep, _, idx, length, punct, space, alpha, stop, start, ws, orth = (
            columns.T.tolist() if n else [[] for _ in _column_ids()]
        )
        rel_head = columns[:, 4].astype(np.int64).tolist()  # signed: the offset to the head
        self.lemma = [strings[h] for h in lemma]
        self.lower = [strings[h] for h in lower]
        # the doc's text (Doc.text builds a Token object per word)
        self.text = "".join(strings[h] + (" " if w else "") for h, w in zip(orth, ws, strict=True))
        self.pos = [strings[h] for h in pos]
        self.dep = [strings[h] for h in dep]
        self.head = [i + r for i, r in enumerate(rel_head)]
        self.loose = [bool(p or s) for p, s in zip(punct, space, strict=True)]
        self.word = [bool(a and not s) for a, s in zip(alpha, stop, strict=True)]
        self.chars = [(i, i + k) for i, k in zip(idx, length, strict=True)]
        self.sent_starts = [i for i, flag in enumerate(start) if flag == 1 or i == 0]
        self.left, self.right = _subtree_edges(np.asarray(self.head, dtype=np.int64))
        # an occurrence's "w=" feature per word (None: punctuation, space, determiner)
        self.word_feature = [
            None if loose or p == "DET" else f"w={lem}"
            for loose, p, lem in zip(self.loose, self.pos, self.lemma, strict=True)
        ]
        self.children: list[list[int]] = [[] for _ in range(n)]
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


_BUCKETS = [_bucket(k) for k in range(17)]


def _quick_bucket(n: int) -> str:
    """`_bucket` with the default edges, by table (it is asked a thousand times a report)."""
    return _BUCKETS[n] if n < 17 else ">16"


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


@cache
def _classes(lemma: str) -> tuple[str, ...]:
    """Classes of a governing word: the MUC types it triggers, responsibility, actor
    (memoised: asked for every occurrence's head, governor and verb)."""
    out = [typ for typ, words in TRIGGERS.items() if lemma in words]
    if lemma in _RESPONSIBILITY:
        out.append("resp")
    if lemma in _ACTORS:
        out.append("actor")
    return tuple(out)


def _root_features(
    tk: _Tokens, root: int
) -> tuple[list[str], str, list[str], list[tuple[int, str]], str]:
    """What an occurrence's features owe to its head word alone (a chunk and its suffixes
    share it): the head, its governor, the way up to a verb, word classes, modifiers
    (with their position, dropped when inside the span), the path. Their order in the
    occurrence's features is kept by `_occurrence_features`."""
    gov = tk.head[root]
    path, verb = _verb_path(tk, root)
    lemma, dep = tk.lemma[root], tk.dep[root]
    head = [f"h={lemma}", f"hp={tk.pos[root]}", f"hd={dep}"]
    governor = f"g={dep}>{tk.lemma[gov]}"
    rest = []
    if dep == "pobj":
        above = tk.lemma[tk.head[gov]]
        rest += [f"pg={tk.lower[gov]}>{above}", f"pgd={tk.lower[gov]}>{tk.dep[tk.head[gov]]}"]
        rest += [f"pgt={tk.lower[gov]}>{c}" for c in _classes(above)]
    if verb is not None:
        rest += [f"v={tk.lemma[verb]}", f"vp={path}>{tk.lemma[verb]}"]
        rest += [f"vt={path}>{c}" for c in _classes(tk.lemma[verb])]
    rest += [f"hc={c}" for c in _classes(lemma)]
    if lemma in _GROUPS:
        rest.append("hc=group")
    # the words it modifies or is modified by, by class: "fmln" in "fmln guerrillas"
    rest += [f"gt={dep}>{c}" for c in _classes(tk.lemma[gov])]
    modifiers = [
        (ch, f"ch={tk.dep[ch]}:{tk.lemma[ch]}")
        for ch in tk.children[root]
        if tk.dep[ch] in {"appos", "compound", "amod", "acl", "relcl"}
    ]
    return head, governor, rest, modifiers, f"path={path}"


def _occurrence_features(
    tk: _Tokens,
    start: int,
    end: int,
    how: str,
    sent_index: list[int],
    trig: dict[str, list[int]],
    root_parts: tuple[list[str], str, list[str], list[tuple[int, str]], str],
) -> tuple[list[str], dict[str, int]]:
    """Feature names of one occurrence, and its distance to the nearest trigger per type."""
    head, governor, rest, modifiers, path = root_parts
    s = sent_index[start]
    n = len(tk.lower)
    f = [f"how={how}", f"n={min(end - start, 6)}", *head, f"first={tk.lower[start]}", governor]
    f += [w for w in tk.word_feature[start:end] if w]
    f += rest
    f += [name for ch, name in modifiers if not start <= ch < end]
    f += [path, f"sent={_quick_bucket(s)}"]
    lower = tk.lower
    f.append(f"c1={lower[start - 1]}" if start >= 1 else "c1=<s>")
    f.append(f"c2={lower[start - 2]}" if start >= 2 else "c2=<s>")
    f.append(f"c-1={lower[end]}" if end < n else "c-1=<s>")
    f.append(f"c-2={lower[end + 1]}" if end + 1 < n else "c-2=<s>")
    dist: dict[str, int] = {}
    for typ, positions in trig.items():
        if not positions:
            continue
        # the nearest trigger outside the span: the last before it or the first after it
        # (the one before on a tie, as positions are in text order)
        k = bisect_left(positions, start)
        if k < len(positions) and positions[k] < end:
            f.append(f"self={typ}")
        after = bisect_left(positions, end, k)
        before = positions[k - 1] if k else None
        later = positions[after] if after < len(positions) else None
        if before is None and later is None:
            continue
        if later is None or (before is not None and start - before <= later - start):
            nearest = before
        else:
            nearest = later
        d = dist[typ] = abs(nearest - start)
        f.append(f"nt={typ}:{_quick_bucket(d)}")
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
    # an acronym has as many letters as its long form has initials, or one fewer: only
    # those long forms are tried (in their order, as the features' order counts)
    by_length: dict[int, list[int]] = {}
    for k, long in enumerate(longs):
        by_length.setdefault(len(initials(long.key)), []).append(k)
    for key, cand in groups.items():
        if " " in key or len(key) < 2:
            continue
        letters = len(key.replace("-", ""))
        for k in sorted(by_length.get(letters, []) + by_length.get(letters + 1, [])):
            long = longs[k]
            if long.key[0] not in key or not acronym(key, long.key):
                continue
            n = len({s for s, _ in cand.spans}) + len({s for s, _ in long.spans})
            for c, side in ((cand, "short"), (long, "long")):
                c.masks[f"acr={side}"] = 0
                c.masks[f"acr_count={_bucket(n)}"] = 0


def analyse(doc: Any) -> Analysis:
    """Candidates, sentence and document features, and trigger positions of a parsed doc."""
    tk = _Tokens(doc)
    starts = tk.sent_starts
    sent_spans = list(zip(starts, [*starts[1:], len(tk.lower)], strict=True)) if starts else []
    sent_index = [0] * len(doc)
    for k, (s, e) in enumerate(sent_spans):
        sent_index[s:e] = [k] * (e - s)
    trig: dict[str, list[int]] = {t: [] for t in MUC_TYPES}
    for i, (lemma, lower) in enumerate(zip(tk.lemma, tk.lower, strict=True)):
        for typ, words in TRIGGERS.items():
            if lemma in words or lower in words:
                trig[typ].append(i)
    text = tk.text
    groups: dict[str, Candidate] = {}
    root_parts: dict[int, tuple[list[str], str, list[str], list[tuple[int, str]], str]] = {}
    for (start, end), how in sorted(_span_sources(tk).items()):
        root = tk.root(start, end)
        if tk.pos[root] in _SKIP_HEAD:
            continue
        key = normalize(text[tk.chars[start][0] : tk.chars[end - 1][1]])
        if not key:
            continue
        cand = groups.get(key)
        if cand is None:
            cand = groups[key] = Candidate(key, [])
        cand.spans.append((start, end))
        parts = root_parts.get(root)
        if parts is None:
            parts = root_parts[root] = _root_features(tk, root)
        occ, dist = _occurrence_features(tk, start, end, how, sent_index, trig, parts)
        bit = 1 << sent_index[start]
        masks = cand.masks
        if len(cand.spans) == 1:  # the first occurrence: every feature in this sentence
            cand.masks = dict.fromkeys(occ, bit)
        else:
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
