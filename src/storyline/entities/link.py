"""Entity ids next to the phrases the events stage produced.

The events of an article name actors as printed: role phrases, a claim's claimant, the
source a figure is attributed to, a quote's speaker. Each gets the id of the entity it
names — found by its span among the article's resolved mentions, else by linking the
phrase — so outputs, consolidation and search count "ISIS" and "the Islamic State" as
one. Phrases that name no entity (a weapon, "two suicide bombers") get none.
"""

from __future__ import annotations

from typing import Any

from storyline.entities.resolve import EntityIndex

_ROLE_TYPES = {
    "perpetrator_organizations": "organization",
    "perpetrator_individuals": "person",
    "victims": "person",
    "targets": None,  # a building or a place: any type
}


def _entity(
    index: EntityIndex, article_id: str, evidence: dict[str, Any] | None, text: str | None,
    type_: str | None,
) -> str | None:  # fmt: skip
    found = None
    if evidence and evidence.get("field", "text") == "text":
        found = index.entity_of(article_id, evidence["start"], evidence["end"])
        entity = index.get(found) if found else None
        if entity is not None and type_ and entity.type != type_:
            found = None
    if found is None and text:
        found = index.link(text, type_, article_id)
    return found


def link_events(
    events: list[dict[str, Any]], article_id: str, index: EntityIndex
) -> list[dict[str, Any]]:
    """The same events with `entity` ids added where a phrase names an entity."""
    for event in events:
        for role, type_ in _ROLE_TYPES.items():
            for phrase in event.get(role) or []:
                found = _entity(index, article_id, phrase["evidence"], phrase["text"], type_)
                phrase["entity"] = found
        for claim in event.get("claims") or []:
            claim["claimant_entity"] = _entity(
                index, article_id, claim.get("claimant_evidence"), claim.get("claimant"),
                "organization",
            )  # fmt: skip
        for quote in event.get("quotes") or []:
            name = quote.get("speaker_resolved") or quote.get("speaker")
            evidence = quote.get("resolved_evidence") or quote.get("speaker_evidence")
            quote["speaker_entity"] = _entity(index, article_id, evidence, name, None)
        for summary in (event.get("figures") or {}).values():
            for report in [summary, *summary.get("reports", [])]:
                attribution = report.get("attribution")
                if attribution and attribution.get("source"):
                    attribution["entity"] = _entity(
                        index, article_id, attribution.get("evidence"), attribution["source"],
                        None,
                    )  # fmt: skip
    return events
