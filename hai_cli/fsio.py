"""Every file hai reads or writes goes through here: nothing hangs, escapes or gets lost.

Reading: only regular files are read (a FIFO, a device or a folder is refused before it is
opened for reading, and opened without blocking), optionally only inside a root folder.

Writing: one writer at a time per folder (an advisory lock on the folder itself, released by
the kernel even after kill -9, so no lock file is left behind), a temporary file in the same
folder fsynced and renamed over the target, an optional compare of the target's bytes with what
the writer read before the rename (so a change by anyone else is an error, never a lost write),
exclusive creation for files that must not be overwritten, and never a write over anything that
is not a regular file. Temporary files a killed writer left behind are removed by the next
writer of that folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from hai_cli.i18n import Text
from hai_cli.problems import HaiError

LOCK_TIMEOUT = 60.0  # seconds a writer waits for another writer of the same folder
_TMP_PREFIX = ".hai-"
_TMP_SUFFIX = ".tmp"
_OURS = re.compile(r"^\.hai-.+\.[a-z0-9_]{8}\.tmp$")  # .hai-NAME.XXXXXXXX.tmp (mkstemp's 8)


# -- what a path is ------------------------------------------------------------------------------


def kind(mode: int) -> Text:
    """What a file of this ``st_mode`` is, in words."""
    if stat.S_ISDIR(mode):
        return Text("een map", "a folder")
    if stat.S_ISFIFO(mode):
        return Text("een named pipe (FIFO)", "a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Text("een apparaat", "a device")
    if stat.S_ISSOCK(mode):
        return Text("een socket", "a socket")
    if stat.S_ISLNK(mode):
        return Text("een symbolische link", "a symbolic link")
    return Text("geen gewoon bestand", "not a regular file")


class NotRegular(Exception):
    """The path exists but is not a regular file (after following symbolic links)."""

    def __init__(self, path: Path, what: Text) -> None:
        super().__init__(f"{path}: {what.en}")
        self.path = path
        self.what = what


class Outside(Exception):
    """The path leads (through a symbolic link or ``..``) out of the folder it must stay in."""

    def __init__(self, path: Path, resolved: Path) -> None:
        super().__init__(f"{path} -> {resolved}")
        self.path = path
        self.resolved = resolved


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symbolic link followed, stays inside ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop, a name too long
        return False


def read_regular(path: Path, *, within: Path | None = None, limit: int | None = None) -> bytes:
    """The bytes of a regular file, never blocking on a FIFO or a device.

    Raises :class:`NotRegular` for anything but a regular file, :class:`Outside` when
    ``within`` is given and the file (after symbolic links) is not inside it, ``OSError`` as
    usual (``FileNotFoundError`` for a missing or dangling path). With ``limit``, at most
    ``limit + 1`` bytes are read, so that a caller can tell "too big" without reading it all.
    """
    if within is not None:
        try:
            resolved = path.resolve()
        except RuntimeError as e:  # a symbolic link loop
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from e
        if not resolved.is_relative_to(within.resolve()):
            raise Outside(path, resolved)
    mode = os.stat(path).st_mode  # before open: opening a device can have side effects
    if not stat.S_ISREG(mode):
        raise NotRegular(path, kind(mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode  # the file may have been swapped since the stat
        if not stat.S_ISREG(mode):
            raise NotRegular(path, kind(mode))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read() if limit is None else handle.read(limit + 1)
    finally:
        os.close(fd)


def read_text(path: Path, within: Path | None = None) -> str | None:
    """A regular file's UTF-8 text, or None when it is missing, not a readable text file, or
    (with ``within``) not inside that folder."""
    try:
        return read_regular(path, within=within).decode("utf-8")
    except (OSError, NotRegular, Outside, UnicodeDecodeError):
        return None


# -- one writer at a time ------------------------------------------------------------------------


class _Held(threading.local):
    folders: dict[tuple[int, int], int]  # folders this thread has locked, and how often

    def __init__(self) -> None:
        self.folders = {}


_held = _Held()


@contextlib.contextmanager
def locked(folder: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the write lock of ``folder`` (re-entrant within this process).

    Every hai command that changes a file in a folder holds its lock from the moment it reads
    what it is going to change until the rename, so that two writers take turns instead of
    one silently undoing the other. The lock is ``flock`` on the folder itself: nothing is
    created, and the kernel drops it when the process dies, however it dies.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no flock; the compare before the rename still holds
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise _write_error(folder, e) from e
    try:
        info = os.fstat(fd)
        key = (info.st_dev, info.st_ino)
        if key in _held.folders:
            _held.folders[key] += 1
            try:
                yield
            finally:
                _held.folders[key] -= 1
            return
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise HaiError(
                        Text(
                            "Een ander hai-proces schrijft al {s} seconden in {p}; probeer het "
                            "later opnieuw.",
                            "Another hai process has been writing in {p} for {s} seconds; try "
                            "again later.",
                        ).format(p=folder, s=int(timeout))
                    ) from None
                time.sleep(0.01)
        _held.folders[key] = 1
        try:
            yield
        finally:
            del _held.folders[key]
    finally:
        os.close(fd)  # releases the flock


# -- writing -------------------------------------------------------------------------------------


_REASONS = {
    errno.ENAMETOOLONG: Text("de naam is te lang", "the name is too long"),
    errno.EACCES: Text("geen toestemming", "permission denied"),
    errno.EPERM: Text("niet toegestaan", "not permitted"),
    errno.ENOSPC: Text("de schijf is vol", "the disk is full"),
    errno.EROFS: Text("alleen-lezen bestandssysteem", "read-only file system"),
    errno.ENOTDIR: Text("een deel van het pad is geen map", "a part of the path is not a folder"),
    errno.EISDIR: Text("het is een map", "it is a folder"),
    errno.ELOOP: Text("te veel symbolische links", "too many symbolic links"),
}


def reason(error: OSError) -> Text:
    """Why an operation on a file failed, in both languages where hai knows the error."""
    known = _REASONS.get(error.errno or 0)
    if known is not None:
        return known
    text = error.strerror or str(error)
    return Text(text, text)


def _write_error(path: Path, error: OSError) -> HaiError:
    return HaiError(
        Text(
            "Kan {p} niet schrijven: {e}. Kies een ander pad.",
            "Cannot write {p}: {e}. Choose another path.",
        ).format(p=path, e=reason(error))
    )


def _parent(path: Path) -> Path:
    """The folder ``path`` goes into, made if absent; a HaiError if that cannot be."""
    parent = path.parent
    for folder in (parent, *parent.parents):
        try:
            mode = folder.stat().st_mode
        except FileNotFoundError:
            continue
        except OSError as e:
            raise _write_error(path, e) from e
        if not stat.S_ISDIR(mode):
            raise HaiError(
                Text(
                    "Kan {p} niet schrijven: {f} is geen map maar {what}.",
                    "Cannot write {p}: {f} is not a folder but {what}.",
                ).format(p=path, f=folder, what=kind(mode))
            )
        break
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _write_error(path, e) from e
    return parent


def refuse_special(path: Path) -> None:
    """A HaiError when ``path`` exists and is not a regular file (a symbolic link included)."""
    try:
        mode = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):  # not there (its folder is checked apart)
        return
    except OSError as e:
        raise _write_error(path, e) from e
    if not stat.S_ISREG(mode):
        raise HaiError(
            Text(
                "{p} is {what}, geen gewoon bestand; hai schrijft er niet overheen. Kies een "
                "ander pad.",
                "{p} is {what}, not a regular file; hai does not write over it. Choose another "
                "path.",
            ).format(p=path, what=kind(mode))
        )


def remove_stale(folder: Path, name: str) -> None:
    """Remove the temporary files of writers that were killed before their rename: every one
    of this hai's in ``folder``, and those hai 0.1 made for ``name`` (``.NAME.XXXXXXXX.tmp``).

    Call only while holding ``locked(folder)``: then no live writer has one there.
    """
    legacy = re.compile(rf"^\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp$")
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            stale = _OURS.match(entry.name) or legacy.match(entry.name)
            if stale and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class Changed(HaiError):
    """The file changed between the writer's read and its rename: nothing was written."""


def write_atomic(
    path: Path, data: str | bytes, *, expect: bytes | None = None, create: bool = False
) -> None:
    """Write ``data`` to ``path`` whole or not at all.

    ``expect``: the bytes the caller read and edited; if the file holds anything else by the
    time of the rename, :class:`Changed` is raised and the file is left as it is. ``create``:
    the file must not exist yet (exclusive creation, also against a concurrent writer).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    parent = _parent(path)
    with locked(parent):
        remove_stale(parent, path.name)
        refuse_special(path)
        if create and os.path.lexists(path):
            raise _exists(path)
        if expect is not None and _current(path) != expect:
            raise Changed(
                Text(
                    "{p} is gewijzigd terwijl hai het bewerkte (door een ander proces of een "
                    "editor); er is niets geschreven. Draai de opdracht opnieuw.",
                    "{p} changed while hai was editing it (by another process or an editor); "
                    "nothing was written. Run the command again.",
                ).format(p=path)
            )
        import tempfile

        mode = _mode_for(path)
        try:
            fd, tmp = tempfile.mkstemp(
                prefix=f"{_TMP_PREFIX}{path.name[:100]}.", suffix=_TMP_SUFFIX, dir=parent
            )
        except OSError as e:
            raise _write_error(path, e) from e
        try:
            os.fchmod(fd, mode)  # mkstemp makes 0600; keep the file's mode, or the umask's
            with os.fdopen(fd, "wb") as handle:
                handle.write(raw)
                handle.flush()
                os.fsync(handle.fileno())
            if create:
                _link(Path(tmp), path)
            else:
                os.replace(tmp, path)
        except FileExistsError as e:
            Path(tmp).unlink(missing_ok=True)
            raise _exists(path) from e
        except OSError as e:
            Path(tmp).unlink(missing_ok=True)
            raise _write_error(path, e) from e
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _link(tmp: Path, path: Path) -> None:
    """Give ``tmp`` the name ``path`` only if no file has it (atomic where links exist)."""
    try:
        os.link(tmp, path)  # fails if the file appeared meanwhile
    except FileExistsError:
        raise
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if os.path.lexists(path):  # no hard links here (FAT, some shares): we hold the lock
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from e
        os.replace(tmp, path)
        return
    tmp.unlink()


def _current(path: Path) -> bytes | None:
    try:
        return read_regular(path)
    except FileNotFoundError:
        return None
    except (OSError, NotRegular):
        return b""  # unreadable now: not what the caller read


def _exists(path: Path) -> HaiError:
    return HaiError(
        Text(
            "{p} bestaat al; hai schrijft er niet overheen. Gebruik --force om het te vervangen.",
            "{p} already exists; hai does not overwrite it. Use --force to replace it.",
        ).format(p=path)
    )
