"""privgen consent: serve the consent-record service, and show, export, count and purge its records."""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Callable
from pathlib import Path

from generator.consent.proof import export, organisation, proof_text, site_origins
from generator.consent.service import RATE, consent_app
from generator.consent.stats_page import render_stats
from generator.consent.store import ConsentStore, DayCount
from generator.profile.vocabulary import TIER_ORDER
from generator.profile.duration import days

DEFAULT_DB = "sqlite:///consent.db"


def serve(db: str, host: str, port: int, content: Path, rate: int = RATE) -> None:
    """Receive records until stopped (Ctrl+C), for every organisation in content."""
    import uvicorn

    origins = site_origins(content)
    # Everything loaded so far lives as long as the service: frozen, the collector stops walking it
    # over and over, which was the longest pause in the benchmark's slowest answers (bench/RESULTS.md).
    gc.freeze()
    uvicorn.run(consent_app(ConsentStore(db), origins, rate=rate), host=host, port=port, log_level="warning",
                server_header=False, date_header=False)


def proof(db: str, content: Path, org: str, consent_id: str) -> str:
    return proof_text(organisation(content, org), ConsentStore(db).history(org, consent_id))


def export_records(db: str, content: Path, org: str, since: dt.date | None, form: str) -> str:
    start = dt.datetime.combine(since, dt.time(), dt.timezone.utc) if since else None
    profile = organisation(content, org).current.profile
    return export(ConsentStore(db).records(org, start), form, profile.controller.name or org)


# The columns of the statistics: what a visitor chose, and how many choices came with GPC on.
STATS_COLUMNS: tuple[tuple[str, Callable[[DayCount], bool]], ...] = (
    ("accept all", lambda c: c.action == "accept_all"),
    ("necessary only", lambda c: c.action == "necessary_only"),
    *((f"settings: {tier}", functools.partial(lambda tier, c: c.action == "settings" and c.tier == tier, tier))
      for tier in TIER_ORDER),
    ("withdrawal", lambda c: c.action == "withdrawal"),
    ("by script", lambda c: c.action == "api"),
    ("GPC on", lambda c: c.gpc),
)


def stats_table(db: str, org: str) -> tuple[list[str], list[tuple[dt.date, list[int]]]]:
    """The columns that have any choice, and per day the count in each."""
    counts = ConsentStore(db).stats(org)
    per_day = {day: [sum(c.count for c in counts if c.day == day and chosen(c)) for _, chosen in STATS_COLUMNS]
               for day in sorted({c.day for c in counts})}
    used = [i for i in range(len(STATS_COLUMNS)) if any(row[i] for row in per_day.values())]
    return [STATS_COLUMNS[i][0] for i in used], [(day, [row[i] for i in used]) for day, row in per_day.items()]


def stats(db: str, org: str) -> str:
    """Choices per day, as a table for the terminal."""
    columns, rows = stats_table(db, org)
    if not rows:
        return f"{org}: no records\n"
    width = max(len(c) for c in columns) + 2
    lines = ["day".ljust(12) + "".join(c.rjust(width) for c in columns)]
    lines += [day.isoformat().ljust(12) + "".join(str(n).rjust(width) for n in row) for day, row in rows]
    return "\n".join(lines) + "\n"


def stats_page(db: str, content: Path, org: str, lang: str = "en") -> str:
    """The same figures as an HTML page: a bar per day and the table it draws."""
    columns, rows = stats_table(db, org)
    name = organisation(content, org).current.profile.controller.name or org
    return render_stats(name, columns, rows, lang)


def purge(db: str, older_than: str, now: dt.datetime | None = None) -> int:
    """Delete the records of every consent id whose last choice is older than the period (P3Y)."""
    moment = (now or dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=days(older_than))
    return ConsentStore(db).purge(moment)
