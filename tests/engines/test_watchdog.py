"""The time limit for one input, in worker threads as in the main thread."""

from __future__ import annotations

import threading
import time

import pytest

from defcoop.engines.watchdog import any_thread_limit
from defcoop.extractors.limits import TimeLimitExceeded


def in_thread(work) -> list[object]:
    out: list[object] = []

    def run() -> None:
        try:
            out.append(work())
        except BaseException as exc:  # what the thread raised, for the test to see
            out.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert not thread.is_alive()
    return out


def spin(seconds: float) -> str:
    with any_thread_limit(seconds):
        while True:
            pass


def test_a_python_loop_in_a_worker_thread_is_stopped_at_the_limit():
    started = time.perf_counter()
    (error,) = in_thread(lambda: spin(0.2))
    assert isinstance(error, TimeLimitExceeded)
    assert str(error) == "took longer than 0.2 s" and error.seconds == 0.2
    assert time.perf_counter() - started < 3


def test_work_within_the_limit_is_never_interrupted_later():
    def quick() -> str:
        with any_thread_limit(0.2):
            time.sleep(0.01)
        time.sleep(0.4)  # past the limit, outside the block
        return "done"

    assert in_thread(quick) == ["done"]


def test_no_limit_means_none():
    def slow() -> str:
        with any_thread_limit(None):
            time.sleep(0.05)
        with any_thread_limit(0):
            time.sleep(0.05)
        return "done"

    assert in_thread(slow) == ["done"]


def test_the_main_thread_uses_the_signal_timer():
    with pytest.raises(TimeLimitExceeded, match=r"took longer than 0\.2 s"):
        spin(0.2)
