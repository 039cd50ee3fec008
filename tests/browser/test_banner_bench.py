"""bench/banner_bench.py runs: its three host pages load their banners, the floor page paints its buttons, and it
prints its ratios."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.browser.conftest import chromium_executable
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def test_the_banner_benchmark_measures_all_three_banners() -> None:
    executable = chromium_executable()
    environment = os.environ | ({"PRIVGEN_CHROMIUM": executable} if executable else {})
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "banner_bench.py"), "--runs", "1", "--no-record"],
                            capture_output=True, text=True, timeout=600, env=environment)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    for name in ("privgen", "vanilla-cookieconsent", "osano-cookieconsent", "floor (no banner)"):
        line = next(line for line in lines if line.startswith(name + ":"))
        assert re.search(r"banner painted after \d+ ms .* CLS 0\.0\d\d \(worst\)", line), line
    assert re.fullmatch(r"privgen / vanilla-cookieconsent per round: median \d+\.\d\d", lines[-5]), lines[-5]
    assert re.fullmatch(r"after the page's own first paint, per round \(median\): privgen [+-]\d+ ms, "
                        r"vanilla-cookieconsent [+-]\d+ ms, osano-cookieconsent [+-]\d+ ms", lines[-4]), lines[-4]
    # as the largest example banner's embed page gives it: async, as it needs no Consent Mode defaults first
    assert lines[-3].endswith('privgen loaded by its embed page\'s snippet, <script async src="consent.js" '
                              'crossorigin="anonymous"></script>'), lines[-3]
    assert re.fullmatch(r"floor_vs_vanilla_cookieconsent=\d+\.\d\d", lines[-2])
    assert re.fullmatch(r"ratio_vs_vanilla_cookieconsent=\d+\.\d\d", lines[-1])
