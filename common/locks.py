"""File locks, one implementation: ``exclusive_lock`` (flock, refuse at once), used for one harvest per data
folder (``{data}/harvest.lock``) and one warehouse load at a time (``warehouse.lock``, warehouse.publish).

Why refuse rather than wait: a harvest that starts while another runs on the same folder is a mistake (a
cron run overlapping a slow night, a person re-running by hand); waiting would queue hours of work behind a
run that may be stuck, and the second run would redo the first's fetches anyway. Refusing at once with the
holder's pid tells the person what to look at, and the next night catches up (conditional GET).

Why flock: the kernel drops the lock when the holder dies, SIGKILL included, so a crashed run never
leaves a stale lock behind that someone must delete by hand (a pid file would). The pid written into the
file is only for the message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from common.errors import NianbaoError

LOCK_NAME = "harvest.lock"


class HarvestRunning(NianbaoError):
    """Raised by harvest_lock when another process is harvesting into the same data folder."""


@contextlib.contextmanager
def exclusive_lock(path: Path, refused: Callable[[str], Exception]) -> Iterator[None]:
    """Hold an exclusive flock on ``path`` for the block; if another process holds it, raise
    ``refused(holder_pid)`` at once."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise refused(holder) from None
        with contextlib.suppress(OSError):  # the pid is only for the message; a full disk must not stop here
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor drops the flock


def harvest_lock(data_dir: Path) -> contextlib.AbstractContextManager[None]:
    """Hold ``{data_dir}/harvest.lock`` for the block; raise HarvestRunning at once if another holds it."""
    return exclusive_lock(Path(data_dir) / LOCK_NAME,
                          lambda pid: HarvestRunning(f"another harvest is running (pid {pid}) on {data_dir}"))
