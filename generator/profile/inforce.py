"""Which versions are in force on a date: the one rule the model and the build cache share."""

from __future__ import annotations

import datetime as dt


def in_force(effective_date: dt.date | None, on: dt.date) -> bool:
    """A version takes effect on its date; an undated version counts as in force."""
    return effective_date is None or effective_date <= on


def versions_in_force(dates: tuple[tuple[str, dt.date | None], ...], on: dt.date) -> tuple[str, ...]:
    """The ids of the versions (id, effective date) in force on a date."""
    return tuple(version for version, effective in dates if in_force(effective, on))
