"""One crawl per site and archive at a time: cron may start a run while the last one is still
going, and the second must leave at once, not crawl the same site twice.

On PostgreSQL the lock must hold across machines: an advisory lock on the server
(:mod:`newsarchive.storage.pg_locks`). Elsewhere, an advisory ``flock`` on a file beside the
database (``<db>.<site>.lock``; under the temp folder
for non-file databases). The kernel drops it when the process dies, ``kill -9`` included, so a
crashed run never leaves a stale lock behind. The file is opened without following symlinks
and created ``0600``.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url

from .errors import UserError

EXIT_LOCKED = 3


def lock_path(db_url: str, site: str) -> Path:
    safe_site = re.sub(r"[^\w.-]+", "_", site)
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(f"{url.database}.{safe_site}.lock")
    digest = hashlib.sha256(db_url.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"newsarchive-{digest}.{safe_site}.lock"


def _open_lock_file(path: Path) -> IO[str]:
    """The lock file, read-write, created ``0600`` if missing. ``O_NOFOLLOW``: the file is
    truncated once locked, and a symlink planted at its path (the temp folder is everyone's
    for non-file databases) would have truncated the file it points to."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UserError(f"lock file {path} is a symbolic link; remove it") from None
        raise UserError(f"cannot create lock file {path}: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UserError(f"lock file {path} is not a regular file; remove it")
        return os.fdopen(fd, "r+", encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise


@contextmanager
def crawl_lock(db_url: str, site: str) -> Iterator[Path]:
    """Hold the site's lock for the block; :class:`UserError` (exit code 3) if taken."""
    if make_url(db_url).get_backend_name() == "postgresql":
        from .storage.pg_locks import site_lock

        with site_lock(db_url, site):
            yield lock_path(db_url, site)  # named for messages only: no file is made
        return
    path = lock_path(db_url, site)
    fh = _open_lock_file(path)
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise UserError(
                f"a crawl of {site} into this archive is already running ({holder}); exiting",
                exit_code=EXIT_LOCKED,
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
        fh.flush()
        try:
            yield path
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
