"""Stage 3: assemble validated profiles into organisations with their ordered versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.load import Location, line_of
from generator.model import Profile


@dataclass(frozen=True)
class Statement:
    """One version of one organisation's statement."""

    org: str
    version_id: str
    source: Path
    profile: Profile
    lines: Mapping[Location, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, location: Location) -> int | None:
        """The line in the source file of a field, or of its nearest enclosing key."""
        return line_of(self.lines, location)


@dataclass(frozen=True)
class Organisation:
    """An organisation and all its versions, oldest first."""

    slug: str
    folder: Path
    statements: tuple[Statement, ...]

    @property
    def latest(self) -> Statement:
        return self.statements[-1]

    @property
    def default_language(self) -> str:
        return self.latest.profile.language

    @property
    def languages(self) -> tuple[str, ...]:
        return self.latest.profile.languages


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs, gathered and validated."""

    organisations: tuple[Organisation, ...]


def assemble_site(statements: list[Statement], folders: dict[str, Path]) -> Site:
    """Group statements per organisation, ordering versions by effective date, then id."""
    organisations = []
    for slug in sorted({s.org for s in statements}):
        own = sorted((s for s in statements if s.org == slug), key=_version_order)
        organisations.append(Organisation(slug, folders[slug], tuple(own)))
    return Site(tuple(organisations))


def _version_order(statement: Statement) -> tuple[dt.date, str]:
    return (statement.profile.version.effective_date or dt.date.min, statement.version_id)
