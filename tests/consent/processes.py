"""What the consent store's tests and bench/consent_bench.py start: a throwaway PostgreSQL cluster
(initdb into a temporary folder, started on a Unix socket there, as the postgres user when run as
root, which PostgreSQL refuses; stopped and removed afterwards), and `privgen consent serve` as a
process of its own."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


@dataclass
class Cluster:
    folder: Path
    port: int
    as_user: list[str]

    @property
    def url(self) -> str:
        return self.database_url("postgres")

    def database_url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@/{name}?host={self.folder}&port={self.port}"

    def new_database(self, name: str) -> str:
        """An empty database of this name in the cluster; its URL."""
        import sqlalchemy as sa

        engine = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.database_url(name)

    def pg_ctl(self, *args: str) -> None:
        subprocess.run([*self.as_user, _binary("pg_ctl") or "pg_ctl", "-D", str(self.folder / "data"), *args],
                       check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        # -l: the server writes to a file, not to the pipe this process would wait on
        self.pg_ctl("-l", str(self.folder / "server.log"),
                    "-o", f"-k {self.folder} -c listen_addresses='' -p {self.port}", "-w", "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def consent_service(db: str, content: Path, rate: int = 60) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`privgen consent serve` on a free port, once it answers; yields the process and its base URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator", "consent", "serve", "--db", db, "--port",
                                str(port), "--rate", str(rate), "--content", str(content)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                httpx.get(base + "/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield process, base
    finally:
        process.terminate()
        process.wait(timeout=30)


def available() -> bool:
    return _binary("initdb") is not None


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    initdb = _binary("initdb")
    assert initdb is not None, "PostgreSQL is missing"
    folder = Path(tempfile.mkdtemp(prefix="privgen-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: as its own user
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()  # names the socket file
    subprocess.run([*as_user, initdb, "-D", str(folder / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
                   check=True, capture_output=True, timeout=120)
    cluster = Cluster(folder, port, as_user)
    cluster.start()
    try:
        yield cluster
    finally:
        try:
            cluster.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(folder, ignore_errors=True)
