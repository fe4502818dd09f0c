"""Every user-visible string of the main window, the reader and the tree, in one place.

Kept together so the interface can be reviewed (and one day translated) as a whole.
"""

APP_NAME = "武威档案"
ORG_NAME = "wuwei-desktop"

# menus
MENU_FILE = "文件(&F)"
MENU_EDIT = "编辑(&E)"
MENU_VIEW = "查看(&V)"
MENU_BOOKMARKS = "书签(&B)"
MENU_HELP = "帮助(&H)"

# actions
ACT_BACK = "后退"
ACT_FORWARD = "前进"
ACT_SEARCH = "搜索"
ACT_PRINT = "打印"
ACT_EXPORT_PDF = "导出PDF"
ACT_NOT_YET = "此功能将在后续版本中提供"
ACT_BOOKMARK = "书签"
ACT_ADD_BOOKMARK = "加入书签"
ACT_SHOW_BOOKMARKS = "显示书签"
ACT_FONT = "字号"
ACT_FONT_LARGER = "放大字号"
ACT_FONT_SMALLER = "缩小字号"
ACT_FONT_RESET = "恢复默认字号"
ACT_COPY = "复制"
ACT_COPY_CITED = "复制并附出处"
ACT_SELECT_ALL = "全选"
ACT_FIND_NEXT = "下一处"
ACT_FIND_PREV = "上一处"
ACT_REBUILD = "重新生成档案数据库…"
ACT_QUIT = "退出"
ACT_ABOUT = "关于武威档案"
ACT_SHOW_TREE = "显示目录"
TIP_BACK = "后退（Alt+←）"
TIP_FORWARD = "前进（Alt+→）"
TIP_SEARCH = "搜索档案（Ctrl+F）"
TIP_BOOKMARK = "把当前条目加入书签（Ctrl+D）"
TIP_FONT = "调整阅读区字号（Ctrl+= 放大，Ctrl+- 缩小，Ctrl+0 还原）"

# left tabs
TAB_TREE = "目录"
TAB_INDEX = "索引"
TAB_BOOKMARKS = "书签"
TAB_SEARCH = "检索"
TREE_FILTER_PLACEHOLDER = "筛选目录，例如：民勤"
TREE_NO_MATCH = "目录中没有“{text}”"

# status bar and reader
STATUS_PAGE = "第{page}页"
STATUS_PAGES = "第{start}—{end}页"
STATUS_NO_ARCHIVE = "未打开档案"
STATUS_LOADING = "正在打开档案…"
STATUS_HITS = "第 {current}/{total} 处“{terms}”"
STATUS_NO_HITS = "本条目中没有找到“{terms}”"
STATUS_COPIED = "已复制（附出处）"
STATUS_BOOKMARKED = "已加入书签：{title}"
STATUS_ALREADY_BOOKMARKED = "“{title}”已经在书签中"
STATUS_FONT = "字号 {size}"
READER_WELCOME_TITLE = "武威档案"
READER_WELCOME = "从左侧目录选择一个条目开始阅读，或按 Ctrl+F 搜索。"
CITATION = "——《{title}》{page}"
CITATION_PAGE = "第{page}页"

# archive problems
DLG_TITLE = "档案数据库不可用"
DLG_WHAT_TO_DO_REBUILD = "可以用程序自带的资料文件重新生成档案数据库（约需十几秒）。"
DLG_WHAT_TO_DO_NO_SOURCES = (
    "程序目录中没有资料文件（data/sources），无法重新生成。请重新安装武威档案，"
    "或向系统管理员索取档案数据库文件。"
)
DLG_REBUILD = "重新生成"
DLG_CLOSE = "暂不处理"
DLG_BUILDING = "正在重新生成档案数据库，请稍候…"
DLG_BUILD_FAILED = "重新生成失败"
DLG_BUILD_FAILED_TEXT = "档案数据库没有生成成功：\n{error}\n\n请检查资料文件，或重新安装武威档案。"
DLG_OPEN_FAILED = "无法打开档案：{error}"
DLG_NODE_MISSING = "档案中没有编号为“{node_id}”的条目。"

# about
ABOUT_TITLE = "关于武威档案"
ABOUT_TEXT = (
    "<h3>武威档案 {version}</h3>"
    "<p>武威市政府文献的离线档案浏览器。</p>"
    "<p>档案数据库生成于：{built_at}</p>"
    "<p>收录的文档：</p><ul>{documents}</ul>"
)
ABOUT_NO_ARCHIVE = "（未打开档案）"
