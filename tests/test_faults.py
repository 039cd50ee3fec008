"""Faults in the middle of a build: killed at any moment, or out of disk space. Afterwards the site
is the old one or the new one, byte for byte, never a mix; the lock files are as they were or as
the new site needs; and the user reads one line that says whether anything was published."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.output import write
from generator.build import build
from generator.incremental.cache import build_journal, build_lock
from generator.errors import PrivgenError, error_lines
from generator.output.write import one_build_at_a_time
from tests.conftest import BUILD_DATE, CONTENT, ROOT, tree

KILLS = 24


def example_project(root: Path) -> tuple[Path, Path]:
    """The example content in root/content, built into root/build."""
    content, out = root / "content", root / "build"
    shutil.copytree(CONTENT, content)
    build(content, out, on=BUILD_DATE)
    return content, out


def edit(content: Path) -> None:
    """A change that rewrites some organisations' files, adds one and removes another."""
    upcoming = content / "kaviaarshop" / "2027-01-01.yaml"  # not yet published: free to edit
    upcoming.write_text(upcoming.read_text(encoding="utf-8").replace("Kaviaarshop", "Kaviaarwinkel"), encoding="utf-8")
    shutil.copytree(content / "clavis", content / "clavis-twee")
    (content / "clavis-twee" / "versions.lock").unlink()
    shutil.rmtree(content / "vloet")


def project_state(root: Path) -> dict[str, bytes]:
    """The site and the content (with its lock files), as a reader and the next build see them."""
    return {f"build/{k}": v for k, v in tree(root / "build").items()} | {
        f"content/{k}": v for k, v in tree(root / "content").items()}


def recover(out: Path) -> None:
    """What the next build does first, once it holds the output folder."""
    with one_build_at_a_time(out, build_lock(out), build_journal(out)):
        pass


def test_a_build_stopped_between_its_journal_and_its_last_move_is_finished_by_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new = tmp_path / "new"
    content, out = example_project(new)
    edit(content)
    build(content, out, on=BUILD_DATE)
    content, out = example_project(tmp_path / "old")
    edit(content)
    moved: list[str] = []
    real_replace = os.replace

    def stopping_replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if Path(target).is_relative_to(out) and len(moved) == 3:
            raise KeyboardInterrupt  # as Ctrl+C, or a kill, would stop it
        moved.append(str(target))
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", stopping_replace)
    with pytest.raises(KeyboardInterrupt):
        build(content, out, on=BUILD_DATE)
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert build_journal(out).is_file()
    recover(out)
    assert not build_journal(out).exists()
    assert tree(out) == tree(new / "build")
    assert [p.name for p in out.parent.iterdir() if ".new-" in p.name] == []


def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    example_project(before)
    edit(before / "content")
    shutil.copytree(before, after, symlinks=True)
    started = time.monotonic()
    assert _build_process(after).wait(timeout=120) == 0
    # the kills are spread over half as long again as this build took: the first fall before any
    # move, the last after the build is done, however fast the machine is today
    duration = (time.monotonic() - started) * 1.5
    old, new = project_state(before), project_state(after)
    old_site = {k: v for k, v in old.items() if k.startswith("build/")}
    new_site = {k: v for k, v in new.items() if k.startswith("build/")}
    assert old_site != new_site

    seen = {"old": 0, "new": 0}
    for kill in range(KILLS):
        trial = tmp_path / f"trial-{kill}"
        shutil.copytree(before, trial, symlinks=True)
        process = _build_process(trial)
        time.sleep(duration * kill / KILLS)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        recover(trial / "build")
        state = project_state(trial)
        site = {k: v for k, v in state.items() if k.startswith("build/")}
        assert site in (old_site, new_site), f"kill {kill}: a site that is neither the old nor the new"
        seen["old" if site == old_site else "new"] += 1
        # the lock files are as they were, or as the new site needs
        assert {k: v for k, v in state.items() if k.startswith("content/")} in (
            {k: v for k, v in old.items() if k.startswith("content/")},
            {k: v for k, v in new.items() if k.startswith("content/")}) or site == new_site
        # and the next build makes the new site
        assert _build_process(trial).wait(timeout=120) == 0
        assert project_state(trial) == new
        shutil.rmtree(trial)
    assert seen["old"] and seen["new"], seen  # the kills fell before and after the moves


def _build_process(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "-q", "--content", str(root / "content"),
                             "--out", str(root / "build"), "--date", BUILD_DATE.isoformat()],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# --- a full disk ---------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A file system of 4 MiB of its own (tmpfs), where a build runs out of space."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount a small file system for the disk-full tests: {mounted.stderr!r}")
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk up to leave bytes free."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with filler.open("wb") as file:
        file.write(b"\0" * max(0, free - leave))
    return filler


def test_a_full_disk_in_an_incremental_build_publishes_nothing_and_says_so(small_disk: Path) -> None:
    content, out = example_project(small_disk)
    edit(content)
    before = project_state(small_disk)
    filler = fill(small_disk, 64 << 10)
    with pytest.raises(PrivgenError) as failed:
        build(content, out, on=BUILD_DATE)
    assert error_lines(failed.value) == [
        f"error: {out}: cannot write the output folder: No space left on device; nothing was published"]
    assert project_state(small_disk) == before
    assert not build_journal(out).exists()
    assert [p.name for p in small_disk.iterdir() if ".new-" in p.name] == []

    filler.unlink()  # room again: the next build is the one that would have been
    build(content, out, on=BUILD_DATE)
    clean = small_disk.parent / "clean"
    build(content, clean, on=BUILD_DATE)
    assert tree(out) == tree(clean)


def test_a_full_disk_in_a_full_build_with_workers_is_one_line(small_disk: Path) -> None:
    content, out = example_project(small_disk)
    before = project_state(small_disk)
    fill(small_disk, 256 << 10)
    other = small_disk / "other"
    done = subprocess.run([sys.executable, "-m", "generator", "build", "-j", "2", "--content", str(content),
                           "--out", str(other), "--date", BUILD_DATE.isoformat()],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", f"error: {other}: cannot write the output folder: No space left on device; nothing was published\n")
    assert not other.exists()
    assert project_state(small_disk) == before
    assert [p.name for p in small_disk.iterdir() if p.name.startswith(".other")] in ([], [".other.privgen-cache"])


def test_a_damaged_journal_is_one_line(tmp_path: Path) -> None:
    content, out = example_project(tmp_path)
    for damaged in (b"{}", b"[1, 2]", b"\xff not json"):
        build_journal(out).write_bytes(damaged)
        with pytest.raises(PrivgenError) as refused:
            recover(out)
        line, = error_lines(refused.value)
        assert line.startswith(f"error: {build_journal(out)}: cannot read the journal of a build that stopped midway")
