"""A throwaway PostgreSQL cluster: initdb into a temporary folder, started on a Unix socket there
(as the postgres user when run as root, which PostgreSQL refuses), stopped and removed afterwards.
The consent store's tests and bench/consent_bench.py both use it."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


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
        return f"postgresql+psycopg://postgres@/postgres?host={self.folder}&port={self.port}"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run([*self.as_user, _binary("pg_ctl") or "pg_ctl", "-D", str(self.folder / "data"), *args],
                       check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        # -l: the server writes to a file, not to the pipe this process would wait on
        self.pg_ctl("-l", str(self.folder / "server.log"),
                    "-o", f"-k {self.folder} -c listen_addresses='' -p {self.port}", "-w", "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")


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
    with socket.socket() as probe:  # a free port number names the socket file
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
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
