"""privgen consent: the consent-record service and what reads its records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.reporting import _reporting


@click.group()
def consent() -> None:
    """Proof of consent: receive the banner's records (serve), and show, export, count and purge them."""


_DB = click.option("--db", default="sqlite:///consent.db", show_default=True,
                   help="sqlite:///FILE, or postgresql+psycopg://USER@HOST/DB")
_CONTENT = click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)


@consent.command("serve")
@_DB
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@_CONTENT
@click.option("--rate", type=click.IntRange(0), default=60, show_default=True, help="Records per client a minute; 0: no limit")
def consent_serve(db: str, host: str, port: int, content: Path, rate: int) -> None:
    """Receive the banner's records at http://HOST:PORT/consent/ORG (its consent_log)."""
    from generator.commands.consent import serve

    _reporting(False, lambda: serve(db, host, port, content, rate))


@consent.command("proof")
@click.argument("org")
@click.argument("consent_id")
@_DB
@_CONTENT
def consent_proof(org: str, consent_id: str, db: str, content: Path) -> None:
    """Every choice of CONSENT_ID, with what the visitor was shown at each."""
    from generator.commands.consent import proof

    _reporting(False, lambda: click.echo(proof(db, content, org, consent_id), nl=False))


@consent.command("export")
@click.argument("org")
@_DB
@_CONTENT
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@click.option("--format", "form", type=click.Choice(["jsonl", "csv", "jsonld"]), default="jsonl", show_default=True)
def consent_export(org: str, db: str, content: Path, since: dt.datetime | None, form: str) -> None:
    """ORG's records, as JSON lines, CSV or JSON-LD (ISO/IEC TS 27560, W3C DPV)."""
    from generator.commands.consent import export_records

    when = since.date() if since else None
    _reporting(False, lambda: click.echo(export_records(db, content, org, when, form), nl=False))


@consent.command("stats")
@click.argument("org")
@_DB
@_CONTENT
@click.option("--html", "page", type=click.Path(dir_okay=False, path_type=Path), help="also write a page with a chart")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True, help="Language of the page.")
def consent_stats(org: str, db: str, content: Path, page: Path | None, lang: str) -> None:
    """Choices per day: accept all, necessary only, each tier in settings, withdrawal, GPC."""
    from generator.commands.consent import stats, stats_page

    def run() -> None:
        click.echo(stats(db, org), nl=False)
        if page is not None:
            page.write_text(stats_page(db, content, org, lang), encoding="utf-8")

    _reporting(False, run)


@consent.command("purge")
@_DB
@click.option("--older-than", default="P3Y", show_default=True, help="ISO 8601 period after a consent id's last choice")
def consent_purge(db: str, older_than: str) -> None:
    """Delete the records of consent ids whose last choice is older than the period."""
    from generator.commands.consent import purge

    _reporting(False, lambda: click.echo(f"Deleted {purge(db, older_than)} records"))
