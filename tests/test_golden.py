"""The whole example build equals the committed golden tree (PRIVGEN_UPDATE_GOLDEN=1 rewrites it)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_example_build_matches_golden_output(example_build: Path) -> None:
    if os.environ.get("PRIVGEN_UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(example_build, GOLDEN)
    built, golden = _files(example_build), _files(GOLDEN)
    assert sorted(built) == sorted(golden)
    changed = [name for name in built if built[name] != golden[name]]
    assert changed == [], "output changed; review it, then rerun with PRIVGEN_UPDATE_GOLDEN=1"
