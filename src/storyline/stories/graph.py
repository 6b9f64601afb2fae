"""Connected components, for the two places that group by links: copies and splits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

Node = TypeVar("Node", bound=Any)  # hashable and orderable: article ids or positions


def connected_components(
    nodes: Sequence[Node], links: Iterable[tuple[Node, Node]]
) -> list[list[Node]]:
    """Groups of `nodes` joined by `links`, each sorted, in order of their smallest node.

    Links to nodes outside `nodes` are ignored, so a caller may pass a wider link set.
    """
    parent = {n: n for n in nodes}

    def root(n: Node) -> Node:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in links:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)  # the smallest node roots its group
    groups: dict[Node, list[Node]] = defaultdict(list)
    for n in nodes:
        groups[root(n)].append(n)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
