"""Stage between model and render: run the GDPR rules over the latest version of each organisation."""

from __future__ import annotations

from dataclasses import dataclass

# importing registers their rules, in this order: the Art. 13 and 14 items first
from generator.check import rules, consistency, cookies, parties, readability, wording  # noqa: F401, I001
from generator.check.findings import Finding, findings_of
from generator.profile.site import Organisation, Site
from generator.check.tally import SEVERITIES, Severity, Tally


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


def check_organisation(org: Organisation) -> tuple[Finding, ...]:
    """The findings of the statement in force, worst first."""
    return tuple(sorted(findings_of(org.current), key=_order))


def _order(finding: Finding) -> tuple[int, int, str]:
    return (SEVERITIES.index(finding.severity), finding.line or 0, finding.rule.id)
