"""One piece of work per organisation folder, spread over processes: builds and checks use it.

Organisations do not depend on one another, so each folder can go to a process of its own; what
comes back arrives in the order of the folders, so that the output does not depend on how many
processes there were.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from generator.errors import WorkerDied

if TYPE_CHECKING:  # multiprocessing is imported only where workers are started
    from multiprocessing.context import BaseContext

Progress = Callable[[int, int], None]  # (organisations done, organisations in all)
_R = TypeVar("_R")


def for_each_folder(work: Callable[[Path], _R], folders: list[Path], jobs: int,
                    progress: Progress | None = None) -> Iterator[_R]:
    """work(folder) for each folder, over jobs processes (work must pickle: a module's function,
    or a functools.partial of one); yields in the order of folders."""
    total = len(folders)
    if total == 0:
        return
    if total == 1:  # the rebuild after an edit: too little garbage to collect (see build.build)
        yield from _reporting([work(folders[0])], total, progress)
        return
    with _collecting():
        if jobs > 1:
            from concurrent.futures import ProcessPoolExecutor  # one folder needs no processes
            from concurrent.futures.process import BrokenProcessPool

            pool = ProcessPoolExecutor(max_workers=min(jobs, total), mp_context=_context(),
                                       initializer=_worker_started, initargs=(os.getpid(),))
            try:
                # larger chunks cut the messages between processes; small ones keep every core busy to the end
                chunk = max(1, min(8, total // (jobs * 16)))
                yield from _reporting(pool.map(work, folders, chunksize=chunk), total, progress)
            except BrokenProcessPool as exc:
                raise WorkerDied("a worker process ended abruptly (killed, or out of memory?) while it worked on "
                                 "organisations; nothing was written: run it again, or with fewer --jobs") from exc
            finally:  # stopped (Ctrl+C, SIGTERM) or failed midway: what has not started does not start
                pool.shutdown(cancel_futures=True)
        else:
            yield from _reporting(map(work, folders), total, progress)


def _context() -> BaseContext | None:
    """How to start workers: the default (fork, on Linux) where this process runs one thread, spawn
    where others run (the live server's): a forked child would inherit their locks as they are."""
    if threading.active_count() == 1:
        return None
    import multiprocessing

    return multiprocessing.get_context("spawn")


def _worker_started(parent: int) -> None:
    """In a worker: it ends when the main process does, however that ends (end_with_parent)."""
    end_with_parent(parent)


def end_with_parent(parent: int) -> None:
    """In a child process: it ends when its parent does, however that ends. SIGTERM ends it at
    once (the main process turns it into KeyboardInterrupt, which a worker would hand back as a
    result and go on); on Linux the kernel sends it when the parent dies (killed, out of memory),
    where a child would otherwise wait for work, or on a file, forever."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it died before the kernel was told
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@contextmanager
def _collecting() -> Iterator[None]:
    """Garbage collection on while organisations are worked on (templates leave reference cycles
    behind), over what was made since this started only: what the process holds already is frozen,
    and forked workers leave the pages of those inherited objects alone instead of copying them."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        gc.unfreeze()
        if not enabled:
            gc.disable()


def _reporting(done_so_far: Iterable[_R], total: int, progress: Progress | None) -> Iterator[_R]:
    for done, result in enumerate(done_so_far, 1):
        yield result
        if progress:
            progress(done, total)
