"""The colours a PDF page paints with, read from its content stream (pypdf)."""

from __future__ import annotations

import re

# three operands before a colour operator: an RGB colour (a grey page sets one operand)
RGB_COLOUR = re.compile(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG|sc|scn|SC|SCN)\s")


def hues(page) -> set[tuple[float, float, float]]:
    """The RGB colours of ``page`` that are not a grey (red, green and blue not equal)."""
    data = page.get_contents().get_data()
    found = {tuple(round(float(v), 2) for v in m.groups()) for m in RGB_COLOUR.finditer(data)}
    return {colour for colour in found if len(set(colour)) > 1}
