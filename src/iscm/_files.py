"""Writing files safely: the one helper behind ``iscm.export``'s writers and ``iscm export``.

A file is written to a new temporary file in the same folder (created with ``O_EXCL`` and
``O_NOFOLLOW``, so nothing planted there is opened) and renamed over its path with
``os.replace``, which replaces a directory entry and never writes through it: a reader sees the
old file or the new one, never half of one, and a failed write leaves the old file as it was.
A path that is a symbolic link, a directory or anything but a regular file is refused; an
existing file is replaced only when asked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def check_target(path: Path, *, replace: bool) -> None:
    """Raise ``OSError`` (with ``filename``) if ``path`` may not be written."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise OSError(errno.ELOOP, "is a symbolic link, which is never followed", str(path))
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "is not a regular file", str(path))
    if not replace:
        raise FileExistsError(errno.EEXIST, "already exists", str(path))


def write_atomic(path: Path, data: bytes, *, replace: bool) -> None:
    """Write ``data`` to ``path`` atomically (see the module), after :func:`check_target`."""
    check_target(path, replace=replace)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    for _attempt in range(100):
        temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temp, flags, 0o666)  # the umask applies, as for any new file
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - 100 clashes of 48 random bits
        raise FileExistsError(errno.EEXIST, "no free temporary name", str(path))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(temp, path)
        else:
            _link(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _link(temp: Path, path: Path) -> None:
    """Give ``temp`` the name ``path`` unless something (anything) took that name meanwhile."""
    try:
        os.link(temp, path, follow_symlinks=False)  # fails if the name exists, atomically
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "already exists", str(path)) from None
    except OSError:  # a file system without hard links
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "already exists", str(path)) from None
        os.replace(temp, path)
        return
    os.unlink(temp)


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` if it is missing (its parent must exist); refuse anything but a folder."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "is not a directory", str(folder)) from None
