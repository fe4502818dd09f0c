"""The command line's argument parser, in Chinese, with usage errors as exit code 1.

argparse writes its own words (``usage:``, ``options``, ``the following arguments are
required``) through ``gettext``; :func:`chinese` puts Chinese ones in their place while a
parser is built and used, the way a message catalog would. A usage error raises
:class:`UsageError` (the caller prints nothing more and exits with 1), and number
arguments are checked here, so a negative or absurd ``--limit`` never reaches a query.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Callable, Iterator

# argparse's messages (Python 3.11–3.13) and what the user reads instead
MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示此帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选择：%(value)r（可选：%(choices)s）"
    ),
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要给出一个值",
    "expected at most one argument": "最多给出一个值",
    "expected at least one argument": "至少给出一个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出参数 %s 之一",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 有歧义，可以是 %(matches)s"
    ),
    "unexpected option string: %s": "意外的选项：%s",
    "ignored explicit argument %r": "多余的参数值 %r",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}
TYPE_NAMES = {"int": "整数", "float": "数字", "Path": "路径"}
MAX_COUNT = 100_000
_HEADING = re.compile(r"^(\S[^\n]*?):$", re.MULTILINE)


class UsageError(Exception):
    """The command line was not understood; the message has been printed."""


def _translate(message: str) -> str:
    return MESSAGES.get(message, message)


def _translate_plural(singular: str, plural: str, n: int) -> str:
    return _translate(singular if n == 1 else plural)


@contextlib.contextmanager
def chinese() -> Iterator[None]:
    """Let argparse speak Chinese while the block runs (parser built and used in it)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _translate, _translate_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are Chinese and end with exit code 1."""

    def format_help(self) -> str:
        """The help, its section headings closed with a Chinese colon (``选项：``)."""
        return _HEADING.sub("\\1：", super().format_help())

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, name in TYPE_NAMES.items():
            message = message.replace(f"无效的{english}值", f"无效的{name}值")
        self.print_usage(sys.stderr)
        print(f"{self.prog}：错误：{message}", file=sys.stderr)
        print(f"用 {self.prog} -h 查看帮助。", file=sys.stderr)
        raise UsageError(message)


def count(what: str, maximum: int = MAX_COUNT) -> Callable[[str], int]:
    """An argument type: a whole number from 0 to ``maximum`` (``what`` names it)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what}应当是整数，现在是“{text}”") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"{what}不能是负数（{value}）")
        if value > maximum:
            raise argparse.ArgumentTypeError(f"{what}太大（{text}），最多 {maximum}")
        return value

    return parse
