"""privgen audit: does the live website do what its statement says?"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.reporting import _reporting


@click.command()
@click.argument("url")
@click.option("--org", required=True, help="The organisation whose statement the site should follow.")
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)
@click.option("--pages", type=click.IntRange(0, 100), default=5, show_default=True,
              help="Same-site pages linked from URL to visit as well.")
@click.option("--format", "output", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True,
              help="Language of the text report.")
@click.option("--strict", is_flag=True, help="Also fail on warnings.")
@click.option("--page-timeout", type=click.FloatRange(1, 600), default=20, show_default=True, help="Seconds per page.")
@click.option("--timeout", type=click.FloatRange(5, 7200), default=300, show_default=True,
              help="Seconds for the whole audit; what is left is reported as not visited.")
@click.option("--ignore-https-errors", is_flag=True,
              help="Audit a staging site whose certificate is self-signed or expired.")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks.")
def audit(url: str, org: str, content: Path, pages: int, output: str, lang: str, strict: bool, page_timeout: float,
          timeout: float, ignore_https_errors: bool, verbose: bool) -> None:
    """Visit URL in Chromium in every consent state and report what the statement does not allow; exit 1 on
    errors."""
    from generator.audit import report as reports
    from generator.commands.audit import audit as run

    def go() -> None:
        result = run(url, org, content, pages, page_timeout, timeout, ignore_https_errors=ignore_https_errors)
        text = {"text": lambda: reports.as_text(result, lang), "json": lambda: reports.as_json(result),
                "sarif": lambda: reports.as_sarif(result)}[output]()
        click.echo(text, nl=False)
        if result.fails(strict):
            sys.exit(1)

    _reporting(verbose, go)
