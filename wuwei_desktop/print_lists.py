"""Saved print lists on one PC: ``print_lists.json`` in the user data folder (no Qt here).

The same rules as the bookmarks file: every change reads the file as it is on disk under
a file lock (``print_lists.json.lock``), applies one change and writes it back atomically,
so two copies of the program lose nothing; a save is refused (:class:`ListConflict`)
when the list was saved by the other copy since it was opened. A file that is not a
print-lists file is renamed aside (``print_lists.json.corrupt-YYYYmmdd-HHMMSS``) with a
warning in Chinese and the store starts empty.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

from .atomic_write import remove_leftovers, set_aside, write_atomically
from .extract import ExtractItem
from .user_store import ListConflict, SavedList, UserDataError

log = logging.getLogger(__name__)

FILE_NAME = "print_lists.json"
FORMAT_VERSION = 1
MAX_BYTES = 16 << 20
LOCK_TIMEOUT = 10.0
KINDS = ("node", "chart", "search")


def default_path() -> Path:
    """``print_lists.json`` in the per-user data folder."""
    from .paths import user_data_dir

    return user_data_dir() / FILE_NAME


def _item(data: object) -> ExtractItem | None:
    if not (isinstance(data, list) and len(data) == 3):
        return None
    kind, ident, option = data
    if kind not in KINDS or not isinstance(ident, str) or not ident:
        return None
    return ExtractItem(kind, ident, option if isinstance(option, str) else None)


def _record(data: object) -> SavedList | None:
    """A saved list from its stored form; None if unusable."""
    if not isinstance(data, dict):
        return None
    name, items, version = data.get("name"), data.get("items"), data.get("version")
    if not isinstance(name, str) or not name.strip() or not isinstance(items, list):
        return None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return None
    parsed = [_item(item) for item in items]
    if None in parsed:
        return None
    return SavedList(name, tuple(parsed), version)


def parse(raw: bytes) -> tuple[dict[str, SavedList], int]:
    """The lists in a file's bytes by name, and how many records were unusable.

    Raises:
        ValueError: (a Chinese message) the bytes are not a print-lists file.
    """
    if len(raw) > MAX_BYTES:
        raise ValueError("打印清单文件过大")
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError("打印清单文件已损坏（嵌套过深）") from None
    except ValueError as error:
        raise ValueError(f"打印清单文件已损坏（{error.__class__.__name__}）") from None
    records = data.get("lists") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise ValueError("打印清单文件已损坏（没有清单列表）")
    lists: dict[str, SavedList] = {}
    skipped = 0
    for record in records:
        saved = _record(record)
        if saved is None or saved.name in lists:
            skipped += 1
        else:
            lists[saved.name] = saved
    return lists, skipped


class LocalPrintLists:
    """Saved print lists in a JSON file (see :class:`~wuwei_desktop.user_store.PrintListStore`).

    Attributes:
        warning: a Chinese message when the file could not be read, else None.
    """

    can_share = False

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.warning: str | None = None
        self._lock = FileLock(self.path.with_name(self.path.name + ".lock"), LOCK_TIMEOUT)

    def _read(self) -> dict[str, SavedList]:
        """The lists on disk (under the lock); an unreadable file is set aside."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        try:
            lists, skipped = parse(raw)
        except ValueError as reason:
            self._set_aside(str(reason))
            return {}
        if skipped:
            self.warning = f"打印清单文件中有 {skipped} 条记录无法识别，已忽略。"
            log.warning("print lists: %s", self.warning)
        return lists

    def _set_aside(self, reason: str) -> None:
        where = set_aside(self.path)
        self.warning = f"{reason}，{where}。"
        log.warning("print lists: %s", self.warning)

    def _locked(self, work: Callable[[dict[str, SavedList]], object], write: bool) -> object:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                remove_leftovers(self.path)
                lists = self._read()
                result = work(lists)
                if write:
                    self._write(lists)
                return result
        except Timeout as error:
            raise UserDataError("打印清单文件正被另一个程序占用，请稍后再试。") from error
        except OSError as error:
            raise UserDataError(f"无法读写打印清单文件 {self.path}（{error}）") from error

    def _write(self, lists: dict[str, SavedList]) -> None:
        records = [
            {
                "name": saved.name,
                "version": saved.version,
                "items": [[i.kind, i.id, i.option] for i in saved.items],
            }
            for saved in lists.values()
        ]
        payload = {"version": FORMAT_VERSION, "lists": records}
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        write_atomically(self.path, lambda out: out.write(text.encode("utf-8")), UserDataError)

    def lists(self) -> list[SavedList]:
        """The saved lists, by name."""
        return sorted(self._locked(lambda lists: list(lists.values()), False), key=_by_name)

    def load(self, name: str, owner: str = "") -> SavedList | None:
        """The list ``name``; None if there is none (``owner`` is for server stores)."""
        return self._locked(lambda lists: lists.get(name), False) if not owner else None

    def save(
        self, name: str, items: list[ExtractItem], version: int | None, shared: bool = False
    ) -> SavedList:
        """Save list ``name``: new when ``version`` is None, else only if the file still
        has that version (``shared`` is for server stores).

        Raises:
            ListConflict: the list exists already / was saved meanwhile.
            UserDataError: the file cannot be written.
        """

        def change(lists: dict[str, SavedList]) -> SavedList:
            stored = lists.get(name)
            if version is None and stored is not None:
                raise ListConflict(f"打印清单“{name}”已经存在")
            if version is not None and (stored is None or stored.version != version):
                raise ListConflict(f"打印清单“{name}”在打开之后已被另一处修改或删除")
            saved = SavedList(name, tuple(items), (version or 0) + 1)
            lists[name] = saved
            return saved

        return self._locked(change, True)

    def remove(self, name: str) -> bool:
        """Delete list ``name``; False if there was none."""
        return self._locked(lambda lists: lists.pop(name, None) is not None, True)


def _by_name(saved: SavedList) -> str:
    return saved.name
