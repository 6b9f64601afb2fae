"""`--engine ray` on a two-node Ray cluster on loopback: the same outputs as local.

The cluster (a head and one worker node, one CPU each) starts once for this module and
is stopped by PID at its end. A build on it must write byte-identical articles,
stories, entities and report to the local engine's build of the same input.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from storyline.engine import LocalEngine
from tests.conftest import GVA_DEV, KERMAN, require, run_cli

pytest.importorskip(
    "ray.data", reason="ray is not installed: pip install 'ray[data]' to test --engine ray"
)

from storyline.ray_engine import RayEngine, WorkerFailed  # needs ray: after the skip
from tests.raycluster import RayCluster

# manifest.json names the run (time, engine), so it differs by design
COMPARED_OUTPUTS = ("articles.jsonl", "stories.jsonl", "entities.jsonl", "report.md")


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory):
    # a short root: Ray's socket paths under it must stay within 107 bytes
    with RayCluster(tmp_path_factory.mktemp("ray"), workers=1, cpus_per_node=1) as cluster:
        yield cluster


class PairWithBatch:
    """Each item with the process that handled it and the batch it came in."""

    def __call__(self, batch: list[int]) -> list[tuple[int, int, tuple[int, ...]]]:
        if batch[0] % 3 == 0:
            time.sleep(0.01)  # uneven batches, so actors finish out of order
        return [(item, os.getpid(), tuple(batch)) for item in batch]


def test_map_batches_returns_results_in_item_order(ray_cluster):
    items = list(range(10_000))  # several windows of 7-item batches
    engine = RayEngine(address=ray_cluster.address)
    try:
        results = list(engine.map_batches(PairWithBatch(), items, 7))
    finally:
        engine.close()
    local = list(LocalEngine().map_batches(PairWithBatch(), items, 7))
    assert [item for item, _, _ in results] == items
    # the same batches as the local engine: batched models see the same inputs
    assert [batch for _, _, batch in results] == [batch for _, _, batch in local]
    assert os.getpid() not in {pid for _, pid, _ in results}  # ran on the cluster


class FailsOnSeven:
    def __call__(self, batch: list[int]) -> list[int]:
        if 7 in batch:
            raise ValueError("seven is not allowed")
        return batch


def test_a_failing_worker_is_one_error_line(ray_cluster):
    engine = RayEngine(address=ray_cluster.address)
    try:
        with pytest.raises(WorkerFailed) as failure:
            list(engine.map_batches(FailsOnSeven(), range(20), 4))
    finally:
        engine.close()
    message = str(failure.value)
    assert message.startswith("FailsOnSeven on ")
    assert message.endswith("ValueError: seven is not allowed")
    assert "\n" not in message


def build(source: Path, out: Path, *engine: str) -> float:
    """Seconds to build `source` into `out` with the CLI (`engine` options appended)."""
    started = time.monotonic()
    result = run_cli("build", str(source), "--out", str(out), "-q", *engine, timeout=2400)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    return time.monotonic() - started


def on_ray(cluster: RayCluster) -> tuple[str, ...]:
    return ("--engine", "ray", "--address", cluster.address)


def assert_same_outputs(local: Path, other: Path) -> None:
    for name in COMPARED_OUTPUTS:
        assert (other / name).read_bytes() == (local / name).read_bytes(), name


def test_kerman_on_ray_is_identical_to_local(ray_cluster, tmp_path):
    source = require(KERMAN)
    local_seconds = build(source, tmp_path / "local")
    ray_seconds = build(source, tmp_path / "ray", *on_ray(ray_cluster))
    print(f"kerman: local {local_seconds:.0f} s, ray {ray_seconds:.0f} s")
    assert_same_outputs(tmp_path / "local", tmp_path / "ray")


def test_gva_on_ray_is_identical_to_local(ray_cluster, gva_build_dir, tmp_path):
    source = require(GVA_DEV / "articles.jsonl")
    ray_seconds = build(source, tmp_path / "ray", *on_ray(ray_cluster))
    print(f"gva dev: ray {ray_seconds:.0f} s")
    assert_same_outputs(gva_build_dir, tmp_path / "ray")


def test_unreachable_address_is_one_error_line(tmp_path):
    closed = "127.0.0.2:9"  # discard port: nothing listens there
    options = ("--engine", "ray", "--address", closed)
    result = run_cli("build", str(require(KERMAN)), "--out", str(tmp_path), *options)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 2, lines  # the error, then the hint about --verbose
    assert lines[0].startswith("error:") and closed in lines[0]
