"""Start the desktop app: QApplication, font, settings, the main window, then the archive.

The window is shown first and the archive (plain sqlite3, the tree) is opened from the
event loop's first turn, so the window appears as early as possible; nothing imports
pandas or matplotlib on the way.

One program per user: a launch while the window is open hands ``--open`` / ``--search``
to it and exits 0 (:mod:`~wuwei_desktop.gui.single_instance`). The tool modes
(``--screenshot``, ``--self-test``, ``--quit-when-ready``) always run on their own.
A session that did not end cleanly has the archive read through once at the next start
(:mod:`~wuwei_desktop.run_marker`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from ..db.location import archive_location

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1366, 768)  # an office laptop's screen
WARMUP_DELAY_MS = 300  # after the window is ready: its first paint and input come first


DATA_DIR_UNWRITABLE = (
    "无法写入您的用户数据文件夹：\n{error}\n\n"
    "武威档案仍可阅读、检索和打印，但书签、设置和日志只保存在临时文件夹中，关闭程序后不再保留。"
    "请联系电脑管理员检查主目录的权限或剩余空间。"
)


def program_name() -> str:
    """How the user started the program: ``wuwei.exe`` / ``wuwei`` frozen, else main.py."""
    return Path(sys.argv[0]).name if getattr(sys, "frozen", False) else "main.py"


CLI_HINT = "命令行查询（检索、统计表、导出 PDF 等）请用同一文件夹中的 {cli} --help。"


class _Parser(argparse.ArgumentParser):
    """Help and usage errors of the windowed program, which has no console on Windows
    (``sys.stdout`` is None), appear in a message box instead of nowhere."""

    def _print_message(self, message: str, file=None) -> None:
        if message and sys.stdout is None and sys.stderr is None and os.name == "nt":
            import ctypes

            ctypes.windll.user32.MessageBoxW(None, message, "武威档案", 0x40)
            return
        super()._print_message(message, file)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    frozen = getattr(sys, "frozen", False)
    cli = "wuwei-cli.exe" if os.name == "nt" else "wuwei-cli"
    parser = _Parser(
        prog=program_name(),
        description="武威档案：离线档案浏览器",
        epilog=CLI_HINT.format(cli=cli) if frozen else None,
    )
    parser.add_argument(
        "--db",
        type=archive_location,
        help="档案数据库文件或共享档案地址 postgresql+psycopg://…（默认 data/wuwei.db、$WUWEI_DB）",
    )
    parser.add_argument("--sources", type=Path, help="资料文件夹（默认 data/sources）")
    parser.add_argument("--open", metavar="NODE_ID", help="启动后打开此条目")
    parser.add_argument("--search", metavar="QUERY", help="启动后检索并打开第一条结果")
    parser.add_argument(
        "--screenshot", metavar="FILE.png", type=Path, help="在屏幕外绘制窗口，保存截图后退出"
    )
    parser.add_argument(
        "--on-screen",
        action="store_true",
        help="与 --screenshot 一起使用：在真实屏幕上显示窗口后截图（检验本机的图形平台）",
    )
    parser.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="窗口可用后打印启动用时（秒）并退出（用于基准测试）",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="自检：在屏幕外打开主窗口、档案、检索、图表和 PDF，逐项报告后退出（失败时退出码为 1）",
    )
    parser.add_argument(
        "--report",
        metavar="FILE.txt",
        type=Path,
        help="自检结果另存为文本文件（Windows 图形程序没有控制台输出时使用）",
    )
    return parser.parse_args(argv)


def settings_for(folder: Path):
    """The app's QSettings: an INI file in the per-user data folder."""
    from PySide6.QtCore import QSettings

    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


SETTINGS_MAX_BYTES = 1 << 20
SETTINGS_SET_ASIDE = "设置文件已损坏（{reason}），已改名保存为 {name}，本次使用默认设置。"


def checked_settings(folder: Path):
    """The app's QSettings, and a Chinese notice when the file was unusable (too large,
    not an INI file QSettings can read) and was renamed aside; None when all is well."""
    from datetime import datetime

    from PySide6.QtCore import QSettings

    path = folder / "settings.ini"
    reason = None
    try:
        if path.is_file() and path.stat().st_size > SETTINGS_MAX_BYTES:
            reason = "文件过大"
    except OSError:
        reason = "无法读取"
    settings = settings_for(folder)
    if reason is None and settings.status() == QSettings.Status.FormatError:
        reason = "格式错误"
    elif reason is None and settings.status() == QSettings.Status.AccessError:
        reason = "无法读取"
    if reason is None:
        return settings, None
    del settings
    backup = path.with_name(f"{path.name}.corrupt-{datetime.now():%Y%m%d-%H%M%S}")
    try:
        os.replace(path, backup)
    except OSError:
        log.exception("cannot set %s aside", path)
    notice = SETTINGS_SET_ASIDE.format(reason=reason, name=backup.name)
    log.warning("settings: %s", notice)
    return settings_for(folder), notice


def use_bundled_input_method() -> None:
    """Frozen on Linux: Qt's Fcitx plugin cannot be bundled (it belongs to the system's Qt),
    so with Fcitx 5 ask for its IBus-compatible interface, whose plugin is bundled."""
    wanted = os.environ.get("QT_IM_MODULE", "")
    if getattr(sys, "frozen", False) and sys.platform.startswith("linux") and "fcitx" in wanted:
        os.environ["QT_IM_MODULE"] = "ibus"


def create_app(argv: list[str]):
    """The QApplication with the bundled font, the stylesheet and the icon."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ..printing.fonts import install_app_font
    from ..resources import icon_path, stylesheet_path
    from . import strings as S

    use_bundled_input_method()
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(S.APP_NAME)
    app.setOrganizationName(S.ORG_NAME)
    install_qt_translation(app)
    install_app_font(app)
    qss = stylesheet_path()
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    icon = icon_path()
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


QT_TRANSLATION = "qtbase_zh_CN"
"""Qt's own strings (dialog buttons, file dialogs, print preview) in Simplified Chinese."""


def install_qt_translation(app) -> bool:
    """Load Qt's Simplified Chinese translation from Qt's translations folder (the
    PySide6 package from source, the bundle when frozen); once per application.
    Returns whether it is installed."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from .qt_gaps import ChineseQtTranslator

    if app.findChild(QTranslator, QT_TRANSLATION) is not None:
        return True
    translator = ChineseQtTranslator(app)
    translator.setObjectName(QT_TRANSLATION)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QT_TRANSLATION, folder):
        translator.deleteLater()
        return False
    return app.installTranslator(translator)


def main(argv: list[str] | None = None, started: float | None = None) -> int:
    """Run the app; returns the exit code."""
    started = time.perf_counter() if started is None else started
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if (args.screenshot and not args.on_screen) or args.self_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never a window on screen
    from .. import applog
    from ..paths import (
        default_db,
        default_sources,
        frozen_matplotlib_config,
        log_dir,
        use_temporary_data_dir,
        user_data_dir,
    )

    try:
        data_dir, data_problem = user_data_dir(), None
    except OSError as error:
        data_dir = use_temporary_data_dir()
        data_problem = DATA_DIR_UNWRITABLE.format(error=error)
    logs = applog.start(log_dir())
    if data_problem:
        applog.log.warning("%s", data_problem)
        if sys.stderr is not None:  # a windowed program has no console: the dialog says it
            print(data_problem, file=sys.stderr)
    frozen_matplotlib_config()
    if args.self_test:
        from .selftest import run_self_test

        db, sources = args.db or default_db(), args.sources or default_sources()
        return run_self_test(db, sources, started, args.report)
    from PySide6.QtCore import QTimer, qVersion
    from PySide6.QtWidgets import QMessageBox

    from . import strings as S

    app = create_app(sys.argv[:1])
    tool_mode = bool(args.screenshot or args.quit_when_ready)
    instance = None
    if not tool_mode:
        from .single_instance import SingleInstance

        instance = SingleInstance(data_dir)
        if instance.hand_over_or_listen({"open": args.open, "search": args.search}):
            return 0  # the running window took the request
    from ..run_marker import RunMarker
    from .main_window import MainWindow

    marker = None if tool_mode else RunMarker(data_dir)
    unclean = marker.begin() if marker else False
    headless = bool(args.screenshot)
    applog.log.info("Qt %s, platform %s", qVersion(), app.platformName())
    if not headless:
        from .error_dialog import install

        install(logs)
    if data_problem and not tool_mode:
        QMessageBox.warning(None, S.APP_NAME, data_problem)
    # a screenshot starts from default settings and never touches the user's place
    scratch = tempfile.TemporaryDirectory() if headless else None
    settings, settings_warning = checked_settings(Path(scratch.name) if scratch else data_dir)
    # a tool run never waits on a dialog: problems are shown in the window
    window = MainWindow(settings, modal_dialogs=not tool_mode)
    if settings_warning:
        window.statusBar().showMessage(settings_warning, 15000)
    if instance is not None:
        instance.message_received.connect(window.handle_request)
        app.aboutToQuit.connect(instance.close)  # a launch from now on starts anew
    if headless:
        window.resize(*SCREENSHOT_SIZE)
    window.show()
    db = args.db or _chosen_archive(settings)
    result = {"code": 0}

    def when_ready() -> None:
        # runs once the event loop is idle again after the archive was opened
        if args.screenshot:
            result["code"] = save_screenshot(window, args.screenshot)
            app.quit()
        elif args.quit_when_ready:
            print(f"ready {time.perf_counter() - started:.3f}", flush=True)
            app.quit()

    window.archive_ready.connect(lambda: QTimer.singleShot(0, when_ready))
    if not (headless or args.quit_when_ready):
        from .warmup import start_warmup

        # the first chart should not freeze the window: warm matplotlib meanwhile
        window.archive_ready.connect(lambda: QTimer.singleShot(WARMUP_DELAY_MS, start_warmup))
    QTimer.singleShot(
        0,
        lambda: window.load_archive(
            db, args.sources or default_sources(), args.open, args.search, check_pages=unclean
        ),
    )
    app.exec()
    window.save_settings()
    if instance is not None:
        instance.close()
    if marker is not None:
        marker.end()
    if scratch is not None:
        scratch.cleanup()
    return result["code"]


def _chosen_archive(settings) -> Path | str:
    """$WUWEI_DB, else the shared archive chosen in 文件 › 连接共享档案…, else the file."""
    from ..paths import default_db
    from .shared_archive import remembered_server

    if os.environ.get("WUWEI_DB"):
        return default_db()
    return remembered_server(settings) or default_db()


def save_screenshot(window, path: Path) -> int:
    """Save the window as a PNG; 0 on success."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    window.search_pane.wait_for_results()  # --search: the pane's results, not "正在检索…"
    QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(path), "PNG")
    if not ok:
        print(f"无法保存截图：{path}", file=sys.stderr)
    return 0 if ok else 1
