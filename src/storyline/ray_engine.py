"""The Ray engine: per-article batches run on a Ray cluster through Ray Data.

Each call to `map_batches` cuts the items into the same batches the local engine makes,
pickles every batch into one row (`batch_index`, `items`) and maps the rows through an
actor pool: each actor builds the worker once and keeps its models for all the rows it
receives. Rows go in windows of a few thousand items (and at most WINDOW_BYTES of pickled
input), so a long input never sits in memory at once; a window costs one Ray Data
pipeline (about 2 s of start-up plus the actors loading their models). Results are
yielded in item order: Ray Data is asked to preserve order, and rows are put back in
`batch_index` order here whatever it does.

Ray is kept on loopback and silent: no usage reports, no cloud-metadata probe, no token
files, and a temporary directory of its own (see `_start_local_cluster`).
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import re
import shutil
import socket
import tempfile
import time
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.engine import BatchWorker, batched

if TYPE_CHECKING:
    import pyarrow as pa

WINDOW_ITEMS = 4096  # items per Ray Data pipeline: amortises its ~2 s start-up
WINDOW_BYTES = 256 * 1024 * 1024  # pickled input per window: bounds driver memory
ITEMS_PER_BLOCK = 32  # small batches (one story each) share a block: ~1 ms per block
LOCAL_OBJECT_STORE_BYTES = 512 * 1024 * 1024  # Ray's default would reserve 30% of RAM
LOCAL_NODE_IP = "127.0.0.2"  # Ray rewrites 127.0.0.1 to the machine's outside address
CONNECT_TIMEOUT_SECONDS = 5.0

# Read by Ray at start-up and inherited by every process it spawns: no usage reports
# (and the disabled-usage notice goes to a closed loopback port), no token auth that
# writes ~/.ray/auth_token behind the user's back (a cluster that uses tokens still
# can: an explicit RAY_AUTH_MODE is kept).
_FORCED_ENV = {
    "RAY_USAGE_STATS_ENABLED": "0",
    "RAY_USAGE_STATS_REPORT_URL": "http://127.0.0.1:9/",
}
_DEFAULT_ENV = {"RAY_AUTH_MODE": "disabled"}

_PLAIN_ADDRESS = re.compile(r"^(?P<host>\[[^\]]+\]|[^:/\[\]]+):(?P<port>\d{1,5})$")


class RayEngine:
    """Batches mapped on a Ray cluster: the one at `address`, else one started here.

    A cluster started here lives in this process's session, on loopback, with one CPU
    per core, and ends with `close()`; a cluster given by address is only disconnected
    from. Every node must have storyline (and the same model packages) installed.
    """

    name = "ray"

    def __init__(self, address: str | None = None) -> None:
        self.address = address
        self._temp_dir: Path | None = None
        self._owns_session = False
        _keep_ray_quiet_and_local()
        import ray

        if not ray.is_initialized():  # else someone here runs a session: use it, leave it
            if address is None:
                self._start_local_cluster()
            else:
                self._connect(address)
            self._owns_session = True
        self._configure_ray_data()

    def _start_local_cluster(self) -> None:
        import ray

        self._temp_dir = Path(tempfile.mkdtemp(prefix="storyline-ray-"))
        # A head node's API server reads ~/ray_bootstrap_config.yaml and, when there is
        # none, probes the cloud-metadata address 169.254.169.254 to name the cloud it
        # runs on; an empty file stops the probe. That server is a subprocess spawned
        # by ray.init(), and reads HOME from the environment it inherits, so HOME (and
        # RAY_TMPDIR) point at our folder only while ray.init() spawns the head's
        # processes. Workers are spawned later by the raylet with that environment,
        # so the job's runtime_env gives them the real HOME back (model caches live
        # under it).
        bootstrap_home = self._temp_dir / "home"
        bootstrap_home.mkdir()
        (bootstrap_home / "ray_bootstrap_config.yaml").write_text("")
        runtime_env = {"env_vars": {"HOME": os.environ["HOME"]}} if "HOME" in os.environ else {}
        try:
            with _environment(HOME=str(bootstrap_home), RAY_TMPDIR=str(self._temp_dir)):
                ray.init(
                    _node_ip_address=LOCAL_NODE_IP,
                    _temp_dir=str(self._temp_dir),
                    num_cpus=os.cpu_count() or 1,
                    object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                    include_dashboard=False,
                    runtime_env=runtime_env,
                    logging_level=logging.WARNING,
                    configure_logging=True,
                )
        except Exception as exc:
            self._remove_temp_dir()
            raise RuntimeError(f"could not start a local Ray cluster: {_first_line(exc)}") from exc

    def _connect(self, address: str) -> None:
        import ray

        plain = _PLAIN_ADDRESS.match(address.strip())
        if plain:  # fail in seconds with the address named, not after Ray's retries
            host, port = plain["host"].strip("[]"), int(plain["port"])
            try:
                socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_SECONDS).close()
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                raise ConnectionError(
                    f"cannot reach the Ray cluster at {address}: {reason}"
                ) from None
        try:
            ray.init(address=address, logging_level=logging.WARNING, configure_logging=True)
        except Exception as exc:
            raise ConnectionError(
                f"cannot connect to the Ray cluster at {address}: {_first_line(exc)}"
            ) from exc

    @staticmethod
    def _configure_ray_data() -> None:
        from ray.data import DataContext

        context = DataContext.get_current()
        context.execution_options.preserve_order = True  # rows are re-ordered anyway
        context.enable_progress_bars = False  # the CLI draws its own
        context.print_on_execution_start = False
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        # ...which would otherwise warn once that its own bars are off
        logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)

    def map_batches(
        self, worker: BatchWorker, items: Iterable[Any], batch_size: int
    ) -> Iterator[Any]:
        """`worker` over `items` in batches of `batch_size`, results in item order.

        The batches are exactly the local engine's, so batched models see the same
        inputs (and padding) wherever they run.
        """
        batches = batched(items, batch_size)
        rows_per_block = max(1, ITEMS_PER_BLOCK // batch_size)
        window_rows = max(1, WINDOW_ITEMS // batch_size)
        next_index = 0
        while window := _pickled_window(batches, window_rows, next_index):
            yield from self._run_window(worker, window, rows_per_block)
            next_index += len(window)

    def _run_window(
        self, worker: BatchWorker, window: list[tuple[int, bytes]], rows_per_block: int
    ) -> Iterator[Any]:
        import ray
        from ray.data import ActorPoolStrategy

        # from_items builds the blocks here (from_arrow would run a Ray task per block
        # just to read their schemas); one block is one task for an actor
        rows = [{"batch_index": index, "items": blob} for index, blob in window]
        blocks = math.ceil(len(rows) / rows_per_block)
        dataset = ray.data.from_items(rows, override_num_blocks=blocks)
        cpus = int(ray.cluster_resources().get("CPU", 1)) or 1
        mapped = dataset.map_batches(
            _WorkerActor,
            fn_constructor_args=(worker,),
            batch_size=None,  # one call per block; each row is one of our batches
            batch_format="pyarrow",
            compute=ActorPoolStrategy(min_size=1, max_size=min(cpus, blocks)),
            num_cpus=1,
            udf_modifying_row_count=False,
        )
        expected = window[0][0]
        waiting: dict[int, list[Any]] = {}
        for table in mapped.iter_batches(batch_size=None, batch_format="pyarrow"):
            for index, blob, error, trace in zip(
                table.column("batch_index").to_pylist(),
                table.column("results").to_pylist(),
                table.column("error").to_pylist(),
                table.column("trace").to_pylist(),
                strict=True,
            ):
                if error is not None:
                    failure = WorkerFailed(error)
                    failure.add_note(f"on the cluster:\n{trace}")
                    raise failure
                waiting[index] = pickle.loads(blob)
            while expected in waiting:
                yield from waiting.pop(expected)
                expected += 1
        if waiting or expected != window[-1][0] + 1:
            missing = window[-1][0] + 1 - expected
            name = type(worker).__name__
            raise RuntimeError(f"Ray returned no results for {missing} batches of {name}")

    def release(self) -> None:
        pass  # Ray Data ends each map's actors, and their models, with the map

    def close(self) -> None:
        if self._owns_session:
            import ray

            ray.shutdown()  # stops the processes of a cluster started here, never others
            self._owns_session = False
        self._remove_temp_dir()

    def _remove_temp_dir(self) -> None:
        if self._temp_dir is None:
            return
        # processes ended by ray.shutdown() may still be writing logs for a moment
        for _ in range(10):
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            if not self._temp_dir.exists():
                break
            time.sleep(0.3)
        self._temp_dir = None


class WorkerFailed(RuntimeError):
    """A worker raised on the cluster: its error in one line, the remote trace as a note."""


class _WorkerActor:
    """One Ray Data actor: holds one copy of the worker (and its loaded models).

    A worker's exception comes back as a row's `error` (one line) and `trace` rather
    than raised here, where Ray would wrap it in pages of its own frames.
    """

    def __init__(self, worker: BatchWorker) -> None:
        self.worker = worker

    def __call__(self, block: pa.Table) -> pa.Table:
        import pyarrow as pa

        results: list[bytes] = []
        errors: list[str | None] = []
        traces: list[str | None] = []
        for blob in block.column("items").to_pylist():
            batch = pickle.loads(blob)
            try:
                done = self.worker(batch)
                if len(done) != len(batch):
                    raise RuntimeError(f"{len(done)} results for {len(batch)} items")
            except Exception as exc:
                where = f"{type(self.worker).__name__} on {socket.gethostname()}"
                results.append(b"")
                errors.append(f"{where}: {type(exc).__name__}: {_first_line(exc)}")
                traces.append(traceback.format_exc())
                continue
            results.append(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))
            errors.append(None)
            traces.append(None)
        return pa.table(
            {
                "batch_index": block.column("batch_index"),
                "results": pa.array(results, pa.large_binary()),
                "error": pa.array(errors, pa.string()),
                "trace": pa.array(traces, pa.large_string()),
            }
        )


def _pickled_window(
    batches: Iterator[list[Any]], max_rows: int, first_index: int
) -> list[tuple[int, bytes]]:
    """The next window of (batch index, pickled batch) rows: at most `max_rows`, and
    no more rows once WINDOW_BYTES of input are taken (a single huge batch still goes)."""
    window: list[tuple[int, bytes]] = []
    size = 0
    for batch in islice(batches, max_rows):
        blob = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
        window.append((first_index + len(window), blob))
        size += len(blob)
        if size >= WINDOW_BYTES:
            break
    return window


def _keep_ray_quiet_and_local() -> None:
    """The environment Ray must see before it is imported and before it spawns anything."""
    os.environ.update(_FORCED_ENV)
    for key, value in _DEFAULT_ENV.items():
        os.environ.setdefault(key, value)


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """`values` set in os.environ for the block (inherited by what it spawns), then undone."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
