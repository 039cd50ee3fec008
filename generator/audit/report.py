"""An audit's findings as text for people, JSON for scripts and SARIF 2.1.0 for code scanning: the
shapes privgen check uses, with the page's address where check gives a file and line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import click

from generator import __version__
from generator.audit.compare import RULES, STATE_WORDS, AuditFinding
from generator.check.tally import Tally
from generator.errors import printable

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
_SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


@dataclass(frozen=True)
class AuditReport:
    url: str
    org: str
    version: str
    revision: str
    pages: tuple[str, ...]
    findings: tuple[AuditFinding, ...]

    def tally(self) -> Tally:
        return Tally.of(f.severity for f in self.findings)

    def fails(self, strict: bool) -> bool:
        tally = self.tally()
        return tally.count("error") > 0 or (strict and tally.count("warning") > 0)


def as_text(report: AuditReport, lang: str) -> str:
    heading = {"en": f"Audit of {report.url} against {report.org}'s statement version {report.version} "
                     f"(banner revision {report.revision}): {len(report.pages)} pages, each "
                     f"{', '.join(STATE_WORDS[s].en for s in STATE_WORDS)}",
               "nl": f"Controle van {report.url} tegen de verklaring van {report.org}, versie {report.version} "
                     f"(bannerrevisie {report.revision}): {len(report.pages)} pagina's, elk "
                     f"{', '.join(STATE_WORDS[s].nl for s in STATE_WORDS)}"}[lang]
    lines = [click.style(printable(heading), bold=True)]
    for f in report.findings:
        severity = click.style(f"{f.severity:<7}", fg=_COLOURS[f.severity])
        lines.append(f"  {severity} {f.rule.id:<21} {printable(f'{f.page}: {f.message(lang)}')}")
        lines.append(f"  {'':<7} {'':<21} → {printable(f.fix(lang))}")
    lines.append(report.tally().summary())
    return "\n".join(lines) + "\n"


def as_json(report: AuditReport) -> str:
    return json.dumps({
        "url": report.url, "organisation": report.org, "version": report.version, "revision": report.revision,
        "pages": list(report.pages),
        "findings": [_finding_json(f) for f in report.findings],
    }, ensure_ascii=False, indent=2) + "\n"


def _finding_json(f: AuditFinding) -> dict[str, Any]:
    return {"rule": f.rule.id, "reference": f.rule.reference, "severity": f.severity, "page": f.page,
            "subject": f.subject, "states": list(f.states),
            "message": {"nl": f.message.nl, "en": f.message.en}, "fix": {"nl": f.fix.nl, "en": f.fix.en}}


def as_sarif(report: AuditReport) -> str:
    rules = list(RULES.values())
    index = {r.id: i for i, r in enumerate(rules)}
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "privgen audit", "version": __version__, "rules": [{
                "id": r.id, "name": r.title.en, "shortDescription": {"text": f"{r.title.en} ({r.reference})"},
                "defaultConfiguration": {"level": _SARIF_LEVELS[r.severity]},
                "properties": {"reference": r.reference, "title_nl": r.title.nl}} for r in rules]}},
            "results": [{
                "ruleId": f.rule.id, "ruleIndex": index[f.rule.id], "level": _SARIF_LEVELS[f.severity],
                "message": {"text": f"{f.message.en} {f.fix.en}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": f.page}},
                               "logicalLocations": [{"fullyQualifiedName": f.subject, "kind": "resource"}]}],
                "properties": {"message_nl": f.message.nl, "fix_nl": f.fix.nl, "states": list(f.states),
                               "organisation": report.org},
            } for f in report.findings],
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
