"""Writing a command's output to a file named with ``-o``, safely.

A regular file (or a name that does not exist yet) is written atomically: the bytes go to a
temporary file beside it, are flushed to disk, and take its place with ``os.replace`` only
when everything was written, so a reader sees the old file or the new one, never a part,
and a failed run leaves the old file as it was. A symlink is followed: the file it points
to is replaced, the link stays. Anything else (``/dev/null``, ``/dev/stdout``, a FIFO, a
terminal) cannot be replaced, only written to, so it is opened and written directly.

The temporary file is named ``.NAME.PID.XXXXXXXX.tmp`` (PID: the writing process). A process
killed outright (SIGKILL, a power cut) leaves it behind; the next write of NAME, and every run
of ``slalang fmt`` over NAME, removes those whose process is gone.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from typing import IO


class OutputFile:
    """A binary output: ``write`` any number of times, then ``commit`` (or ``abandon``)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.target = os.path.realpath(path)
        self.temporary: str | None = None
        self.stream: IO[bytes]
        try:
            mode = os.stat(self.target).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            self.stream = open(self.target, "wb")  # a device or a pipe: write through
            return
        self.mode = stat.S_IMODE(mode) if mode is not None else _default_mode()
        directory = os.path.dirname(self.target)
        remove_stale_temporaries(self.target)
        handle, self.temporary = tempfile.mkstemp(prefix=_prefix(self.target) + f"{os.getpid()}.", suffix=".tmp",
                                                  dir=directory)
        self.stream = os.fdopen(handle, "wb")

    def write(self, data: bytes) -> None:
        self.stream.write(data)

    def commit(self) -> None:
        """Flush, and move the temporary file into place."""
        self.stream.flush()
        if self.temporary is None:
            self.stream.close()
            return
        os.fsync(self.stream.fileno())
        self.stream.close()
        os.chmod(self.temporary, self.mode)
        os.replace(self.temporary, self.target)
        self.temporary = None
        _sync_directory(os.path.dirname(self.target))

    def abandon(self) -> None:
        """Drop what was written; the file named keeps its old content."""
        self.stream.close()
        if self.temporary is not None:
            try:
                os.unlink(self.temporary)
            except OSError:
                pass
            self.temporary = None


def write_file_atomically(path: str, data: str | bytes) -> None:
    """Write all of ``data`` to ``path`` as one ``OutputFile``; raises OSError on failure
    (and then ``path`` is unchanged)."""
    output = OutputFile(path)
    try:
        output.write(data.encode("utf-8") if isinstance(data, str) else data)
        output.commit()
    except BaseException:
        output.abandon()
        raise


STALE_AFTER_S = 3600
"""A temporary file whose writer cannot be told alive is stale after this long."""


def _prefix(target: str) -> str:
    return f".{os.path.basename(target)}."


def remove_stale_temporaries(path: str) -> list[str]:
    """Remove the temporary files an interrupted write of ``path`` left beside it (a process
    killed with SIGKILL runs no cleanup): ``.NAME.PID.XXXXXXXX.tmp`` whose process PID is
    gone, and any ``.NAME.*.tmp`` an hour old. Returns the names removed; errors are ignored
    (another process may be cleaning the same directory)."""
    target = os.path.realpath(path)
    directory = os.path.dirname(target)
    prefix = _prefix(target)
    removed: list[str] = []
    try:
        names = [n for n in os.listdir(directory) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return removed
    for name in names:
        middle = name[len(prefix):-len(".tmp")]
        pid_text, _, rest = middle.partition(".")
        full = os.path.join(directory, name)
        try:
            if pid_text.isdigit() and rest:
                stale = not _alive(int(pid_text))
            else:
                stale = os.stat(full).st_mtime < time.time() - STALE_AFTER_S
            if stale:
                os.unlink(full)
                removed.append(full)
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process: leave its file alone
    return True


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable (best effort: not every platform allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
