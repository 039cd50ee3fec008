"""A function worked out in a forked process gives what it would give here, errors included.

Forking needs a process without other threads (the browser tests leave some in this one), so the
cases that must fork run in a fresh interpreter, as privgen build does."""

from __future__ import annotations

import os
import threading

from generator.incremental.aside import Aside
from tests.conftest import in_fresh_process


def test_the_function_runs_in_a_child_while_this_process_goes_on() -> None:
    assert in_fresh_process("""
        import os, time
        from generator.incremental.aside import Aside

        def slow_pid():
            time.sleep(0.2)
            return os.getpid()

        aside = Aside(slow_pid)
        started = aside.forked and not aside.ready()
        child = aside.result()
        print(started, child != os.getpid(), aside.ready())
    """) == "True True True\n"


def test_an_error_in_the_child_is_raised_here_as_the_function_raises_it() -> None:
    assert in_fresh_process("""
        import os
        from generator.incremental.aside import Aside

        calls = []

        def failing():
            calls.append(os.getpid())
            raise ValueError("no such organisation")

        aside = Aside(failing)
        forked = aside.forked
        try:
            aside.result()
        except ValueError as error:
            print(forked, error, calls == [os.getpid()])
    """) == "True no such organisation True\n"  # the child's own call left no trace here


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
