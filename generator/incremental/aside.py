"""A function worked out in a forked process while this one goes on with something else.

A rebuild after one edit among many organisations checks every profile and output file by its
stat before it knows what to render, and then imports what renders. Forked, the check runs on the
second core while this process imports. Where forking is not safe or not possible (no os.fork;
other threads running, whose locks the child would inherit as they are), the function runs in this
process when its result is asked for.
"""

from __future__ import annotations

import os
import pickle
import select
import threading
from collections.abc import Callable
from typing import Generic, NoReturn, TypeVar

from generator.incremental.workers import end_with_parent

_T = TypeVar("_T")


class Aside(Generic[_T]):
    """function() in a child process; result() is its value, as if it had run here."""

    def __init__(self, function: Callable[[], _T]) -> None:
        self._function = function
        self._child: tuple[int, int] | None = None  # (process id, read end of its pipe)
        if hasattr(os, "fork") and threading.active_count() == 1:
            self._fork()

    @property
    def forked(self) -> bool:
        return self._child is not None

    def _fork(self) -> None:
        reading, writing = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no memory or no process left for it: run here
            os.close(reading)
            os.close(writing)
            return
        if pid == 0:
            os.close(reading)
            _answer(writing, self._function, parent)
        os.close(writing)
        self._child = (pid, reading)

    def ready(self) -> bool:
        """Whether result() would not wait for the child: it has answered, or there is none."""
        return self._child is None or bool(select.select([self._child[1]], [], [], 0)[0])

    def result(self) -> _T:
        """The function's value. Where the child failed, the function runs here, so that its error
        is raised here as it would have been."""
        if self._child is None:
            return self._function()
        pid, reading = self._child
        self._child = None
        with os.fdopen(reading, "rb") as pipe:
            answer = pipe.read()
        os.waitpid(pid, 0)
        try:
            done, value = pickle.loads(answer)
        except Exception:  # the child died before it answered in full
            done = False
        return value if done else self._function()


def _answer(pipe: int, function: Callable[[], object], parent: int) -> NoReturn:
    """In the child: send (True, value), or (False, None) when the function fails, and exit without
    running what the parent registered to run at exit or flushing the buffers it shares. It never
    outlives the parent: a build stopped or killed takes it along."""
    try:
        end_with_parent(parent)
        try:
            answer = pickle.dumps((True, function()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            answer = pickle.dumps((False, None))
        with os.fdopen(pipe, "wb") as out:
            out.write(answer)
    finally:
        os._exit(0)
