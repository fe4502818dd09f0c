"""Chinese strings of rendered text: the reader's pages and the printed extract."""

PATH_SEP = " › "
PAGE_ONE = "第{page}页"
PAGE_RANGE = "第{start}—{end}页"

TABLE_UNIT = "单位：{unit}"
TABLE_LINK = "在统计视图中查看 / 作图"
SAME_ENTRY = "其他年份的同一条目"
TABLE_CONTINUED = "（续表）"

EXTRACT_TITLE_ONE = "《{title}》摘录"
EXTRACT_TITLE_MANY = "档案摘录"
EXTRACT_TITLE_WHOLE = "《{title}》全文"
EXTRACT_AND_MORE = "{title}等 {count} 项"
EXTRACT_SUBJECT = "摘自{sources}：{titles}"
SEARCH_TITLE = "检索结果：“{query}”"
SEARCH_COUNT = "共 {total} 条结果（{day}检索）"
SEARCH_SHOWN = "，列出前 {shown} 条"
SEARCH_NONE = "没有找到结果。"
EXTRACT_LOST_NOTE = "注：{mark} 表示原文缺字。"
EXTRACT_SOURCES = "摘自：{sources}"
EXTRACT_PRINTED_ON = "打印日期：{date}"
EXTRACT_COUNT = "共 {count} 部分"
EXTRACT_TOC = "目　录"
EXTRACT_CHART_SOURCE = "数据来源：《{title}》{table}"
RUNNING_HEAD = "{doc}{space}· {category}"  # no space after a full-width bracket
FOOTER = "第 {page} 页 / 共 {pages} 页"
DATE = "{year}年{month}月{day}日"

LOST_MARK = "□"  # stands for a character the source lost (U+FFFD)
LOST_NOTE = "原文缺字"
