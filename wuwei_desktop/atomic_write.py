"""Write a file the user asked for so that it is either complete or not there at all.

The content goes to a temporary file in the target's folder, is flushed to disk and
then moved over the target with ``os.replace``; on any failure the temporary file is
removed and a Chinese message says why (no permission, disk full, no such folder).
A process killed mid-write leaves its ``.NAME.XXXX.tmp`` behind: :func:`remove_leftovers`
clears them at the next start.
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)


def write_atomically(path: Path, write: Callable[[BinaryIO], None], error: type[Exception]) -> None:
    """Call ``write`` with a binary file that becomes ``path`` once it returns.

    Raises:
        error: (with a Chinese message) the folder is missing or the file cannot be
            written; nothing is left behind.
    """
    path = Path(path)
    folder = path.parent
    temp_name = None
    try:
        if not folder.is_dir():
            raise error(f"无法写入 {path}：文件夹 {folder} 不存在")
        if path.is_dir():
            raise error(f"无法写入 {path}：这是一个文件夹")
        handle, temp_name = tempfile.mkstemp(
            prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=folder
        )
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, _file_mode(path))  # mkstemp makes it private (0600)
        os.replace(temp_name, path)
        temp_name = None
    except OSError as failure:
        raise error(os_error_message(path, failure)) from failure
    finally:
        if temp_name is not None:
            Path(temp_name).unlink(missing_ok=True)


TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    """How the temporary files of ``path`` start: ``.NAME.`` in the same folder."""
    return f".{Path(path).name}."


def remove_leftovers(path: Path) -> list[Path]:
    """Delete the temporary files an interrupted write of ``path`` left beside it.

    Call it only while nothing else can be writing ``path`` (under its lock, or in the
    one running program). Returns the files removed; a file that cannot be removed is
    logged and left.
    """
    path = Path(path)
    removed = []
    try:
        candidates = list(path.parent.glob(f"{temp_prefix(path)}*{TEMP_SUFFIX}"))
    except OSError:
        return removed
    for leftover in candidates:
        try:
            leftover.unlink()
        except OSError:
            log.warning("cannot remove the leftover %s", leftover, exc_info=True)
        else:
            removed.append(leftover)
            log.info("removed the leftover %s of an interrupted write", leftover)
    return removed


def new_file_mode() -> int:
    """The mode a new file gets from the user's umask (0644 with the usual 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, or what a new file gets."""
    if path.exists():
        return path.stat().st_mode & 0o777
    return new_file_mode()


def os_error_message(path: Path, failure: OSError) -> str:
    """A Chinese sentence for a failed write of ``path``."""
    if failure.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘已满，无法写入 {path}。请清理磁盘或换一个位置保存。"
    if failure.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"无法写入 {path}：没有写入权限"
    if failure.errno == errno.ENOENT:
        return f"无法写入 {path}：不能在这个文件夹里建立文件"
    if failure.errno == errno.EFBIG:
        return f"无法写入 {path}：文件超出了磁盘或系统允许的大小"
    if failure.errno == errno.ENAMETOOLONG:
        return f"无法写入 {path}：文件名太长"
    return f"无法写入 {path}（系统提示：{failure.strerror or failure}）"


def set_aside(path: Path) -> str:
    """Rename an unreadable user file to ``NAME.corrupt-YYYYmmdd-HHMMSS`` beside it, so
    nothing is lost; returns, in Chinese, where the original now is."""
    backup = path.with_name(f"{path.name}.corrupt-{datetime.now():%Y%m%d-%H%M%S}")
    try:
        os.replace(path, backup)
    except OSError as error:
        return f"原文件无法改名保存（{error}）"
    return f"原文件已改名保存为 {backup.name}"
