"""Stage between model and render: run the GDPR rules over the latest version of each organisation."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from generator import readability, rules  # noqa: F401  (importing registers their rules)
from generator.errors import Problem
from generator.findings import Finding, findings_of
from generator.gather import each_organisation, gather_organisation
from generator.site import Organisation, Site
from generator.tally import SEVERITIES, Severity, Tally
from generator.workers import Progress


@dataclass(frozen=True)
class CheckReport:
    """The findings of a site, worst first per organisation."""

    findings: tuple[Finding, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def summary(self) -> str:
        return Tally.of(f.severity for f in self.findings).summary()

    def fails(self, strict: bool) -> bool:
        return self.count("error") > 0 or (strict and self.count("warning") > 0)


def check_site(site: Site) -> CheckReport:
    """Check the statement in force of every organisation."""
    return CheckReport(tuple(f for org in site.organisations for f in check_organisation(org)))


def check_content(content: Path, only: tuple[str, ...] = (), on: dt.date | None = None, jobs: int = 1,
                  progress: Progress | None = None) -> CheckReport:
    """Validate and check every organisation of content (or only those named), over jobs processes;
    raise InputError listing every problem found. The same report as check_site(gather_site(...)),
    whatever jobs is."""
    checked = each_organisation(content, only, functools.partial(check_folder, on=on or dt.date.today()),
                                jobs, progress)
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


def check_organisation(org: Organisation) -> tuple[Finding, ...]:
    """The findings of the statement in force, worst first."""
    return tuple(sorted(findings_of(org.current), key=_order))


def _order(finding: Finding) -> tuple[int, int, str]:
    return (SEVERITIES.index(finding.severity), finding.line or 0, finding.rule.id)
