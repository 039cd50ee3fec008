"""One organisation through every stage, load → validate → model → check → render, in a worker.

Organisations do not depend on one another, so a build hands each organisation folder to a
process of its own and gets back what it needs for the summary, the index and the build cache.
In a full build the worker also writes the organisation's files into the staging folder, which
the build swaps in only when every organisation succeeded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from generator.banner import gzip_size
from generator.check import check_organisation
from generator.errors import Problem
from generator.findings import Finding
from generator.gather import gather_organisation
from generator.lock import updated_lock
from generator.render import render_organisation, renderer_for
from generator.site import IndexEntry
from generator.templating import OutputFile, Theme
from generator.write import StagingFolder

Progress = Callable[[int, int], None]  # (organisations done, organisations in all)


@dataclass(frozen=True)
class BuiltOrganisation:
    """What became of one organisation folder."""

    slug: str
    problems: tuple[Problem, ...]
    entry: IndexEntry | None = None
    findings: tuple[Finding, ...] = ()
    outputs: tuple[OutputFile, ...] = ()
    """Its files; without their bytes when the worker wrote them into the staging folder."""
    banner_size: int = 0
    """gzip -9 bytes of its consent.js."""
    lock: tuple[Path, bytes] | None = None
    """Its lock file, when this build publishes versions it did not hold yet."""


def build_organisations(folders: list[Path], on: dt.date, theme: Theme, jobs: int, staging: StagingFolder | None,
                        progress: Progress | None = None) -> Iterator[BuiltOrganisation]:
    """Build each folder, spread over jobs processes; yields in the order of folders."""
    total = len(folders)
    if jobs > 1 and total > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, total)) as pool:
            # large chunks cut the messages between processes; small ones keep both cores busy to the end
            chunk = max(1, min(16, total // (jobs * 8)))
            built = pool.map(build_organisation, folders, repeat(on), repeat(theme), repeat(staging),
                             chunksize=chunk)
            yield from _reporting(built, total, progress)
    else:
        yield from _reporting((build_organisation(f, on, theme, staging) for f in folders), total, progress)


def build_organisation(folder: Path, on: dt.date, theme: Theme, staging: StagingFolder | None) -> BuiltOrganisation:
    """Gather, check and render one organisation; write its files into staging if given."""
    gathered = gather_organisation(folder, on)
    org = gathered.organisation
    if org is None or gathered.lock is None:
        return BuiltOrganisation(folder.name, gathered.problems)
    findings = check_organisation(org)
    outputs = render_organisation(renderer_for(theme), org)
    banner = next(o for o in outputs if o.path.name == "consent.js")
    if staging is not None:
        staging.write(outputs)
        outputs = [OutputFile(o.path, b"") for o in outputs]  # the names travel back, not the bytes
    lock = updated_lock(org, gathered.lock)
    return BuiltOrganisation(org.slug, (), IndexEntry.of(org), findings, tuple(outputs), gzip_size(banner.content),
                             None if lock is None else (gathered.lock.path, lock))


def _reporting(built: Iterator[BuiltOrganisation], total: int,
               progress: Progress | None) -> Iterator[BuiltOrganisation]:
    for done, organisation in enumerate(built, 1):
        yield organisation
        if progress:
            progress(done, total)
