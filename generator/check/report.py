"""Findings as text for people, JSON for scripts, SARIF 2.1.0 for code-scanning tools."""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.check.checker import CheckReport
from generator.errors import printable
from generator.check.findings import RULES, Finding

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
_SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def as_text(report: CheckReport, lang: str) -> str:
    """One block per organisation, one line per finding with what to add; styled for a terminal."""
    lines: list[str] = []
    for org, findings in groupby(report.findings, key=lambda f: f.org):
        lines.append(click.style(org, bold=True))
        for f in findings:
            severity = click.style(f"{f.severity:<7}", fg=_COLOURS[f.severity])
            lines.append(f"  {severity} {f.rule.id:<20} {printable(f'{f.file}:{f.line} {f.field}: {f.message(lang)}')}")
            lines.append(f"  {'':<7} {'':<20} → {printable(f.fix(lang))}")
    lines.append(f"{report.summary()}")
    return "\n".join(lines) + "\n"


def as_json(report: CheckReport) -> str:
    return json.dumps([_finding_json(f) for f in report.findings], ensure_ascii=False, indent=2) + "\n"


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule.id, "article": f.rule.article, "severity": f.severity, "organisation": f.org,
        "file": str(f.file), "line": f.line, "field": f.field,
        "message": {"nl": f.message.nl, "en": f.message.en}, "fix": {"nl": f.fix.nl, "en": f.fix.en},
    }


def as_sarif(report: CheckReport, base: Path) -> str:
    """A SARIF 2.1.0 log with every rule and every finding, paths relative to base."""
    rules = [{
        "id": r.id, "name": r.title.en, "shortDescription": {"text": f"{r.title.en} ({r.article})"},
        "defaultConfiguration": {"level": _SARIF_LEVELS[r.severity]},
        "properties": {"article": r.article, "title_nl": r.title.nl},
    } for r in RULES]
    index = {r.id: i for i, r in enumerate(RULES)}
    results = [{
        "ruleId": f.rule.id, "ruleIndex": index[f.rule.id], "level": _SARIF_LEVELS[f.severity],
        "message": {"text": f"{f.message.en} {f.fix.en}"},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": _relative(f.file, base)},
                                 "region": {"startLine": f.line or 1}},
            "logicalLocations": [{"fullyQualifiedName": f.field, "kind": "member"}],
        }],
        "properties": {"message_nl": f.message.nl, "fix_nl": f.fix.nl, "organisation": f.org},
    } for f in report.findings]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "privgen", "version": __version__, "rules": rules}},
                  "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
