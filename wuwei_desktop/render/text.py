"""Text helpers of the renderers: escaping and printed page labels."""

from __future__ import annotations

import html

from . import strings as S

LOST_HTML = f'<span class="lost" title="{S.LOST_NOTE}">{S.LOST_MARK}</span>'


def esc(text: str) -> str:
    """Document text as HTML text: ``<``, ``>``, ``&`` and quotes never become markup;
    a character the source lost (U+FFFD) shows as □ with the note 原文缺字."""
    return html.escape(text, quote=True).replace("\ufffd", LOST_HTML)


def page_label(start: int | None, end: int | None) -> str:
    """``第54页`` or ``第54—55页``; empty for unpaged documents."""
    if start is None:
        return ""
    if end is None or end == start:
        return S.PAGE_ONE.format(page=start)
    return S.PAGE_RANGE.format(start=start, end=end)
