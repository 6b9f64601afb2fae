"""Where the per-article work runs: in this process, in worker processes, or on Ray.

The stages that read one article at a time (parsing an input, extracting its events,
finding its entity mentions) hand their work to an engine as batches for a *worker*: a
small picklable object that loads its models on first use and maps a batch of items to
a batch of results. The stages that need the whole corpus (dedupe, clustering, entity
resolution, consolidation) stay in the calling process. Every engine returns results
in the order of the items, so the stored output does not depend on where it ran.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from queue import Full, Queue
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

BatchWorker = Callable[[list[Any]], list[Any]]


class Engine(Protocol):
    """Maps batches of items through a worker; results come back in item order."""

    name: str

    def map_batches(
        self, worker: BatchWorker, items: Iterable[Any], batch_size: int
    ) -> Iterator[Any]: ...

    def release(self) -> None:
        """Let go of the workers' models until the next `map_batches` (a build's
        last parallel work is done; resolution and outputs need the memory)."""

    def close(self) -> None: ...


class ModelWorker:
    """A worker whose models load on its first batch, in whichever process runs it.

    Subclasses say what to load (`load`) and what to do with a batch (`run`); the
    loaded models are never pickled, so shipping a worker to a process or an actor is
    cheap and each loads its own.
    """

    _models: Any = None

    def load(self) -> Any:
        raise NotImplementedError

    def run(self, batch: list[Any], models: Any) -> list[Any]:
        raise NotImplementedError

    def __call__(self, batch: list[Any]) -> list[Any]:
        if self._models is None:
            self._models = self.load()
        return self.run(batch, self._models)

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_models"}


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@dataclass(frozen=True, slots=True)
class _Raised:
    error: BaseException


_END = object()


def prefetch(items: Iterable[T], ahead: int) -> Iterator[T]:
    """`items`, drawn by a background thread up to `ahead` items before the consumer.

    An engine's workers only get new batches while someone draws its results; with this
    they keep computing while the caller does its own sequential work (clustering the
    articles already embedded). An error raised while drawing is raised here, in order.
    """
    queue: Queue[Any] = Queue(maxsize=ahead)
    stopped = threading.Event()

    def put(item: Any) -> bool:
        while not stopped.is_set():
            try:
                queue.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def pump() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_END)
        except BaseException as exc:  # handed to the consumer, who raises it
            put(_Raised(exc))

    thread = threading.Thread(target=pump, name="prefetch", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not _END:
            if isinstance(item, _Raised):
                raise item.error
            yield item
    finally:
        stopped.set()
        thread.join()


class LocalEngine:
    """Everything in the calling process: the default, and the reference for the others."""

    name = "local"

    def map_batches(self, worker: BatchWorker, items: Iterable[Any], batch_size: int):
        for batch in batched(items, batch_size):
            yield from worker(batch)

    def release(self) -> None:
        pass  # the workers were the caller's, gone with their stage

    def close(self) -> None:
        pass


# One worker object per process, kept between batches so its models load once.
_process_workers: dict[str, BatchWorker] = {}


def _run_in_process(worker: BatchWorker, batch: list[Any]) -> list[Any]:
    # The first worker of a class is kept with its loaded models: within one build all
    # workers of a class carry the same settings. Stages run one after another, so a
    # worker of a new class means the last stage is over: its models (spaCy pipelines,
    # the sentence encoder, ~0.5 GB a process) are let go before the new ones load.
    name = type(worker).__qualname__
    kept = _process_workers.get(name)
    if kept is None:
        if _process_workers:
            _process_workers.clear()
            release_memory()
        kept = _process_workers[name] = worker
    return kept(batch)


def release_memory() -> None:
    """Collect garbage and hand freed heap pages back to the system (glibc only)."""
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: the pages stay
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class ProcessEngine:
    """Batches spread over local worker processes (one per core by default).

    At most two batches per process are in flight, so memory stays bounded however
    long the input is, and results are yielded in submission order.
    """

    name = "processes"

    def __init__(self, processes: int | None = None) -> None:
        self.processes = processes or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def map_batches(self, worker: BatchWorker, items: Iterable[Any], batch_size: int):
        if self._pool is None:
            import multiprocessing

            # forkserver: the parent may hold threads and open database handles
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(self.processes, mp_context=context)
        pending: list[Future] = []
        for batch in batched(items, batch_size):
            pending.append(self._pool.submit(_run_in_process, worker, batch))
            if len(pending) >= 2 * self.processes:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()

    def release(self) -> None:
        # Ending the processes returns all their memory, which freeing in them does not
        # (fragmented heaps); the next map_batches starts new ones.
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


ENGINES = ("local", "processes", "ray")


def make_engine(name: str, *, address: str | None = None, processes: int | None = None) -> Engine:
    """The engine a command line asks for: `local`, `processes` or `ray`."""
    if name == "local":
        return LocalEngine()
    if name == "processes":
        return ProcessEngine(processes)
    if name == "ray":
        from storyline.ray_engine import RayEngine  # Ray is heavy: only when asked for

        return RayEngine(address=address)
    raise ValueError(f"unknown engine {name!r} (choose local, processes or ray)")
