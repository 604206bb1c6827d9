"""One writer per output directory, and OUT checked writable before any work.

`writer_lock(out, command)` creates OUT if needed, proves it writable (a read-only OUT or parent
is a `UsageError` before anything is extracted) and takes an exclusive `flock` on
OUT/.juesuan/lock for the whole command.  A second `extract` (or `validate`, `compact`) on the
same OUT refuses at once with a sentence naming the run that holds it; the kernel releases the
lock when that run ends, however it ends (kill -9 included), so a stale lock never blocks.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

LOCK = "lock"


class UsageError(Exception):
    """A problem with what the user asked for: printed as a sentence, exit code 2."""


class Busy(UsageError):
    """Another juesuan command is writing this OUT."""


def check_writable(out: Path) -> Path:
    """`out/.juesuan` created and written to once; UsageError with the reason if it cannot be."""
    state = out / ".juesuan"
    try:
        state.mkdir(parents=True, exist_ok=True)
        probe = state / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        why = {errno.EROFS: "it is on a read-only file system", errno.EACCES: "permission denied",
               errno.EPERM: "permission denied", errno.ENOSPC: "the disk is full",
               errno.ENOTDIR: "a file is in the way of the folder"}.get(e.errno or 0, e.strerror or str(e))
        raise UsageError(f"cannot write the output folder {out}: {why}") from None
    return state


@contextlib.contextmanager
def writer_lock(out: Path, command: str) -> Iterator[None]:
    state = check_writable(out)
    fd = os.open(state / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            raise Busy(f"{out} is being written by another juesuan run ({_holder(fd)}); wait for it to "
                             "finish, or write to another --out") from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "command": command,
                                 "since": time.strftime("%Y-%m-%d %H:%M:%S")}).encode())
        yield
    finally:
        os.close(fd)  # releases the lock


def _holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"{info.get('command', 'a command')}, pid {info.get('pid', '?')}, since {info.get('since', '?')}"
    except (OSError, ValueError):
        return "a command"
