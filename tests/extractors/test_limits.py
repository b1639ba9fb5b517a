"""The time limit for one input."""

from __future__ import annotations

import re
import signal
import threading
import time

import pytest

from defcoop.extractors.limits import TimeLimitExceeded, time_limit


def test_work_over_the_limit_is_interrupted():
    started = time.perf_counter()
    with pytest.raises(TimeLimitExceeded, match=r"took longer than 0\.2 s"), time_limit(0.2):
        while True:
            pass
    assert time.perf_counter() - started < 2


def test_a_runaway_regular_expression_is_interrupted_too():
    with pytest.raises(TimeLimitExceeded), time_limit(0.2):
        re.match(r"(a+)+$", "a" * 40 + "b")  # exponential: would run for hours


@pytest.mark.parametrize("seconds", [None, 0])
def test_no_limit_means_none(seconds):
    with time_limit(seconds):
        time.sleep(0.05)


def test_the_previous_alarm_handler_comes_back_and_no_alarm_is_left():
    def mine(signum, frame):
        raise AssertionError("no alarm may be left pending")

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        with time_limit(5):
            pass
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_outside_the_main_thread_work_is_not_limited():
    done = []

    def work():
        with time_limit(0.01):
            time.sleep(0.1)
        done.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert done == [True]
