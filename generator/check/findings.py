"""What the GDPR checker reports: findings, and the rules that produce them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.profile.load import Location, dotted
from generator.profile.site import Statement
from generator.check.tally import Severity
from generator.profile.text import Words


@dataclass(frozen=True)
class Rule:
    """A check with a stable id, the article that requires it, and what it looks for."""

    id: str
    severity: Severity
    article: str
    title: Words
    check: Callable[[Statement], Iterator[Hit]]


@dataclass(frozen=True)
class Hit:
    """Where a rule found something and what to say about it."""

    location: Location
    message: Words
    fix: Words
    severity: Severity | None = None  # overrides the rule's severity, e.g. for very hard text


@dataclass(frozen=True)
class Finding:
    """One problem of one statement, ready to report."""

    rule: Rule
    severity: Severity
    org: str
    file: Path
    line: int | None
    field: str
    message: Words
    fix: Words


RULES: list[Rule] = []


def rule(rule_id: str, severity: Severity, article: str, nl: str, en: str) -> Callable[
        [Callable[[Statement], Iterator[Hit]]], Callable[[Statement], Iterator[Hit]]]:
    """Register a rule function under an id such as 'art13.1.c'."""
    def register(check: Callable[[Statement], Iterator[Hit]]) -> Callable[[Statement], Iterator[Hit]]:
        RULES.append(Rule(rule_id, severity, article, Words(nl, en), check))
        return check
    return register


def findings_of(statement: Statement, rules: list[Rule] | None = None) -> list[Finding]:
    """Run every rule on one statement."""
    found = []
    for each in rules if rules is not None else RULES:
        for hit in each.check(statement):
            found.append(Finding(
                rule=each, severity=hit.severity or each.severity, org=statement.org, file=statement.source,
                line=statement.line_of(hit.location) or 1, field=dotted(hit.location),
                message=hit.message, fix=hit.fix))
    return found
