"""The process engine: order, and the workers let go between stages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from storyline.engine import ModelWorker, ProcessEngine


class PidWorker(ModelWorker):
    """Squares each item and says which process did it."""

    def load(self) -> int:
        return os.getpid()

    def run(self, batch: list[Any], pid: int) -> list[tuple[int, int]]:
        return [(x * x, pid) for x in batch]


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


def test_results_come_in_item_order_and_release_ends_the_workers():
    engine = ProcessEngine(2)
    try:
        first = list(engine.map_batches(PidWorker(), range(50), 3))
        assert [r for r, _pid in first] == [x * x for x in range(50)]
        workers = {pid for _r, pid in first}
        assert os.getpid() not in workers
        engine.release()
        assert not any(_alive(pid) for pid in workers)
        # the next map starts new processes, with the same results
        second = list(engine.map_batches(PidWorker(), range(50), 3))
        assert [r for r, _pid in second] == [x * x for x in range(50)]
        assert not workers & {pid for _r, pid in second}
    finally:
        engine.close()
