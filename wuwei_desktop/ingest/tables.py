"""Typed tables: a :class:`~wuwei_desktop.ingest.model.TableBlock` (raw source lines) becomes
a :class:`ParsedTable` with header levels, hierarchical rows and numeric cells.

No Qt, and pandas only inside :meth:`ParsedTable.to_dataframe` (start-up time matters).

Shape of a parsed table (the choices other code relies on):

- ``stub`` is the heading of the row-label column (``指标名称``; ``指标/机构`` where the
  book prints a diagonal head cell as two lines ``指标`` / ``机构``); ``None`` for lists.
- ``header`` holds one list per header level, top level first, each aligned with the
  data columns, i.e. with every row's ``cells`` (the row-label column is not in it). A cell
  spanning several columns is **repeated** in each column it spans, so ``header[0][j]``,
  ``header[1][j]`` … is always the full path of column ``j`` (what a pandas MultiIndex
  wants). Header text is space-squeezed (``2023 年`` → ``2023年``).
- ``rows``: ``label`` is the clean row label (indent and the "of which" marker removed),
  ``level`` its depth under the rows it belongs to (see :func:`_link_parents`; what an
  export without the marker indents by), ``indent`` its printed indent (what a rendering
  that shows ``其中：`` indents by, as the book does), ``of_which``
  whether the row was marked ``#`` / ``#…`` / ``其中：`` (a part of its parent, not a
  further item), ``parent`` the index of its parent row (``None`` at the top).
  The parent is found the way a reader sees it: the nearest row above whose label text
  starts further left (a ``#`` takes one column and ``其中：`` three, so
  ``　　　企（事业）单位贷款`` is the sibling of ``　　#…住户贷款``). Rows the book
  prints flush left but which break an indicator down by region (``凉州区`` … under
  ``生产总值``) get that indicator as parent, so every row has a unique path.
- ``cells`` are ``float`` for numbers (``-4.8``, ``50%`` → ``50.0``), ``None`` for ``—`` and
  empty cells, ``str`` for text (the ``单位`` column, list fields); ``texts`` is the
  printed text of every cell (``708.08``, ``0.90``, ``—``, ``""`` for an empty one) for exact
  display. ``unit_column`` is the index of a per-row unit column (``单位``) if there is one.
- ``kind`` is ``"grid"`` for numeric tables and ``"list"`` for lists of text rows (name
  lists, ``序号 企业名称``); in a list every field, ``序号`` included, is a ``str`` cell and a
  row's ``label`` is its first field.
- ``continuations``: for every ``续表``, the index of the first row after it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from wuwei_desktop.ingest.model import TableBlock
from wuwei_desktop.ingest.textclean import squeeze_spaces, strip_all_space

IDEO_SPACE = "\u3000"
_SPLIT = re.compile(r"[ \t\u00a0]+")
_NUMBER = re.compile(r"^([+\-−－]?)(\d[\d,]*(?:\.\d+)?)(%|‰)?$")
_MISSING = frozenset({"—", "——", "-", "--", "－", "…", "……", "/"})
_CONTINUATION = re.compile(r"^续表(\d+)$")
_SOURCE_NOTE = re.compile(r"^[（(][^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*[）)]$")
_NOTE = re.compile(r"^(注|说明|备注)[：:]")
_DATE = re.compile(r"^\d{4}[.\-/年]\d{1,2}(?:[.\-/月]\d{1,2}日?)?$")
# row-label markers meaning "of which", with the columns they take in print
_OF_WHICH = (("其中：", 3), ("其中:", 3), ("#…", 1), ("＃…", 1), ("#", 1), ("＃", 1))
_REGION = re.compile(r"^(.{1,8}(区|县|旗)|全(市|省|县|区))$")
_LIST_FIRST = frozenset({"序号", "编号", "序"})
# header fragments that continue the cell before them (vertically typeset head cells)
_HEAD_SUFFIXES = ("累计", "增速", "增长", "新增", "户数", "比重", "同期", "占比")
_GROWTH = ("增速", "增长", "比上年", "同比")


@dataclass
class TableRow:
    label: str
    level: int = 0
    parent: int | None = None
    of_which: bool = False
    cells: list[float | str | None] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    indent: int = 0  # leading ideographic spaces as printed (with its 其中：/# marker)


@dataclass
class ParsedTable:
    number: int
    title: str
    unit: str | None
    source_note: str | None
    kind: str  # "grid" | "list"
    stub: str | None
    header: list[list[str]]
    rows: list[TableRow]
    unit_column: int | None = None
    notes: list[str] = field(default_factory=list)
    continuations: list[int] = field(default_factory=list)

    @property
    def columns(self) -> list[tuple[str, ...]]:
        """The full header path of every data column."""
        return [tuple(level[j] for level in self.header) for j in range(self.width)]

    @property
    def width(self) -> int:
        return len(self.header[-1]) if self.header else 0

    def path(self, index: int) -> list[str]:
        """Labels from the top-level ancestor down to row ``index``."""
        labels = []
        i: int | None = index
        while i is not None:
            labels.append(self.rows[i].label)
            i = self.rows[i].parent
        return labels[::-1]

    def to_dict(self) -> dict:
        """A JSON-able dict (only str, float, int, bool, None, list, dict)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> ParsedTable:
        data = dict(d)
        data["rows"] = [TableRow(**row) for row in d["rows"]]
        data["header"] = [list(level) for level in d["header"]]
        return cls(**data)

    def to_dataframe(self):
        """A pandas DataFrame: columns a MultiIndex when the header has several levels,
        index the row paths (a MultiIndex padded with ``""`` when rows nest)."""
        import pandas as pd

        if self.kind == "list":
            columns = pd.Index(self.header[-1]) if self.header else None
            return pd.DataFrame([row.cells for row in self.rows], columns=columns)
        if len(self.header) > 1:
            columns = pd.MultiIndex.from_tuples(self.columns)
        else:
            columns = pd.Index(self.header[0] if self.header else [])
        paths = [self.path(i) for i in range(len(self.rows))]
        depth = max((len(p) for p in paths), default=1)
        if depth > 1:
            names = [self.stub] + [None] * (depth - 1)
            index = pd.MultiIndex.from_tuples(
                [tuple(p + [""] * (depth - len(p))) for p in paths], names=names
            )
        else:
            index = pd.Index([p[0] for p in paths], name=self.stub)
        data = {}
        for j, col in enumerate(columns):
            values = [row.cells[j] for row in self.rows]
            if all(v is None or isinstance(v, float) for v in values):
                data[col] = pd.array([float("nan") if v is None else v for v in values], "float64")
            else:
                data[col] = pd.array(values, dtype=object)
        frame = pd.DataFrame(data, index=index)
        frame.columns = columns
        return frame


# ---------------------------------------------------------------------------- tokens


def _tokens(line: str) -> list[str]:
    return [t for t in _SPLIT.split(line.strip(" \t\u00a0")) if t]


def parse_value(text: str) -> float | str | None:
    """A printed cell as a typed value: number → float, ``—``/empty → None, else str."""
    t = text.strip().replace("\u3000", "")
    if not t or t in _MISSING:
        return None
    m = _NUMBER.match(t)
    if m:
        sign = "-" if m.group(1) in ("-", "−", "－") else ""
        return float(sign + m.group(2).replace(",", ""))
    return t


def _is_value(token: str) -> bool:
    t = token.replace("\u3000", "")
    return t in _MISSING or bool(_NUMBER.match(t))


def _is_number(token: str) -> bool:
    return bool(_NUMBER.match(token.replace("\u3000", "")))


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# ---------------------------------------------------------------------------- header


def _join_score(a: str, b: str, before: str = "") -> int:
    """How likely two adjacent header tokens belong to one cell (0: a real boundary);
    ``before`` is the token before ``a``."""
    if b[:1] in "（(":
        return 10
    if _is_number(a) and b[:1] in "年月日":
        return 8
    if len(a) == 1 and _is_cjk(a) and not (_is_number(before) and a in "年月日"):
        if (len(b) == 1 and _is_cjk(b)) or _is_number(b):
            return 6  # 指 标 / 比 2022 年增长
        return 2
    if b in _HEAD_SUFFIXES:
        return 4  # 当年 / 累计, 同比 / 增速
    return 0


def _segment(tokens: list[str], k: int | None = None) -> list[str]:
    """Group header tokens into cells: into exactly ``k`` cells (joining the most likely
    pairs first), or, with ``k`` None, joining every pair with a positive score."""
    if not tokens:
        return []
    scores = [
        _join_score(tokens[i], tokens[i + 1], tokens[i - 1] if i else "")
        for i in range(len(tokens) - 1)
    ]
    if k is None or k < 1:
        joins = {i for i, s in enumerate(scores) if s >= 4}
    elif k >= len(tokens):
        joins = set()
    else:
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        joins = set(order[: len(tokens) - k])
    cells = [tokens[0]]
    for i, tok in enumerate(tokens[1:]):
        if i in joins:
            cells[-1] += " " + tok
        else:
            cells.append(tok)
    return [squeeze_spaces(c) for c in cells]


def _spread(top: list[str], lower: list[str]) -> list[str]:
    """Repeat each spanning cell of ``top`` over the columns of ``lower`` it stands over."""
    n, m = len(top), len(lower)
    if n == m:
        return list(top)
    if n == 0 or n > m:
        return (top + [""] * m)[:m]
    # a group of sub-columns closes after its growth-rate column (绝对数 / 增长 pairs)
    groups: list[int] = []
    count = 0
    for cell in lower:
        count += 1
        if any(g in cell for g in _GROWTH):
            groups.append(count)
            count = 0
    if count:
        groups.append(count)
    if len(groups) != n:
        # even spans, or else the last spanning cell takes what is left
        groups = [m // n] * n if m % n == 0 else [1] * (n - 1) + [m - n + 1]
    out: list[str] = []
    for cell, span in zip(top, groups, strict=True):
        out.extend([cell] * span)
    return out


def _is_data_line(line: str) -> bool:
    toks = _tokens(line)
    return len(toks) >= 2 and _is_value(toks[-1]) and not _is_value(toks[0].lstrip("\u3000"))


def _parse_header(
    lines: list[str], value_count: int, unit_hint: bool
) -> tuple[str | None, list[list[str]], int]:
    """Stub, header levels (aligned with the data columns) and the number of data columns."""
    toks = [_tokens(line) for line in lines]
    stub_parts: list[str] = []
    i = 0
    while i < len(toks) and len(toks[i]) == 1 and i + 1 < len(toks) and len(toks[i + 1]) > 1:
        stub_parts.append(squeeze_spaces(toks[i][0]))
        i += 1
    if not stub_parts:  # several stub lines (指标 / 机构) before the first multi-cell line
        while i < len(toks) and len(toks[i]) == 1:
            j = i
            while j < len(toks) and len(toks[j]) == 1:
                j += 1
            if j < len(toks):
                stub_parts.append(squeeze_spaces(toks[i][0]))
                i += 1
            else:
                break
    stub_inline = not stub_parts
    levels: list[list[str]] = []  # token lists, one per level
    while i < len(toks):
        if len(toks[i]) > 1:
            levels.append(toks[i])
            i += 1
        else:
            frag: list[str] = []
            while i < len(toks) and len(toks[i]) == 1:
                frag.append(toks[i][0])
                i += 1
            levels.append(frag)
    if not levels:
        return ("/".join(stub_parts) or None), [], value_count
    bottom = levels[-1]
    loose = _segment(bottom)
    has_stub = stub_inline and len(levels) == 1
    hinted = len(loose) - (1 if has_stub else 0)
    if hinted == value_count + 1 or (hinted != value_count and unit_hint):
        ncols = value_count + 1
    else:
        ncols = value_count
    cells = _segment(bottom, ncols + (1 if has_stub else 0))
    if has_stub:
        stub_parts, cells = [cells[0]], cells[1:]
    result = [cells]
    for level in reversed(levels[:-1]):
        top = _segment(level)
        if stub_inline and len(result) == len(levels) - 1 and len(top) > 1:
            stub_parts, top = [top[0]], top[1:]
        result.insert(0, _spread(top, result[0]))
    stub = "/".join(stub_parts) if stub_parts else None
    return stub, result, ncols


# ---------------------------------------------------------------------------- rows


def _split_label(raw: str) -> tuple[int, bool, int, str]:
    """Indent level, of-which flag, text column, and the rest of a row line."""
    s = raw.lstrip(" \t\u00a0")
    level = len(s) - len(s.lstrip(IDEO_SPACE))
    s = s.lstrip(IDEO_SPACE)
    col = level
    of_which = False
    for marker, width in _OF_WHICH:
        if s.startswith(marker):
            of_which = True
            col += width
            s = s[len(marker) :].lstrip(" …\u3000")
            break
    return level, of_which, col, s


def _grid_rows(
    lines: list[tuple[int, str]], ncols: int, text_cols: int
) -> tuple[list[TableRow], list[int], list[int]]:
    """Rows of a numeric table, their label text columns, and the position (in ``lines``)
    of each row's first line."""
    rows: list[TableRow] = []
    cols: list[int] = []
    first: list[int] = []
    value_cols = ncols - text_cols
    pending: tuple[int, str] | None = None  # a label line without cells

    def add(pos: int, raw: str, toks: list[str], n_values: int) -> None:
        level, of_which, col, _ = _split_label(raw)
        body = toks[: len(toks) - n_values]
        values = toks[len(toks) - n_values :]
        texts = body[len(body) - text_cols :] if text_cols and len(body) > text_cols else []
        label = squeeze_spaces(" ".join(body[: len(body) - len(texts)]))
        printed = texts + [""] * (text_cols - len(texts)) + values
        printed += [""] * (ncols - len(printed))  # cells missing at the right
        cells = [
            (squeeze_spaces(t) or None) if j < text_cols else parse_value(t)
            for j, t in enumerate(printed)
        ]
        rows.append(TableRow(label, level, None, of_which, cells, printed, indent=level))
        cols.append(col)
        first.append(pos)

    def flush_heading() -> None:
        nonlocal pending
        if pending is not None:
            pos, raw = pending
            add(pos, raw, _tokens(_split_label(raw)[3]), 0)
            pending = None

    for pos, (_, raw) in enumerate(lines):
        col = _split_label(raw)[2]
        toks = _tokens(_split_label(raw)[3])
        if not toks:
            continue
        n_values = 0
        while n_values < min(value_cols, len(toks)) and _is_value(toks[-1 - n_values]):
            n_values += 1
        if n_values == len(toks) and rows and pending is None:
            # a row broken after some cells: the rest continue on this line
            row = rows[-1]
            missing = [i for i, t in enumerate(row.texts) if t == "" and i >= text_cols]
            if len(missing) >= len(toks):
                for i, tok in zip(missing, toks, strict=False):
                    row.texts[i] = tok
                    row.cells[i] = parse_value(tok)
                continue
        if pending is not None:
            p_pos, p_raw = pending
            if col > _split_label(p_raw)[2]:
                flush_heading()  # a heading row over indented rows
            else:  # a label wrapped onto this line
                pending = None
                joined = _split_label(p_raw)[3] + " " + _split_label(raw)[3]
                prefix = p_raw[: len(p_raw) - len(_split_label(p_raw)[3])]
                raw = prefix + joined
                toks = _tokens(joined)
                pos = p_pos
        if n_values == 0:
            flush_heading()
            pending = (pos, raw)
            continue
        add(pos, raw, toks, n_values)
    flush_heading()
    return rows, cols, first


def _link_parents(rows: list[TableRow], cols: list[int]) -> None:
    """Parents by text column; each row's level is then its depth under them.

    The level is not the count of indenting spaces: the book aligns a row under the
    text of a ``其中：`` row above it (``　其中：城镇`` / ``　　　　乡村``), so 乡村 has four
    spaces and is 城镇's sibling, at level 1.
    """
    for i, row in enumerate(rows):
        for j in range(i - 1, -1, -1):
            if cols[j] < cols[i]:
                row.parent = j
                break
        row.level = 0 if row.parent is None else rows[row.parent].level + 1
    # flush-left region rows breaking down the indicator row above them
    anchor: int | None = None
    for i, row in enumerate(rows):
        if row.parent is not None or cols[i] != 0:
            continue
        if _REGION.match(row.label):
            if anchor is not None:
                row.parent = anchor
        else:
            anchor = i


# ---------------------------------------------------------------------------- lists


def _kind_of(text: str) -> str:
    if re.fullmatch(r"\d+", text):
        return "int"
    if _DATE.match(text):
        return "date"
    if _NUMBER.match(text):
        return "num"
    return "text"


def _list_rows(
    lines: list[tuple[int, str]], columns: list[str]
) -> tuple[list[TableRow], list[int]]:
    """Rows of a list and the position (in ``lines``) of each row's first line. A numbered
    list starts a row only at the next number, so wrapped fields (even ones starting with
    a digit, ``30 年乡村不受`` / ``指标限制``) stay in their row."""
    ncols = len(columns)
    numbered = bool(columns) and columns[0] in _LIST_FIRST
    records: list[list[list[str]]] = []  # record -> lines -> tokens
    first: list[int] = []
    last_no = 0
    for pos, (_, raw) in enumerate(lines):
        toks = _tokens(raw)
        if not toks:
            continue
        starts = not (numbered and records) or (toks[0].isdigit() and int(toks[0]) == last_no + 1)
        if starts:
            records.append([toks])
            first.append(pos)
            if numbered and toks[0].isdigit():
                last_no = int(toks[0])
        else:
            records[-1].append(toks)
    # what single-line rows say about each column
    known: list[set[str]] = [set() for _ in range(ncols)]
    kinds: list[set[str]] = [set() for _ in range(ncols)]
    optional = [False] * ncols
    optional[-1] = True
    for rec in records:
        if len(rec) == 1 and ncols - 1 <= len(rec[0]) <= ncols:
            for j, tok in enumerate(rec[0]):
                text = squeeze_spaces(tok)
                known[j].add(text)
                kinds[j].add(_kind_of(text))
            for j in range(len(rec[0]), ncols):
                optional[j] = True
    rows = []
    for rec in records:
        if len(rec) == 1 and len(rec[0]) <= ncols:
            fields = [squeeze_spaces(t) for t in rec[0]]
        else:
            fields = _assign(rec, ncols, known, kinds, optional)
        fields += [""] * (ncols - len(fields))
        rows.append(TableRow(label=fields[0], cells=[f or None for f in fields], texts=fields))
    return rows, first


def _assign(
    rec: list[list[str]],
    ncols: int,
    known: list[set[str]],
    kinds: list[set[str]],
    optional: list[bool],
) -> list[str]:
    """Distribute the tokens of a wrapped list row over the columns (best-scoring split)."""
    toks: list[str] = []
    line_of: list[int] = []
    for n, line in enumerate(rec):
        toks.extend(line)
        line_of.extend([n] * len(line))
    n = len(toks)

    def cell_score(c: int, a: int, b: int) -> float:
        if a == b:
            return 0.0 if optional[c] else -3.0
        text = squeeze_spaces(" ".join(toks[a:b]))
        score = 0.0
        if text in known[c]:
            score += 3
        if kinds[c]:
            score += 1 if _kind_of(text) in kinds[c] else -3
        for i in range(a, b - 1):
            score -= 0.5 if line_of[i] != line_of[i + 1] else 0.3
        return score

    neg = float("-inf")
    best = [[neg] * (n + 1) for _ in range(ncols + 1)]
    back = [[0] * (n + 1) for _ in range(ncols + 1)]
    best[0][0] = 0.0
    for c in range(ncols):
        for a in range(n + 1):
            if best[c][a] == neg:
                continue
            for b in range(a, n + 1):
                s = best[c][a] + cell_score(c, a, b)
                if s > best[c + 1][b]:
                    best[c + 1][b] = s
                    back[c + 1][b] = a
    fields = []
    b = n
    for c in range(ncols, 0, -1):
        a = back[c][b]
        fields.append(squeeze_spaces(" ".join(toks[a:b])))
        b = a
    return fields[::-1]


# ---------------------------------------------------------------------------- table


def _strip_continuations(
    lines: list[str], header_len: int
) -> tuple[list[tuple[int, str]], list[int]]:
    """Lines without the ``续表`` markers and the header each repeats; the positions (in
    the returned list) where a continuation starts."""
    header = [strip_all_space(x) for x in lines[:header_len]]
    out: list[tuple[int, str]] = []
    starts: list[int] = []
    i = 0
    while i < len(lines):
        if _CONTINUATION.match(strip_all_space(lines[i])):
            starts.append(len(out))
            i += 1
            k = 0
            while k < len(header) and i < len(lines) and strip_all_space(lines[i]) == header[k]:
                i += 1
                k += 1
            continue
        out.append((i, lines[i]))
        i += 1
    return out, starts


def _is_wrapped_label(raw: str) -> bool:
    toks = _tokens(raw)
    text = squeeze_spaces(raw)
    return len(toks) == 1 and len(text) >= 6 and text[0] not in "（(" and not _is_value(text)


def parse_table(block: TableBlock) -> ParsedTable:
    """Turn a table's raw source lines into a typed :class:`ParsedTable`."""
    lines = [line.rstrip() for line in block.lines if line.strip()]
    source_note = block.source_note
    notes: list[str] = []
    # the source line, when the block still has it
    while lines and _SOURCE_NOTE.match(strip_all_space(lines[-1])):
        text = squeeze_spaces(lines.pop())
        if source_note is None:
            source_note = text
    # the header: everything before the first line that ends in a number
    first_data = next((i for i, line in enumerate(lines) if _is_data_line(line)), None)
    head_first = strip_all_space(_tokens(lines[0])[0]) if lines else ""
    is_list = first_data is None or head_first in _LIST_FIRST
    header_len = 1 if is_list else first_data
    # a long label wrapped onto the first row's line is not a (narrow) head cell
    while header_len > 1 and _is_wrapped_label(lines[header_len - 1]):
        header_len -= 1
    body, starts = _strip_continuations(lines, header_len)
    head, body = body[:header_len], body[header_len:]
    starts = [s - header_len for s in starts]
    is_note = [bool(_NOTE.match(strip_all_space(raw))) for _, raw in body]
    notes.extend(squeeze_spaces(raw) for (_, raw), note in zip(body, is_note, strict=True) if note)
    starts = [s - sum(is_note[:s]) for s in starts]
    body = [line for line, note in zip(body, is_note, strict=True) if not note]

    def continuation_rows(first: list[int]) -> list[int]:
        return [next((r for r, f in enumerate(first) if f >= s), len(first)) for s in starts]

    if is_list:
        columns = [squeeze_spaces(t) for t in _tokens(head[0][1])] if head else []
        rows, first = _list_rows(body, columns)
        return ParsedTable(
            number=block.number,
            title=squeeze_spaces(block.title),
            unit=block.unit,
            source_note=source_note,
            kind="list",
            stub=None,
            header=[columns],
            rows=rows,
            notes=notes,
            continuations=continuation_rows(first),
        )

    counts: Counter[int] = Counter()
    for _, raw in body:
        toks = _tokens(_split_label(raw)[3])
        n = 0
        while n < len(toks) - 1 and _is_value(toks[-1 - n]):
            n += 1
        if n:
            counts[n] += 1
    value_count = counts.most_common(1)[0][0] if counts else 0
    unit_hint = any("单位" in strip_all_space(raw) for _, raw in head)
    stub, header, ncols = _parse_header([raw for _, raw in head], value_count, unit_hint)
    text_cols = ncols - value_count
    rows, cols, first = _grid_rows(body, ncols, text_cols)
    _link_parents(rows, cols)
    return ParsedTable(
        number=block.number,
        title=squeeze_spaces(block.title),
        unit=block.unit,
        source_note=source_note,
        kind="grid",
        stub=stub,
        header=header,
        rows=rows,
        unit_column=0 if text_cols == 1 else None,
        notes=notes,
        continuations=continuation_rows(first),
    )
