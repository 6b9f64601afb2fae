"""A Ray cluster on loopback for tests: a head and worker nodes on this machine.

Each node is `ray start --block` from this venv, run in the background and ended by
its own PID (never `ray stop`, which ends every Ray process on the machine by name).
Nothing leaves loopback: nodes listen on 127.0.0.2 (Ray rewrites 127.0.0.1 to the
machine's outside address), usage reports are off and go to a closed local port, and
the nodes' HOME holds an empty `ray_bootstrap_config.yaml`, whose presence stops the
head from probing the cloud-metadata address.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

NODE_IP = "127.0.0.2"
STARTED_LINE = "Ray runtime started"  # printed by `ray start` once the node is up
START_TIMEOUT_SECONDS = 120
STOP_TIMEOUT_SECONDS = 60

LOOPBACK_ONLY_ENV = {
    "RAY_USAGE_STATS_ENABLED": "0",
    "RAY_USAGE_STATS_REPORT_URL": "http://127.0.0.1:9/",
    "RAY_AUTH_MODE": "disabled",
    # a node told to stop waits up to 30 s for its actors to drain (Ray Data leaves
    # detached ones on the head): a test cluster has nothing worth waiting for
    "RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S": "0",
}


def free_port() -> int:
    """A port nothing listens on now on the nodes' address (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind((NODE_IP, 0))
        return probe.getsockname()[1]


class RayCluster:
    """`workers` worker nodes beside a head, each with `cpus_per_node` CPUs.

    Use as a context manager, or call `start()` and `stop()`: `stop()` ends only the
    processes `start()` launched, workers first, and waits for them.
    """

    def __init__(
        self,
        root: Path,
        *,
        workers: int = 1,
        cpus_per_node: int = 1,
        object_store_bytes: int = 500 * 1024 * 1024,
    ) -> None:
        self.root = root
        self.workers = workers
        self.cpus_per_node = cpus_per_node
        self.object_store_bytes = object_store_bytes
        self.port = free_port()
        self.nodes: list[tuple[subprocess.Popen, Path]] = []

    @property
    def address(self) -> str:
        return f"{NODE_IP}:{self.port}"

    def environment(self) -> dict[str, str]:
        """What every Ray command (and a driver connecting to the cluster) runs with."""
        home = self.root / "home"
        home.mkdir(parents=True, exist_ok=True)
        (home / "ray_bootstrap_config.yaml").write_text("")
        (self.root / "tmp").mkdir(exist_ok=True)
        return {
            **os.environ,
            **LOOPBACK_ONLY_ENV,
            "HOME": str(home),
            "RAY_TMPDIR": str(self.root / "tmp"),
            # the workers keep the real model caches (the gazetteer index is built
            # once under ~/.cache, in 10-15 s), not ones under the stand-in HOME
            "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"),
        }

    def start(self) -> RayCluster:
        common = [
            f"--node-ip-address={NODE_IP}",
            f"--num-cpus={self.cpus_per_node}",
            f"--object-store-memory={self.object_store_bytes}",
            f"--temp-dir={self.root / 'rt'}",
            "--disable-usage-stats",
        ]
        try:
            self._start_node(
                "head",
                "--head",
                f"--port={self.port}",
                "--include-dashboard=false",
                *common,
            )
            for number in range(1, self.workers + 1):
                self._start_node(f"worker{number}", f"--address={self.address}", *common)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_node(self, name: str, *options: str) -> None:
        ray = Path(sys.executable).parent / "ray"
        log = self.root / f"{name}.log"
        # each node its own agent port: two nodes on one address would both want 52365
        command = [str(ray), "start", "--block", *options]
        command.append(f"--dashboard-agent-listen-port={free_port()}")
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=self.environment(),
                start_new_session=True,  # its own process group: see stop()
            )
        self.nodes.append((process, log))
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while STARTED_LINE not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"Ray {name} node did not start:\n{tail}")
            time.sleep(0.5)

    def stop(self) -> None:
        """End the nodes by PID, last started first; exit code 1 is how they end."""
        while self.nodes:
            process, _ = self.nodes.pop()
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                # a node that will not stop: end the group it leads (itself and the
                # Ray processes it started), which holds nothing else
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def __enter__(self) -> RayCluster:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
