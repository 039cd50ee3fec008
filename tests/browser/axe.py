"""Run axe-core (bundled by axe-playwright-python) in a page and describe its violations."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_AXE = Axe()


def axe_violations(page: Page) -> list[str]:
    """Return one readable line per axe-core violation on the page (all rules, all tags)."""
    results = _AXE.run(page, options={"resultTypes": ["violations"]})
    return [_describe(v) for v in results.response["violations"]]


def _describe(violation: dict[str, Any]) -> str:
    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
