"""A function worked out in a forked process gives what it would give here, errors included."""

from __future__ import annotations

import os
import threading
import time

import pytest

from generator.aside import Aside


def test_the_function_runs_in_a_child_while_this_process_goes_on() -> None:
    parent = os.getpid()

    def slow_pid() -> int:
        time.sleep(0.2)
        return os.getpid()

    aside = Aside(slow_pid)
    assert aside.forked and not aside.ready()
    child = aside.result()
    assert child != parent and aside.ready()


def test_an_error_in_the_child_is_raised_here_as_the_function_raises_it() -> None:
    calls: list[int] = []

    def failing() -> None:
        calls.append(os.getpid())
        raise ValueError("no such organisation")

    aside = Aside(failing)
    with pytest.raises(ValueError, match="no such organisation"):
        aside.result()
    assert calls == [os.getpid()]  # the child's own call left no trace here


def test_with_other_threads_running_the_function_runs_here() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        aside = Aside(os.getpid)
        assert not aside.forked and aside.ready()
        assert aside.result() == os.getpid()
    finally:
        stop.set()
        thread.join()
