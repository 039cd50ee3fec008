"""The benchmark's harness: its synthetic organisations build, and its timing reads one process."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from generator.build import build

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_bench", ROOT / "bench" / "build_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = _bench()


def _texts(value: Any) -> set[str]:
    """Every string with a space in it (but a postcode): what the benchmark makes each organisation's own."""
    if isinstance(value, str):
        return {value} if " " in value else set()
    if isinstance(value, list):
        return set().union(*(_texts(item) for item in value))
    if isinstance(value, dict):
        return set().union(*(_texts(item) for key, item in value.items() if key != "postcode"))
    return set()


def test_synthetic_organisations_build_in_two_versions(tmp_path: Path) -> None:
    content = tmp_path / "content"
    bench.write_organisations(content, 6)
    report = build(content, tmp_path / "out", on=dt.date.fromisoformat(bench.BUILD_DATE), incremental=False)
    assert (report.organisations, report.statements) == (6, 12)
    assert len(list((tmp_path / "out").glob("org-*/changes/2020-01-01..2024-06-01/index.html"))) == 6


def test_synthetic_organisations_write_texts_of_their_own(tmp_path: Path) -> None:
    bench.write_organisations(tmp_path, 6)
    first, sixth = (yaml.safe_load((tmp_path / f"org-0000{n}" / "2020-01-01.yaml").read_text(encoding="utf-8"))
                    for n in (0, 5))  # the same seed
    del first["version"], sixth["version"]  # the benchmark's own labels, the same for all
    assert _texts(first) and _texts(sixth)
    assert not _texts(first) & _texts(sixth)
    named = {"Organisatie 5 BV"}  # its controller's name, which the benchmark edits
    assert named < _texts(sixth)
    assert all(text.rstrip("\n").endswith("(5)") for text in _texts(sixth) - named)


def test_an_earlier_runs_files_are_set_aside(tmp_path: Path) -> None:
    work = bench.work_folder(tmp_path / "work")
    (work / "build-1").mkdir()
    (work / "pelicanconf.py").write_text("", encoding="utf-8")
    aside = bench.set_aside(bench.work_folder(work))
    assert sorted(work.iterdir()) == sorted([aside, work / bench.MARKER])
    assert sorted(p.name for p in aside.iterdir()) == ["build-1", "pelicanconf.py"]


def test_a_folder_the_benchmark_did_not_make_is_refused(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()  # say, --keep . in the repository
    with pytest.raises(SystemExit, match="holds files the benchmark did not make"):
        bench.work_folder(tmp_path)
    assert (tmp_path / "content").is_dir()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert bench.work_folder(empty) == empty


def test_a_timed_process_reports_its_own_peak_memory(tmp_path: Path) -> None:
    # Linux counts what a child held before its exec (a fork of this test process) into its peak:
    # compare the processes with one another, not with a fixed size.
    small = bench.run([sys.executable, "-c", "pass"], tmp_path)
    large = bench.run([sys.executable, "-c", "b = bytearray(600 * 2**20); b[::4096] = b'x' * len(b[::4096])"],
                      tmp_path)
    after = bench.run([sys.executable, "-c", "pass"], tmp_path)
    assert small.seconds > 0 and small.user + small.system > 0
    assert large.peak_mib > small.peak_mib + 300
    assert after.peak_mib < large.peak_mib - 300  # its own, not the largest of every process run before


def test_a_failing_process_stops_the_benchmark_with_its_output(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="boom"):
        bench.run([sys.executable, "-c", "import sys; sys.exit('boom')"], tmp_path)


def test_an_exit_code_taken_as_success_does_not_stop_the_benchmark(tmp_path: Path) -> None:
    """privgen check ends with 1 when it finds errors, as it does on the synthetic organisations."""
    assert bench.run([sys.executable, "-c", "import sys; sys.exit(1)"], tmp_path, success=(0, 1)).seconds > 0
    with pytest.raises(SystemExit):
        bench.run([sys.executable, "-c", "import sys; sys.exit(2)"], tmp_path, success=(0, 1))


def test_each_run_is_recorded_on_top_of_the_results(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\nHow it works.\n\n" + bench.MARKER_LINE + "\n\n### an older run\n\n- x\n",
                       encoding="utf-8")
    bench.record("build_bench.py --orgs 3", ["full build: 1.00 s", "ratio_vs_pelican=0.30"], results)
    bench.record("build_bench.py --orgs 4", ["ratio_vs_pelican=0.31"], results)
    text = results.read_text(encoding="utf-8")
    assert text.index("--orgs 4") < text.index("--orgs 3") < text.index("an older run")
    assert "- full build: 1.00 s\n- ratio_vs_pelican=0.30\n" in text
    assert text.startswith("# Benchmark results\n\nHow it works.\n")
