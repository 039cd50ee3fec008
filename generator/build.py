"""The build: load → validate → model → render → write, nothing written before all is valid."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from generator.banner import gzip_size
from generator.check import CheckReport, check_site
from generator.errors import InputError, PrivgenError, Problem
from generator.load import load_content
from generator.lock import lock_problems, updated_locks
from generator.render import Progress, render_site
from generator.site import Site, Statement, assemble_site
from generator.templating import Theme
from generator.validate import site_problems, validate_profile
from generator.write import write_locks, write_site

DEFAULT_THEME = Path(__file__).resolve().parent.parent / "themes" / "default"


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the summary line."""

    organisations: int
    statements: int
    files: int
    pages: int
    """HTML pages among the files."""
    seconds: float
    banner_sizes: dict[str, int]
    """gzip -9 bytes of each organisation's consent.js."""
    check: CheckReport


def gather_site(content: Path, only: tuple[str, ...] = (), on: dt.date | None = None,
                check_locks: bool = True) -> Site:
    """Read and validate every profile; raise InputError listing every problem found."""
    loaded = load_content(content, only)
    problems: list[Problem] = list(loaded.problems)
    problems.extend(site_problems(loaded.profiles, loaded.org_folders))
    statements: list[Statement] = []
    for raw in loaded.profiles:
        profile, found = validate_profile(raw, loaded.org_folders[raw.org])
        problems.extend(found)
        if profile is not None:
            statements.append(Statement(raw.org, raw.version_id, raw.path, profile, raw.lines))
    if problems:
        raise InputError(problems)
    site = assemble_site(statements, loaded.org_folders, on or dt.date.today())
    locked = lock_problems(site) if check_locks else []  # a published version must not change afterwards
    if locked:
        raise InputError(locked)
    return site


class PublishRefused(PrivgenError):
    """--strict: the GDPR check found errors, so nothing is published."""


def build(content: Path, out: Path, only: tuple[str, ...] = (), theme: Path = DEFAULT_THEME,
          strict: bool = False, on: dt.date | None = None, jobs: int = 1,
          progress: Progress | None = None) -> BuildReport:
    """Build the site from content into out, as it stands on the given date (default today)."""
    started = time.perf_counter()
    site = gather_site(content, only, on)  # load, validate and model; raises before anything is written
    checked = check_site(site)  # the GDPR rules; with strict, errors stop the build here
    if strict and checked.count("error"):
        raise PublishRefused(f"not published: the GDPR check found {checked.summary()}; "
                             "run privgen check to see them")
    outputs = render_site(site, Theme(theme), jobs, progress)  # all pages in memory
    write_site(outputs, out)  # swapped in whole, or not at all
    write_locks(updated_locks(site))  # record the versions this build published
    return BuildReport(
        organisations=len(site.organisations),
        statements=sum(len(org.statements) for org in site.organisations),
        files=len(outputs),
        pages=sum(1 for o in outputs if o.path.suffix == ".html"),
        seconds=time.perf_counter() - started,
        banner_sizes={o.path.parts[0]: gzip_size(o.content) for o in outputs if o.path.name == "consent.js"},
        check=checked,
    )
