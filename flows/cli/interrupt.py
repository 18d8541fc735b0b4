"""Ctrl-C that stops at once (issue 14): one press ends ``harvest``, ``run`` and ``demo`` within a moment.

Why a hard stop rather than unwinding: everything nianbao writes is already safe to cut at any instant (the
raw archive writes temp files and renames them, the harvest state is SQLite transactions, a load builds
``warehouse.duckdb.next`` and publishes by rename, locks are flocks the kernel drops; shown with SIGKILL in
tests/test_reliability_crash.py). Unwinding, by contrast, can take minutes: after a Ctrl-C the Prefect
client kept retrying its temporary API server, which the same Ctrl-C had already stopped (90 s, three
presses). So the first press prints one line, stops the processes this one started (that temporary
server, dask workers), and exits 130; parses not yet loaded are simply parsed again by the next run.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from pathlib import Path

MESSAGE = ("Error: interrupted; nothing half-written is kept (loads publish whole or not at all) — "
           "run the same command again to continue")


def _children(pid: int) -> list[int]:
    """Direct child processes of ``pid`` (from /proc; empty where /proc has no children files)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError, ValueError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _stop(signum: int, frame: object) -> None:
    # Straight to the file descriptor: inside a flow run, Prefect's log_prints turns print() into a log
    # record, which a quieter log level (WARNING unless --debug) drops.
    os.write(2, (MESSAGE + "\n").encode())
    for child in _children(os.getpid()):
        with contextlib.suppress(OSError):
            os.kill(child, signal.SIGTERM)
    os._exit(130)


@contextlib.contextmanager
def stop_on_interrupt() -> Iterator[None]:
    """Within the block, SIGINT (Ctrl-C) stops the process at once (see the module's docstring)."""
    previous = signal.signal(signal.SIGINT, _stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
