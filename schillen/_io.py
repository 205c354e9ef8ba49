"""Reading and writing files: a reader never sees half a file, nothing is lost, and no input is read without end."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["read_at_most", "write_bytes_atomic", "write_text_atomic"]


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


_CHUNK = 1 << 16


def read_at_most(path: str | os.PathLike[str], limit: int) -> tuple[bytes | None, int | str]:
    """The bytes of the file at ``path``, reading at most ``limit + 1`` of them, whatever the file is.

    A regular file larger than ``limit`` is not read at all (its size tells), a smaller one in
    one read; a device, FIFO or pipe (``/dev/zero``, ``<(yes)``) is read until its end or until
    it has given more than ``limit`` bytes, so an endless stream neither fills the memory nor
    runs forever.  (Opening a FIFO that no one writes to waits for a writer, as ``cat`` does.)

    Returns:
        ``(bytes, size)``, or ``(None, size)`` when the file holds more than ``limit`` bytes;
        the size of a stream that ran over is ``"> limit"``.

    Raises:
        OSError: the file cannot be opened or read (a folder, no permission, ...).
    """
    with open(path, "rb", buffering=0) as f:
        info = os.fstat(f.fileno())
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > limit:
            return None, info.st_size
        want = info.st_size + 1 if regular else _CHUNK   # +1: a file that grew since is seen at once
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = f.read(min(want, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                return None, info.st_size if regular else f"> {limit}"
            want = _CHUNK
    return chunks[0] if len(chunks) == 1 else b"".join(chunks), total
