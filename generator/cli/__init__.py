"""The privgen command line; the only place where errors become messages for people."""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.cli.reporting import _reporting
from generator.errors import OutputError, PrivgenError, printable
from generator.profile.text import LANGUAGES

# On the way out the interpreter's last garbage collection walks every object a build made, a
# large part of a one-profile rebuild; none of them holds anything that refcounting does not release.
atexit.register(gc.freeze)


def _jobs_option(work: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
                        show_default="all cores",
                        help=f"Processes that {work} organisations in parallel; the output is the same as with 1.")


_quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress bar (also under CI=true).")


def _progress_bar(quiet: bool, label: str) -> ProgressBar:
    """A bar on a terminal, unless -q or CI=true."""
    return ProgressBar(not quiet and os.environ.get("CI") != "true" and sys.stderr.isatty(), label)


def _say_skipped(content: Path) -> None:
    """A line for each folder of content that is not read, and why."""
    from generator.profile.load import skipped_folders

    for path, why in skipped_folders(content):
        click.echo(printable(f"note: {path}: {why}"), err=True)


@click.group()
@click.version_option(package_name="privgen")
def main() -> None:
    """Build accessible, bilingual privacy statements from organisation profiles."""
    # Stopped by SIGTERM (a CI job cancelled, timeout, a service manager) as by Ctrl+C: a build
    # stops its workers and removes its staging folder on the way out, instead of leaving them.
    if threading.current_thread() is threading.main_thread():  # the only thread that may set handlers
        signal.signal(signal.SIGTERM, signal.default_int_handler)


@main.command()
@click.argument("orgs", nargs=-1)
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True,
              help="Folder with one sub-folder of profiles per organisation.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Output folder; replaced as a whole only when the build succeeds.")
@click.option("--strict", is_flag=True, help="Refuse to publish when the GDPR check finds errors.")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Build as of this date (YYYY-MM-DD; default today): picks the version in force.")
@click.option("--pdf", is_flag=True, help="Print every version of every statement to PDF too (needs Chromium: "
              "privgen[pdf]); it takes a while, see docs/printing.md.")
@_jobs_option("render")
@_quiet_option
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks.")
def build(orgs: tuple[str, ...], content: Path, out: Path, strict: bool, on: dt.datetime | None, pdf: bool,
          jobs: int, quiet: bool, verbose: bool) -> None:
    """Build the site: every organisation, or only ORGS again (the others stay as the last build left them)."""
    from generator.build import build as run_build
    from generator.commands.summary import build_summary

    bar = _progress_bar(quiet, "Rendering organisations")

    def action() -> None:
        _say_skipped(content)
        try:
            report = run_build(content, out, orgs, strict=strict, on=on.date() if on else None, jobs=jobs,
                               progress=bar.update, waiting=lambda notice: click.echo(notice, err=True), pdf=pdf)
        finally:
            bar.close()
        for line in build_summary(report, out):
            click.echo(line)

    # The process ends with the build. Turned on after it, the collector would at once walk all
    # that the build made and keeps: that is frozen first, and build.build, which turns it off
    # while it runs, leaves it off till then.
    gc.disable()
    try:
        _reporting(verbose, action)
    finally:
        gc.freeze()
        gc.enable()


@main.command()
@click.argument("orgs", nargs=-1)
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)
@click.option("--format", "output", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True,
              help="Language of the text report.")
@click.option("--strict", is_flag=True, help="Also fail on warnings.")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Check the versions in force on this date (YYYY-MM-DD; default today).")
@click.option("--explain", metavar="RULE", default=None,
              help="Print what one rule checks, what it rests on and an example, and check nothing.")
@_jobs_option("check")
@_quiet_option
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks.")
def check(orgs: tuple[str, ...], content: Path, output: str, lang: str, strict: bool, on: dt.datetime | None,
          explain: str | None, jobs: int, quiet: bool, verbose: bool) -> None:
    """Validate the profiles and check them against GDPR Art. 13/14; exit 1 on errors."""
    from generator.check import report as reports
    from generator.commands.check import check_content

    if explain is not None:
        from generator.check.explain import explanation
        from generator.check.findings import RULES

        try:
            click.echo(explanation(explain, lang))
        except KeyError:
            raise click.UsageError(f"no rule '{explain}': use one of {', '.join(r.id for r in RULES)}")
        return

    bar = _progress_bar(quiet, "Checking organisations")

    def action() -> None:
        _say_skipped(content)
        try:
            result = check_content(content, orgs, on.date() if on else None, jobs, bar.update)
        finally:
            bar.close()
        if output == "json":
            click.echo(reports.as_json(result), nl=False)
        elif output == "sarif":
            click.echo(reports.as_sarif(result, Path.cwd()), nl=False)
        else:
            click.echo(reports.as_text(result, lang), nl=False)
        if result.fails(strict):
            sys.exit(1)

    _reporting(verbose, action)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the profile format."""
    from generator.profile.schema import schema_text

    click.echo(schema_text(), nl=False)


@main.command()
@click.argument("args", nargs=-1, required=True)
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)
@click.option("--format", "output", type=click.Choice(["html", "md", "json", "docx", "pdf"]), default="md",
              show_default=True, help="docx: the new version with every change tracked, for Word or LibreOffice; "
              "pdf: the report for print and archive (both need -o).")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="The report's language (default: the statement's own).")
@click.option("-o", "--output-file", type=click.Path(path_type=Path), default=None, help="Write here, not to stdout.")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks.")
def diff(args: tuple[str, ...], content: Path, output: str, lang: str | None, output_file: Path | None,
         verbose: bool) -> None:
    """Compare two versions: ORG FROM TO (version ids), or OLD.yaml NEW.yaml (two profile files)."""
    from generator.commands.diff import diff_files, diff_versions, report_as

    def action() -> None:
        if len(args) == 3:
            report, html = diff_versions(content, *args, lang=lang)
        elif len(args) == 2:
            report, html = diff_files(Path(args[0]), Path(args[1]), lang=lang)
        else:
            raise click.UsageError("give ORG FROM TO, or two profile files")
        if output in ("docx", "pdf") and output_file is None:
            raise click.UsageError(f"a {output.upper()} file is not for the terminal: give -o FILE.{output}")
        text = report_as(report, html, output, lang)
        if output_file is None:
            click.echo(text, nl=False)
        else:
            try:
                output_file.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
            except OSError as exc:
                raise OutputError(f"{output_file}: cannot write the report: {exc.strerror or exc}") from exc
            click.echo(f"Wrote {output_file}: {len(report.changes)} changes, {len(report.material)} material")

    _reporting(verbose, action)


def _published_version_command(reason: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The arguments of a command that changes what versions.lock records of one published version."""
    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        for option in reversed([
                click.argument("org"), click.argument("version"),
                click.option("--reason", required=True, help=reason),
                click.option("--content", type=click.Path(path_type=Path), default=Path("content"),
                             show_default=True),
                click.option("-v", "--verbose", is_flag=True, help="Show tracebacks.")]):
            command = option(command)
        return main.command()(command)
    return decorate


@_published_version_command("Why the published text is corrected.")
def correct(org: str, version: str, reason: str, content: Path, verbose: bool) -> None:
    """Record a deliberate correction of a published VERSION of ORG in its versions.lock."""
    from generator.commands.diff import correct_version

    def action() -> None:
        path = correct_version(content, org, version, reason)
        click.echo(f"Recorded the correction of {org} {version} in {path}")

    _reporting(verbose, action)


@_published_version_command("Why the published version is taken back; shown at its URL.")
def withdraw(org: str, version: str, reason: str, content: Path, verbose: bool) -> None:
    """Take a published VERSION of ORG back: recorded in its versions.lock, its file removed; its
    permanent URL then says that it was withdrawn, and why."""
    from generator.commands.diff import withdraw_version

    def action() -> None:
        path = withdraw_version(content, org, version, reason)
        click.echo(f"Recorded the withdrawal of {org} {version} in {path}; its profile file is removed "
                   "(version control keeps it)")

    _reporting(verbose, action)


@main.command()
@click.argument("org")
@click.option("--name", default=None, help="The organisation's name (default: from the slug).")
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)
@click.option("--cookie", "cookies", multiple=True, metavar="NAME",
              help="A cookie the site sets (_ga, _fbp, ...): added as the Open Cookie Database knows it. Repeatable.")
def new(org: str, name: str | None, content: Path, cookies: tuple[str, ...]) -> None:
    """Create content/ORG/ with a commented profile that validates and builds."""
    from generator.commands.new import scaffold

    def action() -> None:
        path = scaffold(content, org, name, dt.date.today(), cookies)
        click.echo(f"Created {path}: fill it in, then run privgen check {org} and privgen build {org}")

    _reporting(False, action)


class ProgressBar:
    """A progress bar on a terminal for work that takes more than a moment; silent otherwise."""

    def __init__(self, enabled: bool, label: str) -> None:
        self.enabled = enabled
        self.label = label
        self._bar: Any = None

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total < 20:  # a handful of organisations builds in a blink
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._bar.pos)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Build as of this date (YYYY-MM-DD; default today), to preview an upcoming version.")
@_quiet_option
def serve(port: int, content: Path, out: Path, on: dt.datetime | None, quiet: bool) -> None:
    """Serve the site on 127.0.0.1, rebuild on save and reload open pages."""
    from generator.serve.server import DevServer

    bar = _progress_bar(quiet, "Rendering organisations")

    def action() -> None:
        def report(line: str) -> None:
            bar.close()  # a line of its own, not at the end of the bar
            click.echo(line, err=True)

        server = DevServer(content, out, port, report=report, on=on.date() if on else None, progress=bar.update)
        try:  # Ctrl+C (or SIGTERM) stops it quietly at any moment, in its first build too
            try:
                server.start()
            finally:
                bar.close()
            click.echo(f"Serving {out} at {server.url} (Ctrl+C stops); watching {content} and the theme")
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.stop()

    _reporting(False, action)


# The command groups of their own modules, each a part of the command line with its options.
from generator.cli.consent import consent  # noqa: E402
from generator.cli.audit import audit  # noqa: E402

main.add_command(consent)
main.add_command(audit)
