"""A private PostgreSQL server for tests: its own cluster in a temp folder, on 127.0.0.1 only.

No systemd and no Debian default cluster: `initdb` makes a cluster in a folder of our own,
`pg_ctl start` runs it on a free loopback port, and `stop()` ends that one postmaster by
the PID it wrote, so nothing else on the machine is touched. As root the binaries run as
the `postgres` user (PostgreSQL refuses to run as root); otherwise as the current user.

Tests use it through the session fixture in tests/storage/conftest.py. By hand:

    .venv/bin/python -m tests.pg                   # start, print the URL, wait for Ctrl-C
    .venv/bin/python -m tests.pg -- pytest -q tests/storage   # run a command with
                                                   # STORYLINE_TEST_PG set, then stop
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROLE = "app"
PASSWORD = "app"  # a throwaway cluster reachable only from this machine
DATABASE = "storyline"
ENV_URL = "STORYLINE_TEST_PG"  # set it to use a server of your own instead


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL server binaries (Debian layout, then PATH)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version(p.parent.name)
    )
    for path in reversed(candidates):
        if (path / "initdb").exists() and (path / "pg_ctl").exists():
            return path
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in name.split(".") if p.isdigit())


def free_port() -> int:
    """A port nobody listens on now (PostgreSQL binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One throwaway cluster; `start()` then `stop()`, or use it as a context manager."""

    def __init__(self, bin_dir: Path | None = None):
        found = bin_dir or postgres_bin()
        if found is None:
            raise FileNotFoundError("PostgreSQL binaries not found (apt-get install postgresql)")
        self.bin = found
        self.root = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
        self.data = self.root / "pg"
        self.port = 0
        self.pid: int | None = None

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> PostgresServer:
        os.chmod(self.root, 0o755)  # postgres must traverse it to reach its data folder
        self.data.mkdir(mode=0o700)
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-E", "UTF8",
            # the socket sits in the 700 data folder, so "trust" there reaches only its owner
            "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync",
        )  # fmt: skip
        for attempt in range(5):  # the free port may be taken between bind and start
            self.port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} "
                # a test cluster: durability buys nothing, speed does
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            started = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"),
                "-w", "-t", "60", "-o", options, "start", check=False,
            )  # fmt: skip
            if started.returncode == 0:
                break
            if attempt == 4:
                log = (self.data / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"PostgreSQL did not start:\n{log}")
        self.pid = int((self.data / "postmaster.pid").read_text().split()[0])
        self._psql(
            f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'",
            f"CREATE DATABASE {DATABASE} OWNER {ROLE}",
        )
        return self

    def stop(self) -> None:
        """Fast shutdown of our postmaster by its PID, then remove the cluster's folder."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGINT)  # "fast": roll back sessions, exit cleanly
                deadline = time.monotonic() + 30
                while _alive(self.pid) and time.monotonic() < deadline:
                    time.sleep(0.05)
                if _alive(self.pid):
                    os.kill(self.pid, signal.SIGQUIT)  # "immediate"
            self.pid = None
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- URLs and databases -----------------------------------------------------------

    def url(self, database: str = DATABASE) -> str:
        return f"postgresql+psycopg://{ROLE}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "t", icu_locale: str | None = "en-US") -> str:
        """A new empty database owned by the test role; returns its URL.

        By default its collation is ICU's linguistic en-US (case and punctuation weigh
        little), as on many real servers: ordering that leans on the server's default
        collation then differs from SQLite's byte order, and a test sees it.
        """
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        sql = f"CREATE DATABASE {name} OWNER {ROLE}"
        if icu_locale:
            sql += f" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}'"
        self._psql(sql)
        return self.url(name)

    # --- helpers ----------------------------------------------------------------------

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / tool), *args]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        # from / : runuser keeps the working directory, and postgres cannot enter /root
        result = subprocess.run(cmd, cwd="/", capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr.strip()}")
        return result

    def _psql(self, *statements: str) -> None:
        args = ["-h", str(self.data), "-p", str(self.port), "-U", "postgres", "-d", "postgres"]
        args += ["-q", "-v", "ON_ERROR_STOP=1"]
        for statement in statements:
            args += ["-c", statement]
        self._run("psql", *args)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def main(argv: list[str]) -> int:
    """Start a server; run the command after `--` with its URL in the environment, or wait."""
    command = argv[argv.index("--") + 1 :] if "--" in argv else []
    with PostgresServer() as server:
        url = server.url()
        print(f"{ENV_URL}={url}  (postmaster PID {server.pid})", file=sys.stderr, flush=True)
        if command:
            return subprocess.run(command, env={**os.environ, ENV_URL: url}).returncode
        print(f"export {ENV_URL}={url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
