"""A time limit for the work on one input, so that no single article can stall a batch.

Every pattern and step is meant to take time in proportion to its input; the limit is the guard for the
one that does not (a new rule, a library's worst case). It runs on a real-time timer (SIGALRM), which
Python checks even inside a regular expression, and applies only in the main thread of a process on
systems that have the timer: elsewhere work is simply not limited.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_SECONDS = 60.0  # per input, to read it and again to extract it; ordinary articles need < 1 s


class TimeLimitExceeded(Exception):
    """The work on one input took longer than its limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


def available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded inside the block once `seconds` have passed; None or 0: no limit."""
    if not seconds or seconds <= 0 or not available():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
