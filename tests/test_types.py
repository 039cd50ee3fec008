"""generator/ type-checks under mypy --strict (configured in pyproject.toml)."""

from __future__ import annotations

from mypy import api

from tests.conftest import ROOT


def test_generator_type_checks() -> None:
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), str(ROOT / "generator")])
    assert status == 0, stdout + stderr
