"""privgen consent: serve the consent-record service, and show, export, count and purge its records."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from generator.consent.proof import export, organisation, proof_text, site_origins
from generator.consent.service import RATE, consent_app
from generator.consent.store import ConsentStore
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


def stats(db: str, org: str) -> str:
    """Choices per action per day, as a table for the terminal."""
    counts = ConsentStore(db).stats(org)
    if not counts:
        return f"{org}: no records\n"
    actions = sorted({c.action for c in counts})
    days_seen = sorted({c.day for c in counts})
    table = {(c.day, c.action): c.count for c in counts}
    width = max(len(a) for a in actions) + 2
    lines = ["day".ljust(12) + "".join(a.rjust(width) for a in actions)]
    lines += [day.isoformat().ljust(12) + "".join(str(table.get((day, a), 0)).rjust(width) for a in actions)
              for day in days_seen]
    return "\n".join(lines) + "\n"


def purge(db: str, older_than: str, now: dt.datetime | None = None) -> int:
    """Delete the records of every consent id whose last choice is older than the period (P3Y)."""
    moment = (now or dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=days(older_than))
    return ConsentStore(db).purge(moment)
