"""A time limit for one input that also works outside the main thread.

`extractors/limits.py` uses SIGALRM, which only the main thread can receive; Dask and Spark run tasks in
worker threads, where that limit does nothing and one stuck input would hold its whole partition forever.
Here a timer thread raises the exception in the working thread instead (CPython's
`PyThreadState_SetAsyncExc`). Like the signal, it takes effect between two bytecodes, so it interrupts
Python loops but not one long call into C; every pattern of the extractor runs in linear time, and the
limit is the guard for the steps that do not.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from defcoop.extractors.limits import TimeLimitExceeded, available, time_limit


class ThreadTimeLimitExceeded(TimeLimitExceeded):
    """Raised in a worker thread. CPython raises it by its class, with no arguments: each limit makes a
    subclass that knows its seconds."""

    limit = 0.0

    def __init__(self, seconds: float | None = None) -> None:
        super().__init__(self.limit if seconds is None else seconds)


def _exceeded(seconds: float) -> type[ThreadTimeLimitExceeded]:
    return type("ThreadTimeLimitExceeded", (ThreadTimeLimitExceeded,), {"limit": seconds})


class _Alarm:
    """Raises once in one thread unless disarmed first; the lock keeps it from firing after the block."""

    def __init__(self, ident: int, seconds: float) -> None:
        self.ident = ident
        self.exception = _exceeded(seconds)
        self.lock = threading.Lock()
        self.armed = True
        self.fired = False

    def fire(self) -> None:
        with self.lock:
            if not self.armed:
                return
            self.fired = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.ident),
                                                       ctypes.py_object(self.exception))

    def disarm(self) -> None:
        with self.lock:
            self.armed = False


@contextmanager
def any_thread_limit(seconds: float | None) -> Iterator[None]:
    """`limits.time_limit` in the main thread; elsewhere a timer thread raises TimeLimitExceeded."""
    if not seconds or seconds <= 0 or available():
        with time_limit(seconds):
            yield
        return
    alarm = _Alarm(threading.get_ident(), seconds)
    timer = threading.Timer(seconds, alarm.fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        alarm.disarm()
        timer.cancel()
        if alarm.fired:  # fired as the block ended: take back an exception not yet delivered
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(alarm.ident), None)
