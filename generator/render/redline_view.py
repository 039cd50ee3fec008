"""The redline of a section as a page shows it: blocks in runs (a list's items in one list, a table's
rows in one table), and, in the short view, only the changed blocks with one unchanged neighbour
each, the rest folded into a line that says how much is left out."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Literal

from generator.compare.redline import Block, SectionBlocks

CONTEXT = 1  # unchanged blocks shown on each side of a change


@dataclass(frozen=True)
class Run:
    """Consecutive blocks shown together: a list, a table, paragraphs, or a fold of `folded` blocks."""

    kind: Literal["list", "table", "blocks", "fold"]
    blocks: tuple[Block, ...] = ()
    folded: int = 0

    @property
    def columns(self) -> int:
        return max((len(block.cells) for block in self.blocks), default=0)


def runs(section: SectionBlocks, short: bool) -> tuple[Run, ...]:
    """The section's blocks in runs; short: changed blocks and their neighbours, the rest folded."""
    blocks = section.blocks[1:] if section.blocks and section.blocks[0].kind == "h2" else section.blocks
    if not short:
        return tuple(_grouped(blocks))
    changed = [i for i, block in enumerate(blocks) if block.status != "equal"]
    shown = {j for i in changed for j in range(i - CONTEXT, i + CONTEXT + 1) if 0 <= j < len(blocks)}
    result: list[Run] = []
    for is_shown, indexed in groupby(range(len(blocks)), key=lambda i: i in shown):
        indices = list(indexed)
        if is_shown:
            result += _grouped([blocks[i] for i in indices])
        else:
            result.append(Run("fold", folded=len(indices)))
    return tuple(result)


def _grouped(blocks: tuple[Block, ...] | list[Block]) -> list[Run]:
    kinds = {"li": "list", "row": "table"}
    return [Run(kinds.get(kind, "blocks"), tuple(group))  # type: ignore[arg-type]
            for kind, group in groupby(blocks, key=lambda block: block.kind if block.kind in kinds else "")]
