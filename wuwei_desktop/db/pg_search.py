"""Full-text search of the archive on PostgreSQL, with the meaning of the SQLite index.

SQLite's index (:mod:`wuwei_desktop.db.search`) finds a term exactly where it occurs as a
substring of a node's title, body or path (its ancestors' titles), for any length from
one character. Here each node has one row of :data:`TEXT_TABLE` (its title, body and
path as search's index reads them, ASCII lower case and narrow, no white space or
quotation marks inside a paragraph, and their length in index tokens) and one of
:data:`GRAM_TABLE`: ``grams``, a tsvector of every character and every pair of
neighbouring characters in the title and body (``pgrams`` the same of the path), under a
GIN index
(a narrow table, so the index's hits cost few page reads). A term is looked up as the
grams it is made of (``grams @@ '民勤' & '勤县'``, the index's work; one or two
characters need nothing more) and a longer one is confirmed as a substring of the title
or the body (``strpos``): the same rows FTS5's phrase of bigrams gives. ``tgrams`` does
the same for the title alone (the title tier of the ranking).
As in SQLite, every term may be in any of the three, one at least in the title or body.
Ranking is FTS5's bm25, computed with the same formula, weights and statistics (rows,
tokens, rows per term), over the same phrases (a query of several terms names each term
twice to FTS5: in any column, and in the title or body), so hits come in the same order
on both engines. Parsing the
query, snippets, counts and facets are shared with the SQLite search.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

from . import search as s

TEXT_TABLE = "search_text"  # ord, title_f, body_f, path_f, ntok
GRAM_TABLE = "search_grams"  # ord, grams, tgrams, pgrams (tsvectors of 1–3 character runs)
TEXT_COLUMNS = ("t.title_f", "t.body_f")
TITLE_COLUMNS = ("t.title_f",)
PATH_COLUMNS = ("t.path_f",)
_VECTORS = {TEXT_COLUMNS: "g.grams", TITLE_COLUMNS: "g.tgrams", PATH_COLUMNS: "g.pgrams"}
BM25_K1, BM25_B = 1.2, 0.75


def grams(text: str) -> list[str]:
    """Every run of one, two and three characters of ``text``."""
    return sorted({*text, *map("".join, pairwise(text)), *_triples(text)})


def _triples(text: str) -> list[str]:
    return [text[k : k + 3] for k in range(len(text) - 2)]


def search_rows(ord_: int, title: str, body: str, path: str) -> tuple[tuple, tuple]:
    """The :data:`TEXT_TABLE` and :data:`GRAM_TABLE` rows of one node (its title, body and
    path as the index reads them); the grams as tsvector literals."""
    title_f, body_f, path_f = s.index_form(title), s.index_form(body), s.index_form(path)
    vector = " ".join(map(_lexeme, grams(title_f + "\n" + body_f)))
    title_vector = " ".join(map(_lexeme, grams(title_f)))
    path_vector = " ".join(map(_lexeme, grams(path_f)))
    ntok = len(title_f) + len(body_f) + len(path_f)
    return (ord_, title_f, body_f, path_f, ntok), (ord_, vector, title_vector, path_vector)


def _lexeme(text: str) -> str:
    """A quoted tsvector / tsquery lexeme (any characters, taken as they are)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def term_query(term: str) -> str:
    """The tsquery of the grams a term is made of (itself up to three characters)."""
    pieces = [term] if len(term) <= 3 else _triples(term)
    return " & ".join(map(_lexeme, dict.fromkeys(pieces)))


class _Sql:
    """Parameters collected while writing one statement."""

    def __init__(self) -> None:
        self.params: dict[str, Any] = {}
        self.reads_text = False  # a condition needs the title or body (join TEXT_TABLE)

    def add(self, value: Any) -> str:
        name = f"v{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def form(self, form: str, columns: tuple[str, ...] = TEXT_COLUMNS) -> str:
        """Where a form of a term occurs (in any of ``columns``). One or two characters
        are in ``grams`` exactly where they are in the title or the body (no gram spans
        the two but through a newline, which no query holds): the index alone answers."""
        form = s.index_form(form)  # as the text columns: narrowed, no white space inside
        grams_held = f"{_VECTORS[columns]} @@ {self.add(term_query(form))}::tsquery"
        if len(form) <= 3:
            return f"({grams_held})"
        self.reads_text = True
        text = self.add(form)
        found = " OR ".join(f"strpos({c}, {text}) > 0" for c in columns)
        return f"({grams_held} AND ({found}))"

    def term(self, parsed: s.ParsedQuery, term: str, columns=TEXT_COLUMNS) -> str:
        return "(" + " OR ".join(self.form(f, columns) for f in parsed.forms(term)) + ")"

    def anywhere(self, parsed: s.ParsedQuery, term: str) -> str:
        """A term in the title, the body or the path."""
        return f"({self.term(parsed, term)} OR {self.term(parsed, term, PATH_COLUMNS)})"

    def in_title(self, parsed: s.ParsedQuery, term: str) -> str:
        """Whether a term is in the title, by the text alone (for rows already found)."""
        forms = [f"strpos(t.title_f, {self.add(s.index_form(f))}) > 0" for f in parsed.forms(term)]
        return "(" + " OR ".join(forms) + ")"

    def occurrences(self, column: str, form: str) -> str:
        """Occurrences of ``form`` in ``column``, overlapping ones counted (FTS5's hits)."""
        form = s.index_form(form)
        text = self.add(form)
        if any(form[:k] == form[-k:] for k in range(1, len(form))):
            return f"wuwei_occurrences({column}, {text})"
        return f"((length({column}) - length(replace({column}, {text}, ''))) / length({text}))"

    def tables(self) -> str:
        """The FROM clause the conditions written so far need."""
        text = f" JOIN {TEXT_TABLE} t ON t.ord = g.ord" if self.reads_text else ""
        return f"{GRAM_TABLE} g{text}"


def _where(sql: _Sql, parsed: s.ParsedQuery, rng, doc_check: bool, doc: str | None) -> str:
    """Every term in any column, one at least in the title or body (the meaning of
    :func:`wuwei_desktop.db.search.match_expression`), no excluded term anywhere."""
    if len(parsed.terms) == 1:
        parts = [sql.term(parsed, parsed.terms[0])]
    else:
        parts = [sql.anywhere(parsed, t) for t in parsed.terms]
        own = parsed.terms[: s.MAX_TERMS]  # as SQLite's MATCH, which holds the first ones
        parts.append("(" + " OR ".join(sql.term(parsed, t) for t in own) + ")")
    parts += [f"NOT {sql.anywhere(parsed, t)}" for t in parsed.excluded]
    if rng is not None:
        parts.append(f"g.ord BETWEEN {sql.add(rng[0])} AND {sql.add(rng[1])}")
    if doc_check:
        parts.append(f"g.ord IN (SELECT ord FROM nodes WHERE doc_id = {sql.add(doc)})")
    return " AND ".join(parts)


def search(
    conn: Any,
    query: str,
    doc: str | None = None,
    limit: int = 20,
    offset: int = 0,
    category: str | None = None,
    *,
    facets: bool = False,
) -> s.SearchResults:
    """As :func:`wuwei_desktop.db.search.search`, on a :class:`ServerConnection`."""
    parsed = s.parse_query(query if isinstance(query, str) else "")
    results = s.SearchResults(
        query=query if isinstance(query, str) else "",
        total=0,
        terms=parsed.all_forms(),
        excluded=list(parsed.excluded),
    )
    if parsed.empty:
        return results
    scope = s.scope(conn, doc, category)
    if scope is None or s.too_long(conn, parsed):
        return results
    rng, doc_check = scope
    sql = _Sql()
    where = _where(sql, parsed, rng, doc_check, doc)
    stats = dict(conn.execute(f"SELECT key, value FROM {s.INFO_TABLE}").fetchall())
    found = f"SELECT g.ord FROM {sql.tables()} WHERE {where}"
    ords = sorted(r[0] for r in conn.execute(found, sql.params))
    results.total = len(ords)
    if facets:
        results.facets = s.facets_from_tops(_tops(conn, stats), ords, doc)
    limit, offset = max(0, int(limit)), max(0, int(offset))
    if not ords:
        return results
    extra = parsed.terms[s.MAX_TERMS :]
    if len(ords) > s.RANK_LIMIT and not extra:
        in_titles = [_title_ords(conn, parsed, term) for term in parsed.terms[: s.MAX_TERMS]]
        rows = s.unranked_page(conn, in_titles, ords, limit, offset)
    else:
        rows = _ranked_rows(conn, parsed, ords, stats, limit, offset)
    results.hits = s.make_hits(conn, rows, parsed)
    return results


def _tops(conn: Any, stats: dict[str, str]):
    """The top-level categories (read once per connection and build)."""
    key = ("tops", stats["build"])
    if key not in conn.cache:
        conn.cache[key] = s.read_tops(conn)
    return conn.cache[key]


def _title_ords(conn: Any, parsed: s.ParsedQuery, term: str) -> list[int]:
    sql = _Sql()
    where = sql.term(parsed, term, TITLE_COLUMNS)
    query = f"SELECT g.ord FROM {sql.tables()} WHERE {where}"
    return [r[0] for r in conn.execute(query, sql.params)]


def _ranked_rows(
    conn: Any,
    parsed: s.ParsedQuery,
    ords: list[int],
    stats: dict[str, str],
    limit: int,
    offset: int,
) -> list[tuple]:
    """One page: more terms in the title first, then bm25 as FTS5 computes it (each
    phrase's weighted hits ``w`` worked out once per row), then book order."""
    sql = _Sql()
    rows, tokens = int(stats["rows"]), int(stats["tokens"])
    weights, scored = [], []
    for form, in_path in _phrases(parsed):
        idf = _idf(conn, form, stats, in_path)
        w = f"w{len(weights)}"
        path = (
            f" + {s.PATH_WEIGHT} * {sql.occurrences('t.path_f', form)}::float8" if in_path else ""
        )
        weights.append(
            f"{s.TITLE_WEIGHT} * {sql.occurrences('t.title_f', form)}::float8"
            f" + 1.0 * {sql.occurrences('t.body_f', form)}::float8{path} AS {w}"
        )
        scored.append(
            f"{sql.add(idf)}::float8 * (({w} * {sql.add(BM25_K1 + 1.0)}::float8) / ({w} + "
            f"{sql.add(BM25_K1)}::float8 * ({sql.add(1 - BM25_B)}::float8 + "
            f"{sql.add(BM25_B)}::float8 * ntok::float8 / {sql.add(tokens / rows)}::float8)))"
        )
    title_terms = [f"({sql.in_title(parsed, t)})::int" for t in parsed.terms[: s.MAX_TERMS]]
    sql.params["ords"], sql.params["limit"], sql.params["offset"] = ords, limit, offset
    query = (
        f"WITH c AS MATERIALIZED (SELECT t.ord, t.ntok, {', '.join(weights)}, "
        f"{' + '.join(title_terms)} AS title_terms FROM {TEXT_TABLE} t "
        "WHERE t.ord = ANY(:ords)), "
        f"m AS (SELECT ord, -1.0::float8 * ({' + '.join(scored)}) AS score, title_terms FROM c), "
        "r AS (SELECT * FROM m ORDER BY title_terms DESC, score, ord LIMIT :limit OFFSET :offset) "
        "SELECT r.ord, n.id, n.doc_id, n.path, n.title, n.kind, n.page_start, r.score, "
        "r.title_terms FROM r JOIN nodes n ON n.ord = r.ord "
        "ORDER BY r.title_terms DESC, r.score, r.ord"
    )
    return [tuple(row) for row in conn.execute(query, sql.params)]


def _phrases(parsed: s.ParsedQuery) -> list[tuple[str, bool]]:
    """The phrases of FTS5's expression in its order, each with whether it may be in the
    path (see :func:`wuwei_desktop.db.search.match_expression`): one term is looked for
    in the title and body; several, each in any column, then each in the title or body."""
    forms = [form for term in parsed.terms[: s.MAX_TERMS] for form in parsed.forms(term)]
    if len(parsed.terms) == 1:
        return [(form, False) for form in forms]
    return [(form, True) for form in forms] + [(form, False) for form in forms]


def _idf(conn: Any, form: str, stats: dict[str, str], in_path: bool) -> float:
    """FTS5's inverse document frequency of one phrase over the whole archive (kept per
    connection and build: it depends on the archive alone)."""
    key = ("idf", stats["build"], form, in_path)
    if key not in conn.cache:
        sql = _Sql()
        where = sql.form(form)
        if in_path:
            where = f"({where} OR {sql.form(form, PATH_COLUMNS)})"
        hits = conn.execute(f"SELECT count(*) FROM {sql.tables()} WHERE {where}", sql.params)
        n_hit, rows = hits.fetchone()[0], int(stats["rows"])
        idf = math.log((rows - n_hit + 0.5) / (n_hit + 0.5))
        conn.cache[key] = idf if idf > 0.0 else 1e-6
    return conn.cache[key]
