"""privgen check: validate and check every organisation of a content folder, over worker processes."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from generator.check.checker import CheckReport, check_organisation
from generator.check.findings import Finding
from generator.errors import Problem
from generator.incremental.workers import Progress, for_each_folder
from generator.profile.gather import each_organisation, gather_organisation


def check_content(content: Path, only: tuple[str, ...] = (), on: dt.date | None = None, jobs: int = 1,
                  progress: Progress | None = None) -> CheckReport:
    """Validate and check every organisation of content (or only those named), over jobs processes;
    raise InputError listing every problem found. The same report as check_site(gather_site(...)),
    whatever jobs is."""
    checked = each_organisation(content, only, functools.partial(check_folder, on=on or dt.date.today()),
                                functools.partial(for_each_folder, jobs=jobs, progress=progress))
    return CheckReport(tuple(finding for organisation in checked for finding in organisation.findings))


@dataclass(frozen=True)
class CheckedOrganisation:
    """The findings of one organisation folder, or the problems that stop its check."""

    problems: tuple[Problem, ...]
    findings: tuple[Finding, ...] = ()


def check_folder(folder: Path, on: dt.date) -> CheckedOrganisation:
    """Gather one organisation folder and check its statement in force on the date; in a worker."""
    gathered = gather_organisation(folder, on)
    if gathered.organisation is None:
        return CheckedOrganisation(gathered.problems)
    return CheckedOrganisation(gathered.problems, check_organisation(gathered.organisation))
