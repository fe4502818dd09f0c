"""The command line: ``python -m wuwei_desktop [--db PATH] [--json] COMMAND``.

A thin shell over :class:`wuwei_desktop.api.Archive`: each command opens the archive,
calls one API method and prints the result, as text or (``--json``) as one UTF-8 JSON
document. Known errors become a Chinese message on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from pathlib import Path

from .api import Archive, ArchiveError, TableRef, TreeNode
from .charts.spec import ChartError
from .cli_parser import ChineseArgumentParser, UsageError, chinese, count
from .db.location import archive_location, display_location, is_server_url
from .ingest.model import SourceError
from .paths import default_db, default_sources
from .render.strings import SAME_ENTRY
from .table_export import ExportError

Handler = Callable[[argparse.Namespace], object]
log = logging.getLogger(__name__)


class CommandError(Exception):
    """A command failed for a reason the user can act on (message in Chinese)."""


KNOWN_ERRORS: tuple[type[Exception], ...] = (
    ArchiveError,
    SourceError,
    ChartError,
    ExportError,
    CommandError,
)


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit code (0, or 1 for any error)."""
    _use_utf8_output()
    argv = sys.argv[1:] if argv is None else argv
    for arg in argv:
        if not _is_text(arg):
            shown = arg.encode("utf-8", "backslashreplace").decode("utf-8")
            print(f"错误：参数“{shown}”不是有效的 UTF-8 文本", file=sys.stderr)
            return 1
    try:
        with chinese():
            parser = _parser()
            args = parser.parse_args(argv)
            if not getattr(args, "handler", None):
                parser.print_help(sys.stderr)
                print("\n错误：请给出一个命令", file=sys.stderr)
                return 1
    except UsageError:
        return 1
    except SystemExit as done:  # -h / --help printed the help
        return done.code if isinstance(done.code, int) else 0
    try:
        result = args.handler(args)
        print(
            json.dumps(_plain(result), ensure_ascii=False, indent=2)
            if args.json
            else args.formatter(result)
        )
    except KNOWN_ERRORS as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    except OSError as error:
        if isinstance(error, BrokenPipeError):  # e.g. piped into head: it has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        print(f"错误：{_os_error_text(error)}", file=sys.stderr)
        return 1
    except Exception:  # never a traceback: the cause goes to the log
        where = _log_unexpected(argv)
        print(f"错误：命令意外失败，原因已记入日志{where}", file=sys.stderr)
        return 1
    return 0


def _is_text(arg: str) -> bool:
    """Is a command-line argument valid text (not undecodable bytes)?"""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _os_error_text(error: OSError) -> str:
    """A Chinese sentence for a file that could not be read or written."""
    name = error.filename or ""
    if error.errno == errno.ENAMETOOLONG:
        return f"文件名太长：{name}"
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"磁盘已满或文件太大，无法写入 {name}"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有权限读写 {name}"
    if error.errno == errno.ENOENT:
        return f"找不到文件或文件夹 {name}"
    return f"无法读写 {name}（系统提示：{error.strerror or error}）"


def _log_unexpected(argv: list[str]) -> str:
    """Log the exception being handled; return where the log is (for the message)."""
    root = logging.getLogger()
    where = ""
    if not root.handlers:  # the command line alone: cli.log beside the window's log
        from .applog import rotating_handler
        from .paths import log_dir

        try:
            handler = rotating_handler(log_dir() / "cli.log")
            root.addHandler(handler)
            where = f"（{handler.baseFilename}）"
        except OSError:
            root.addHandler(logging.NullHandler())
    log.exception("命令失败：%s", argv)
    return where


def _use_utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog=Path(sys.argv[0]).name if getattr(sys, "frozen", False) else "python -m wuwei_desktop",
        description="武威档案：查询武威市年鉴、政府工作报告和新闻报道的离线档案。",
    )
    parser.add_argument(
        "--db",
        type=archive_location,
        help="档案数据库文件或共享档案地址 postgresql+psycopg://…（默认 data/wuwei.db、$WUWEI_DB）",
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    commands = parser.add_subparsers(title="命令", metavar="COMMAND")

    def command(name: str, help_text: str, handler: Handler, formatter) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="JSON")
        sub.set_defaults(handler=handler, formatter=formatter)
        return sub

    build = command("build", "从资料文件生成档案数据库", _build, _format_build)
    build.add_argument("--sources", type=Path, help="资料文件夹（默认 data/sources）")
    build.add_argument(
        "--out",
        type=archive_location,
        help="输出的数据库文件或 PostgreSQL 数据库的地址（默认同 --db）",
    )
    build.add_argument("--if-stale", action="store_true", help="仅当数据库缺失、损坏或过期时才生成")

    command("docs", "列出档案中的文档", _docs, _format_docs)

    tree = command("tree", "显示目录树", _tree, _format_tree)
    tree.add_argument("--doc", help="只显示此文档（文档编号）")
    tree.add_argument("--depth", type=count("层数", 100), help="显示的层数（文档为第 0 层）")

    show = command("show", "显示一个条目的全文", _show, _format_show)
    show.add_argument(
        "node_id",
        metavar="NODE_ID",
        help="条目编号，例如 yearbook-2024/市情概览，或表格 表11、yearbook-2024:表11",
    )

    search = command("search", "全文检索", _search, _format_search)
    search.add_argument("query", metavar="QUERY", help="检索词；空格分隔的词须同时出现")
    search.add_argument("--doc", help="只检索此文档")
    search.add_argument(
        "--limit", type=count("条数"), default=20, help="最多显示的结果数（默认 20）"
    )

    index = command("index", "查年鉴索引", _index, _format_index)
    index.add_argument("term", metavar="TERM", help="索引词")
    index.add_argument("--doc", help="只查此年鉴的索引（文档编号）")

    command("tables", "列出所有表格", _tables, _format_tables)

    table = command("table", "显示一张表格的表头和各行", _table, _format_table)
    table.add_argument(
        "table_id",
        metavar="ID",
        help="表格编号，例如 表11、11、yearbook-2024:表11 或完整编号（多本年鉴时默认最新一本）",
    )
    table.add_argument("--doc", help="在此文档（文档编号）中找表格编号")
    table.add_argument(
        "--csv",
        nargs="?",
        const="-",
        metavar="FILE",
        help="以 CSV 输出；给出文件名时写成 Excel 可直接打开的文件（UTF-8 带 BOM，含标题和出处）",
    )
    table.add_argument("--xlsx", type=Path, metavar="FILE", help="导出为 Excel 文件（.xlsx）")

    facts = command("facts", "查数字：指标、地区、时间、数值及出处", _facts, _format_facts)
    facts.add_argument(
        "--query", help="要查的内容或整句问题，例如 常住人口、民勤 粮食、2023年凉州区粮食产量是多少"
    )
    facts.add_argument("--region", help="只看此地区：全市、凉州区、民勤县、古浪县、天祝县")
    facts.add_argument("--period", help="只看此时间，例如 2023、2016-2020")
    facts.add_argument(
        "--limit", type=count("条数"), help="最多显示的条数（默认 20；--targets 默认全部）"
    )
    facts.add_argument(
        "--targets",
        action="store_true",
        help="政府工作报告提出的目标与档案中的实际结果对照（--period 为目标年份）",
    )

    chart = command("chart", "把表格或指标画成图（PNG 或 SVG）", _chart, _format_chart)
    source = chart.add_mutually_exclusive_group(required=True)
    source.add_argument("--table", metavar="ID", help="表格编号，例如 表11、yearbook-2024:表11")
    chart.add_argument("--doc", help="--table 的表格编号在此文档（文档编号）中找")
    source.add_argument("--facts", metavar="QUERY", help="指标，例如 生产总值、常住人口")
    chart.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="图片文件（.png 或 .svg）"
    )
    chart.add_argument(
        "--kind",
        metavar="OPTION",
        help="表格的图表（默认自动选择），例如 counties、years、shares、row:3、column:2",
    )
    chart.add_argument(
        "--by", choices=["period", "region"], help="指标按年份（period）或按县区（region）作图"
    )
    chart.add_argument("--region", help="指标只取此地区，例如 全市、民勤县")
    chart.add_argument("--period", help="指标只取此时间，例如 2023")

    export = command("export-pdf", "把条目导出为可打印的 PDF 摘录", _export_pdf, _format_export)
    export.add_argument(
        "node_ids", metavar="NODE_ID", nargs="*", help="条目编号（含其下各级），或表格编号如 表11"
    )
    export.add_argument(
        "--chart",
        action="append",
        default=[],
        metavar="[DOC:]TABLE[:OPTION]",
        help="再加一张表格的图，例如 表11、表11:shares 或 yearbook-2024:表11:shares"
        "（放在各条目之后，可重复）",
    )
    export.add_argument(
        "--search",
        action="append",
        default=[],
        metavar="QUERY",
        help="再加一份检索结果清单（检索词、各条结果的位置、页码和摘要；可重复）",
    )
    export.add_argument(
        "--page-per-item", action="store_true", help="每项另起一页（默认各项紧接着排，省纸）"
    )
    export.add_argument("-o", "--out", type=Path, required=True, help="输出的 PDF 文件")
    return parser


# -- handlers ---------------------------------------------------------------------------


def _db(args: argparse.Namespace) -> Path | str:
    return args.db or default_db()


def _open(args: argparse.Namespace) -> Archive:
    return Archive.open(_db(args))


def _build(args: argparse.Namespace) -> dict:
    from .db.build import BuildError, build_archive
    from .db.status import ArchiveState, archive_state

    sources = args.sources or default_sources()
    out = args.out or _db(args)
    if is_server_url(out):
        from .db.pg_build import build_server_archive, server_state

        if args.if_stale and (state := server_state(str(out), sources)) is ArchiveState.OK:
            return {"out": display_location(out), "built": False, "state": state.value}
        try:
            summary = build_server_archive(sources, str(out))
        except BuildError as error:
            raise CommandError(str(error)) from error
        return {**summary.as_dict(), "built": True}
    if args.if_stale:
        state = archive_state(out, sources)
        if state is ArchiveState.OK:
            return {"out": str(out), "built": False, "state": state.value}
    try:
        summary = build_archive(sources, out)
    except BuildError as error:
        raise CommandError(str(error)) from error
    return {**summary.as_dict(), "built": True}


def _docs(args: argparse.Namespace) -> list:
    with _open(args) as archive:
        return archive.documents()


def _tree(args: argparse.Namespace) -> list:
    with _open(args) as archive:
        return archive.tree(doc=args.doc, depth=args.depth)


def _show(args: argparse.Namespace) -> dict:
    with _open(args) as archive:
        node_id = archive.resolve_node(args.node_id)
        detail = archive.node(node_id).as_dict()
        titles = {d.id: d.title for d in archive.documents()}
        detail["same_entry"] = [
            {"id": other.id, "doc": other.doc, "doc_title": titles[other.doc]}
            for other in archive.same_entry(node_id)
        ]
        return detail


def _search(args: argparse.Namespace) -> object:
    from .db.search import split_words

    if not args.query.strip():
        raise CommandError("检索词是空的：请给出要查找的字词")
    with _open(args) as archive:
        results = archive.search(args.query, doc=args.doc, limit=args.limit)
        if not results.total:  # a phrase remembered approximately: the pieces the text holds
            split = split_words(
                args.query, lambda q: archive.search(q, doc=args.doc, limit=0).total > 0
            )
            total = archive.search(split, doc=args.doc, limit=0).total if split else 0
            if total:
                args.formatter = lambda r: (
                    f"没有找到“{r.query}”。可以试试：{split}（{total} 条结果）"
                )
    return results


def _index(args: argparse.Namespace) -> list:
    with _open(args) as archive:
        return archive.index(args.term, doc=args.doc)


def _tables(args: argparse.Namespace) -> list:
    with _open(args) as archive:
        return archive.tables()


def _table(args: argparse.Namespace) -> object:
    with _open(args) as archive:
        ref = archive.resolve_table(args.table_id, args.doc)
        _edition_note(archive, args.table_id, ref)
        table = archive.table(ref.id)
    if args.xlsx:
        from .table_export import write_xlsx

        write_xlsx(table, args.xlsx)
        args.formatter = lambda result: f"已导出 {result['path']}"
        return {"path": str(args.xlsx)}
    if args.csv and args.csv != "-":
        from .table_export import write_csv

        write_csv(table, Path(args.csv))
        args.formatter = lambda result: f"已导出 {result['path']}"
        return {"path": args.csv}
    if args.csv:
        from .table_export import table_csv

        args.json = False  # CSV is the requested form
        args.formatter = lambda result: table_csv(result, newline="\n").rstrip("\n")
    return table


def _facts(args: argparse.Namespace) -> list[dict]:
    """One item a figure, best first: the fields of its best-placed fact, ``answer`` (the
    figure in one line with its source), ``best`` (the first item, when it surely answers
    the words), ``source_count`` and ``sources`` (every place that prints the value)."""
    with _open(args) as archive:
        if args.targets:
            return _targets(args, archive)
        limit = 20 if args.limit is None else args.limit
        answer = archive.ask(args.query, region=args.region, period=args.period, limit=limit)
    if answer.overview:  # only a region or a year: its main figures, and what they are
        args.formatter = lambda rows: f"{answer.overview}\n\n{_format_facts(rows)}"
    return [
        {
            **asdict(figure.fact),
            "answer": figure.line,
            "best": rank == 0 and answer.sure,
            "source_count": len(figure.sources),
            "sources": [{key: getattr(s, key) for key in _SOURCE_FIELDS} for s in figure.sources],
        }
        for rank, figure in enumerate(answer.figures)
    ]


_SOURCE_FIELDS = ("doc", "page", "node_id", "source_text", "source_kind", "table_id", "row", "col")


def _targets(args: argparse.Namespace, archive: Archive) -> list:
    """``facts --targets``: one row per target, with both sources and document titles."""
    titles = {d.id: d.title for d in archive.documents()}
    checks = archive.targets(query=args.query, region=args.region, year=args.period)
    if args.limit is not None:
        checks = checks[: args.limit]
    rows = []
    for check in checks:
        row = check.as_dict()
        for key in ("target_source", "outcome_source"):
            if row[key]:
                row[key]["title"] = titles.get(row[key]["doc"], row[key]["doc"])
        rows.append(row)
    args.formatter = _format_targets
    if not rows and (args.query or args.region or args.period):
        args.formatter = lambda _rows: (
            "没有符合条件的目标：可去掉 --query、--region 或 --period 再试。"
        )
    return rows


def _chart(args: argparse.Namespace) -> dict:
    from .charts import chart_for_facts, chart_for_table, save_chart

    with _open(args) as archive:
        titles = {d.id: d.title for d in archive.documents()}
        if args.table:
            if args.by or args.region or args.period:
                raise ChartError("--by、--region、--period 只用于 --facts")
            ref = archive.resolve_table(args.table, args.doc)
            _edition_note(archive, args.table, ref)
            table = archive.table(ref.id)
            spec = chart_for_table(
                table, args.kind, table_ref=f"表{table.number}", doc_title=titles[ref.doc]
            )
        else:
            if args.kind:
                raise ChartError("--kind 只用于 --table")
            if not args.facts.strip():
                raise ChartError("--facts 是空的：请给出指标，例如 生产总值")
            facts = archive.facts(args.facts, region=args.region, period=args.period, limit=None)
            if not facts:
                raise ChartError(f"没有找到“{args.facts}”的数字")
            # as 指标查询 charts it: the answer's figure, the counties for 哪个县…最高
            answer = archive.ask(args.facts, region=args.region, period=args.period, limit=1)
            newest = [d.id for d in archive.editions()]
            spec = chart_for_facts(
                facts,
                args.by or answer.chart_by,
                doc_titles=titles,
                newest_first=newest,
                follow=answer.followed or facts[0],
            )
    save_chart(spec, args.output)
    return {"path": str(args.output), **spec.as_dict()}


def _edition_note(archive: Archive, asked: str, ref: TableRef) -> None:
    """Say on stderr which edition a bare 表N was taken from when several have one."""
    if ref.others:
        titles = {d.id: d.title for d in archive.documents()}
        print(
            f"提示：“{asked.strip()}”在多本文档中都有，已选用最新的《{titles[ref.doc]}》"
            f"（{ref.doc}）；要用其他版本请写 {ref.others[0]}:表{ref.number}"
            f" 或加 --doc {ref.others[0]}",
            file=sys.stderr,
        )


def _export_pdf(args: argparse.Namespace) -> dict:
    from .extract import ExtractItem
    from .printing import ExportError as PdfExportError
    from .printing import export_pdf  # Qt only for this command

    if not (args.node_ids or args.chart or args.search):
        raise CommandError("请给出要导出的条目编号，或用 --chart 给出表格、--search 给出检索词")
    with _open(args) as archive:
        items = [ExtractItem("node", node_id) for node_id in args.node_ids]
        for chart in args.chart:
            doc, rest = archive.split_edition(chart)
            table, _, option = rest.partition(":")
            table_id = f"{doc}:{table.strip()}" if doc else table.strip()
            items.append(ExtractItem("chart", table_id, option.strip() or None))
        items += [ExtractItem("search", query) for query in args.search]
        try:
            pages = export_pdf(archive, items, args.out, page_per_item=args.page_per_item)
        except PdfExportError as error:
            raise CommandError(str(error)) from error
    return {
        "path": str(args.out),
        "pages": pages,
        "items": [_item_ref(item) for item in items],
    }


def _item_ref(item) -> str:
    """``yearbook-2024/…``, ``chart:表11:shares`` or ``search:民勤``."""
    if item.kind == "node":
        return item.id
    return f"{item.kind}:{item.id}" + (f":{item.option}" if item.option else "")


# -- text output ------------------------------------------------------------------------


def _pages(start: int | None, end: int | None) -> str:
    if start is None:
        return ""
    return f"第{start}页" if end in (None, start) else f"第{start}-{end}页"


def _format_build(result: dict) -> str:
    if not result["built"]:
        return f"档案数据库已是最新：{result['out']}"
    return (
        f"已生成 {result['out']}：{result['documents']} 个文档，{result['nodes']} 个节点"
        f"（条目 {result['entries']}），{result['paragraphs']} 个段落，"
        f"{result['tables']} 张表格，{result['index_entries']} 条索引，"
        f"用时 {result['seconds']} 秒"
    )


def _format_export(result: dict) -> str:
    return f"已导出 {result['path']}，共 {result['pages']} 页"


def _format_docs(docs: list) -> str:
    return "\n".join(f"{d.id}\t{d.kind}\t{d.title}" for d in docs)


def _format_tree(roots: list[TreeNode]) -> str:
    lines: list[str] = []

    def add(node: TreeNode, depth: int) -> None:
        parts = (node.title, _pages(node.page_start, node.page_end), f"[{node.id}]")
        lines.append("  " * depth + "  ".join(part for part in parts if part))
        for child in node.children:
            add(child, depth + 1)

    for root in roots:
        add(root, 0)
    return "\n".join(lines)


def _format_show(node: dict) -> str:
    head = " › ".join([*node["path"], node["title"]])
    pages = _pages(node["page_start"], node["page_end"])
    body = "\n".join(p["text"] for p in node["paragraphs"])
    children = "\n".join(f"  · {child}" for child in node["children"])
    linked = "\n".join(
        [f"{SAME_ENTRY}："]
        + [f"  · 《{o['doc_title']}》 [{o['id']}]" for o in node.get("same_entry", [])]
    )
    parts = (f"{head}  {pages}".strip(), body, children, linked if node.get("same_entry") else "")
    return "\n\n".join(part for part in parts if part)


def _format_search(results) -> str:
    if not results.hits:
        return f"没有找到“{results.query}”。可以试试更短的检索词。"
    lines = [f"“{results.query}”共 {results.total} 条结果："]
    for hit in results.hits:
        where = " › ".join([*hit.path[1:], hit.title])
        page = f" 第{hit.page}页" if hit.page else ""
        lines.append(f"\n{where}{page}  [{hit.node_id}]\n  {hit.snippet}")
    return "\n".join(lines)


def _format_index(hits: list) -> str:
    if not hits:
        return "索引中没有这个词。"
    return "\n".join(
        f"{h.term}\t{h.page}{h.col or ''}\t{h.title or ''}\t[{h.node_id or ''}]" for h in hits
    )


def _format_tables(tables: list[dict]) -> str:
    return "\n".join(f"表{t['number']}\t{t['title']}\t[{t['id']}]" for t in tables)


_KIND_NAMES = {"growth": "增长", "share": "比重/比率", "change": "增减"}
_MODALITY_NAMES = {"estimate": "预计", "target": "目标"}


def _format_table(table) -> str:
    head = f"表{table.number} {table.title}" + (f"（{table.unit}）" if table.unit else "")
    lines = [head]
    for level in table.header:
        lines.append("\t".join([table.stub or "", *level]))
    for row in table.rows:
        lines.append("\t".join(["　" * row.level + row.label, *row.texts]))
    if table.source_note:
        lines.append(table.source_note)
    return "\n".join(lines)


def _format_chart(result: dict) -> str:
    return result["path"]


def _format_facts(figures: list[dict]) -> str:
    if not figures:
        return "没有找到相关的数字。可以换个说法，或去掉地区、时间条件再试。"
    blocks = [f"答：{figures[0]['answer']}"] if figures[0]["best"] else []
    for f in figures:
        value = f"{f['value']:g}{f['unit']}"
        notes = [n for n in (_KIND_NAMES.get(f["kind"]), _MODALITY_NAMES.get(f["modality"])) if n]
        if f["period_inferred"]:
            notes.append("时间按文档推定")
        head = f"{f['indicator']}  {f['region']}  {f['period']}  {value}"
        if notes:
            head += f"（{'，'.join(notes)}）"
        if f["indicator_text"] != f["indicator"]:
            head += f"  原文指标：{f['indicator_text']}"
        if f["source_count"] > 1:
            head += f"  {f['source_count']} 处出处"
        lines = [head]
        for source in f["sources"]:
            page = f" 第{source['page']}页" if source["page"] else ""
            lines.append(f"  出处：{source['doc']}{page} [{source['node_id']}]")
            lines.append(f"    {source['source_text']}")
        if f["disagrees"]:
            others = "；".join(
                f"{o['value']:g}{o['unit']}（{o['doc']} [{o['node_id']}]）" for o in f["others"][:5]
            )
            lines.append(f"  ⚠ 数字不一致：其他出处为 {others}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


_TARGET_COLUMNS = (
    "指标",
    "地区",
    "年份",
    "目标",
    "界限",
    "结果",
    "完成情况",
    "目标出处",
    "结果出处",
)
_STATUS_TEXT = {"无结果": "档案中无结果"}


def _format_targets(rows: list[dict]) -> str:
    from .facts.targets import cite

    if not rows:
        return "没有找到政府工作报告提出的目标。"
    lines = ["\t".join(_TARGET_COLUMNS)]
    for row in rows:
        outcome = f"{row['outcome']}{row['outcome_unit']}" if row["outcome"] is not None else "—"
        lines.append(
            "\t".join(
                (
                    row["indicator_text"],
                    row["region"],
                    row["year"],
                    row["target_text"],
                    f"{row['bound'] or '—'}（{row['direction']}）",
                    outcome,
                    _STATUS_TEXT.get(row["status"], row["status"]),
                    cite(row["target_source"], row["target_source"]["title"]),
                    cite(o, o["title"]) if (o := row["outcome_source"]) else "—",
                )
            )
        )
    return "\n".join(lines)


def _plain(value: object) -> object:
    """Dataclasses to dicts, recursively, for JSON."""
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
