"""Write a file the user asked for so that it is either complete or not there at all.

The content goes to a temporary file in the target's folder, is flushed to disk and
then moved over the target with ``os.replace``; on any failure the temporary file is
removed and a Chinese message says why (no permission, disk full, no such folder).
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


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
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
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


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, or what a new file gets (0666 less umask)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


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
