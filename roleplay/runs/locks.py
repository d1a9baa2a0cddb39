"""One writer at a time: the lock a command takes on a folder it writes (a batch folder, a
run folder being resumed), with the ``filelock`` library (``fcntl.flock`` on POSIX: the
lock dies with its process, so a killed command never leaves a stale lock behind).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from roleplay.errors import InputError

LOCK_FILE = ".roleplay.lock"


@contextmanager
def folder_lock(folder: Path, what: str, wait: float = 0.0) -> Iterator[Path]:
    """Hold the writer's lock on ``folder`` (which must exist) for the block; yields the
    lock file's path. ``wait`` is how many seconds to wait for another writer (0: refuse at
    once).

    Raises:
        InputError: another roleplay command holds the lock (``what`` names ours, e.g.
            "batch"), or the folder is read-only; the message names the folder and the fix.
    """
    path = Path(folder) / LOCK_FILE
    lock = FileLock(str(path), timeout=wait)
    try:
        lock.acquire()
    except Timeout as e:
        raise InputError("error-lock-held", path=folder, what=what, lock=path) from e
    except OSError as e:
        raise InputError("error-lock-failed", path=folder, what=what, detail=e.strerror or e) from e
    try:
        yield path
    finally:
        lock.release()
