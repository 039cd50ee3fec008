"""Stages 1–3 for one organisation or all: read, validate and model the profiles; nothing is written."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, TypeVar

from generator.errors import InputError, Problem
from generator.profile.load import RawProfile, content_problems, load_folder, organisation_folders
from generator.profile.lock import Lock, lock_problems, read_lock
from generator.profile.site import Organisation, Site, Statement, assemble_organisation
from generator.profile.validate import validate_profile, version_id_problems


@dataclass(frozen=True)
class Gathered:
    """One organisation folder, modelled, or the problems that stop it; and its lock file."""

    folder: Path
    organisation: Organisation | None
    problems: tuple[Problem, ...]
    lock: Lock | None = None


def gather_site(content: Path, only: tuple[str, ...] = (), on: dt.date | None = None,
                check_locks: bool = True) -> Site:
    """Read and validate every profile; raise InputError listing every problem found."""
    on = on or dt.date.today()
    gathered = each_organisation(content, only,
                                 functools.partial(gather_organisation, on=on, check_locks=check_locks))
    return Site(tuple(g.organisation for g in gathered if g.organisation is not None), on)


class _Reported(Protocol):
    @property
    def problems(self) -> tuple[Problem, ...]: ...


_Result = TypeVar("_Result", bound=_Reported)
Spread = Callable[[Callable[[Path], _Result], list[Path]], Iterable[_Result]]
"""How work(folder) is done for each folder, in their order: map, or over worker processes."""


def each_organisation(content: Path, only: tuple[str, ...], work: Callable[[Path], _Result],
                      spread: Spread[_Result] = map) -> list[_Result]:
    """work(folder) on every organisation folder of content (or only those named), in the order of
    the folders; raise InputError listing every problem found."""
    folders = organisation_folders(content, only)
    problems = content_problems(content, only, folders)
    results = list(spread(work, folders))
    problems.extend(problem for result in results for problem in result.problems)
    if problems:
        raise InputError(problems)
    return results


def gather_organisation(folder: Path, on: dt.date, check_locks: bool = True,
                        published_before: tuple[str, ...] = ()) -> Gathered:
    """Every version of one organisation, validated; with check_locks, a published version that
    changed or went since it was published is a problem too, and so is a lock file that lost
    versions the last build published (published_before)."""
    raws, problems = load_folder(folder)
    problems.extend(version_id_problems(raws))
    statements = []
    for raw in raws:
        statement, found = validate_statement(raw, folder)
        problems.extend(found)
        if statement is not None:
            statements.append(statement)
    if problems or not statements:
        return Gathered(folder, None, tuple(problems))
    organisation = assemble_organisation(folder, statements, on)
    lock, problems = read_lock(organisation)
    if check_locks and not problems:  # an unreadable lock file is the one problem to mend first
        problems.extend(lock_problems(organisation, lock, published_before))
    organisation = replace(organisation, withdrawn=lock.withdrawals, first_published=lock.first_published)
    return Gathered(folder, None if problems else organisation, tuple(problems), lock)


def validate_statement(raw: RawProfile, folder: Path) -> tuple[Statement | None, list[Problem]]:
    """One version file as a Statement, or its problems."""
    profile, problems = validate_profile(raw, folder)
    if profile is None:
        return None, problems
    return Statement(raw.org, raw.version_id, raw.path, profile, raw.lines, raw.data), problems
