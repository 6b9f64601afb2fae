"""From the models' scores to incidents: which types, how many, which fillers, and which
filler goes to which incident."""

from __future__ import annotations

from bisect import bisect_right
from itertools import pairwise
from typing import Any

import numpy as np

from storyline.extract.roles.features import Analysis
from storyline.extract.roles.schema import (
    _ASSASSINATION,
    _SHOOTING,
    FROM_MUC,
    MUC_TYPES,
    PERPETRATORS,
    ROLES,
    Incident,
    RoleFiller,
    acronym,
)

DEFAULT_DECISIONS: dict[str, Any] = {
    "incident_threshold": 0.3,  # P(any incident) for a document to report one
    "type_threshold": 0.3,  # P(type) for a type besides the likeliest
    "role_thresholds": dict.fromkeys(ROLES, 0.2),
    "max_fillers": dict.fromkeys(ROLES, 2),  # per role and incident
    # a filler also needs this share of the role's best score in the document: one sure
    # filler makes a doubtful second one likelier a near-miss than another entity
    "relative_thresholds": dict.fromkeys(ROLES, 0.0),
    # fillers of these roles go to every incident of the document, the others to the one
    # whose trigger words lie nearest: "perpetrators", "all" or "none"
    "share": "perpetrators",
    # variants of a selected filler that are dropped: "nested" strings, "acronym"s, "both",
    # or "none" (the metric credits every prediction that is a mention of a gold entity,
    # so a second name of the same entity can still pay)
    "merge": "both",
    # fillers of `split_roles` told this many sentences or more apart make separate
    # incidents of one type (0: one incident per type); perpetrators and weapons then go
    # to every part ("share") or to the part told nearest them ("nearest")
    "split_gap": 0,
    "split_roles": "targets+victims",
    "split_perpetrators": "share",
    "split_weapons": "share",
}


_SPLIT_ROLES = {
    "targets+victims": frozenset({"targets", "victims"}),
    "victims": frozenset({"victims"}),
    "targets": frozenset({"targets"}),
}


def _duplicate(key: str, chosen: list[str], merge: str) -> bool:
    """Nested ("presidential farm" in "santo tomas presidential farm") or an acronym."""
    padded = f" {key} "
    nested = merge in {"both", "nested"}
    acr = merge in {"both", "acronym"}
    return any(
        (nested and (padded in f" {c} " or f" {c} " in padded))
        or (acr and (acronym(key, c) or acronym(c, key)))
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
    """Incidents from the models' scores: which types, which fillers, which filler to
    which incident, and whether one type's incident is really several (a report of two
    attacks names their victims in separate passages; the metric counts each template)."""
    if doc_probs[0] < decisions["incident_threshold"]:
        return []
    probs = dict(zip(MUC_TYPES, map(float, doc_probs[1:]), strict=True))
    chosen = [t for t, p in probs.items() if p >= decisions["type_threshold"]]
    chosen = chosen or [max(probs, key=probs.__getitem__)]
    assigned: dict[str, list[RoleFiller]] = {t: [] for t in chosen}
    for r, role in enumerate(ROLES):
        threshold = decisions["role_thresholds"][role]
        relative = decisions.get("relative_thresholds", {}).get(role, 0.0)
        if relative > 0 and len(role_probs):
            threshold = max(threshold, relative * float(role_probs[:, r].max()))
        order = sorted(
            (c for c in range(len(analysis.candidates)) if role_probs[c, r] >= threshold),
            key=lambda c: (-role_probs[c, r], analysis.candidates[c].spans[0]),
        )
        kept: list[str] = []
        for c in order:
            cand = analysis.candidates[c]
            if _duplicate(cand.key, kept, decisions["merge"]):
                continue
            kept.append(cand.key)
            s, e = cand.spans[0]
            start, end = analysis.char_spans[s][0], analysis.char_spans[e - 1][1]
            filler = RoleFiller(role, start, end, text[start:end], float(role_probs[c, r]))
            targets = chosen
            share = decisions["share"]
            if share == "none" or (share == "perpetrators" and role not in PERPETRATORS):
                # the incident whose trigger words lie nearest; ties to the likelier type
                dist = cand.trigger_distance
                targets = [min(chosen, key=lambda t: (dist.get(t, 1 << 30), -probs[t]))]
            for t in targets:
                if sum(f.role == role for f in assigned[t]) < decisions["max_fillers"][role]:
                    assigned[t].append(filler)
    incidents = []
    for t in chosen:
        parts = _split(assigned[t], analysis, decisions)
        for group in parts:
            fillers = tuple(sorted(group, key=lambda f: (ROLES.index(f.role), f.start)))
            start, end = _anchor(analysis, t, sent_probs)
            if len(parts) > 1:  # each part at the trigger word told nearest its fillers
                start, end = _nearest_trigger(analysis, t, fillers) or (start, end)
            incidents.append(Incident(_fine_type(t, analysis), start, end, fillers, probs[t]))
    return incidents


def _nearest_trigger(
    analysis: Analysis, muc_type: str, fillers: tuple[RoleFiller, ...]
) -> tuple[int, int] | None:
    spans = [analysis.char_spans[p] for p in analysis.triggers.get(muc_type) or []]
    anchors = [f.start for f in fillers if f.role in _SPLIT_ROLES["targets+victims"]]
    if not spans or not anchors:
        return None
    return min(spans, key=lambda sp: min(abs(sp[0] - a) for a in anchors))


def _split(
    fillers: list[RoleFiller], analysis: Analysis, decisions: dict[str, Any]
) -> list[list[RoleFiller]]:
    """One incident's fillers as one or more incidents: a report of several attacks of one
    type names their victims and targets in separate passages. Perpetrators go to every
    part; weapons too, or to the part told nearest them."""
    gap = decisions["split_gap"]
    roles = _SPLIT_ROLES[decisions["split_roles"]]
    affected = sorted((f for f in fillers if f.role in roles), key=lambda f: f.start)
    if gap <= 0 or len(affected) < 2:
        return [fillers]
    starts = [analysis.char_spans[s][0] for s, _ in analysis.sent_spans]
    parts: list[list[RoleFiller]] = [[affected[0]]]
    for prev, f in pairwise(affected):
        if bisect_right(starts, f.start) - bisect_right(starts, prev.start) >= gap:
            parts.append([])
        parts[-1].append(f)
    if len(parts) == 1:
        return [fillers]
    out = [list(part) for part in parts]
    for f in fillers:
        if f.role in roles:
            continue
        option = "split_perpetrators" if f.role in PERPETRATORS else "split_weapons"
        if decisions[option] == "share":
            for part in out:
                part.append(f)
        else:
            nearest = min(
                range(len(parts)), key=lambda k: min(abs(g.start - f.start) for g in parts[k])
            )
            out[nearest].append(f)
    return out


def to_muc_events(incidents: list[Incident]) -> list[dict[str, Any]]:
    """Incidents in the MUC-4 prediction format of benchmarks/muc4: one event per incident
    (several of one MUC type when `decide` split them)."""
    events = []
    for inc in incidents:
        event: dict[str, Any] = {"type": inc.muc_type, **{r: [] for r in ROLES}}
        for f in inc.fillers:
            if f.text not in event[f.role]:
                event[f.role].append(f.text)
        events.append(event)
    return events
