"""How many findings of each severity: all a build needs to know of the GDPR check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Tally:
    """Counts of findings per severity, in the order of SEVERITIES."""

    counts: tuple[int, ...] = (0,) * len(SEVERITIES)

    @classmethod
    def of(cls, severities: Iterable[Severity]) -> Tally:
        counted = Counter(severities)
        return cls(tuple(counted[s] for s in SEVERITIES))

    def count(self, severity: Severity) -> int:
        return self.counts[SEVERITIES.index(severity)]

    def __add__(self, other: Tally) -> Tally:
        return Tally(tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)))

    def summary(self) -> str:
        """'13 errors, 56 warnings, 47 info'."""
        return ", ".join(f"{n} {s if s == 'info' or n == 1 else s + 's'}" for s, n in zip(SEVERITIES, self.counts,
                                                                                         strict=True))
