"""Story-page latency of `storyline serve` under 20 concurrent clients on a GVA dev build.

Starts the app in a uvicorn subprocess on 127.0.0.1, then 20 keep-alive connections
fetch story pages back to back (closed loop). Two phases, reported apart because they
answer different questions: `cold` asks for stories no one has opened yet (query, JSON
parse, render), `warm` asks again for stories already opened (the per-story page cache).
Writes
benchmarks/results/serve.json.

    .venv/bin/python benchmarks/serve/run.py --db /tmp/gvaout/storyline.db
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
GVA_DEV = REPO.parent / "shared" / "datasets" / "gva" / "dev" / "articles.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "serve.json"
TARGET_P95_MS = 100.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_db() -> Path:
    """A fresh GVA dev build (about 8 minutes on 2 cores)."""
    out = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    exe = Path(sys.executable).with_name("storyline")
    subprocess.run([str(exe), "build", str(GVA_DEV), "--out", str(out), "-q"], check=False)
    return out / "storyline.db"


def story_ids(db: Path) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM stories ORDER BY id")]


def start_server(db: Path, port: int) -> subprocess.Popen:
    code = (
        "import sys, uvicorn\n"
        "from storyline.serve import create_app\n"
        "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]),"
        " log_level='warning', access_log=False)\n"
    )
    return subprocess.Popen([sys.executable, "-c", code, str(db), str(port)])


async def wait_ready(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                r = await client.get(base + "/api/status")
                if r.status_code == 200 and r.json().get("indexes_ready"):
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("server did not start")


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    """One keep-alive HTTP/1.1 GET; returns the status. A minimal client, so the load
    generator spends little of the CPU it shares with the server."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def run_phase(port: int, paths: list[str], clients: int) -> dict:
    """`clients` connections take paths from one queue; returns latency statistics in ms."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for p in paths:
        queue.put_nowait(p)
    latencies: list[float] = []
    failures = 0

    async def worker() -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while True:
                try:
                    path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t0 = time.perf_counter()
                status = await _get(reader, writer, path)
                latencies.append((time.perf_counter() - t0) * 1000)
                failures += status != 200
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(q: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 1)

    return {
        "requests": len(latencies),
        "failures": failures,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "max_ms": round(latencies[-1], 1),
        "requests_per_s": round(len(latencies) / wall, 1),
    }


async def bench(db: Path, clients: int, cold: int, warm: int, seed: int) -> dict:
    ids = story_ids(db)
    rng = random.Random(seed)
    sample = rng.sample(ids, min(cold, len(ids)))
    port = _free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_ready(base)
        # one request to load the story index, so phase one measures story pages only
        async with httpx.AsyncClient() as c:
            await c.get(base + "/")
        cold_stats = await run_phase(port, [f"/stories/{s}" for s in sample], clients)
        warm_paths = [f"/stories/{rng.choice(sample)}" for _ in range(warm)]
        warm_stats = await run_phase(port, warm_paths, clients)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {
        "benchmark": "story page latency, 20 concurrent clients",
        "database": str(db),
        "stories_in_db": len(ids),
        "clients": clients,
        "target_p95_ms": TARGET_P95_MS,
        "cold": cold_stats,
        "warm": warm_stats,
        "meets_target": {
            "cold": cold_stats["p95_ms"] <= TARGET_P95_MS,
            "warm": warm_stats["p95_ms"] <= TARGET_P95_MS,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "note": "server and clients share the machine (and its 2 cores with other work)",
        },
        "server": "one uvicorn process, one worker, SQLite",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a GVA dev build (built here when omitted)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--cold", type=int, default=1000, help="distinct stories, first views")
    parser.add_argument("--warm", type=int, default=4000, help="requests to opened stories")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    db = args.db
    if db is None:
        default = Path("/tmp/gvaout/storyline.db")
        db = default if default.exists() else build_db()
    result = asyncio.run(bench(db, args.clients, args.cold, args.warm, args.seed))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
