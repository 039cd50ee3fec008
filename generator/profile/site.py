"""Stage 3: assemble validated profiles into organisations with their ordered versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.profile.files import TEMPLATES
from generator.profile.inforce import in_force
from generator.profile.load import Location, line_of
from generator.profile.model import Profile
from generator.profile.text import walk_texts
from generator.profile.text import Text



@dataclass(frozen=True)
class Statement:
    """One version of one organisation's statement."""

    org: str
    version_id: str
    source: Path
    profile: Profile
    lines: Mapping[Location, int] = field(default_factory=dict, compare=False, repr=False)
    stated: Any = field(default=None, compare=False, repr=False)
    """The profile file's data as read, before validation added defaults: what its content hash is of."""

    def line_of(self, location: Location) -> int | None:
        """The line in the source file of a field, or of its nearest enclosing key."""
        return line_of(self.lines, location)

    @property
    def effective_date(self) -> dt.date | None:
        return self.profile.version.effective_date

    @cached_property
    def texts(self) -> list[tuple[Location, Text]]:
        """Every free text of the profile with its location; several checks read them all."""
        return walk_texts(self.profile)


@dataclass(frozen=True)
class Withdrawal:
    """A published version taken back (privgen withdraw): its permanent URL says so."""

    version_id: str
    date: dt.date
    reason: str


@dataclass(frozen=True)
class Organisation:
    """An organisation and all its versions, oldest first, seen on one build date."""

    slug: str
    folder: Path
    statements: tuple[Statement, ...]
    on: dt.date
    withdrawn: tuple[Withdrawal, ...] = ()
    first_published: tuple[tuple[str, dt.date], ...] = ()
    """The day each version was first published (recorded in the lock file), by version id."""

    @property
    def address_form(self) -> str:
        """How privgen's own Dutch words address the reader: as the version in force does."""
        return self.current.profile.address_form

    def published_on(self, statement: Statement) -> dt.date:
        """The day a version was first published; one not yet recorded is published on this build."""
        return dict(self.first_published).get(statement.version_id, self.on)

    @cached_property  # every page of the organisation asks: look once
    def template_overrides(self) -> Path | None:
        """The organisation's own template overrides, a templates/ folder in its content folder."""
        folder = self.folder / TEMPLATES
        return folder if folder.is_dir() else None

    @property
    def published(self) -> tuple[Statement, ...]:
        """Versions in force on the build date or before it; an undated version counts as in force."""
        return tuple(s for s in self.statements if in_force(s.effective_date, self.on))

    @property
    def upcoming(self) -> tuple[Statement, ...]:
        """Versions that take effect after the build date."""
        return tuple(s for s in self.statements if s not in self.published)

    @property
    def current(self) -> Statement:
        """The version in force on the build date (the first one, if all lie in the future)."""
        return self.published[-1] if self.published else self.statements[0]

    @property
    def default_language(self) -> str:
        return self.current.profile.language

    @property
    def languages(self) -> tuple[str, ...]:
        return self.current.profile.languages

    def number(self, statement: Statement) -> int:
        """1 for the oldest version."""
        return self.statements.index(statement) + 1

    def pairs(self) -> tuple[tuple[Statement, Statement], ...]:
        """Each version with the one after it."""
        return tuple(zip(self.statements, self.statements[1:], strict=False))


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs, gathered and validated."""

    organisations: tuple[Organisation, ...]
    on: dt.date


def assemble_organisation(folder: Path, statements: list[Statement], on: dt.date) -> Organisation:
    """An organisation's versions ordered by effective date, then id."""
    return Organisation(folder.name, folder, tuple(sorted(statements, key=_version_order)), on)


def _version_order(statement: Statement) -> tuple[dt.date, str]:
    return (statement.effective_date or dt.date.min, statement.version_id)
