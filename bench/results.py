"""bench/RESULTS.md: every benchmark run adds its figures on top, with the date, the commit and
the machine's speed as the benchmark measured it, so that the history of the figures stays in one
file and the README quotes only the latest."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MARKER = "<!-- newest first: the benchmarks add their runs below this line -->"


def record(benchmark: str, lines: list[str], results: Path = RESULTS) -> None:
    """Add a run's lines under MARKER, headed by the benchmark, the time and the commit."""
    text = results.read_text(encoding="utf-8") if results.exists() else f"# Benchmark results\n\n{MARKER}\n"
    if MARKER not in text:
        text = text.rstrip("\n") + f"\n\n{MARKER}\n"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=results.parent).stdout.strip() or "unknown"
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    block = f"\n### {benchmark}, {when}, at {commit}\n\n" + "".join(f"- {line}\n" for line in lines)
    results.write_text(text.replace(MARKER, MARKER + "\n" + block, 1), encoding="utf-8")
