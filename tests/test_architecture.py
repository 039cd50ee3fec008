"""The shape of the code, kept true: the import rules between the parts (import-linter, with its
contracts in pyproject.toml), no writing below the output layer, and modules small enough to read."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"
# Parts that turn data into data and never touch the disk's contents.
PURE = ("profile", "check", "compare", "render")
WRITES = re.compile(r"\.write_(bytes|text)\(|os\.(write|replace|rename|remove|unlink|makedirs|mkdir)\(|"
                    r"\.unlink\(|\.mkdir\(|\.rmdir\(|\bopen\([^)]*['\"][wax]b?\+?['\"]")


def test_the_import_rules_between_the_parts_hold() -> None:
    linted = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert "0 broken" in linted.stdout


def test_nothing_below_the_output_layer_writes() -> None:
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for part in PURE for path in sorted((PACKAGE / part).rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if WRITES.search(line)]
    assert found == []


def test_no_module_is_over_400_lines() -> None:
    sizes = {path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}
    assert {name: size for name, size in sizes.items() if size > 400} == {}


def test_every_part_has_a_folder_that_says_what_it_holds() -> None:
    parts = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    assert parts == ["audit", "check", "cli", "commands", "compare", "consent", "incremental", "output", "printing",
                     "profile", "render", "serve"]
    for part in parts:
        assert (PACKAGE / part / "__init__.py").read_text(encoding="utf-8").startswith('"""')


def test_templates_link_through_the_url_scheme_never_by_joining_strings() -> None:
    templates = ROOT / "themes" / "default" / "templates"
    joined = re.compile(r"~\s*['\"][^'\"]*/|\{\{\s*root\s*\}\}\s*\{\{|\burl\(|view\.page_folder")
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in sorted(templates.rglob("*.*"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if joined.search(line)]
    assert found == []


def test_every_error_a_user_can_meet_is_in_errors_py() -> None:
    declared = [f"{path.relative_to(ROOT)}: {match.group(1)}" for path in sorted(PACKAGE.rglob("*.py"))
                if path.name != "errors.py"
                for match in re.finditer(r"^class (\w+)\((?:\w+Error|PrivgenError)\):", path.read_text(encoding="utf-8"),
                                         re.M)]
    assert declared == []
