"""A small filesystem of our own (a size-limited tmpfs) to run out of space on, and a file to fill it."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from server.store.store import Store

CHUNK = 64 * 1024


def free_bytes(folder: Path) -> int:
    """What an unprivileged process may still write there (what the server's disk guard reads)."""
    stat = os.statvfs(folder)
    return stat.f_bavail * stat.f_frsize


@contextlib.contextmanager
def small_filesystem(parent: Path, size_mb: int) -> Iterator[Path]:
    """Mount a tmpfs of `size_mb` under `parent` and unmount it afterwards.

    It fails, rather than skips, when it cannot mount: CI runs as root on Debian, and a disk test that
    quietly did not run would look like a disk test that passed.
    """
    mount_point = parent / f"small-fs-{size_mb}m"
    mount_point.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.fail("cannot test a full disk: no 'mount' command (install util-linux; the test needs root)")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0700", "tmpfs", str(mount_point)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"cannot mount a {size_mb} MB tmpfs at {mount_point} to test a full disk (this needs root or "
                    f"CAP_SYS_ADMIN; CI runs as root): {result.stderr.strip() or result.returncode}")
    try:
        yield mount_point
    finally:
        done = subprocess.run(["umount", str(mount_point)], capture_output=True, text=True, check=False)
        if done.returncode != 0:  # something still holds a file there: detach it rather than leak the mount
            subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path, leave_bytes: int = 0, name: str = "filler") -> Path:
    """Write a file in `folder` until about `leave_bytes` stay free there (0: until the disk is full)."""
    path = folder / name
    block = b"\0" * CHUNK
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)  # unbuffered: nothing left to flush on ENOSPC
    try:
        while (room := free_bytes(folder) - leave_bytes) > 0:
            try:
                os.write(fd, block[: min(CHUNK, room)])
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                break
    finally:
        os.close(fd)
    return path


@contextlib.asynccontextmanager
async def store_on_small_filesystem(parent: Path, size_mb: int) -> AsyncIterator[tuple[Store, Path]]:
    """An open store whose SQLite file lives on a `size_mb` filesystem of its own, and that folder."""
    with small_filesystem(parent, size_mb) as folder:
        opened = Store(f"sqlite:///{folder / 'iocwall.db'}")
        opened.open()
        try:
            yield opened, folder
        finally:
            opened.close()
