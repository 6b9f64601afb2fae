"""One casualty figure across a story's reports: its value, its status, and why.

Every report a main event carries for a kind (killed, injured, hospitalized, missing,
arrested) becomes a `reports` entry, reports of the same statement ("84", "at least 84")
merged with their sources. Then, in order:

1. Revised: a report any article marks superseded ("the initial toll of more than 100 was
   revised downwards", "an earlier toll of 103"), or an earlier exact count whose own
   authority later gave another ("IRNA: 103" then "IRNA: 95").
2. Compatible: a range that holds the consolidated count ("more than 80" holds 84,
   "almost 300" holds 284) agrees with it; so does "at least 84".
3. Conflicting: two current counts that cannot both hold and neither supersedes
   (220 against 195 hospitalised).

The consolidated value, and the rule named with it:
- one current count: that count ("the only current count");
- several: the latest dated report ("latest report": tolls are updated as victims die
  or are counted; on GVA dev this beat preferring reports that name an authority and
  beat counting sources), else the count most independent sources give, the lower on a
  tie ("most sources; the lower on a tie", as ACLED keeps the most conservative
  estimate);
- the counts that decide are those articles stand by (their toll, `extract/toll.py`),
  those an article states twice first; other counts in the texts are listed;
- no count, only ranges: the range most sources give, its lower bound as the value.

Status, the first that applies: `conflicting` (current counts disagree), `revised` (a
superseded report exists), `confirmed` (two or more independent sources give the
consolidated count), `compatible` (one source gives it, others give ranges that hold
it), `single-source`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storyline.consolidate.sources import Source, independent_count
from storyline.extract.toll import corroborated

POINTS = ("exact", "at_least", "about")  # statements of a count (as opposed to a range)
TOLL_KINDS = ("killed", "injured")  # the kinds each article states a toll of (extract/toll.py)


@dataclass(slots=True)
class _Report:
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    articles: list[str] = field(default_factory=list)
    attributions: list[str] = field(default_factory=list)
    attribution_of: dict[str, list[str]] = field(default_factory=dict)  # per article
    standing_in: list[str] = field(default_factory=list)  # articles whose toll this is
    corroborated_in: list[str] = field(default_factory=list)  # ... and state it twice
    evidence: list[dict[str, Any]] = field(default_factory=list)
    superseded: bool = False
    derivation: str | None = None
    first_position: tuple[Any, ...] = ()  # (source order, article, offset) of the first report

    @property
    def count(self) -> int | None:
        return self.value if self.qualifier in POINTS else self.low

    @property
    def is_point(self) -> bool:
        return self.qualifier in POINTS

    def holds(self, n: int) -> bool:
        low = self.low if self.low is not None else self.value
        if self.qualifier == "exact":
            return self.value == n
        return (low is None or low <= n) and (self.high is None or n <= self.high)


def _authority(report: dict[str, Any]) -> str | None:
    attribution = report.get("attribution") or {}
    source = attribution.get("source") or attribution.get("text")
    return source.strip() if source else None


def _collect(
    kind: str, events: dict[str, dict[str, Any]], sources: dict[str, Source]
) -> list[_Report]:
    merged: dict[tuple[Any, ...], _Report] = {}
    for article_id, event in events.items():
        summary = (event.get("figures") or {}).get(kind)
        if not summary or article_id not in sources:
            continue
        items = [r for r in summary.get("reports", []) if not r.get("perpetrator")]
        derivation = summary.get("derivation")
        standing = summary.get("evidence")
        if derivation and not derivation.startswith("stated") and summary.get("count") is not None:
            # a count the article gives by arithmetic ("four shot, one fatally": 3 injured)
            items.append({**summary, "value": summary["count"], "qualifier": "exact"})
            standing = None
        for report in items:
            key = (report["value"], report["low"], report["high"], report["qualifier"])
            entry = merged.get(key)
            if entry is None:
                entry = merged[key] = _Report(
                    report["value"], report["low"], report["high"], report["qualifier"]
                )
            position = (sources[article_id].sort_key, report["evidence"]["start"])
            if not entry.first_position or position < entry.first_position:
                entry.first_position = position
            if article_id not in entry.articles:
                entry.articles.append(article_id)
            is_standing = report.get("derivation") or (
                standing is not None
                and report["evidence"]["start"] == standing["start"]
                and report["evidence"].get("field") == standing.get("field")
            )
            if is_standing and article_id not in entry.standing_in:
                entry.standing_in.append(article_id)
                if corroborated(kind, summary):
                    entry.corroborated_in.append(article_id)
            authority = _authority(report)
            if authority and authority not in entry.attributions:
                entry.attributions.append(authority)
            own = entry.attribution_of.setdefault(article_id, [])
            if authority and authority not in own:
                own.append(authority)
            entry.evidence.append(report["evidence"])
            entry.superseded |= bool(report.get("superseded"))
            if report.get("derivation") and not report["derivation"].startswith("stated"):
                entry.derivation = report["derivation"]
    return sorted(merged.values(), key=lambda r: r.first_position)


def _revise_by_authority(reports: list[_Report], sources: dict[str, Source]) -> None:
    """An earlier exact count is revised when its own authority later gave another that
    an article stands by. A count that is no article's toll revises nothing: in "six
    injured, two critically", attributed to one police sergeant, the two is a part."""
    for earlier in reports:
        if earlier.superseded or not earlier.is_point or not earlier.attributions:
            continue
        for later in reports:
            if later is earlier or not later.is_point or later.count == earlier.count:
                continue
            if not later.standing_in:
                continue
            shared = set(earlier.attributions) & set(later.attributions)
            if shared and later.first_position > earlier.first_position:
                earlier.superseded = True


def _latest(reports: list[_Report], sources: dict[str, Source], named: bool) -> _Report | None:
    dated = [
        (max(sources[a].sort_key for a in r.articles), r.first_position, r)
        for r in reports
        if (r.attributions or not named) and any(sources[a].sort_key[0] == 0 for a in r.articles)
    ]
    return max(dated, key=lambda t: (t[0], t[1]))[2] if dated else None


def consolidate_figure(
    kind: str, events: dict[str, dict[str, Any]], sources: dict[str, Source]
) -> dict[str, Any] | None:
    """The slot for `kind` over the main events of a story's articles (by article id)."""
    reports = _collect(kind, events, sources)
    if not reports:
        return None
    _revise_by_authority(reports, sources)
    current = [r for r in reports if not r.superseded]
    # the counts articles stand by (their toll) decide; other counts in their text
    # (a part of the toll, an earlier count no one marked superseded) are listed only
    all_points = [r for r in current if r.is_point]
    points = [r for r in all_points if r.corroborated_in] or [
        r for r in all_points if r.standing_in
    ]
    if not points and kind in TOLL_KINDS:
        if not any(not r.is_point for r in current):
            # counts no article stands by ("he was shot": 1 in a report of his death)
            # are listed, not consolidated: with no toll and no range there is no value
            return None
    elif not points:
        points = all_points  # kinds without a toll: every count in the texts
    counts = sorted({r.count for r in points if r.count is not None})

    chosen: _Report | None
    if len(counts) == 1:
        chosen = min(
            (r for r in points if r.count == counts[0]),
            key=lambda r: (r.qualifier != "exact", r.first_position),  # "84" over "at least 84"
        )
        rule = "the only current count"
    elif counts:
        chosen = _latest(points, sources, named=False)
        rule = "latest report"
        if chosen is None:
            by_support = {
                n: independent_count(
                    [a for r in points if r.count == n for a in r.articles], sources
                )
                for n in counts
            }
            best = min(counts, key=lambda n: (-by_support[n], n))
            chosen = next(r for r in points if r.count == best)
            rule = "most sources; the lower on a tie"
    else:
        pool = current or reports
        chosen = max(pool, key=lambda r: (independent_count(r.articles, sources), -(r.low or 0)))
        rule = "a range only: the one most sources give"
    value = chosen.count

    # "at least 84" and "84" are one count; ranges that hold it agree with it
    agreeing = [r for r in all_points if r.count == value]
    compatible = [r for r in current if not r.is_point and value is not None and r.holds(value)]
    conflicting = [r for r in points if r.count != value]
    supporting = sorted({a for r in agreeing for a in r.articles})
    independent = independent_count(supporting, sources)
    if conflicting:
        status = "conflicting"
    elif any(r.superseded for r in reports):
        status = "revised"
    elif independent >= 2:
        status = "confirmed"
    elif (
        compatible
        and independent_count([a for r in compatible for a in r.articles] + supporting, sources)
        > independent
    ):
        status = "compatible"
    else:
        status = "single-source"

    def relation(r: _Report) -> str:
        if r.superseded:
            return "superseded"
        if r in agreeing:
            return "agrees"
        if r in compatible:
            return "compatible"
        if r in conflicting:
            return "conflicts"
        if r.is_point:
            return "another count in the text"
        return "does not hold the value"

    return {
        "value": value,
        "qualifier": chosen.qualifier if not chosen.is_point or value == chosen.value else "exact",
        "status": status,
        "rule": rule,
        "independent_sources": independent,
        # high: two independent sources give it, or an article states it twice (its
        # headline and lead); on GVA dev high-confidence tolls were right far more often
        "confidence": "high" if independent >= 2 or chosen.corroborated_in else "low",
        "reason": _reason(status, value, agreeing, compatible, conflicting, reports, sources),
        "reports": [_report_dict(r, relation(r), sources) for r in reports],
        "timeline": _timeline(reports, sources),
    }


def _label(r: _Report) -> str:
    words = {
        "exact": "{v}",
        "at_least": "at least {v}",
        "about": "about {v}",
        "more_than": "more than {v}",
        "almost": "almost {v}",
        "at_most": "at most {v}",
        "fewer_than": "fewer than {v}",
        "range": "{lo}–{hi}",
    }
    return words.get(r.qualifier, "{v}").format(v=r.value, lo=r.low, hi=r.high)


def _articles_of(points: list[_Report], n: int) -> list[str]:
    return [a for r in points if r.count == n for a in r.articles]


def _cited(r: _Report, sources: dict[str, Source]) -> str:
    return f"{_label(r)} ({_who(r, sources)})"


def _who(r: _Report, sources: dict[str, Source]) -> str:
    outlets = sorted({sources[a].outlet or a for a in r.articles})
    return ", ".join(outlets)


def _reason(
    status: str,
    value: int | None,
    agreeing: list[_Report],
    compatible: list[_Report],
    conflicting: list[_Report],
    reports: list[_Report],
    sources: dict[str, Source],
) -> str:
    parts = []
    if agreeing:
        n = independent_count([a for r in agreeing for a in r.articles], sources)
        parts.append(f"{value} from {n} independent source{'s' if n != 1 else ''}")
    superseded = [r for r in reports if r.superseded]
    if superseded:
        earlier = "; ".join(
            _label(r) + (f" ({', '.join(r.attributions)})" if r.attributions else "")
            for r in superseded
        )
        parts.append(f"revised from {earlier}")
    if compatible:
        parts.append(
            "compatible: " + "; ".join(f"{_label(r)} ({_who(r, sources)})" for r in compatible)
        )
    if conflicting:
        parts.append(
            "against: " + "; ".join(f"{_label(r)} ({_who(r, sources)})" for r in conflicting)
        )
    return "; ".join(parts) or status


def _report_dict(r: _Report, relation: str, sources: dict[str, Source]) -> dict[str, Any]:
    dated = [sources[a] for a in r.articles if sources[a].sort_key[0] == 0]
    first = min(dated, key=lambda s: s.sort_key) if dated else None
    out: dict[str, Any] = {
        "value": r.value,
        "low": r.low,
        "high": r.high,
        "qualifier": r.qualifier,
        "label": _label(r),
        "relation": relation,
        "sources": r.articles,
        "outlets": sorted({sources[a].outlet for a in r.articles if sources[a].outlet}),
        "independent_sources": independent_count(r.articles, sources),
        "attribution": r.attributions,
        "published": first.published_iso if first else None,
        "superseded": r.superseded,
        "evidence": r.evidence,
    }
    if r.derivation:
        out["derivation"] = r.derivation
    return out


def _timeline(reports: list[_Report], sources: dict[str, Source]) -> list[dict[str, Any]]:
    """Each statement once, in the order it was reported (within an article, text order;
    a superseded toll before the one that replaced it)."""
    entries = []
    for r in reports:
        for article_id, evidence in _per_article(r):
            source = sources[article_id]
            entries.append(
                (
                    source.sort_key,
                    0 if r.superseded else 1,
                    evidence["start"],
                    {
                        "published": source.published_iso,
                        "article": article_id,
                        "outlet": source.outlet,
                        "value": r.value,
                        "label": _label(r),
                        "attribution": r.attribution_of.get(article_id, []),
                        "superseded": r.superseded,
                    },
                )
            )
    entries.sort(key=lambda t: t[:3])
    seen, out = set(), []
    for *_, entry in entries:
        key = (entry["article"], entry["label"])
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def _per_article(r: _Report) -> list[tuple[str, dict[str, Any]]]:
    return [(e["article"], e) for e in r.evidence if e.get("article") in r.articles]


DIED_SINCE = "the wounded who died: the injured count less the deaths reported since"


def deaths_among_the_injured(
    injured: dict[str, Any],
    killed: dict[str, Any] | None,
    events: dict[str, dict[str, Any]],
    sources: dict[str, Source],
) -> dict[str, Any]:
    """The injured slot once later deaths are counted: victims first reported wounded
    who die are then killed, no longer injured ("a man was shot" on Monday, "the man
    shot on Monday has died" on Wednesday: 1 killed, 0 injured).

    It applies when every article behind the injured count knew of fewer deaths than
    the story's killed count, no article that knew of them all gives an injured count,
    and the deaths were reported no earlier than the injured count. The difference is
    taken from the injured (never below 0); the earlier count is marked superseded and
    the new one cites both the injured and the killed reports.
    """
    if killed is None:
        return injured
    dead, hurt = killed.get("value"), injured.get("value")
    if dead is None or not hurt:
        return injured
    if killed.get("qualifier") not in POINTS or injured.get("qualifier") not in POINTS:
        return injured

    def own_count(article: str, kind: str) -> int | None:
        toll = (events.get(article, {}).get("figures") or {}).get(kind) or {}
        return toll.get("count")

    told = [r for r in injured["reports"] if r["relation"] == "agrees"]
    hurt_articles = sorted({a for r in told for a in r["sources"]})
    known = [own_count(a, "killed") for a in hurt_articles]
    if not hurt_articles or None in known:
        return injured  # an article that gives no death count: its injured may be the dead
    died = dead - max(k or 0 for k in known)
    if died <= 0:
        return injured
    for article in events:
        knew_all = (own_count(article, "killed") or 0) >= dead
        if knew_all and own_count(article, "injured") is not None:
            return injured  # an article that knew every death counted the injured itself
    deaths = [r for r in killed["reports"] if r["relation"] == "agrees"]
    dead_articles = sorted({a for r in deaths for a in r["sources"]})
    first_hurt = min(sources[a].sort_key for a in hurt_articles)
    if not dead_articles or max(sources[a].sort_key for a in dead_articles) < first_hurt:
        return injured
    value = max(hurt - died, 0)
    earlier = [{**r, "relation": "superseded", "superseded": True} for r in told]
    new_count = _Report(
        value,
        value,
        value,
        "exact",
        articles=hurt_articles + [a for a in dead_articles if a not in hurt_articles],
        evidence=[e for r in told + deaths for e in r["evidence"]],
        derivation=f"{hurt} injured less {died} reported dead since",
    )
    dated = [sources[a] for a in dead_articles if sources[a].sort_key[0] == 0]
    derived = {
        **_report_dict(new_count, "agrees", sources),
        # the new count is known from the latest death report, not the first wounding
        "published": max(dated, key=lambda s: s.sort_key).published_iso if dated else None,
    }
    who_hurt = ", ".join(sorted({sources[a].outlet or a for a in hurt_articles}))
    who_dead = ", ".join(sorted({sources[a].outlet or a for a in dead_articles}))
    return {
        **injured,
        "value": value,
        "qualifier": "exact",
        "status": "revised",
        "rule": DIED_SINCE,
        "independent_sources": derived["independent_sources"],
        "confidence": "low",
        "reason": (
            f"{hurt} injured ({who_hurt}) before {died} more"
            f" death{'s were' if died != 1 else ' was'} reported ({dead} killed: {who_dead});"
            f" {value} remain injured"
        ),
        "reports": [r for r in injured["reports"] if r["relation"] != "agrees"]
        + earlier
        + [derived],
    }
