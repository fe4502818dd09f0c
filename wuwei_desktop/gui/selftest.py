"""``main.py --self-test``: prove that a build works, one check per line.

Run from source and, above all, from the frozen bundle (``dev.py bundle`` and the
Windows CI run it after PyInstaller), so a missing hidden import, plugin or data file
fails the build instead of the user. Offscreen, into a temporary folder; the user's
settings are not touched. Exit code 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SEARCH_QUERY = "民勤"
CHART_TABLE = "表11"
WINDOW_TIMEOUT_MS = 60_000
PASSED = "通过"
FAILED = "失败"


class SelfTestError(Exception):
    """A check failed; the message (Chinese) says why."""


class SelfTest:
    """The checks, in order; each returns what it found, as a Chinese phrase."""

    def __init__(self, db: Path, sources: Path | None, started: float, folder: Path) -> None:
        self.db = db
        self.sources = sources
        self.started = started
        self.folder = folder
        self.app = None
        self.archive = None
        self.first_hit: str | None = None
        self.window_seconds: float | None = None

    def checks(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("主窗口", self.check_window),
            ("Qt 中文界面", self.check_qt_translation),
            ("界面表单", self.check_forms),
            ("许可证", self.check_licences),
            ("档案数据库", self.check_archive),
            ("检索", self.check_search),
            ("图表", self.check_chart),
            ("PDF", self.check_pdf),
            ("共享档案驱动", self.check_server_driver),
        ]

    def check_window(self) -> str:
        """Open the main window (offscreen) with the archive until it is usable."""
        from PySide6.QtCore import QTimer

        from .app import create_app, settings_for
        from .main_window import MainWindow

        self.app = create_app(sys.argv[:1])
        window = MainWindow(settings_for(self.folder), modal_dialogs=False)
        ready: list[float] = []

        def on_ready() -> None:
            ready.append(time.perf_counter() - self.started)
            self.app.quit()

        window.archive_ready.connect(lambda: QTimer.singleShot(0, on_ready))
        window.show()
        QTimer.singleShot(0, lambda: window.load_archive(self.db, self.sources))
        QTimer.singleShot(WINDOW_TIMEOUT_MS, self.app.quit)
        self.app.exec()
        try:
            if not ready:
                raise SelfTestError(f"主窗口在 {WINDOW_TIMEOUT_MS // 1000} 秒内没有就绪")
            if window.archive is None:
                raise SelfTestError(f"窗口打开了，但档案不可用：{window.problem}")
            nodes = window.tree_panel.node_count()
        finally:
            if window.archive is not None:
                window.archive.close()
            window.close()
            window.deleteLater()
        self.window_seconds = ready[0]
        return f"启动后 {ready[0]:.2f} 秒可用，目录共 {nodes} 个节点"

    def check_qt_translation(self) -> str:
        """Qt's own buttons speak Chinese (the bundled qtbase_zh_CN.qm is loaded)."""
        from PySide6.QtWidgets import QDialogButtonBox

        from .app import create_app

        create_app(sys.argv[:1])
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        text = box.button(QDialogButtonBox.StandardButton.Cancel).text()
        box.deleteLater()
        if "取消" not in text:
            raise SelfTestError(f"Qt 的标准按钮不是中文（“{text}”）：缺少 qtbase_zh_CN.qm")
        return f"标准按钮显示“{text}”"

    def check_forms(self) -> str:
        """Every Designer form in ui/ loads (compiled in the bundle) and shows its texts."""
        from PySide6.QtWidgets import QWidget

        from .forms import declared_texts, form_path, load_form

        names = sorted(p.stem for p in form_path("x").parent.glob("*.ui"))
        if not names:
            raise SelfTestError(f"没有找到界面文件（{form_path('x').parent}）")
        for name in names:
            host = QWidget()
            form = load_form(name, host)
            for widget, text in declared_texts(name).items():
                shown = form.findChild(QWidget, widget)
                if shown is None or shown.text() != text:
                    raise SelfTestError(f"表单 {name} 的 {widget} 没有显示“{text}”")
            host.deleteLater()
        return f"{len(names)} 个表单（{'、'.join(names)}）"

    def check_licences(self) -> str:
        """The licences of the bundled components are there (licenses.json when frozen)."""
        from ..licenses import bundled_or_collected

        items, bundled = bundled_or_collected()
        qt = [item for item in items if item.name.lower().startswith("pyside6")]
        if not qt or not all(item.texts for item in items):
            raise SelfTestError("许可证清单不完整（缺少 PySide6 或某个组件的许可证文本）")
        where = "随程序提供" if bundled else "读自当前环境"
        return f"{len(items)} 个组件（{where}）"

    def check_archive(self) -> str:
        """The archive opens read-only and is current."""
        from ..api import Archive
        from ..db.status import ArchiveState, archive_state

        state = archive_state(self.db, self.sources)
        if state is not ArchiveState.OK:
            raise SelfTestError(f"{state.message}（{self.db}）")
        self.archive = Archive.open(self.db)
        documents = self.archive.documents()
        built = self.archive.meta().get("built_at", "?")
        return f"{len(documents)} 个文档，生成于 {built}（{self.db}）"

    def _archive(self):
        if self.archive is None:
            raise SelfTestError("档案没有打开")
        return self.archive

    def check_search(self) -> str:
        results = self._archive().search(SEARCH_QUERY, limit=5)
        if results.total <= 0 or not results.hits:
            raise SelfTestError(f"检索“{SEARCH_QUERY}”没有结果")
        self.first_hit = results.hits[0].node_id
        return f"“{SEARCH_QUERY}”{results.total} 条结果"

    def check_chart(self) -> str:
        """Draw the chart of a table to PNG (matplotlib's Agg backend, bundled font)."""
        from ..charts import chart_for_table, save_chart

        table = self._archive().table(CHART_TABLE)
        path = self.folder / "chart.png"
        save_chart(chart_for_table(table, table_ref=CHART_TABLE), path)
        if not path.is_file() or path.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
            raise SelfTestError(f"没有生成 PNG 图表：{path}")
        return f"{CHART_TABLE} → {path.name}（{path.stat().st_size:,} 字节）"

    def check_pdf(self) -> str:
        """Export the first search hit as a PDF extract."""
        from ..extract import ExtractItem
        from ..printing import ensure_gui_application, export_pdf

        archive = self._archive()
        if self.first_hit is None:
            raise SelfTestError("没有可导出的条目（检索未通过）")
        ensure_gui_application()
        path = self.folder / "extract.pdf"
        pages = export_pdf(archive, [ExtractItem(kind="node", id=self.first_hit)], path)
        if pages < 1 or not path.is_file() or path.read_bytes()[:5] != b"%PDF-":
            raise SelfTestError(f"没有生成 PDF：{path}")
        return f"{self.first_hit} → {path.name}，{pages} 页"

    def check_server_driver(self) -> str:
        """What a shared archive on PostgreSQL needs loads, without a server: psycopg with
        its C implementation and libpq, and SQLAlchemy's postgresql+psycopg dialect (the
        shared bookmarks' engine)."""
        from ..db.driver import import_psycopg
        from ..server_userdata import make_engine

        psycopg = import_psycopg()
        if psycopg.pq.__impl__ != "binary":
            raise SelfTestError(f"psycopg 没有使用随附的 libpq（实现：{psycopg.pq.__impl__}）")
        engine = make_engine("postgresql+psycopg://wuwei@localhost/wuwei")
        dialect = f"{engine.dialect.name}+{engine.dialect.driver}"
        engine.dispose()
        libpq = psycopg.pq.version()
        return f"psycopg {psycopg.__version__}，libpq {libpq // 10000}.{libpq % 10000}，{dialect}"

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()


def run_self_test(db: Path, sources: Path | None, started: float, report: Path | None) -> int:
    """Run every check, print one line each (and write them to ``report``); 0 if all passed."""
    lines: list[str] = []
    for stream in (sys.stdout, sys.stderr):  # never fail on a console without Chinese
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")

    def say(line: str, stream=None) -> None:
        lines.append(line)
        print(line, file=stream or sys.stdout, flush=True)  # no-op without a console

    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="wuwei-selftest-") as folder:
        test = SelfTest(db, sources, started, Path(folder))
        try:
            for name, check in test.checks():
                try:
                    found = check()
                except Exception as error:  # every failure is reported, never a traceback
                    reason = (
                        str(error)
                        if isinstance(error, SelfTestError)
                        else f"程序出错（{type(error).__name__}: {error}）"
                    )
                    say(f"{FAILED}  {name}：{reason}")
                    failed.append(name)
                else:
                    say(f"{PASSED}  {name}：{found}")
        finally:
            test.close()
    total = time.perf_counter() - started
    if failed:
        names = "、".join(failed)
        say(f"自检失败：{len(failed)} 项未通过（{names}），共用时 {total:.2f} 秒", sys.stderr)
    else:
        window = f"{test.window_seconds:.2f}"
        say(f"自检通过：{len(lines)} 项全部通过，窗口 {window} 秒可用，共用时 {total:.2f} 秒")
    if report is not None:
        try:
            report.write_text("\n".join(lines) + "\n", encoding="utf-8")
        except OSError as error:
            print(f"无法写入自检报告 {report}：{error.strerror or error}", file=sys.stderr)
            return 1
    return 1 if failed else 0
