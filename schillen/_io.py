"""Writing files so that a reader never sees half a file and nothing is lost."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_bytes_atomic", "write_text_atomic"]


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, synced before it is moved in.

    With ``overwrite`` false an existing file is never replaced: the call raises
    :class:`FileExistsError` and leaves it as it was.

    The file gets the permissions of the file it replaces, else those of any new file (the
    umask's), not the owner-only mode of a temporary file.

    A symbolic link is followed: the file it points to is replaced and the link stays a link.
    A target that exists and is not a regular file (a device such as ``/dev/null``, a FIFO, a
    socket) is opened and written to, never replaced; a folder raises :class:`IsADirectoryError`.
    Returns ``path``.
    """
    given = Path(path)
    try:
        mode: int | None = os.stat(given).st_mode  # through symbolic links
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(given))
    if mode is not None and not stat.S_ISREG(mode):
        if not overwrite:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(given))
        # A device, FIFO or socket (also /dev/stdout, a link to /proc/self/fd/1): write to it, as a shell would.
        with open(given, "wb") as handle:
            handle.write(data)
        return given
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    target.parent.mkdir(parents=True, exist_ok=True)
    # The name cut short, so that a file name near the longest allowed leaves room for the suffixes.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:200]}.", suffix=".tmp", dir=target.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails if the target exists, atomically
            os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return given


def _mode_for(target: Path) -> int:
    """The permissions ``target`` has, or a new file would get."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def write_text_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = True) -> Path:
    """Write ``text`` as UTF-8 with ``\\n`` line ends, like :func:`write_bytes_atomic`."""
    return write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)
