"""The main window: menus, toolbar, the 目录/检索/索引/书签 tabs, the reader, the status bar,
and the 统计 view (tables, charts, indicators) the centre switches to (Ctrl+T).

The window is built and shown before the archive is opened (start-up time is measured);
:meth:`MainWindow.load_archive` then checks and opens it, fills the tree and restores
the last place. Everything the reader opens goes through :meth:`MainWindow.open_node`,
which also records it in the back/forward history; the search pane, the subject index
and the bookmarks all open nodes through it (their ``node_requested`` signals).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QPoint, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..print_lists import LocalPrintLists
from ..render.html import (
    DEFAULT_FONT_PX,
    add_node_links,
    render_message,
    render_nodes,
    render_toc,
)
from ..render.strings import SAME_ENTRY
from ..user_store import PrintListStore, UserDataError, is_server_url, open_stores
from . import strings as S
from .bookmarks_panel import BookmarksPanel
from .busy import busy_cursor
from .find_bar import FindBar
from .history import History
from .icons import icon
from .index_panel import IndexPanel
from .plain import message_box, plain_labels, warn
from .reader import TOC_NODE_LIMIT, ReaderView
from .search_pane import SearchPane
from .tree_panel import TreePanel

log = logging.getLogger(__name__)
FIRST_SIZE = QSize(1200, 800)
TITLE_BAR_ALLOWANCE = 40  # the window frame's title bar, outside the size we set


@dataclass(frozen=True)
class Place:
    """A history entry: a node and the terms highlighted in it, and the scroll there."""

    node_id: str
    terms: tuple[str, ...] = ()
    scroll: int = field(default=0, compare=False)


class MainWindow(QMainWindow):
    """The application's window.

    Args:
        settings: where geometry, splitter, font size, last node and recent searches
            are remembered (tests pass one in a temporary folder).
        modal_dialogs: False (for ``--screenshot``): problems are shown in the window,
            never in a blocking dialog.

    Signals:
        archive_ready(): the archive was opened (or found unusable) and the window
            shows its first page; start-up is over.
        node_opened(str node_id): the reader shows a node.
    """

    archive_ready = Signal()
    node_opened = Signal(str)

    def __init__(self, settings: QSettings, modal_dialogs: bool = True) -> None:
        super().__init__()
        self.settings = settings
        self.modal_dialogs = modal_dialogs
        self.archive = None
        self.db_path: Path | str | None = None  # a file, or a PostgreSQL URL
        self.sources_path: Path | None = None
        self.problem: str | None = None
        self.history: History[Place] = History()
        self._tree_nodes: dict[str, object] = {}
        self._doc_titles: dict[str, str] = {}
        self._rebuild = None
        self.setWindowTitle(S.APP_NAME)
        self.setObjectName("mainWindow")
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._restore_settings()
        self._update_history_actions()
        self._on_copy_available(False)  # nothing selected yet
        self.reader.show_rendered(render_message(S.APP_NAME, [S.STATUS_LOADING], self.font_px))
        self.location_label.setText(S.STATUS_LOADING)

    # -- construction -------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.tree_panel = TreePanel(self)
        self.tree_panel.node_requested.connect(self._on_node_requested)
        self.tree_panel.print_requested.connect(self._on_print_requested)
        self.tree_panel.print_checked_requested.connect(self._on_print_checked)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sideTabs")
        self.tabs.setDocumentMode(True)
        # recent searches: the pane keeps them under the window's "search/recent" key
        self.search_pane = SearchPane(settings=self.settings, parent=self)
        self.search_pane.print_requested.connect(self._on_print_search)
        self.index_panel = IndexPanel(parent=self)
        self.bookmarks_panel = BookmarksPanel(parent=self)  # user_data_dir()/bookmarks.json
        self.tabs.addTab(self.tree_panel, S.TAB_TREE)
        self.tabs.addTab(self.search_pane, S.TAB_SEARCH)
        self.tabs.addTab(self.index_panel, S.TAB_INDEX)
        self.tabs.addTab(self.bookmarks_panel, S.TAB_BOOKMARKS)
        for panel in (self.search_pane, self.index_panel, self.bookmarks_panel):
            panel.node_requested.connect(self._on_node_requested)
        self.search_pane.search_failed.connect(self._on_read_failed)
        self.reader = ReaderView(self)
        self.reader.location_changed.connect(self._on_location_changed)
        self.reader.node_link_activated.connect(lambda node_id: self.open_node(node_id))
        self.reader.table_link_activated.connect(self.open_table)
        self.reader.hits_changed.connect(self._on_hits_changed)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.find_bar = FindBar(self)
        self.find_bar.find_requested.connect(self._on_find_requested)
        self.find_bar.step_requested.connect(self.reader.next_hit)
        self.find_bar.closed.connect(self._on_find_closed)
        self.reader.hits_changed.connect(self._on_find_hits)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(self._on_reader_menu)
        self.reader.copyAvailable.connect(self._on_copy_available)
        self.node_opened.connect(self._refind)
        reader_area = QWidget(self)
        reader_area.setObjectName("readerArea")
        column = QVBoxLayout(reader_area)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.reader, 1)
        column.addWidget(self.find_bar)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(reader_area)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 880])
        self.splitter.setChildrenCollapsible(False)
        self._stats_view = None  # built when first shown (start-up time)
        self.centre = QStackedWidget(self)
        self.centre.setObjectName("centre")
        self.centre.addWidget(self.splitter)
        self.setCentralWidget(self.centre)
        self._reader_location = ""
        self._printing = None
        self._menu_node: str | None = None  # the entry under the reader's context menu
        self.print_lists: PrintListStore = LocalPrintLists()  # user_data_dir()/print_lists.json
        self.location_label = QLabel(self)
        self.location_label.setObjectName("location")
        self.hit_label = QLabel(self)
        self.hit_label.setObjectName("hits")
        plain_labels(self.location_label, self.hit_label)  # titles and queries: text only
        self.statusBar().addWidget(self.location_label, 1)
        self.statusBar().addPermanentWidget(self.hit_label)

    def _action(self, text: str, slot=None, shortcuts=(), tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.act_back = self._action(S.ACT_BACK, self.go_back, ["Alt+Left"], S.TIP_BACK)
        self.act_forward = self._action(
            S.ACT_FORWARD, self.go_forward, ["Alt+Right"], S.TIP_FORWARD
        )
        self.act_search = self._action(S.ACT_SEARCH, self.focus_search, ["Ctrl+F"], S.TIP_SEARCH)
        self.act_find_in_page = self._action(
            S.ACT_FIND_IN_PAGE, lambda: self.open_find_bar(), ["Ctrl+Shift+F"], S.TIP_FIND_IN_PAGE
        )
        self.act_search_selection = self._action(S.ACT_SEARCH_SELECTION, self.search_selection)
        self.act_add_node_to_print = self._action(S.ACT_ADD_TO_PRINT, self._print_node_at_menu)
        # 打印, 打印预览, 导出PDF: the print list first (enabled once an archive is open)
        self.act_print = self._action(
            S.ACT_PRINT, lambda: self.show_print_list("print"), ["Ctrl+P"], S.TIP_PRINT
        )
        self.act_print_preview = self._action(
            S.ACT_PRINT_PREVIEW, lambda: self.show_print_list("preview"), [], S.TIP_PRINT_PREVIEW
        )
        self.act_export_pdf = self._action(
            S.ACT_EXPORT_PDF, lambda: self.show_print_list("export"), [], S.TIP_EXPORT_PDF
        )
        for action in self._print_actions():
            action.setEnabled(False)
        self.act_add_bookmark = self._action(
            S.ACT_ADD_BOOKMARK, self.bookmark_with_note, ["Ctrl+D"], S.TIP_BOOKMARK
        )
        self.act_add_bookmark.setEnabled(False)
        self.act_show_bookmarks = self._action(
            S.ACT_SHOW_BOOKMARKS, lambda: self.tabs.setCurrentWidget(self.bookmarks_panel)
        )
        self.act_font_larger = self._action(
            S.ACT_FONT_LARGER, lambda: self.change_font(+1), ["Ctrl+=", "Ctrl++"]
        )
        self.act_font_smaller = self._action(
            S.ACT_FONT_SMALLER, lambda: self.change_font(-1), ["Ctrl+-"]
        )
        self.act_font_reset = self._action(
            S.ACT_FONT_RESET, lambda: self.set_font_px(DEFAULT_FONT_PX), ["Ctrl+0"]
        )
        self.act_copy = self._action(S.ACT_COPY, self.reader.copy, [QKeySequence.StandardKey.Copy])
        self.act_copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_copy_cited = self._action(
            S.ACT_COPY_CITED, self.copy_with_citation, ["Ctrl+Shift+C"]
        )
        self.act_cite_always = self._action("复制时总是附出处")
        self.act_cite_always.setCheckable(True)
        self.act_cite_always.toggled.connect(self._on_cite_always)
        self.act_select_all = self._action(S.ACT_SELECT_ALL, self.reader.selectAll)
        self.act_find_next = self._action(S.ACT_FIND_NEXT, lambda: self.reader.next_hit(1), ["F3"])
        self.act_find_prev = self._action(
            S.ACT_FIND_PREV, lambda: self.reader.next_hit(-1), ["Shift+F3"]
        )
        self.act_view_reader = self._action(
            S.ACT_VIEW_READER, self.show_reader, ["Ctrl+R"], S.TIP_VIEW_READER
        )
        self.act_view_stats = self._action(
            S.ACT_VIEW_STATS, self.show_stats, ["Ctrl+T"], S.TIP_VIEW_STATS
        )
        views = QActionGroup(self)
        for action in (self.act_view_reader, self.act_view_stats):
            action.setCheckable(True)
            views.addAction(action)
        self.act_view_reader.setChecked(True)
        self.act_rebuild = self._action(S.ACT_REBUILD, self.rebuild_archive)
        self.act_connect_server = self._action(
            S.ACT_CONNECT_SERVER, lambda: self.connect_shared_archive(), tip=S.TIP_CONNECT_SERVER
        )
        self.act_quit = self._action(S.ACT_QUIT, self.close, ["Ctrl+Q"])
        self.act_about = self._action(S.ACT_ABOUT, self.show_about)
        self.act_check_archive = self._action(
            S.ACT_CHECK_ARCHIVE, self.check_archive, tip=S.TIP_CHECK_ARCHIVE
        )
        self.act_help = self._action(S.ACT_HELP, self.show_help, ["F1"])
        self.act_shortcuts = self._action(S.ACT_SHORTCUTS, self.show_shortcuts)
        slash = QAction(S.ACT_FIND_IN_PAGE, self.reader)  # "/" in the reader, as in a browser
        slash.setShortcut(QKeySequence("/"))
        slash.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        slash.triggered.connect(lambda: self.open_find_bar())
        self.reader.addAction(slash)
        for action, name in (
            (self.act_back, "back"),
            (self.act_forward, "forward"),
            (self.act_search, "search"),
            (self.act_view_reader, "reader"),
            (self.act_view_stats, "stats"),
            (self.act_print, "print"),
            (self.act_export_pdf, "export-pdf"),
        ):
            action.setIcon(icon(name))
        self.act_open_logs = self._action(S.ACT_OPEN_LOG_FOLDER, self.open_log_folder)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(S.MENU_FILE)
        file_menu.addActions([self.act_print_preview, self.act_print, self.act_export_pdf])
        file_menu.addSeparator()
        file_menu.addAction(self.act_connect_server)
        file_menu.addAction(self.act_rebuild)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = bar.addMenu(S.MENU_EDIT)
        edit_menu.addActions([self.act_copy, self.act_copy_cited, self.act_cite_always])
        edit_menu.addAction(self.act_select_all)
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_search, self.act_find_in_page])
        edit_menu.addActions([self.act_find_next, self.act_find_prev])
        view_menu = bar.addMenu(S.MENU_VIEW)
        view_menu.addActions([self.act_view_reader, self.act_view_stats])
        view_menu.addSeparator()
        view_menu.addActions([self.act_back, self.act_forward])
        view_menu.addSeparator()
        view_menu.addActions([self.act_font_larger, self.act_font_smaller, self.act_font_reset])
        bookmarks_menu = bar.addMenu(S.MENU_BOOKMARKS)
        bookmarks_menu.addActions([self.act_add_bookmark, self.act_show_bookmarks])
        help_menu = bar.addMenu(S.MENU_HELP)
        help_menu.addActions([self.act_help, self.act_shortcuts])
        help_menu.addSeparator()
        help_menu.addActions([self.act_check_archive, self.act_open_logs])
        help_menu.addSeparator()
        help_menu.addAction(self.act_about)
        self.help_menu = help_menu

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.act_back, self.act_forward])
        toolbar.addSeparator()
        toolbar.addAction(self.act_search)
        toolbar.addSeparator()
        toolbar.addActions([self.act_view_reader, self.act_view_stats])
        toolbar.addSeparator()
        toolbar.addActions([self.act_print, self.act_export_pdf])
        toolbar.addSeparator()
        self.act_bookmarks_tool = QAction(icon("bookmark"), S.ACT_BOOKMARK, self)
        self.act_bookmarks_tool.setToolTip(S.TIP_BOOKMARK)
        self.act_bookmarks_tool.triggered.connect(self._on_bookmark_tool)
        self.act_bookmarks_tool.setEnabled(False)
        self.act_add_bookmark.enabledChanged.connect(self.act_bookmarks_tool.setEnabled)
        toolbar.addAction(self.act_bookmarks_tool)
        font_menu = QMenu(self)
        font_menu.addActions([self.act_font_larger, self.act_font_smaller, self.act_font_reset])
        self.act_font_tool = QAction(icon("font"), S.ACT_FONT, self)
        self.act_font_tool.setToolTip(S.TIP_FONT)
        self.act_font_tool.setMenu(font_menu)
        toolbar.addAction(self.act_font_tool)
        self.font_button = toolbar.widgetForAction(self.act_font_tool)
        self.font_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar = toolbar

    # -- settings -----------------------------------------------------------------------

    @property
    def font_px(self) -> int:
        return self.reader.font_px

    def _restore_settings(self) -> None:
        # values of the wrong type (a hand-edited or damaged file) fall back to defaults
        geometry = self.settings.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(self.first_size())
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        try:
            font_px = int(self.settings.value("reader/font_px", DEFAULT_FONT_PX))
        except (TypeError, ValueError, OverflowError):
            font_px = DEFAULT_FONT_PX
        self.reader.set_font_px(font_px)
        cite = self.settings.value("reader/cite_on_copy", False)
        self.act_cite_always.setChecked(cite in (True, "true", "1"))

    def first_size(self) -> QSize:
        """The size on first start: 1200x800, but never more than the screen offers
        (a 1366x768 laptop has about 1366x728 beside its taskbar, less a title bar)."""
        screen = self.screen().availableGeometry()
        return QSize(
            min(FIRST_SIZE.width(), screen.width()),
            min(FIRST_SIZE.height(), screen.height() - TITLE_BAR_ALLOWANCE),
        )

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("reader/font_px", self.font_px)
        self.settings.setValue("reader/cite_on_copy", self.act_cite_always.isChecked())
        self.settings.setValue("window/side_tab", self.tabs.currentIndex())
        if self._stats_view is not None:
            self._stats_view.save_state(self.settings)
        current = self.history.current
        if current is not None:
            self.settings.setValue("reader/last_node", current.node_id)
            self.settings.setValue("reader/last_scroll", self.reader.verticalScrollBar().value())
        self.settings.sync()

    def recent_searches(self) -> list[str]:
        """Recent searches, newest first (kept by the search pane under "search/recent")."""
        return self.search_pane.recent_searches

    def remember_search(self, query: str) -> None:
        self.search_pane.remember_query(query)

    def closeEvent(self, event) -> None:
        self.save_settings()
        self.search_pane.shutdown()
        super().closeEvent(event)

    # -- the archive --------------------------------------------------------------------

    def load_archive(
        self,
        db: Path | str,
        sources: Path | None,
        open_node: str | None = None,
        search: str | None = None,
        check_pages: bool = False,
    ) -> None:
        """Check and open the archive, fill the tree, show the first page; on trouble,
        say what is wrong (dialog, or in the window without modal dialogs).
        ``check_pages`` (after an unclean end of the last session) reads every page of
        the archive first (``PRAGMA quick_check``)."""
        from ..db.build_lock import remove_build_leftovers
        from ..db.location import is_server_url
        from ..db.status import ArchiveState, archive_state

        self.db_path, self.sources_path = db, sources
        self.use_user_data(db)
        self.act_rebuild.setEnabled(self._can_rebuild())  # an installed copy has no sources
        if is_server_url(db):  # the server's administrator builds and checks it
            self._open_archive(open_node, search)
            self.archive_ready.emit()
            return
        remove_build_leftovers(db)  # the temporary file of a build that was killed
        state = archive_state(db, sources, thorough=check_pages)
        if state is not ArchiveState.OK:
            log.warning("archive %s: %s", db, state.message)
            self._archive_problem(state.message)
        else:
            self._open_archive(open_node, search)
        self.archive_ready.emit()

    def _can_rebuild(self) -> bool:
        from ..db.location import is_server_url

        if is_server_url(self.db_path):
            return False
        return bool(self.sources_path and (self.sources_path / "catalog.toml").is_file())

    def connect_shared_archive(self, url: str | None = None) -> None:
        """文件 › 连接共享档案…: open the archive on a PostgreSQL server at ``url`` (asked
        for when None; empty: back to the archive on this PC) and remember the address,
        never its password."""
        from ..db.location import is_server_url
        from ..paths import default_db
        from .shared_archive import ask_server_url, remember_server, remembered_server

        if url is None:
            url = ask_server_url(self, remembered_server(self.settings))
            if url is None:
                return
        url = url.strip()
        if url and not is_server_url(url):
            self.statusBar().showMessage(S.SERVER_URL_BAD, 10000)
            if self.modal_dialogs:
                warn(self, S.SERVER_TITLE, S.SERVER_URL_BAD)
            return
        password_left_out = remember_server(self.settings, url or None)
        self.load_archive(url or default_db(), self.sources_path)
        if password_left_out:
            self.statusBar().showMessage(S.SERVER_PASSWORD_NOT_STORED, 20000)

    def _open_archive(self, open_node: str | None = None, search: str | None = None) -> bool:
        from ..api import Archive, ArchiveError

        try:
            archive = Archive.open(self.db_path)
            self.set_archive(archive)
        except Exception as error:  # never a traceback: a message in the window
            log.exception("cannot open the archive %s", self.db_path)
            self._archive_problem(
                str(error)
                if isinstance(error, ArchiveError)
                else S.DLG_OPEN_FAILED.format(error=error)
            )
            return False
        log.info("archive opened: %s (built %s)", self.db_path, archive.meta().get("built_at"))
        if search:
            opened = self.run_search(search)
        elif open_node:
            opened = self.open_node(open_node)
            if not opened:
                self._show_lines(S.APP_NAME, [S.DLG_NODE_MISSING.format(node_id=open_node)])
        else:
            opened = self.restore_place()
        if not opened:
            if not open_node or search:
                self._show_lines(S.READER_WELCOME_TITLE, [S.READER_WELCOME])
            self.location_label.setText(S.STATUS_SEARCH_NONE.format(query=search) if search else "")
        return True

    def restore_place(self) -> bool:
        """Open the node, scroll position and left tab the user left off at."""
        last = self.settings.value("reader/last_node")
        tab = self._int_setting("window/side_tab")
        if tab is not None and tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)
        if not (isinstance(last, str) and last and self.open_node(last)):
            return False
        self.reader.scroll_to(self._int_setting("reader/last_scroll") or 0)
        return True

    def _int_setting(self, key: str) -> int | None:
        """A non-negative whole number kept under ``key`` (None if absent or not one)."""
        value = str(self.settings.value(key, ""))
        return int(value) if value.isdigit() else None

    def use_user_data(self, location) -> None:
        """Keep bookmarks and saved print lists on the server for a server archive (per
        user, shareable); the local files otherwise. A server whose user data cannot be
        used leaves the local files in use and says why in the status bar."""
        server = is_server_url(location)
        if not server and self.bookmarks_panel.store.path is not None:
            return  # the local files already
        try:
            bookmarks, lists = open_stores(location if server else None)
        except UserDataError as error:
            self.statusBar().showMessage(S.STATUS_USER_DATA_LOCAL.format(error=error), 15000)
            bookmarks, lists = open_stores(None)
        self.bookmarks_panel.set_store(bookmarks)
        self.print_lists = lists
        if self._printing is not None:
            self._printing.dialog.set_list_store(lists)

    def set_archive(self, archive) -> None:
        """Use an opened :class:`~wuwei_desktop.api.Archive`: fill the tree and panels."""
        if self.archive is not None and self.archive is not archive:
            self._detach_panels()
            self.archive.close()
        self.archive = archive
        self.problem = None
        self._doc_titles = {d.id: d.title for d in archive.documents()}
        self.reader.doc_titles = self._doc_titles
        roots = archive.tree()
        self._tree_nodes.clear()
        stack = list(roots)
        while stack:
            node = stack.pop()
            self._tree_nodes[node.id] = node
            stack.extend(node.children)
        self.tree_panel.set_tree(roots)
        self.search_pane.set_archive(archive)
        self.index_panel.set_archive(archive)
        self.bookmarks_panel.set_archive(archive)
        if self._stats_view is not None:
            self._stats_view.set_archive(archive)
        for action in self._print_actions():
            action.setEnabled(True)
        self.history = History()
        self._update_history_actions()

    def _detach_panels(self) -> None:
        """Before the archive is closed: no search may still be running on it."""
        self.search_pane.set_archive(None)
        self.index_panel.set_archive(None)
        if self._stats_view is not None:
            self._stats_view.set_archive(None)
        self.act_add_bookmark.setEnabled(False)
        for action in self._print_actions():
            action.setEnabled(False)

    def _archive_problem(self, message: str) -> None:
        self.problem = message
        can_rebuild = self._can_rebuild()
        from .dialogs import ask_rebuild, problem_lines

        lines = problem_lines(message, self.db_path, can_rebuild)
        self._show_lines(S.DLG_TITLE, lines)
        self.location_label.setText(S.STATUS_NO_ARCHIVE)
        if self.modal_dialogs and ask_rebuild(self, lines, can_rebuild):
            self.rebuild_archive()

    def _show_lines(self, title: str, lines: list[str]) -> None:
        self.reader.show_rendered(render_message(title, lines, self.font_px))

    def rebuild_archive(self) -> None:
        """Rebuild the archive from the sources in a worker thread, then open it."""
        if not self._can_rebuild() or self.db_path is None or self._rebuild is not None:
            return
        from .dialogs import Rebuild

        if self.archive is not None:
            self._detach_panels()
            self.archive.close()
            self.archive = None
        self._rebuild = Rebuild(self, self.sources_path, self.db_path, show_busy=self.modal_dialogs)
        self._rebuild.done.connect(self._on_rebuilt)
        self._show_lines(S.APP_NAME, [S.DLG_BUILDING])
        self._rebuild.start()

    def _on_rebuilt(self, ok: bool, error: str) -> None:
        self._rebuild = None
        if ok:
            self._open_archive()
            return
        lines = [S.DLG_BUILD_FAILED_TEXT.format(error=error)]
        self._show_lines(S.DLG_BUILD_FAILED, lines)
        if self.modal_dialogs:
            warn(self, S.DLG_BUILD_FAILED, lines[0])

    # -- opening nodes ------------------------------------------------------------------

    def _on_node_requested(self, node_id: str, terms: object = None) -> None:
        self.open_node(node_id, list(terms) if terms else None)

    def _same_entry_links(self, node_id: str) -> list[tuple[str, str]]:
        """The same 条目 in the other editions, as (node id, 《book》 title path) links."""
        titles = {doc.id: doc.title for doc in self.archive.documents()}
        return [
            (other.id, f"《{titles.get(other.doc, other.doc)}》{other.title}")
            for other in self.archive.same_entry(node_id)
        ]

    def open_node(
        self,
        node_id: str,
        terms: list[str] | None = None,
        record: bool = True,
        scroll: int | None = None,
    ) -> bool:
        """Show a node in the reader (a chapter for nodes with children); highlight
        ``terms`` and go to the first hit. Returns False if there is no such node."""
        if self.archive is None:
            return False
        with busy_cursor():
            return self._open_node(node_id, terms, record, scroll)

    def _open_node(
        self, node_id: str, terms: list[str] | None, record: bool, scroll: int | None
    ) -> bool:
        from ..api import ArchiveError

        try:
            detail = self.archive.node(node_id)
            if detail.kind == "document" and self.tree_panel.subtree_size(node_id) > TOC_NODE_LIMIT:
                tree_node = self._tree_nodes.get(node_id)
                rendered = render_toc(detail, tree_node.children if tree_node else [], self.font_px)
            elif detail.children:
                rendered = render_nodes(
                    self.archive.chapter(node_id), self.font_px, table_of=self._table_of
                )
            else:
                rendered = render_nodes([detail], self.font_px, table_of=self._table_of)
            rendered = add_node_links(rendered, SAME_ENTRY, self._same_entry_links(node_id))
        except ArchiveError as error:
            self.statusBar().showMessage(str(error), 5000)
            return False
        if record:
            current = self.history.current
            if current is not None:
                self.history.replace_current(
                    Place(current.node_id, current.terms, self.reader.verticalScrollBar().value())
                )
            self.history.visit(Place(node_id, tuple(terms or ())))
        self.show_reader()
        self.reader.show_rendered(rendered)
        self.hit_label.setText("")
        if terms:
            self.reader.highlight(terms, scroll=scroll is None)
        if scroll is not None:
            self.reader.scroll_to(scroll)
        self.tree_panel.select_node(node_id)
        self._update_history_actions()
        self.act_add_bookmark.setEnabled(True)
        self.node_opened.emit(node_id)
        return True

    def _table_of(self, node_id: str):
        """The typed table of a table node (None if the archive has none for it)."""
        from ..api import ArchiveError, ArchiveReadError

        try:
            return self.archive.table(node_id)
        except ArchiveReadError:
            raise  # a damaged archive: open_node says so
        except ArchiveError:
            return None

    def run_search(self, query: str) -> bool:
        """Show ``query``'s results in the search pane and open the best hit with the
        terms highlighted (``--search``)."""
        if self.archive is None:
            return False
        self.remember_search(query)
        self.tabs.setCurrentWidget(self.search_pane)
        self.search_pane.set_query(query)
        from ..api import ArchiveError

        try:
            results = self.archive.search(query, limit=20)
        except ArchiveError as error:
            self._on_read_failed(str(error), bool(getattr(error, "damaged", False)))
            return False
        if not results.hits:
            self.hit_label.setText("")
            self.location_label.setText(S.STATUS_SEARCH_NONE.format(query=query))
            return False
        return self.open_node(results.hits[0].node_id, list(results.terms) or query.split())

    def current_node_id(self) -> str | None:
        current = self.history.current
        return current.node_id if current else None

    # -- history ------------------------------------------------------------------------

    def _remember_scroll(self) -> None:
        current = self.history.current
        if current is not None:
            value = self.reader.verticalScrollBar().value()
            self.history.replace_current(Place(current.node_id, current.terms, value))

    def go_back(self) -> None:
        self._remember_scroll()
        place = self.history.back()
        if place is not None:
            self.open_node(place.node_id, list(place.terms), record=False, scroll=place.scroll)

    def go_forward(self) -> None:
        self._remember_scroll()
        place = self.history.forward()
        if place is not None:
            self.open_node(place.node_id, list(place.terms), record=False, scroll=place.scroll)

    def _update_history_actions(self) -> None:
        self.act_back.setEnabled(self.history.can_back())
        self.act_forward.setEnabled(self.history.can_forward())

    # -- reader feedback ----------------------------------------------------------------

    def location_text(self, detail, page: int | None) -> str:
        """``武威年鉴（2024） › 市情概览 › 自然地理 › 地理位置 · 第54页``"""
        trail = " › ".join([*detail.path, detail.title])
        if page is None:
            page = detail.page_start
        return f"{trail} · {S.STATUS_PAGE.format(page=page)}" if page is not None else trail

    def _on_location_changed(self, detail, page) -> None:
        if self.stats_shown():  # shown again when the reader comes back
            self._reader_location = self.location_text(detail, page)
        else:
            self.location_label.setText(self.location_text(detail, page))

    def _on_hits_changed(self, current: int, total: int) -> None:
        terms = "、".join(self.reader.terms)
        if total:
            self.hit_label.setText(S.STATUS_HITS.format(current=current, total=total, terms=terms))
        else:
            self.hit_label.setText(S.STATUS_NO_HITS.format(terms=terms) if terms else "")

    # -- font size ----------------------------------------------------------------------

    def change_font(self, step: int) -> None:
        self.set_font_px(self.font_px + step)

    def set_font_px(self, px: int) -> None:
        used = self.reader.set_font_px(px)
        self.settings.setValue("reader/font_px", used)
        self.statusBar().showMessage(S.STATUS_FONT.format(size=used), 1500)

    # -- copy, bookmarks, search, about -------------------------------------------------

    def copy_with_citation(self) -> str:
        """Copy the reader's selection with ``——《…》第54页`` appended; return the text."""
        text = self.reader.selected_text_with_citation()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.statusBar().showMessage(S.STATUS_COPIED, 2000)
        return text

    def _on_cite_always(self, checked: bool) -> None:
        self.reader.cite_on_copy = checked

    def _on_bookmark_tool(self) -> None:
        if self.bookmark_with_note():
            self.tabs.setCurrentWidget(self.bookmarks_panel)

    def bookmark_with_note(self) -> bool:
        """Ctrl+D: ask for the note of the node in the reader, then bookmark it; False
        if none is open, it already was, or the user cancelled."""
        node_id = self.current_node_id()
        if self.archive is None or node_id is None:
            return False
        if self.bookmarks_panel.contains(node_id):
            return self.add_bookmark()  # says it is there already
        from ..api import ArchiveError
        from .note_dialog import ask_note

        try:
            title = self.archive.node(node_id).title
        except ArchiveError as error:
            self.statusBar().showMessage(str(error), 5000)
            return False
        note = ask_note(self, S.BOOKMARK_NOTE_TITLE, S.BOOKMARK_NOTE_LABEL.format(title=title), "")
        return note is not None and self.add_bookmark(note)

    def add_bookmark(self, note: str = "") -> bool:
        """Bookmark the node in the reader; False if none is open or it already was."""
        node_id = self.current_node_id()
        if self.archive is None or node_id is None:
            return False
        from ..api import ArchiveError

        try:
            detail = self.archive.node(node_id)
        except ArchiveError as error:
            self.statusBar().showMessage(str(error), 5000)
            return False
        added = self.bookmarks_panel.add_bookmark(
            node_id, detail.title, list(detail.path), detail.page_start, note
        )
        message = S.STATUS_BOOKMARKED if added else S.STATUS_ALREADY_BOOKMARKED
        self.statusBar().showMessage(message.format(title=detail.title), 3000)
        return added

    # -- find in the page, the reader's context menu ----------------------------------

    def open_find_bar(self, text: str = "") -> None:
        """Find within the open page (Ctrl+Shift+F, "/" in the reader, 在本条中查找)."""
        self.show_reader()
        self.find_bar.open_bar(text or self.reader.textCursor().selectedText().strip())

    def _on_find_requested(self, text: str) -> None:
        self.reader.highlight([text] if text.strip() else [])

    def _refind(self, _node_id: str) -> None:
        """A new page while the find bar is open: find its text there too."""
        text = self.find_bar.edit.text()
        if self.find_bar.isVisible() and text.strip():
            self.reader.highlight([text])

    def _on_find_hits(self, current: int, total: int) -> None:
        if self.find_bar.isVisible():
            self.find_bar.show_count(current, total)

    def _on_find_closed(self) -> None:
        """Back to the search's own highlights (if the page was opened from a search)."""
        current = self.history.current
        self.reader.highlight(list(current.terms) if current else [], scroll=False)
        self.reader.setFocus()

    def reader_menu(self, pos: QPoint) -> QMenu:
        """The reader's context menu at ``pos`` (viewport coordinates)."""
        self._menu_node = self.reader.node_at(pos.y())
        self._on_copy_available(self.reader.textCursor().hasSelection())
        self.act_add_node_to_print.setEnabled(self._menu_node is not None)
        menu = QMenu(self)
        menu.addActions([self.act_copy, self.act_copy_cited])
        menu.addSeparator()
        menu.addActions([self.act_add_bookmark, self.act_add_node_to_print])
        menu.addSeparator()
        menu.addActions([self.act_find_in_page, self.act_search_selection])
        return menu

    def _on_reader_menu(self, pos: QPoint) -> None:
        menu = self.reader_menu(pos)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.reader.viewport().mapToGlobal(pos))

    def _on_copy_available(self, selected: bool) -> None:
        for action in (self.act_copy, self.act_copy_cited, self.act_search_selection):
            action.setEnabled(selected)

    def _print_node_at_menu(self) -> None:
        """加入打印清单 in the reader's menu: the entry under the mouse."""
        node_id = self._menu_node or self.current_node_id()
        if node_id:
            self._on_print_requested(node_id)

    def search_selection(self) -> None:
        """检索选中文字: search the archive for the reader's selection."""
        text = " ".join(self.reader.textCursor().selectedText().split())
        if text:
            self.tabs.setCurrentWidget(self.search_pane)
            self.search_pane.set_query(text[:200])
            self.search_pane.focus_search()

    def focus_search(self) -> None:
        """Ctrl+F from anywhere: show the search tab, cursor in its box, text selected."""
        self.show_reader()
        self.tabs.setCurrentWidget(self.search_pane)
        self.search_pane.focus_search()

    # -- the 统计 view ------------------------------------------------------------------

    @property
    def stats_view(self):
        """The 统计 view (:class:`~wuwei_desktop.gui.stats.StatsView`), built on first use:
        half the window's construction time goes into it."""
        if self._stats_view is None:
            from .stats import StatsView

            view = StatsView(parent=self)
            view.node_requested.connect(self._on_stats_source)
            view.print_requested.connect(self.add_to_print_list)
            view.status_message.connect(self._on_stats_message)
            view.location_changed.connect(lambda _text: self._show_stats_location())
            self.centre.addWidget(view)
            view.restore_state(self.settings)
            view.set_archive(self.archive)
            self._stats_view = view
        return self._stats_view

    def stats_shown(self) -> bool:
        return self._stats_view is not None and self.centre.currentWidget() is self._stats_view

    def show_stats(self) -> None:
        """Switch the centre to the 统计 view (tables, charts, indicators)."""
        if not self.stats_shown():
            self._reader_location = self.location_label.text()
            with busy_cursor():  # the first time builds the view
                self.centre.setCurrentWidget(self.stats_view)
        self.act_view_stats.setChecked(True)
        self._show_stats_location()

    def show_reader(self) -> None:
        """Switch the centre back to the tree and the reader."""
        if self.stats_shown():
            self.centre.setCurrentWidget(self.splitter)
            self.location_label.setText(self._reader_location)
        self.act_view_reader.setChecked(True)

    def _show_stats_location(self) -> None:
        if self.stats_shown():
            self.location_label.setText(self.stats_view.location())

    def open_table(self, table_id: str) -> bool:
        """Show the 统计 view with table ``table_id`` (an id, or ``表11``) open."""
        self.show_stats()
        with busy_cursor():
            opened = self.stats_view.open_table(table_id)
        if opened:
            return True
        self.statusBar().showMessage(S.STATS_TABLE_MISSING.format(table_id=table_id), 5000)
        return False

    def _on_stats_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 4000)

    def _on_stats_source(self, node_id: str) -> None:
        """出处 in the 统计 view: the node in the reader (open_node switches back)."""
        self.open_node(node_id)

    def about_text(self) -> str:
        from .about_dialog import about_text

        meta = self.archive.meta() if self.archive is not None else None
        documents = self.archive.documents() if self.archive is not None else []
        return about_text(meta, documents, self.settings.fileName())

    # -- print and PDF ------------------------------------------------------------------

    @property
    def printing(self):
        """The :class:`~wuwei_desktop.gui.print_controller.PrintController` (made on
        first use: QtPrintSupport is not needed to start the window)."""
        if self._printing is None:
            from .print_controller import PrintController

            self._printing = PrintController(self)
        return self._printing

    def _on_print_requested(self, node_id: str) -> None:
        from ..extract import ExtractItem

        self.add_to_print_list(ExtractItem("node", node_id))

    def _on_print_checked(self, node_ids: list) -> None:
        """The nodes ticked in the 目录 go to the print list, which is then shown."""
        from ..extract import ExtractItem

        for node_id in node_ids:
            self.printing.add(ExtractItem("node", node_id))
        self.show_print_list()

    def _on_print_search(self, query: str, doc: str | None) -> None:
        """打印检索结果: the results as a list go to the print list, which is shown."""
        from ..extract import ExtractItem

        self.printing.add(ExtractItem("search", query, doc))
        self.show_print_list()

    def _print_actions(self) -> list[QAction]:
        return [self.act_print, self.act_print_preview, self.act_export_pdf]

    def show_print_list(self, default: str = "print"):
        """The 打印清单 dialog (with the open node when the list is empty); ``default``
        is the button Enter presses: ``print``, ``preview`` or ``export``."""
        return self.printing.show_list(default)

    def add_to_print_list(self, item) -> bool:
        """Add an :class:`~wuwei_desktop.extract.ExtractItem` (a node, or a chart) to
        the print list; False if it was already there."""
        return self.printing.add(item)

    def handle_request(self, message: dict) -> None:
        """A second launch's arguments (``open`` a node id, ``search`` a query, or
        neither): bring the window to the front and do what it asks."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.bookmarks_panel.reload_from_disk()
        if self.archive is None:
            return
        if message.get("search"):
            self.run_search(message["search"])
        elif message.get("open") and not self.open_node(message["open"]):
            self.statusBar().showMessage(S.DLG_NODE_MISSING.format(node_id=message["open"]), 8000)

    def changeEvent(self, event) -> None:
        """Coming to the front: pick up bookmarks another copy of the program saved."""
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.bookmarks_panel.reload_from_disk()
        super().changeEvent(event)

    def check_archive(self):
        """帮助 › 检查档案: read every page of the archive; on damage, say so and offer
        the rebuild. Returns the :class:`~wuwei_desktop.db.status.ArchiveState`, or None
        when there is no archive to check."""
        from PySide6.QtWidgets import QApplication

        from ..db.location import is_server_url
        from ..db.status import ArchiveState, archive_state

        if self.db_path is None:
            self.statusBar().showMessage(S.CHECK_NO_ARCHIVE, 5000)
            return None
        if is_server_url(self.db_path):
            self.statusBar().showMessage(S.CHECK_SERVER, 8000)
            return None
        self.statusBar().showMessage(S.CHECK_RUNNING)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            state = archive_state(self.db_path, self.sources_path, thorough=True)
        finally:
            QApplication.restoreOverrideCursor()
        if state is ArchiveState.OK:
            self.statusBar().showMessage(S.CHECK_OK, 8000)
            if self.modal_dialogs:
                box = message_box(
                    self, QMessageBox.Icon.Information, S.ACT_CHECK_ARCHIVE, S.CHECK_OK
                )
                box.exec()
            return state
        self.statusBar().clearMessage()
        if state is ArchiveState.CORRUPT and self.archive is not None:  # read no more of it
            self._detach_panels()
            self.archive.close()
            self.archive = None
        self._archive_problem(state.message)
        return state

    def _on_read_failed(self, message: str, damaged: bool) -> None:
        """A query failed on the archive (the cause is in the log): say so, never
        "nothing found"; a damaged file gets the archive-problem dialog once."""
        self.statusBar().showMessage(S.STATUS_READ_FAILED.format(error=message), 15000)
        if damaged and self.problem is None:
            self.problem = message
            can_rebuild = self._can_rebuild()
            from .dialogs import ask_rebuild, problem_lines

            if self.modal_dialogs and ask_rebuild(
                self, problem_lines(message, self.db_path, can_rebuild), can_rebuild
            ):
                self.rebuild_archive()

    def show_help(self) -> None:
        """帮助 › 使用说明."""
        from .help_dialogs import HelpDialog

        HelpDialog(self).exec()

    def show_shortcuts(self) -> None:
        """帮助 › 快捷键: the shortcuts of this window's actions."""
        from .help_dialogs import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_about(self):
        """帮助 › 关于: version, archive, folders, licences (``ui/about.ui``)."""
        from ..paths import user_data_dir
        from .about_dialog import AboutDialog

        dialog = AboutDialog(self, self.archive, str(user_data_dir()))
        if self.modal_dialogs:
            dialog.exec()
        return dialog

    def open_log_folder(self) -> bool:
        """帮助 › 打开日志文件夹: the folder of wuwei.log and crash.log in the file manager."""
        from ..paths import log_dir
        from .error_dialog import open_folder

        return open_folder(log_dir())
