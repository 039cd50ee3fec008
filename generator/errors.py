"""The one error tree of privgen; only the CLI turns these into messages."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what to do about it."""

    file: Path | None
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class PrivgenError(Exception):
    """Root of every error privgen reports to its user."""


class InputError(PrivgenError):
    """The content could not be used; carries every problem found in one run."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


class OutputError(PrivgenError):
    """The output folder could not be written."""


class ServeError(PrivgenError):
    """The live server cannot listen where it was asked to."""


class ContentFileError(PrivgenError):
    """A file of the content folder that privgen will not read; str() says why and what to do."""


class ThemeError(PrivgenError):
    """A template of the theme, or of an organisation's overrides, cannot be rendered."""


class CatalogError(PrivgenError):
    """A theme's message catalog could not be read."""


class WorkerDied(PrivgenError):
    """A worker process ended without handing back what it did."""


class RecordError(ValueError):
    """A body sent to the consent service that is not a consent record; the message says what is
    wrong, for the 400 answer (the service's client sees it, not the person running privgen)."""


class StoreUnavailable(PrivgenError):
    """The consent store's database cannot be reached or written (the service answers 503)."""


class PublishRefused(PrivgenError):
    """--strict: the GDPR check found errors, so nothing is published."""


def error_lines(exc: PrivgenError) -> list[str]:
    """An error as people read it, on the command line and in the live server's pages: one line per problem."""
    problems = exc.problems if isinstance(exc, InputError) else [exc]
    return [printable(f"error: {problem}") for problem in problems]


# Control characters, and the C1 set of terminals' escape sequences: a profile or a folder name
# may carry ANSI escapes that would recolour, move or clear a terminal, or break the line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(line: str) -> str:
    """A line as it may go to a terminal: every control character shown as an escape (\\x1b)."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), line)


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (str(problem.file or ""), problem.line or 0, problem.field or "")


def nearest(value: str, options: Iterable[str]) -> str | None:
    """Return the option most like value (also by its start, when that is very like value:
    'special' → 'special_processing', but not 'nmae' → 'marketing'), or None."""
    best, best_ratio = None, 0.6
    for option in options:
        ratio = difflib.SequenceMatcher(None, value, option).ratio()
        start = difflib.SequenceMatcher(None, value, option[:len(value) + 1]).ratio()
        if start >= 0.8:
            ratio = max(ratio, start)
        if ratio > best_ratio:
            best, best_ratio = option, ratio
    return best


_QUOTED_LENGTH = 60


def quoted(value: object) -> str:
    """A value of a profile as a problem line shows it: on one line, and a long text cut short (a
    profile's text can run to pages; the line number tells where it is)."""
    text = " ".join(str(value).split())
    return f"'{text}'" if len(text) <= _QUOTED_LENGTH else f"'{text[:_QUOTED_LENGTH - 1]}…'"
