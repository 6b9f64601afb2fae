"""How spaCy's models run here: numpy's BLAS for their matrix products, on one thread.

Shared by the two stages that run spaCy models (the role parser in `extract.roles` and
the NER of `entities.mentions`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def use_numpy_blas(nlp: Any) -> Any:
    """`nlp` with every layer's matrix products done by numpy's BLAS instead of blis.

    blis's kernels are generic on this machine; OpenBLAS was three times faster on the
    tok2vec layers of the role parser, and took NER from 13.7 to 10.4 ms a GVA article
    with the same entities on 1,280 articles.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for layer in model.walk():
                layer.ops = ops
    return nlp


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS on one thread while spaCy runs: its matrices are small, and a second
    thread on a shared machine cost more than it saved (tok2vec 6.0 against 3.7 ms a
    report). Without threadpoolctl BLAS keeps its setting."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield
