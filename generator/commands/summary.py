"""The lines privgen build prints when it is done."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def build_summary(report: Any, out: Path) -> list[str]:
    """One screen: what was built, banner sizes against the budget, findings, time."""
    from generator.render.budget import SIZE_BUDGET

    kept = report.organisations - report.rebuilt
    rebuilt = f" ({report.rebuilt} rebuilt, {kept} kept as they were)" if kept else ""
    def count(number: int, noun: str) -> str:
        return f"{number:,} {noun}" + ("" if number == 1 else "s")

    lines = [f"Built {count(report.organisations, 'organisation')}{rebuilt}, {count(report.statements, 'statement')}, "
             f"{count(report.pages, 'page')} ({count(report.files, 'file')}) into {out} in {report.seconds:.2f} s"]
    sizes = sorted((org, size) for org, size in report.banner_sizes.items() if size is not None)
    without = sorted(org for org, size in report.banner_sizes.items() if size is None)
    if sizes:
        over = [org for org, size in sizes if size > SIZE_BUDGET]
        if len(sizes) <= 6:
            listed = ", ".join(f"{org} {size:,}" for org, size in sizes)
        else:
            values = sorted(size for _, size in sizes)
            listed = f"min {values[0]:,}, median {values[len(values) // 2]:,}, max {values[-1]:,}"
        lines.append(f"Banner consent.js, gzip -9 bytes (budget {SIZE_BUDGET:,}): {listed}"
                     + (f"; over budget: {', '.join(over)}" if over else ""))
    if without:
        listed = ", ".join(without) if len(without) <= 6 else f"{len(without):,} organisations"
        lines.append(f"No banner (no cookies that need consent): {listed}")
    lines.append(f"GDPR check: {report.check.summary()} (details: privgen check)")
    return lines
