"""Running the extractor on distributed engines (Dask, Spark) with the same output as `--jobs 1`.

Every engine runs the one per-process extractor of `defcoop.api` over partitions of the inputs; nothing
here schedules work itself. This module stays light: the CLI imports it to report engine errors.
"""


class EngineError(Exception):
    """The engine cannot run as asked (no Dask, no scheduler, stdin): a usage error, exit 2."""
