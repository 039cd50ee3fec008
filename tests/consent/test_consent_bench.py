"""bench/consent_bench.py runs, stops by itself and ends with its ratio line (a short run)."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_the_consent_benchmark_runs_and_ends_with_its_ratio(postgres: object) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "consent_bench.py"), "--seconds", "0.5",
                             "--clients", "4", "--no-record"], capture_output=True, text=True, timeout=180, cwd=ROOT)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stderr
    assert [line.split(":")[0] for line in lines[:4]] == [
        "SQLite do-nothing", "SQLite records", "PostgreSQL do-nothing", "PostgreSQL records"]
    assert re.fullmatch(r"ratio_vs_noop=\d+\.\d\d", lines[-1])
