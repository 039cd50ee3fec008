"""Shared fixtures: scratch projects written from short strings, and the example build."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import build

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
BUILD_DATE = dt.date(2026, 11, 22)  # the example site as of this date, so golden output stays put

MINIMAL_PROFILE = """\
title: Privacyverklaring Voorbeeld
controller:
  name: Voorbeeld BV
"""

# A white pixel as a PNG file: a logo
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS"
       b"\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\r\xefF\xb8\x00\x00\x00\x00IEND\xaeB`\x82")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below folder and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Scratch:
    """A tiny content folder in a temporary directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.out = root / "build"
        self.content.mkdir()

    def profile(self, org: str, version: str, text: str) -> Path:
        path = self.content / org / version
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    return Scratch(tmp_path)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole example content, built once per test session."""
    out = tmp_path_factory.mktemp("example") / "build"
    build(CONTENT, out, on=BUILD_DATE)
    return out


@pytest.fixture
def read_page() -> Callable[[Path], str]:
    return lambda path: path.read_text(encoding="utf-8")


def in_fresh_process(code: str, *args: str) -> str:
    """Run code with args in a new interpreter of this environment (one without the threads the
    browser tests leave in this one, as privgen build's own); its standard output."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout
