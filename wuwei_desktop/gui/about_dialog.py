"""帮助 › 关于 (``ui/about.ui``): the version, the archive, the folders, and the licences
of everything the program bundles (filled when the 许可证 tab is first opened)."""

from __future__ import annotations

import platform
from datetime import datetime

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from .. import __version__
from ..paths import log_dir
from .forms import form_child, load_form

TITLE = "武威档案 {version}"
DESCRIPTION = "武威市政府文献的离线档案浏览器。"
VERSION = "版本：{version}"
BUILT_AT = "档案数据库生成于：{when}"
NO_ARCHIVE = "（未打开档案）"
DOCUMENTS = "收录的文档："
RUNS_ON = "运行环境：Python {python}，Qt {qt}（PySide6），{system}"
DATA_AT = "书签和设置：{folder}"
LOGS_AT = "日志文件夹：{folder}"
LICENCES_BUNDLED = (
    "本程序包含以下组件，各自按其许可证提供（全文也在程序文件夹的 LICENSES.txt 中）。"
    "选择一项查看许可证全文。"
)
LICENCES_FROM_SOURCE = (
    "从源代码运行：以下列表读自当前虚拟环境中安装的组件，打包时生成同样的列表并随程序发布。"
    "选择一项查看许可证全文。"
)


def local_time(iso: str) -> str:
    """An ISO time stamp (the archive records UTC) as the local date and time in Chinese;
    the text unchanged when it is not a time stamp."""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    local = when.astimezone()
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def about_text(meta: dict | None, documents: list, data_folder: str) -> str:
    """The 关于 tab's text (plain text: titles are the documents' own words)."""
    built = (meta or {}).get("built_at")
    when = local_time(built) if built else NO_ARCHIVE
    lines = [DESCRIPTION, VERSION.format(version=__version__), "", BUILT_AT.format(when=when)]
    lines.append(DOCUMENTS)
    lines += [f"  · {d.title}（{d.kind}）" for d in documents] or [f"  {NO_ARCHIVE}"]
    lines += [
        "",
        RUNS_ON.format(
            python=platform.python_version(), qt=pyside_version, system=platform.platform()
        ),
        DATA_AT.format(folder=data_folder),
        LOGS_AT.format(folder=log_dir()),
    ]
    return "\n".join(lines)


class AboutDialog(QDialog):
    """The 关于 dialog; ``archive`` may be None (no archive open)."""

    def __init__(self, parent: QWidget | None, archive, data_folder: str) -> None:
        super().__init__(parent)
        self.form = load_form("about", self)
        self.setWindowTitle(self.form.windowTitle())
        form_child(self.form, QLabel, "titleLabel").setText(TITLE.format(version=__version__))
        meta = archive.meta() if archive is not None else None
        documents = archive.documents() if archive is not None else []
        self.info = form_child(self.form, QPlainTextEdit, "infoText")
        self.info.setPlainText(about_text(meta, documents, data_folder))
        self.tabs = form_child(self.form, QTabWidget, "tabs")
        self.licence_list = form_child(self.form, QListWidget, "licenceList")
        self.licence_text = form_child(self.form, QPlainTextEdit, "licenceText")
        self.licences_label = form_child(self.form, QLabel, "licencesLabel")
        self.licences: list = []
        self.tabs.currentChanged.connect(self._on_tab)
        self.licence_list.currentRowChanged.connect(self._on_licence)
        buttons = form_child(self.form, QDialogButtonBox, "buttons")
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.resize(720, 520)

    def _on_tab(self, index: int) -> None:
        if self.tabs.widget(index).objectName() == "licencesTab" and not self.licences:
            self.fill_licences()

    def fill_licences(self) -> None:
        """Read the licences (the bundle's file, or the environment from source)."""
        from ..licenses import bundled_or_collected

        self.licences, bundled = bundled_or_collected()
        self.licences_label.setText(LICENCES_BUNDLED if bundled else LICENCES_FROM_SOURCE)
        for item in self.licences:
            self.licence_list.addItem(f"{item.name} {item.version} — {item.licence}".strip())
        if self.licences:
            self.licence_list.setCurrentRow(0)

    def _on_licence(self, row: int) -> None:
        if 0 <= row < len(self.licences):
            self.licence_text.setPlainText(self.licences[row].full_text())
