"""Benchmark: the consent service under load, on SQLite and on PostgreSQL.

    python bench/consent_bench.py [--seconds 5] [--clients 32] [--no-record]

Starts `privgen consent serve` on 127.0.0.1 (no rate limit) for each store: SQLite in a temporary
file, and PostgreSQL in a throwaway cluster (tests/consent/processes.py). Against each server in turn
it runs `--clients` concurrent clients for `--seconds` (it stops by itself), first on the server's
do-nothing endpoint (GET /health), then posting banner-shaped records, each with a consent id of its
own; and prints requests per second and the median and 99th-percentile latency of both. The last
line is `ratio_vs_noop=<records/s ÷ do-nothing requests/s, SQLite>`; the goal is at least 0.5.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results import record  # noqa: E402
from tests.consent.processes import available, consent_service, throwaway_cluster  # noqa: E402

ORIGIN = "https://www.clavis.nl"
RECORD = {"action": "accept_all", "tier": "social", "purposes": ["necessary", "analytics", "social"],
          "revision": "78e68f54", "version": "2025-01-01", "language": "nl", "gpc": False,
          "timestamp": 1764688200000}


async def load(base: str, seconds: float, clients: int, records: bool) -> tuple[int, list[float]]:
    """Requests answered as expected, and each one's latency in seconds."""
    latencies: list[float] = []
    done = 0
    stop = time.monotonic() + seconds

    async def client(number: int) -> None:
        nonlocal done
        sent = 0
        async with httpx.AsyncClient(timeout=10) as http:
            while time.monotonic() < stop:
                started = time.perf_counter()
                if records:
                    body = json.dumps(RECORD | {"id": f"{os.getpid() % 256:02x}{number:04x}{sent:026x}"})
                    response = await http.post(f"{base}/consent/clavis", content=body, headers={"origin": ORIGIN})
                    ok = response.status_code == 204
                else:
                    ok = (await http.get(f"{base}/health")).status_code == 200
                latencies.append(time.perf_counter() - started)
                sent += 1
                done += ok

    await asyncio.gather(*(client(n) for n in range(clients)))
    return done, latencies


def measure(name: str, db: str, seconds: float, clients: int) -> tuple[list[str], float, float]:
    lines = []
    rates = {}
    with consent_service(db, ROOT / "content", rate=0) as (_, base):
        for kind, records in (("do-nothing", False), ("records", True)):
            done, latencies = asyncio.run(load(base, seconds, clients, records))
            rate = done / seconds
            rates[kind] = rate
            cut = statistics.quantiles(latencies, n=100)
            lines.append(f"{name} {kind}: {rate:,.0f} per s, p50 {statistics.median(latencies) * 1000:.1f} ms, "
                         f"p99 {cut[98] * 1000:.1f} ms ({done:,} in {seconds:g} s, {clients} clients)")
    return lines, rates["records"], rates["do-nothing"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--no-record", action="store_true", help="do not add the figures to bench/RESULTS.md")
    args = parser.parse_args()
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        sqlite_lines, records, noop = measure("SQLite", f"sqlite:///{scratch}/consent.db", args.seconds, args.clients)
        lines += sqlite_lines
    if available():
        with throwaway_cluster() as cluster:
            pg_lines, pg_records, pg_noop = measure("PostgreSQL", cluster.url, args.seconds, args.clients)
            lines += pg_lines
            lines.append(f"PostgreSQL records ÷ do-nothing: {pg_records / pg_noop:.2f}")
    else:
        lines.append("PostgreSQL: not installed, not measured")
    lines.append(f"ratio_vs_noop={records / noop:.2f}")
    for line in lines:
        print(line)
    if not args.no_record:
        record(f"consent_bench.py --seconds {args.seconds:g} --clients {args.clients}", lines)


if __name__ == "__main__":
    main()
