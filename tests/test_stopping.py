"""A build that is stopped or killed midway: its workers end with it, and the next build neither
waits for them nor finds the folders it left."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.output.write import one_build_at_a_time
from tests.conftest import BUILD_DATE, CONTENT, MINIMAL_PROFILE, ROOT, Scratch

# A process's children, as Linux lists them (with CONFIG_PROC_CHILDREN)
CHILDREN_LISTED = Path(f"/proc/self/task/{os.getpid()}/children").is_file()
COPIES = 40  # of each example organisation: a parallel build of some seconds, time enough to stop it


def many_organisations(content: Path) -> None:
    for seed in sorted(p for p in CONTENT.iterdir() if p.is_dir()):
        for n in range(COPIES):
            shutil.copytree(seed, content / f"{seed.name}-{n}")


def start_build(scratch: Scratch) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--content", str(scratch.content),
                             "--out", str(scratch.out), "--date", BUILD_DATE.isoformat(), "--jobs", "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def left_beside(scratch: Scratch) -> list[str]:
    return sorted(p.name for p in scratch.root.iterdir() if p.name not in ("content", ".build.privgen-cache"))


def workers_under_way(scratch: Scratch, build: subprocess.Popen[str]) -> list[int]:
    """The build's worker processes, once they have written organisations into the staging folder."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        staged = [p for p in scratch.root.glob(".build.new-*") if sum(1 for _ in p.iterdir()) >= 5]
        if staged:
            children = Path(f"/proc/{build.pid}/task/{build.pid}/children").read_text().split()
            return [int(pid) for pid in children]
        assert build.poll() is None, build.communicate()
        time.sleep(0.02)
    raise AssertionError("the build wrote nothing into a staging folder within a minute")


def running(pid: int) -> bool:
    """Whether the process is there and not a zombie waiting for its parent."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def wait_until_ended(pids: list[int], seconds: float) -> list[int]:
    """The processes still running after seconds."""
    deadline = time.monotonic() + seconds
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if running(pid)]


@pytest.mark.skipif(not CHILDREN_LISTED, reason="reads child processes from /proc")
def test_a_build_stopped_by_sigterm_ends_its_workers_and_removes_its_staging_folder(scratch: Scratch) -> None:
    many_organisations(scratch.content)
    build = start_build(scratch)
    workers = workers_under_way(scratch, build)
    assert len(workers) == 2

    build.terminate()
    out, err = build.communicate(timeout=10)  # not all the organisations left to build
    assert build.returncode == 1 and out == "" and err == "\nAborted!\n"
    assert wait_until_ended(workers, 5) == []
    assert left_beside(scratch) == []  # no staging folder, and no output folder: it was a first build


@pytest.mark.skipif(not sys.platform.startswith("linux") or not CHILDREN_LISTED,
                    reason="the kernel ends the workers of a killed process on Linux; reads them from /proc")
def test_a_killed_build_takes_its_workers_along_and_the_next_build_clears_up(scratch: Scratch) -> None:
    many_organisations(scratch.content)
    build = start_build(scratch)
    workers = workers_under_way(scratch, build)
    build.kill()  # as the out-of-memory killer does: nothing runs on the way out
    build.communicate(timeout=10)
    assert wait_until_ended(workers, 5) == []
    [staging] = left_beside(scratch)
    assert staging.startswith(".build.new-")

    shutil.rmtree(scratch.content)  # the next build: quick, and it must not wait for the killed one's lock
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    next_build = start_build(scratch)
    out, err = next_build.communicate(timeout=60)
    assert next_build.returncode == 0 and err == "" and out.startswith("Built 1 organisation")
    assert left_beside(scratch) == ["build"]


@pytest.mark.skipif(not CHILDREN_LISTED, reason="reads child processes from /proc")
def test_a_worker_killed_on_its_own_fails_the_build_in_one_line(scratch: Scratch) -> None:
    many_organisations(scratch.content)
    build = start_build(scratch)
    workers = workers_under_way(scratch, build)
    os.kill(workers[0], signal.SIGKILL)  # as the out-of-memory killer may choose a worker
    out, err = build.communicate(timeout=30)
    assert build.returncode == 1 and out == ""
    assert err == ("error: a worker process ended abruptly (killed, or out of memory?) while it worked on "
                   "organisations; nothing was written: run it again, or with fewer --jobs\n")
    assert wait_until_ended(workers, 5) == []
    assert left_beside(scratch) == []


def test_a_process_forked_while_the_build_lock_is_held_does_not_hold_it(tmp_path: Path) -> None:
    lock = tmp_path / "building"
    started, told = os.pipe()
    with one_build_at_a_time(tmp_path / "build", lock, tmp_path / "moving"):
        child = os.fork()
        if child == 0:  # a worker, or the survey aside, that lives on
            os.write(told, b"started")
            time.sleep(30)
            os._exit(0)
        assert os.read(started, 7) == b"started"
    try:
        with lock.open("a") as another:
            fcntl.flock(another, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once the build let go
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


def test_a_site_left_in_a_retired_folder_by_a_stopped_swap_is_put_back(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    assert subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(scratch.content),
                           "--out", str(scratch.out)], cwd=ROOT, capture_output=True).returncode == 0
    retired = scratch.root / ".build.old-x1y2"  # stopped between moving out aside and the new site in
    retired.mkdir()
    scratch.out.rename(retired / "build")

    again = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(scratch.content),
                            "--out", str(scratch.out)], cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Built 1 organisation (0 rebuilt, 1 kept as they were)")
    assert left_beside(scratch) == ["build"]
    assert (scratch.out / "acme" / "index.html").is_file()
