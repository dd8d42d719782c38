"""Writing an output file whole or not at all, without following anyone's symlinks.

``export warc OUT`` used to write ``OUT.part`` with a plain open (a symlink planted there was
followed), replace an existing ``OUT`` without asking, and leave the ``.part`` behind when the
export failed. Here the temporary file is made by :func:`tempfile.mkstemp` — a fresh name in
the same folder, ``O_CREAT | O_EXCL``, so nothing already there is ever opened — renamed over
``OUT`` only when the writer finished, and removed otherwise.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import UserError


@contextmanager
def replaced_atomically(path: Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` when the block ends without an exception.

    Refuses (:class:`UserError`) when ``path`` exists and ``force`` is off; with ``force`` the
    rename replaces the entry at ``path`` itself, a symlink included, never its target.
    """
    if not path.name or path.is_dir():
        raise UserError(f"{path or '.'}: a folder, not a file name")
    if not path.parent.is_dir():
        raise UserError(f"folder {path.parent} does not exist")
    if (path.exists() or path.is_symlink()) and not force:
        raise UserError(f"{path} exists; pass --force to replace it")
    if path.exists() and not path.is_file():  # a FIFO, a device: --force replaced the node
        raise UserError(f"{path} is not a regular file; it is not replaced")
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:  # a folder no file can be made in (/proc, read-only)
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        tmp.chmod(0o666 & ~_umask())  # mkstemp made it 0600; an export is a normal file
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
