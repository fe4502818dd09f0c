"""Full-text search over the archive: one FTS5 index of overlapping two-character tokens.

Why this design (figures in ``bench/bench_search.py`` and ``docs/PERFORMANCE.md``):

- A query must match whatever the reader sees, for any length from one character up,
  whatever white space, quotation marks or middle dots stand between its characters
  inside a paragraph (the ideographic space between two names in a photo credit,
  王丽　戴声桥; “三抓三促”行动; 甘肃·民勤), and in half or full width (２０２３年,
  （市统计局）): the index is built over the text narrowed and with those removed
  (:func:`index_form`) and queries are read alike, so 王丽戴声桥, 三抓三促行动, 2023年
  typed in full width and ``"表6 武威市"`` all find what the reader shows.
  FTS5's trigram tokenizer silently finds nothing under three characters, so the text is
  stored pre-split into *overlapping bigrams*: ``武威市民`` becomes the tokens
  ``武威 威市 市民 民`` (one token per character position; the last character stands
  alone so that it too is findable). Then

  * a 1-character term ``沙`` is the prefix query ``"沙"*`` (every position whose
    token starts with 沙; a ``prefix='1'`` index makes it a single doclist read);
  * a 2-character term ``民勤`` is the token ``民勤``;
  * an n-character term is the phrase of its n-1 bigrams at consecutive positions,
    which holds exactly where the term occurs as a substring.

  One index therefore answers every length with exactly the rows a substring scan
  gives, and a mixed query (``民勤 防沙治沙``) is a single ``MATCH`` with ``AND``.
- The unit of search is the *node* (entry, section, table…): one FTS row per node with
  three columns, ``title``, ``body`` (the node's own paragraphs) and ``path`` (the titles
  of its ancestors below the document, one a line: 县区发展, 凉州区). All terms of a
  query must occur in the same node, so ``AND`` over one row is the semantics wanted,
  and bm25 ranks nodes (with its length normalisation: short, focused entries first).
  Bigrams never span two paragraphs or two titles (each ends with its own 1-char token).
- A term counts as found in a node when it is in its title, its body or its path, so
  ``凉州区 居民生活`` finds 县区发展 › 凉州区 › 居民生活; but at least one term must be in
  the node's own title or body (``{title body}`` filter): a single term finds the nodes
  that hold it themselves, not every descendant of a category named so. The path's
  bm25 weight (PATH_WEIGHT) is below the body's, and an excluded term (``-民勤县``) is
  looked for in the path too. The document's own title is not in the path: every node
  of the document shares it, and the document filter chooses a document.
- The table is *contentless* (``content=''``) with ``rowid = nodes.ord``: the text is
  already in ``paragraphs``; the index holds only the token lists. Book order is the
  rowid, so a category (``ord BETWEEN ord AND end_ord``) or a document is a rowid range.
- Tokens go through FTS5's ``ascii`` tokenizer (splits on ASCII space only, because every
  other ASCII character that is not a letter or digit is mapped to a private-use
  character first; all non-ASCII characters are token characters). ASCII letters are
  folded to lower case: search is ASCII case-insensitive and otherwise matches exactly
  what is printed (full-width digits stay full-width).
- User text never reaches ``MATCH`` unquoted: every token is inside a double-quoted
  phrase and cannot contain a double quote (``"`` is mapped like any ASCII punctuation),
  so ``NOT``, ``OR``, ``*``, ``:`` or stray quotes are plain text.

Snippets, the best paragraph, its page and the occurrence count are worked out in Python
for the page of hits only, from ``paragraphs``.

A search reads the matching rowids once: their number is the total, the per-category
counts are bisections of that sorted list (each top-level category is one run of ords),
and a broad query's page (over RANK_LIMIT nodes: title matches, then book order) is cut
from it, so the index is walked once rather than three times.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby, pairwise
from typing import Any

from wuwei_desktop.ingest.textclean import squeeze_spaces

log = logging.getLogger(__name__)

FTS_TABLE = "search_fts"  # one row per node: title, body (own paragraphs)
TITLE_TABLE = "search_title"  # titles alone (small): which nodes hold a term in the title
NODE_TABLE = "search_node"  # ord -> top-level category ord, for facets
DOC_TABLE = "search_doc"  # doc -> ord range
INFO_TABLE = "search_info"  # key/value: longest indexed text, index version

INDEX_VERSION = "3"  # 2: white space inside a paragraph is not indexed; 3: path column
TITLE_WEIGHT = 5.0  # bm25 weight of the title column against the body's 1.0
PATH_WEIGHT = 0.5  # bm25 weight of the ancestors' titles (exact in binary: see pg_search)
OWN_COLUMNS = "{title body}"  # where at least one term of a query must be
SNIPPET_WIDTH = 70  # characters of context in a snippet, marks not counted
SNIPPET_LEAD = 20  # characters shown before the first hit
MARK_OPEN, MARK_CLOSE = "«", "»"
BUILD_HASHSIZE = 64 << 20  # bytes of pending index data FTS5 keeps in memory at build
RANK_LIMIT = 4000  # above this many matching nodes, title tier + book order (no bm25)
MAX_TERMS = 64  # terms beyond this many are checked in Python on the candidates

# ASCII letters fold to lower case; every other ASCII character that is not a letter or a
# digit becomes a private-use character, so the ascii tokenizer keeps it inside a token.
_PUA = 0xF0000
_UPPER = re.compile("[A-Z]+")
_NEEDS_MAPPING = re.compile("[^0-9a-z\u0080-\U0010ffff]")
_MAPPED = {chr(c): chr(_PUA + c) for c in range(128) if not chr(c).isalnum()}

# what search looks through inside a paragraph: white space (a typesetting space, the
# ideographic space between two names, 王丽　戴声桥, a line break inside a paragraph) and
# the quotation marks and middle dots a user leaves out when typing (三抓三促行动 finds
# “三抓三促”行动, 甘肃民勤 finds 甘肃·民勤), and the … the PDF extraction left where a
# line was cut (专任教师…21169人, 幼…儿); never the newline between two paragraphs
SKIPPED_MARKS = "“”‘’「」『』\"'·・•…"
_SKIP = rf"(?:[^\S\n]|[{re.escape(SKIPPED_MARKS)}])"
_GAP = re.compile(_SKIP + "+")
_GAP_CLASS = _SKIP + "*"
# full-width forms of ASCII (２０２３, （, ％, ５Ｇ) are searched as ASCII
_WIDE_OFFSET = 0xFEE0
_NARROW = str.maketrans({c + _WIDE_OFFSET: c for c in range(0x21, 0x7F)})

_QUOTE_OPEN = {'"': '"”＂', "“": '”"＂', "＂": '"”＂'}  # opening quote -> closing quotes
_STRAY_CLOSE = "”"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class SearchHit:
    """One matching node.

    ``spans`` are (start, end) offsets of the query terms' occurrences in the text of the
    best paragraph (``paragraph_id``), or in the title when ``paragraph_id`` is None; the
    reader view can highlight them there, and ``terms`` everywhere else.
    """

    node_id: str
    doc: str
    path: list[str]
    title: str
    kind: str
    page: int | None
    snippet: str
    terms: list[str]
    spans: list[tuple[int, int]]
    paragraph_id: int | None
    count: int  # occurrences of the query terms in the node (title + paragraphs)
    title_match: bool  # every term occurs in the node's title
    score: float  # bm25 of the FTS row (lower is better)


@dataclass(frozen=True)
class CategoryCount:
    node_id: str
    doc: str
    title: str
    count: int


@dataclass(frozen=True)
class FacetCounts:
    """Matching nodes per document and per top-level category (document order)."""

    by_doc: dict[str, int]
    by_category: list[CategoryCount]


@dataclass
class SearchResults:
    query: str
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # normalised terms that must occur
    excluded: list[str] = field(default_factory=list)  # normalised terms that must not
    facets: FacetCounts | None = None  # filled when search(..., facets=True)


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]  # normalised (squeezed, ASCII lower-case), deduplicated
    excluded: tuple[str, ...]
    # (term, another form of it): a quoted phrase with spaces also matches as written
    alternatives: tuple[tuple[str, str], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.terms

    def forms(self, term: str) -> tuple[str, ...]:
        """Every form in which ``term`` counts as found: itself, then its alternatives."""
        return (term, *(alt for t, alt in self.alternatives if t == term))

    def all_forms(self) -> list[str]:
        """Every form of every required term (what is highlighted in a hit)."""
        return [form for term in self.terms for form in self.forms(term)]


# ----------------------------------------------------------------------- tokenising


def fold(text: str) -> str:
    """ASCII case folding, the only folding search does (lengths are kept)."""
    if text.lower() == text:  # quick test: no cased letter at all, the usual case
        return text
    return _UPPER.sub(lambda m: m.group().lower(), text)


@lru_cache(maxsize=8192)
def squash(text: str) -> str:
    """Text as search compares it: ASCII folded, white space, quotation marks and middle
    dots inside a paragraph removed (:data:`_GAP`). Cached: typing a query reads the
    same paragraphs again at every keystroke."""
    return _GAP.sub("", fold(text))


def narrow(text: str) -> str:
    """Full-width forms of ASCII characters as ASCII (``２０２３`` → ``2023``, ``（`` → ``(``)."""
    return text.translate(_NARROW)


@lru_cache(maxsize=8192)
def index_form(text: str) -> str:
    """Text as the index holds it, and a query term as it is looked up: narrowed, then
    squashed."""
    return squash(narrow(text))


@lru_cache(maxsize=256)
def _wide_twins(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The full-width forms of the ASCII characters of terms (``2`` → ``２``)."""
    found = {c for term in terms for c in term if "!" <= c <= "~"}
    return tuple(chr(ord(c) + _WIDE_OFFSET) for c in sorted(found))


def _narrowed(text: str, twins: tuple[str, ...]) -> str:
    """A text narrowed where it holds a full-width form of a term's character (lengths
    are kept; most texts need nothing, and narrowing every one would be slow)."""
    return narrow(text) if any(t in text for t in twins) else text


def _token_chars(text: str) -> str:
    """Index-form text with every ASCII character but letters and digits a token char."""
    return _NEEDS_MAPPING.sub(lambda m: _MAPPED[m.group()], index_form(text))


def bigram_tokens(text: str) -> str:
    """The index form of one piece of text: overlapping bigrams, then the last character.

    >>> bigram_tokens("民勤县")
    '民勤 勤县 县'
    """
    s = _token_chars(text)
    if len(s) < 2:
        return s
    return _pairs(s) + " " + s[-1]


def _pairs_py(s: str) -> str:
    return " ".join(map("".join, pairwise(s)))


def _pairs_np(s: str) -> str:
    u = _np.frombuffer(s.encode("utf-32-le"), dtype=_np.uint32)
    out = _np.empty((len(u) - 1, 3), dtype=_np.uint32)
    out[:, 0] = u[:-1]
    out[:, 1] = u[1:]
    out[:, 2] = 32
    return out.tobytes()[:-4].decode("utf-32-le")


def _pairs(s: str) -> str:
    """``"abcd"`` -> ``"ab bc cd"`` (numpy when at hand: 5× faster on long texts)."""
    global _np
    if _np is None:
        try:
            import numpy

            _np = numpy
        except ImportError:  # pragma: no cover
            _np = False
    return _pairs_np(s) if _np and len(s) > 64 else _pairs_py(s)


_np = None


def term_expr(term: str) -> str:
    """The FTS5 expression for one normalised term: always a quoted phrase."""
    s = _token_chars(term)
    if len(s) == 1:
        return f'"{s}"*'
    return '"' + " ".join(map("".join, pairwise(s))) + '"'


def _clean_query_chars(query: str) -> str:
    """Control characters, lone surrogates and other unusable code points become spaces."""
    out = []
    for ch in query:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Cn", "Zl", "Zp") or (_PUA <= ord(ch) < _PUA + 128):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def parse_query(query: str) -> ParsedQuery:
    """Split user input into required and excluded terms.

    Terms are separated by white space (ASCII or ideographic); ``"…"`` and ``“…”`` hold a
    phrase, found as the text's own clean-up writes it (typesetting spaces inside CJK
    removed: ``"防沙 治沙"`` finds 防沙治沙) and also exactly as written (``"表6 武威市"``
    copied from the reader finds 表6 武威市, whose space the text keeps); a leading ``-``
    excludes a term or phrase. An unclosed quote runs to the end of the input. Never
    raises.
    """
    text = _clean_query_chars(query or "")
    terms: list[str] = []
    excluded: list[str] = []
    alternatives: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch == _STRAY_CLOSE:
            i += 1
            continue
        negate = False
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            negate = True
            i += 1
            ch = text[i]
        written = None
        if ch in _QUOTE_OPEN:
            closers = _QUOTE_OPEN[ch]
            j = i + 1
            while j < n and text[j] not in closers:
                j += 1
            raw = text[i + 1 : j]
            written = raw.strip()
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _QUOTE_OPEN:
                j += 1
            raw = text[i:j]
            i = j
        if raw == "-" and not negate:
            continue  # a lone minus is an operator without operand
        term = fold(narrow(squeeze_spaces(" ".join(raw.split()))))
        if written:
            written = fold(narrow(written))
        if term and index_form(term):  # a term of quotation marks alone is nothing to find
            (excluded if negate else terms).append(term)
            if written and written != term:
                alternatives.append((term, written))
    return ParsedQuery(
        tuple(dict.fromkeys(terms)),
        tuple(dict.fromkeys(excluded)),
        tuple(dict.fromkeys(alternatives)),
    )


SPLIT_MAX = 16  # longer words are not split into the pieces the text holds
SPLIT_TRIES = 80  # queries a split may run
_NUMBER_CHARS = frozenset("0123456789.%abcdefghijklmnopqrstuvwxyz")


def split_words(query: str, found: Callable[[str], bool]) -> str | None:
    """A query that finds nothing, in the pieces the text holds, for a phrase remembered
    approximately: its words cut into pieces of two characters or more that all occur in
    one entry (``found`` runs a query), the longest pieces first, shorter ones where the
    longer lead nowhere: 古浪八步沙六老汉 → ``古浪八步沙 六老汉``, 武威市2023年生产总值 →
    ``武威市 2023年 生产总值`` (the text says 2023年，武威市地区生产总值). One character
    of a word may be left out. None when no such pieces are found within SPLIT_TRIES
    queries, or nothing would change."""
    parsed = parse_query(query)
    terms = parsed.terms
    if not terms or parsed.excluded or parsed.alternatives or max(map(len, terms)) > SPLIT_MAX:
        return None
    tries = [SPLIT_TRIES]

    def holds(pieces: list[str]) -> bool:
        tries[0] -= 1
        return tries[0] >= 0 and found(" ".join(pieces))

    def cut(k: int, start: int, pieces: list[str], skipped: bool) -> list[str] | None:
        if k == len(terms):
            return pieces
        term = terms[k]
        if start >= len(term):
            return cut(k + 1, 0, pieces, False)
        for end in range(len(term), start + 1, -1):
            if tries[0] <= 0:
                return None
            if end < len(term) and _NUMBER_CHARS.issuperset(term[end - 1 : end + 1]):
                continue  # a number or a Latin word stays whole
            piece = term[start:end]
            if holds([*pieces, piece]):
                done = cut(k, end, [*pieces, piece], skipped)
                if done is not None:
                    return done
        return None if skipped else cut(k, start + 1, pieces, True)

    pieces = cut(0, 0, [], False)
    split = " ".join(dict.fromkeys(pieces or []))
    return split if split and split != " ".join(terms) else None


def _match_term(parsed: ParsedQuery, term: str) -> str:
    """The FTS5 expression of one term with its alternative forms (OR of phrases)."""
    forms = parsed.forms(term)
    if len(forms) == 1:
        return term_expr(term)
    return "(" + " OR ".join(term_expr(form) for form in forms) + ")"


def match_expression(parsed: ParsedQuery) -> str:
    """The ``MATCH`` string for the required terms (first MAX_TERMS) minus excluded ones:
    every term in any column (title, body, path), one at least in the node's own title
    or body; no excluded term in any column."""
    pos = [_match_term(parsed, t) for t in parsed.terms[:MAX_TERMS]]
    if len(pos) == 1:
        expr = f"{OWN_COLUMNS} : ({pos[0]})"
    else:
        expr = f"({' AND '.join(pos)}) AND {OWN_COLUMNS} : ({' OR '.join(pos)})"
    if parsed.excluded:
        neg = " OR ".join(_match_term(parsed, t) for t in parsed.excluded[:MAX_TERMS])
        expr = f"({expr}) NOT ({neg})"
    return expr


# --------------------------------------------------------------------------- building


def index_texts(conn: Any) -> Iterable[tuple[int, str, str, str]]:
    """Each node's ord, title, searchable body (its paragraphs, one a line) and path (the
    titles of its ancestors below the document, one a line), in book order."""
    cur = conn.execute(
        "SELECT n.ord, n.title, p.text, n.end_ord, n.kind FROM nodes n "
        "LEFT JOIN paragraphs p ON p.node_id = n.id ORDER BY n.ord, p.id"
    )
    above: list[tuple[int, str]] = []  # (end_ord, title) of the open ancestors
    for ord_, rows in groupby(cur, key=lambda r: r[0]):
        rows = list(rows)
        title, end_ord, kind = rows[0][1] or "", rows[0][3], rows[0][4]
        # paragraphs joined by a newline: the tokens "x\n" and "\ny" that straddle two
        # paragraphs can never be asked for (queries have no control characters), and
        # "x\n" still starts with x, so a paragraph's last character stays findable
        body = "\n".join(r[2].replace("\n", " ") for r in rows if r[2])
        while above and above[-1][0] < ord_:
            above.pop()
        yield ord_, title, body, path_text(t for _end, t in above)
        if kind != "document" and end_ord is not None and end_ord > ord_:
            above.append((end_ord, title))


def path_text(titles: Iterable[str]) -> str:
    """The path column's text: ancestors' titles, one a line (never one phrase across)."""
    return "\n".join(t.replace("\n", " ") for t in titles if t)


def node_path(conn: Any, ord_: int) -> str:
    """The path text of one node (as :func:`index_texts` writes it)."""
    rows = conn.execute(
        "SELECT title FROM nodes WHERE ord < ? AND end_ord >= ? AND kind <> 'document' "
        "ORDER BY ord",
        (ord_, ord_),
    )
    return path_text(r[0] or "" for r in rows)


def _index_rows(conn: sqlite3.Connection) -> Iterable[tuple[int, str, str, str]]:
    for ord_, title, body, path in index_texts(conn):
        yield ord_, bigram_tokens(title), bigram_tokens(body), bigram_tokens(path)


def create_search_index(conn: sqlite3.Connection) -> None:
    """Create and fill the search tables from ``nodes`` and ``paragraphs``.

    Runs inside the caller's transaction (does not commit). Safe to call again: the
    search tables are dropped and rebuilt.
    """
    raw = _raw(conn)
    for table in (FTS_TABLE, TITLE_TABLE, NODE_TABLE, DOC_TABLE, INFO_TABLE):
        raw.execute(f"DROP TABLE IF EXISTS {table}")
    raw.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
        "title, body, path, content='', tokenize='ascii', prefix='1', detail=full)"
    )
    # a large in-memory buffer: few segments, no merging (3× faster than the default 1 MB)
    raw.execute(
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('hashsize', ?)", (BUILD_HASHSIZE,)
    )
    titles: list[tuple[int, str]] = []

    def rows() -> Iterable[tuple[int, str, str, str]]:
        for row in _index_rows(raw):
            titles.append(row[:2])
            yield row

    raw.executemany(
        f"INSERT INTO {FTS_TABLE}(rowid, title, body, path) VALUES (?, ?, ?, ?)", rows()
    )
    raw.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    raw.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('hashsize', ?)", (1 << 20,))

    raw.execute(
        f"CREATE VIRTUAL TABLE {TITLE_TABLE} USING fts5("
        "title, content='', tokenize='ascii', prefix='1', detail=full)"
    )
    raw.executemany(f"INSERT INTO {TITLE_TABLE}(rowid, title) VALUES (?, ?)", titles)

    # top-level category of every node (the node itself for documents and categories)
    raw.execute(f"CREATE TABLE {NODE_TABLE} (ord INTEGER PRIMARY KEY, top_ord INTEGER NOT NULL)")
    top: dict[str, int] = {}
    kind_of: dict[str, str] = {}
    rows = []
    for node_id, parent_id, ord_, kind in raw.execute(
        "SELECT id, parent_id, ord, kind FROM nodes ORDER BY ord"
    ):
        kind_of[node_id] = kind
        if parent_id is None or parent_id not in top or kind_of[parent_id] == "document":
            top[node_id] = ord_
        else:
            top[node_id] = top[parent_id]
        rows.append((ord_, top[node_id]))
    raw.executemany(f"INSERT INTO {NODE_TABLE} VALUES (?, ?)", rows)

    raw.execute(
        f"CREATE TABLE {DOC_TABLE} (doc_id TEXT PRIMARY KEY, lo INTEGER, hi INTEGER, "
        "contiguous INTEGER)"
    )
    raw.execute(
        f"INSERT INTO {DOC_TABLE} SELECT d.doc_id, d.lo, d.hi, "
        "(SELECT count(*) FROM nodes o WHERE o.ord BETWEEN d.lo AND d.hi "
        " AND o.doc_id <> d.doc_id) = 0 "
        "FROM (SELECT doc_id, min(ord) AS lo, max(ord) AS hi FROM nodes GROUP BY doc_id) d"
    )
    longest = raw.execute(
        "SELECT max(m) FROM (SELECT max(length(text)) AS m FROM paragraphs "
        "UNION ALL SELECT max(length(title)) FROM nodes)"
    ).fetchone()[0]
    raw.execute(f"CREATE TABLE {INFO_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
    raw.executemany(
        f"INSERT INTO {INFO_TABLE} VALUES (?, ?)",
        [("version", INDEX_VERSION), ("longest_text", str(longest or 0))],
    )


# --------------------------------------------------------------------------- querying


def _raw(conn: Any) -> sqlite3.Connection:
    """A sqlite3 connection from a sqlite3 or SQLAlchemy connection/engine."""
    if isinstance(conn, sqlite3.Connection):
        return conn
    inner = getattr(conn, "connection", None)  # SQLAlchemy Connection -> pool proxy
    if inner is not None:
        driver = getattr(inner, "driver_connection", None) or getattr(
            inner, "dbapi_connection", None
        )
        if isinstance(driver, sqlite3.Connection):
            return driver
    raise TypeError(f"not a sqlite3 connection: {type(conn).__name__}")


def _where(ranged: bool, doc_check: bool) -> tuple[str, str]:
    doc_join = (
        f"JOIN nodes d ON d.ord = {FTS_TABLE}.rowid AND d.doc_id = :doc " if doc_check else ""
    )
    where = f"{FTS_TABLE} MATCH :match"
    if ranged:
        where += f" AND {FTS_TABLE}.rowid BETWEEN :lo AND :hi"
    return doc_join, where


def count_sql(*, ranged: bool, doc_check: bool) -> str:
    """The SQL counting the matching nodes (parameters as :func:`search_sql`)."""
    doc_join, where = _where(ranged, doc_check)
    return f"SELECT count(*) FROM {FTS_TABLE} {doc_join}WHERE {where}"


def search_sql(
    parsed: ParsedQuery, *, ranged: bool, doc_check: bool, ranked: bool = True
) -> tuple[str, dict]:
    """The SQL of one page of hits, and its parameters other than the range/limits.

    Columns: ord, node_id, doc, path, title, kind, page_start, score, title_terms.
    Named parameters to add: ``:lo``/``:hi`` when ``ranged``, ``:doc`` when
    ``doc_check``, and ``:limit``, ``:offset``. With ``ranked`` False (broad queries)
    the nodes without the terms in their title follow in book order, not by bm25.
    """
    params: dict[str, Any] = {"match": match_expression(parsed)}
    doc_join, where = _where(ranged, doc_check)
    title_terms = []
    for k, term in enumerate(parsed.terms[:MAX_TERMS]):
        params[f"t{k}"] = _match_term(parsed, term)
        title_terms.append(
            f"(m.ord IN (SELECT rowid FROM {TITLE_TABLE} WHERE {TITLE_TABLE} MATCH :t{k}))"
        )
    if ranked:
        params["wt"], params["wp"] = TITLE_WEIGHT, PATH_WEIGHT
        score = f"bm25({FTS_TABLE}, :wt, 1.0, :wp)"
    else:
        score = "0.0"
    # rank and cut on the FTS rows alone, then join the page of hits to ``nodes``
    sql = (
        f"WITH m AS (SELECT {FTS_TABLE}.rowid AS ord, {score} AS score "
        f"FROM {FTS_TABLE} {doc_join}WHERE {where}), "
        f"r AS (SELECT ord, score, {' + '.join(title_terms)} AS title_terms FROM m "
        "ORDER BY title_terms DESC, score, ord LIMIT :limit OFFSET :offset) "
        "SELECT r.ord, n.id, n.doc_id, n.path, n.title, n.kind, n.page_start, r.score, "
        "r.title_terms FROM r JOIN nodes n ON n.ord = r.ord "
        "ORDER BY r.title_terms DESC, r.score, r.ord"
    )
    return sql, params


def scope(
    raw: sqlite3.Connection, doc: str | None, category: str | None
) -> tuple[tuple[int, int] | None, bool] | None:
    """The rowid range a doc/category filter allows, and whether doc_id must be checked.

    None when the filter names nothing that exists.
    """
    lo, hi, doc_check = None, None, False
    if doc is not None:
        row = raw.execute(
            f"SELECT lo, hi, contiguous FROM {DOC_TABLE} WHERE doc_id = ?", (doc,)
        ).fetchone()
        if row is None:
            return None
        lo, hi, doc_check = row[0], row[1], not row[2]
    if category is not None:
        row = raw.execute(
            "SELECT ord, end_ord, doc_id FROM nodes WHERE id = ?", (category,)
        ).fetchone()
        if row is None or (doc is not None and row[2] != doc):
            return None
        lo = row[0] if lo is None else max(lo, row[0])
        hi = row[1] if hi is None else min(hi, row[1])
    return ((lo, hi) if lo is not None else None), doc_check


def too_long(raw: sqlite3.Connection, parsed: ParsedQuery) -> bool:
    row = raw.execute(f"SELECT value FROM {INFO_TABLE} WHERE key = 'longest_text'").fetchone()
    longest = int(row[0]) if row else 0
    return any(min(map(len, parsed.forms(t))) > longest for t in parsed.terms)


def _plan(
    conn: Any, parsed: ParsedQuery, doc: str | None, category: str | None
) -> tuple[sqlite3.Connection, tuple[int, int] | None, bool, dict[str, Any]] | None:
    """What a query runs with: the connection, the rowid range of the filters, whether
    doc_id must be checked, and the MATCH (and range) parameters; None when the query
    can find nothing (empty, a filter naming nothing, a term longer than any text)."""
    if parsed.empty:
        return None
    raw = _raw(conn)
    allowed = scope(raw, doc, category)
    if allowed is None or too_long(raw, parsed):
        return None
    rng, doc_check = allowed
    params: dict[str, Any] = {"match": match_expression(parsed)}
    if rng is not None:
        params["lo"], params["hi"] = rng
    return raw, rng, doc_check, params


def search(
    conn: Any,
    query: str,
    doc: str | None = None,
    limit: int = 20,
    offset: int = 0,
    category: str | None = None,
    *,
    facets: bool = False,
) -> SearchResults:
    """Nodes containing every term of ``query`` (and none of its ``-`` terms), best first.

    A term is contained in a node's title, its body or its ancestors' titles; at least
    one term must be in the node's own title or body. Ranking: nodes whose title holds
    more of the terms first, then bm25 (title weighted ``TITLE_WEIGHT``, path
    ``PATH_WEIGHT``; shorter focused nodes above long ones), then book order. ``doc``
    limits to one document, ``category`` to the subtree of a node id. Never raises on
    any query text: unusable input gives empty results.
    """
    parsed = parse_query(query if isinstance(query, str) else "")
    results = SearchResults(
        query=query if isinstance(query, str) else "",
        total=0,
        terms=parsed.all_forms(),
        excluded=list(parsed.excluded),
    )
    plan = _plan(conn, parsed, doc, category)
    if plan is None:
        return results
    raw, rng, doc_check, base = plan
    limit = max(0, int(limit))
    offset = max(0, int(offset))
    if doc_check:
        base["doc"] = doc
    extra = parsed.terms[MAX_TERMS:]
    rows = None
    if not extra and not doc_check:
        # one pass over the matching rows: the total, the facets, and for a broad query
        # its page of hits (book order after title matches) come from their rowids
        ords = _matching_ords(raw, base, rng)
        total = len(ords)
        if facets:
            results.facets = _facets_of(raw, ords, doc)
        if total > RANK_LIMIT:
            rows = _unranked_rows(raw, parsed, ords, limit, offset)
    else:
        total = raw.execute(count_sql(ranged=rng is not None, doc_check=doc_check), base)
        total = total.fetchone()[0]
    if total == 0:
        rows = []
    elif rows is None:
        sql, params = search_sql(
            parsed,
            ranged=rng is not None,
            doc_check=doc_check,
            ranked=total <= RANK_LIMIT or bool(extra),
        )
        params.update(base)
        if extra:
            rows, total = _rows_with_extra_terms(raw, sql, params, parsed, limit, offset)
        else:
            params["limit"], params["offset"] = limit, offset
            rows = raw.execute(sql, params).fetchall()
    results.total = total
    results.hits = make_hits(raw, rows, parsed)
    if facets and results.facets is None:
        results.facets = facet_counts(raw, query, doc=doc, category=category)
    return results


def _matching_ords(raw: sqlite3.Connection, base: dict, rng: tuple | None) -> list[int]:
    """The ords (rowids) of every matching node, ascending."""
    where = f"{FTS_TABLE} MATCH :match" + (" AND rowid BETWEEN :lo AND :hi" if rng else "")
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {where} ORDER BY rowid"
    return [r for (r,) in raw.execute(sql, base)]


@dataclass(frozen=True)
class _Tops:
    """The archive's top-level categories in book order: first ords, (id, doc, title)."""

    key: tuple
    starts: list[int]
    info: list[tuple[str, str, str]]


_TOPS: dict[int, _Tops] = {}  # by id() of the connection; checked against its file


def _tops(raw: sqlite3.Connection) -> _Tops:
    """The top-level categories (read once per connection and archive file)."""
    import os

    path = raw.execute("PRAGMA database_list").fetchone()[2] or ""
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    key = (path, stat.st_ino, stat.st_mtime_ns) if stat else None
    cached = _TOPS.get(id(raw))
    if key is not None and cached is not None and cached.key == key:
        return cached
    tops = read_tops(raw, key or ())
    if key is not None:
        while len(_TOPS) >= 4:  # a few open archives at most
            _TOPS.pop(next(iter(_TOPS)))
        _TOPS[id(raw)] = tops
    return tops


def read_tops(raw: Any, key: tuple = ()) -> _Tops:
    """The top-level categories, read from the archive."""
    rows = raw.execute(
        f"SELECT n.ord, n.id, n.doc_id, n.title FROM (SELECT DISTINCT top_ord FROM {NODE_TABLE})"
        " s JOIN nodes n ON n.ord = s.top_ord ORDER BY n.ord"
    ).fetchall()
    return _Tops(key, [r[0] for r in rows], [(r[1], r[2], r[3]) for r in rows])


def _facets_of(raw: sqlite3.Connection, ords: list[int], doc: str | None) -> FacetCounts:
    """Matching nodes per top-level category (see :func:`facets_from_tops`)."""
    return facets_from_tops(_tops(raw), ords, doc)


def facets_from_tops(tops: _Tops, ords: list[int], doc: str | None) -> FacetCounts:
    """Matching nodes per top-level category: every category is one run of ords (the
    book order is a preorder), so each count is the difference of two bisections."""
    by_doc: dict[str, int] = {}
    cats = []
    if ords:
        first = bisect_right(tops.starts, ords[0]) - 1
        last = bisect_right(tops.starts, ords[-1]) - 1
        lo = 0
        for k in range(max(first, 0), last + 1):
            end = tops.starts[k + 1] if k + 1 < len(tops.starts) else None
            hi = len(ords) if end is None else bisect_left(ords, end, lo)
            count, lo = hi - lo, hi
            node_id, doc_id, title = tops.info[k]
            if count and (doc is None or doc_id == doc):
                by_doc[doc_id] = by_doc.get(doc_id, 0) + count
                cats.append(CategoryCount(node_id=node_id, doc=doc_id, title=title, count=count))
    return FacetCounts(by_doc=by_doc, by_category=cats)


def _unranked_rows(
    raw: sqlite3.Connection, parsed: ParsedQuery, ords: list[int], limit: int, offset: int
) -> list[tuple]:
    """A page of a broad query (more than RANK_LIMIT nodes): nodes with more of the terms
    in their title first, then book order (as :func:`search_sql` unranked)."""
    sql = f"SELECT rowid FROM {TITLE_TABLE} WHERE {TITLE_TABLE} MATCH ?"
    in_titles = [
        [rowid for (rowid,) in raw.execute(sql, (_match_term(parsed, term),))]
        for term in parsed.terms[:MAX_TERMS]
    ]
    return unranked_page(raw, in_titles, ords, limit, offset)


def unranked_page(
    raw: Any, in_titles: list[list[int]], ords: list[int], limit: int, offset: int
) -> list[tuple]:
    """The rows of a broad query's page: ``in_titles`` holds, for each term, the ords of
    the nodes with it in their title; more of them first, then book order."""
    title_terms: dict[int, int] = {}
    for rowids in in_titles:
        for rowid in rowids:
            at = bisect_left(ords, rowid)
            if at < len(ords) and ords[at] == rowid:
                title_terms[rowid] = title_terms.get(rowid, 0) + 1
    wanted = offset + limit
    page = sorted(title_terms, key=lambda o: (-title_terms[o], o))[:wanted]
    for ord_ in ords:
        if len(page) >= wanted:
            break
        if ord_ not in title_terms:
            page.append(ord_)
    page = page[offset:wanted]
    if not page:
        return []
    marks = ",".join("?" * len(page))
    nodes = {
        r[0]: r
        for r in raw.execute(
            "SELECT ord, id, doc_id, path, title, kind, page_start FROM nodes"
            f" WHERE ord IN ({marks})",
            page,
        )
    }
    return [(*nodes[o], 0.0, title_terms.get(o, 0)) for o in page]


def _rows_with_extra_terms(raw, sql, params, parsed, limit, offset) -> tuple[list[tuple], int]:
    """Very long queries: FTS checks the first MAX_TERMS terms, Python the rest."""
    extra = parsed.terms[MAX_TERMS:]
    params["limit"], params["offset"] = -1, 0
    rows = raw.execute(sql, params).fetchall()
    texts = _paragraphs(raw, [r[1] for r in rows])
    kept = []
    for r in rows:
        own = [r[4] or ""] + [p[2] for p in texts.get(r[1], [])]
        text = index_form("\n".join([*own, node_path(raw, r[0])]))
        if all(any(index_form(form) in text for form in parsed.forms(t)) for t in extra):
            kept.append(r)
    return kept[offset : offset + limit], len(kept)


def make_hits(raw: Any, rows: list[tuple] | None, parsed: ParsedQuery) -> list[SearchHit]:
    """The hits of a page of rows (ord, node_id, doc, path, title, kind, page_start, score,
    title_terms): each with its best paragraph, snippet, spans and count."""
    if not rows:
        return []
    paras = _paragraphs(raw, [r[1] for r in rows])
    return [_make_hit(r, paras.get(r[1], []), parsed) for r in rows]


def _paragraphs(raw: sqlite3.Connection, node_ids: list[str]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for start in range(0, len(node_ids), 500):
        chunk = node_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for node_id, pid, page, text in raw.execute(
            f"SELECT node_id, id, page, text FROM paragraphs WHERE node_id IN ({marks}) "
            "ORDER BY id",
            chunk,
        ):
            out.setdefault(node_id, []).append((pid, page, text or ""))
    return out


def term_pattern(term: str) -> str:
    """A regular expression for a term as search finds it: its characters in order, an
    ASCII one in its full-width form too, with any white space, quotation marks or
    middle dots of one paragraph between them (Python ``re`` and Qt's PCRE alike)."""
    return _GAP_CLASS.join(_char_class(ch) for ch in index_form(term))


def _char_class(ch: str) -> str:
    if "!" <= ch <= "~":
        return f"[{re.escape(ch)}{chr(ord(ch) + _WIDE_OFFSET)}]"
    return re.escape(ch)


@lru_cache(maxsize=1024)
def _spread(term: str) -> re.Pattern:
    """Every occurrence of a term across white space, overlapping ones too."""
    return re.compile(f"(?=({term_pattern(term)}))")


def find_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of every occurrence of the terms (ASCII case-insensitive,
    full-width forms as ASCII, across white space, quotation marks and middle dots inside
    the text: :func:`index_form`)."""
    terms = tuple(t for t in terms if t)
    folded = fold(_narrowed(text, _wide_twins(terms)))
    squashed = squash(folded)
    spans = []
    for term in terms:
        key = index_form(term)
        if squashed.count(key) > folded.count(term):  # some occurrence spans a gap
            spans.extend(m.span(1) for m in _spread(term).finditer(folded))
            continue
        start = folded.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:  # overlapping; adjacent ones stay apart
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def mark(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for s, e in spans:
        out += [text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE]
        pos = e
    out.append(text[pos:])
    return "".join(out)


def make_snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_WIDTH) -> str:
    """A window of about ``width`` characters around the first span, spans marked."""
    if not spans:
        return text[:width] + ("…" if len(text) > width else "")
    first = spans[0][0]
    start = max(0, first - SNIPPET_LEAD)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    end = max(end, spans[0][1])
    for s, e in spans:  # never cut a marked occurrence in two
        if s < start < e:
            start = s
        if s < end < e:
            end = e
    inside = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    return (
        ("…" if start > 0 else "")
        + mark(text[start:end], inside)
        + ("…" if end < len(text) else "")
    )


def _make_hit(row: tuple, paras: list[tuple], parsed: ParsedQuery) -> SearchHit:
    _ord, node_id, doc, path, title, kind, page_start, score, title_terms = row
    title = title or ""
    terms = parsed.all_forms()
    squashed = [index_form(f) for f in terms]
    groups = [[index_form(f) for f in parsed.forms(t)] for t in parsed.terms]
    twins = _wide_twins(tuple(squashed))
    best, best_key, count = None, (0, 0), 0
    for pid, page, text in paras:
        folded = squash(_narrowed(text, twins))
        present = sum(1 for forms in groups if any(f in folded for f in forms))
        occ = sum(folded.count(f) for f in squashed) if present else 0
        count += occ
        key = (present, occ)
        if key > best_key:
            best, best_key = (pid, page, text), key
    title_spans = find_spans(title, terms)
    count += sum(index_form(title).count(f) for f in squashed)
    if best is None:
        snippet, spans, pid, page = mark(title, title_spans), title_spans, None, page_start
    else:
        pid, page, text = best
        spans = find_spans(text, terms)
        snippet = make_snippet(text, spans)
        if page is None:
            page = page_start
    return SearchHit(
        node_id=node_id,
        doc=doc,
        path=_path(path),
        title=title,
        kind=kind,
        page=page,
        snippet=snippet,
        terms=list(terms),
        spans=spans,
        paragraph_id=pid,
        count=count,
        title_match=title_terms == min(len(parsed.terms), MAX_TERMS),
        score=score,
    )


def _path(value: Any) -> list[str]:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        import json

        try:
            loaded = json.loads(value)
        except ValueError:
            return [value]
        return loaded if isinstance(loaded, list) else [str(loaded)]
    return []


# ----------------------------------------------------------------------------- facets


def facet_sql(*, ranged: bool, doc_filter: bool = False) -> str:
    """Matching nodes per top-level category, with the category's id, document and title
    (see :func:`facet_counts`): one statement, grouped before the join."""
    where = f"{FTS_TABLE} MATCH :match" + (" AND rowid BETWEEN :lo AND :hi" if ranged else "")
    return (
        "SELECT n.id, n.doc_id, n.title, g.c FROM ("
        f"SELECT s.top_ord, count(*) AS c FROM (SELECT rowid AS ord FROM {FTS_TABLE} "
        f"WHERE {where}) m JOIN {NODE_TABLE} s ON s.ord = m.ord GROUP BY s.top_ord"
        ") g JOIN nodes n ON n.ord = g.top_ord"
        + (" WHERE n.doc_id = :doc" if doc_filter else "")
        + " ORDER BY g.top_ord"
    )


def facet_counts(
    conn: Any, query: str, doc: str | None = None, category: str | None = None
) -> FacetCounts:
    """How many nodes match ``query`` in each document and each top-level category.

    Top-level categories are the children of a document node (for the yearbook its
    类目); nodes directly in a document node count under the document node itself.
    """
    empty = FacetCounts(by_doc={}, by_category=[])
    plan = _plan(conn, parse_query(query if isinstance(query, str) else ""), doc, category)
    if plan is None:
        return empty
    raw, rng, _doc_check, params = plan
    if doc is not None:
        params["doc"] = doc
    sql = facet_sql(ranged=rng is not None, doc_filter=doc is not None)
    by_doc: dict[str, int] = {}
    cats = []
    for node_id, doc_id, title, n in raw.execute(sql, params):
        by_doc[doc_id] = by_doc.get(doc_id, 0) + n
        cats.append(CategoryCount(node_id=node_id, doc=doc_id, title=title, count=n))
    return FacetCounts(by_doc=by_doc, by_category=cats)


__all__ = [
    "CategoryCount",
    "FacetCounts",
    "ParsedQuery",
    "SearchHit",
    "SearchResults",
    "create_search_index",
    "facet_counts",
    "facet_sql",
    "parse_query",
    "search",
    "search_sql",
]
