"""The Open Cookie Database as privgen reads it, and the tool that refreshes it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.profile.cookiedb import COLUMNS, cookie_database, parse

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "generator" / "profile" / "data"
HEADER = ",".join(f'"{c}"' if "/" in c or "&" in c else c for c in COLUMNS)


@pytest.mark.parametrize(("name", "described", "tier", "days"), [
    ("_ga", "Google Analytics, analytics", "analytics", 730.5),
    ("_ga_1X2Y3Z", "Google Analytics, analytics", "analytics", 730.5),  # by the start of its name
    ("_fbp", "Facebook, marketing", "social", 121.76),
    ("PHPSESSID", "PHP.net, functional", "necessary", None),
])
def test_a_known_cookie_is_named_and_classified(name: str, described: str, tier: str, days: float | None) -> None:
    known = cookie_database().lookup(name)
    assert known is not None
    assert (known.describe(), known.tier, known.retention_days) == (described, tier, days)


def test_an_unknown_name_is_not_guessed() -> None:
    assert cookie_database().lookup("privacy_consent") is None and cookie_database().lookup("") is None


def test_the_copy_in_the_repository_is_whole_and_licensed() -> None:
    database = cookie_database()
    assert len(database.exact) > 1500 and len(database.prefixes) > 200
    assert "Apache License" in (DATA / "open-cookie-database.LICENSE").read_text(encoding="utf-8")
    assert "Apache License 2.0" in (DATA / "README.md").read_text(encoding="utf-8")


def test_other_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="columns"):
        parse("name,category\n_ga,Analytics\n")


def _refresh(source: Path, into: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "refresh_cookie_database.py"), "--from", str(source),
                           "--into", str(into)], capture_output=True, text=True, timeout=60)


def test_the_refresh_tool_replaces_the_copy_only_with_a_database_it_can_read(tmp_path: Path) -> None:
    into = tmp_path / "data"
    shutil.copytree(DATA, into)
    before = (into / "open-cookie-database.csv").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,category\n_ga,Analytics\n", encoding="utf-8")
    refused = _refresh(bad, into)
    assert refused.returncode == 1 and "columns" in refused.stderr
    assert (into / "open-cookie-database.csv").read_bytes() == before
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "\nx,Acme,Analytics,acme_id,,Counts visits,1 year,Acme,https://acme.example/privacy,0\n",
                    encoding="utf-8")
    done = _refresh(good, into)
    assert (done.returncode, done.stdout) == (0, "open-cookie-database.csv: 1 names and 0 name patterns\n")
    assert (into / "open-cookie-database.csv").read_text(encoding="utf-8") == good.read_text(encoding="utf-8")
    assert "a copy fetched\non " in (into / "README.md").read_text(encoding="utf-8")
