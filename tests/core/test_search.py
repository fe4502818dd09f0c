"""Search engine: exact agreement with a plain substring scan, query language, ranking,
filters, snippets, and safety on any input.

The small archive is built here from the schema and hand-cleaned paragraphs of
data/sources (no parser involved); one test also runs the oracle over the real archive.
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from wuwei_desktop.db.schema import metadata
from wuwei_desktop.db.search import (
    count_sql,
    create_search_index,
    facet_counts,
    parse_query,
    search,
    search_sql,
)

YB, GR = "yearbook-2024", "gov-report-2022"
YB_TITLE, GR_TITLE = "武威年鉴（2024）", "2022年武威市政府工作报告"

# (id, doc, parent, kind, title, page_start, page_end, [(page, text), ...])
TREE = [
    ("yb", YB, None, "document", YB_TITLE, None, None, []),
    ("yb/sq", YB, "yb", "category", "市情概览", 35, 60, []),
    ("yb/sq/zr", YB, "yb/sq", "subcategory", "自然地理", 36, 40, []),
    (
        "yb/sq/zr/dl",
        YB,
        "yb/sq/zr",
        "entry",
        "地理位置",
        36,
        36,
        [
            (
                36,
                "武威市地处甘肃省中部、河西走廊东端，东靠兰州，西通金昌，南依祁连山，"
                "北接腾格里沙漠和巴丹吉林沙漠。",
            ),
        ],
    ),
    (
        "yb/sq/zr/qh",
        YB,
        "yb/sq/zr",
        "entry",
        "气候",
        37,
        37,
        [
            (37, "属温带大陆性干旱气候，其特点是光照充足，昼夜温差大，降水少，蒸发强，多风沙"),
            (37, "全市PM2.5平均浓度同比下降，空气质量稳定达标，优良天数比率同比上升1.7个百分点"),
        ],
    ),
    ("yb/st", YB, "yb", "category", "生态文明建设", 110, 130, []),
    (
        "yb/st/fs",
        YB,
        "yb/st",
        "entry",
        "防沙治沙",
        120,
        121,
        [
            (
                120,
                "纵深推进防沙治沙，4个县区全部纳入河西走廊—塔克拉玛干沙漠边缘阻击战核心攻坚区"
                "项目实施范围，完成人工造林44.4万亩，治理退化草原115.3万亩，营造防风固沙林"
                "41万亩，封育21.7万亩。",
            ),
            (121, "八步沙林场“六老汉”三代人治沙造林群体获得“全国防沙治沙英雄群体”称号。"),
        ],
    ),
    (
        "yb/st/mq",
        YB,
        "yb/st",
        "entry",
        "民勤县生态建设",
        122,
        122,
        [
            (
                122,
                "民勤县实施石羊河流域重点治理，青土湖水域面积稳定在26.6平方千米，"
                "地下水位持续回升，建成民勤防沙治沙纪念馆。",
            ),
            (
                122,
                "民勤沙海绿洲风光：串联民勤石羊河国家湿地公园、青土湖、瑞安堡，"
                "展示民勤独特的民俗风情及大漠平湖的旖旎风光。",
            ),
        ],
    ),
    (
        "yb/st/tb",
        YB,
        "yb/st",
        "table",
        "表1　2023年武威市造林面积",
        123,
        123,
        [(123, "县区 人工造林（万亩） 凉州区 12.1 民勤县 15.3 古浪县 10.2 天祝县 6.8")],
    ),
    ("yb/ly", YB, "yb", "category", "文化旅游", 200, 230, []),
    (
        "yb/ly/5a",
        YB,
        "yb/ly",
        "entry",
        "旅游景区",
        201,
        201,
        [
            (201, "推进天梯山石窟、冰沟河AAAAA级景区创建，争创AAAAA级旅游景区。"),
            (201, "凉州区天梯山石窟游客接待量增长，乡村旅游带动农民增收。"),
        ],
    ),
    ("gr", GR, None, "document", GR_TITLE, None, None, []),
    (
        "gr/1",
        GR,
        "gr",
        "section",
        "一、2021年工作回顾",
        None,
        None,
        [
            (
                None,
                "全年实施招商引资项目314项，落实到位资金209亿元。成功举办“民企武威行”"
                "活动，签约项目83项、总投资137亿元。",
            ),
            (None, "地区生产总值（GDP）增长7.5%，一般公共预算收入增长10.2%"),
        ],
    ),
    (
        "gr/2",
        GR,
        "gr",
        "section",
        "二、2022年工作安排",
        None,
        None,
        [
            (
                None,
                "民勤县以生态功能型和农业优先型为方向，打造全国重要的生态建设示范区；"
                "古浪县重点发展光伏治沙、农光互补、牧光互补工程。",
            ),
            (
                None,
                "聚力精准招商引资。完善招商引资项目支持政策，招商引资到位资金增长6%以上。",
            ),
            (None, "深入开展“三抓三促”行动，推动乡村振兴，巩固拓展脱贫攻坚成果。民勤"),
        ],
    ),
]


def _build(path: Path) -> sqlite3.Connection:
    engine = create_engine(f"sqlite:///{path}")
    metadata.create_all(engine)
    engine.dispose()
    conn = sqlite3.connect(path)
    ids = [n[0] for n in TREE]
    parent = {n[0]: n[2] for n in TREE}
    title = {n[0]: n[4] for n in TREE}

    def path_of(node_id: str) -> list[str]:
        out = []
        while node_id is not None:
            out.append(title[node_id])
            node_id = parent[node_id]
        return out[::-1]

    def end_ord(i: int) -> int:
        j = i
        prefix = ids[i] + "/"
        while j + 1 < len(ids) and ids[j + 1].startswith(prefix):
            j += 1
        return j

    with conn:
        conn.executemany(
            "INSERT INTO documents (id, ord, title, kind, source_file, sha256) "
            "VALUES (?, ?, ?, ?, ?, '')",
            [(YB, 0, YB_TITLE, "年鉴", "yb.txt"), (GR, 1, GR_TITLE, "政府工作报告", "gr.txt")],
        )
        pid = 0
        for i, (nid, doc, par, kind, ttl, p0, p1, paras) in enumerate(TREE):
            conn.execute(
                "INSERT INTO nodes (id, doc_id, parent_id, ord, depth, kind, title, path, "
                "page_start, page_end, end_ord) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    nid,
                    doc,
                    par,
                    i,
                    nid.count("/"),
                    kind,
                    ttl,
                    json.dumps(path_of(nid), ensure_ascii=False),
                    p0,
                    p1,
                    end_ord(i),
                ),
            )
            for seq, (page, text) in enumerate(paras):
                pid += 1
                conn.execute(
                    "INSERT INTO paragraphs (id, node_id, doc_id, seq, page, role, text, line) "
                    "VALUES (?, ?, ?, ?, ?, 'body', ?, 0)",
                    (pid, nid, doc, seq, page, text),
                )
        create_search_index(conn)
    return conn


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    conn = _build(tmp_path_factory.mktemp("search") / "small.db")
    yield conn
    conn.close()


class NodeTexts(dict):
    """Each node's own searchable text (title and paragraphs, one per line), with
    ``paths``: the titles of its ancestors below the document, one per line."""

    paths: dict[str, str]


def node_texts(conn: sqlite3.Connection) -> NodeTexts:
    """Each node's searchable text and path (see :class:`NodeTexts`)."""
    nodes = {
        nid: (parent, kind, ttl)
        for nid, parent, kind, ttl in conn.execute("SELECT id, parent_id, kind, title FROM nodes")
    }
    texts = {nid: ttl for nid, (_p, _k, ttl) in nodes.items()}
    for nid, text in conn.execute("SELECT node_id, text FROM paragraphs ORDER BY id"):
        texts[nid] += "\n" + text
    out = NodeTexts((nid, searchable(text)) for nid, text in texts.items())
    out.paths = {}
    for nid, (parent, _kind, _title) in nodes.items():
        above = []
        while parent is not None:
            parent, kind, title = nodes[parent]
            if kind != "document":
                above.append(title)
        out.paths[nid] = searchable("\n".join(reversed(above)))
    return out


# what a reader looks through when comparing: white space inside a line, quotation marks,
# middle dots and the … of a cut line; full-width ASCII is ASCII, ASCII letters have no case
_LOOKED_THROUGH = "“”‘’「」『』\"'·・•…"


def searchable(text: str) -> str:
    """A text as the plain scan compares it (written apart from the search code)."""
    out = []
    for c in text:
        if "\uff01" <= c <= "\uff5e":
            c = chr(ord(c) - 0xFEE0)
        if c != "\n" and (c.isspace() or c in _LOOKED_THROUGH):
            continue
        out.append(c.lower() if c.isascii() else c)
    return "".join(out)


def oracle(texts: NodeTexts, query: str) -> set[str]:
    """The plain Python scan the index must agree with (texts from :func:`node_texts`):
    every term in the node's text or path, one at least (a single term: the term) in its
    own text, no excluded term in either."""
    parsed = parse_query(query)
    if not parsed.terms:
        return set()
    out = set()
    forms = {t: [searchable(f) for f in parsed.forms(t)] for t in parsed.terms + parsed.excluded}
    for nid, own in texts.items():
        path = texts.paths[nid]

        def has(term: str, where: tuple[str, ...]) -> bool:
            return any(f in text for f in forms[term] for text in where)

        if (
            all(has(t, (own, path)) for t in parsed.terms)
            and any(has(t, (own,)) for t in parsed.terms)
            and not any(has(t, (own, path)) for t in parsed.excluded)
        ):
            out.add(nid)
    return out


def found(conn: sqlite3.Connection, query: str, **kw) -> set[str]:
    res = search(conn, query, limit=100_000, **kw)
    ids = [h.node_id for h in res.hits]
    assert len(ids) == len(set(ids)) == res.total
    return set(ids)


def ids(conn, query: str, **kw) -> list[str]:
    return [h.node_id for h in search(conn, query, limit=1000, **kw).hits]


def sample_queries(texts: dict[str, str], n: int, seed: int = 7) -> list[str]:
    """Substrings of every length 1–8, the last characters of every text, and pairs."""
    rng = random.Random(seed)
    pieces = [p for t in texts.values() for p in t.split("\n") if p]
    queries = []
    for piece in pieces if len(pieces) < 100 else rng.sample(pieces, 100):
        queries += [piece[-1], piece[-2:], piece[-3:], piece[0], piece[:2]]
    for _ in range(n):
        piece = rng.choice(pieces)
        k = rng.randint(1, 8)
        i = rng.randrange(max(1, len(piece) - k + 1))
        queries.append(piece[i : i + k])
    words = list(queries)
    for _ in range(n // 2):
        queries.append(f"{rng.choice(words)} {rng.choice(words)}")
        queries.append(f"{rng.choice(words)} -{rng.choice(words)}")
    return [q for q in queries if q.strip()]


# ----------------------------------------------------------------------- agreement


@pytest.mark.parametrize(
    "query",
    [
        "沙",
        "民勤",
        "防沙治沙",
        "民勤 防沙治沙",
        "民勤　防沙治沙",  # ideographic space
        "风沙",  # the very end of a paragraph
        "沙",
        "勤",  # the very last character of the last paragraph
        "石羊河",
        "招商引资",
        "AAAAA",
        "aaaaa",
        "gdp",
        "PM2.5",
        "2023年",
        "。",
        "44.4万亩",
        "凉州区 旅游",
        "民勤 -治沙",
        "“三抓三促”",
        '"三抓三促"',
        "生态 -",
        "表1",
    ],
)
def test_agrees_with_a_plain_scan(db, query):
    expected = oracle(node_texts(db), query)
    assert found(db, query) == expected


def test_agrees_with_a_plain_scan_over_many_queries(db):
    texts = node_texts(db)
    queries = sample_queries(texts, 400)
    assert len(queries) > 600
    bad = {q: (found(db, q), oracle(texts, q)) for q in queries if found(db, q) != oracle(texts, q)}
    assert bad == {}


def test_one_and_two_characters_are_found(db):
    assert found(db, "沙") >= {"yb/sq/zr/dl", "yb/sq/zr/qh", "yb/st/fs", "yb/st/mq", "gr/2"}
    assert found(db, "民勤") == {"yb/st/mq", "yb/st/tb", "gr/2"}
    # the last character of a paragraph and of the whole text
    assert "yb/sq/zr/qh" in found(db, "沙")
    assert "gr/2" in found(db, "勤")


def test_ascii_is_case_insensitive_and_full_width_is_ascii(db):
    assert found(db, "gdp") == found(db, "GDP") == {"gr/1"}
    assert found(db, "pm2.5") == {"yb/sq/zr/qh"}
    assert found(db, "ＧＤＰ") == found(db, "ｇｄｐ") == {"gr/1"}  # typed in full width
    assert found(db, "ＰＭ２．５") == {"yb/sq/zr/qh"}


# -------------------------------------------------------------------- query language


def test_parse_query():
    assert parse_query("民勤 防沙治沙").terms == ("民勤", "防沙治沙")
    assert parse_query("民勤\u3000防沙治沙").terms == ("民勤", "防沙治沙")
    assert parse_query('"防沙 治沙"').terms == ("防沙治沙",)  # typesetting space removed
    assert parse_query("“三抓 三促”").terms == ("三抓三促",)
    assert parse_query('"Wuwei   City"').terms == ("wuwei city",)
    p = parse_query("民勤 -治沙 -“青土 湖”")
    assert (p.terms, p.excluded) == (("民勤",), ("治沙", "青土湖"))
    assert parse_query("-").terms == ()
    assert parse_query("  \u3000 ").terms == ()
    assert parse_query('"未闭合的 引号').terms == ("未闭合的引号",)
    assert parse_query("a\x00b").terms == ("a", "b")


def test_phrase_is_matched_as_written(db):
    # a quoted phrase is one term: 招商 then 引资, adjacent
    assert found(db, '"招商 引资"') == found(db, "招商引资") == {"gr/1", "gr/2"}
    # unquoted words need only occur in the same node
    assert found(db, "项目 资金") == {"gr/1", "gr/2"}
    assert found(db, '"项目资金"') == set()
    # a phrase never runs from one paragraph into the next
    assert found(db, "风沙全市") == set()
    assert found(db, "成果。民勤") == {"gr/2"}


def test_exclusion(db):
    assert found(db, "民勤 -招商引资") == {"yb/st/mq", "yb/st/tb"}
    assert found(db, "民勤 -石羊河 -表1") == {"gr/2"}
    assert found(db, "-民勤") == set()  # nothing required: nothing listed


def test_all_terms_in_one_node(db):
    # 祁连山 is in 地理位置, 风沙 in 气候: same subcategory, different nodes
    assert found(db, "祁连山 风沙") == set()
    assert found(db, "祁连山 沙漠") == {"yb/sq/zr/dl"}


# ----------------------------------------------------------------------- ranking


def test_title_match_ranks_first(db):
    hits = search(db, "防沙治沙").hits
    assert hits[0].node_id == "yb/st/fs"
    assert hits[0].title_match
    assert [h.title_match for h in hits] == [True] + [False] * (len(hits) - 1)
    assert search(db, "民勤").hits[0].node_id == "yb/st/mq"
    # two terms: the node with both in its title beats those with one or none
    assert search(db, "民勤 生态").hits[0].node_id == "yb/st/mq"


def test_relevance_then_book_order(db):
    # 招商引资 three times in gr/2, once in gr/1
    assert ids(db, "招商引资") == ["gr/2", "gr/1"]
    hits = search(db, "招商引资").hits
    assert [h.count for h in hits] == [3, 1]


def test_pagination(db):
    everything = ids(db, "沙")
    assert len(everything) >= 5
    assert everything[:2] == [h.node_id for h in search(db, "沙", limit=2).hits]
    page2 = search(db, "沙", limit=2, offset=2)
    assert [h.node_id for h in page2.hits] == everything[2:4]
    assert page2.total == len(everything)
    beyond = search(db, "沙", limit=3, offset=1000)
    assert (beyond.hits, beyond.total) == ([], len(everything))
    assert search(db, "沙", limit=0).hits == []


# ---------------------------------------------------------------------- filters


def test_doc_filter(db):
    assert found(db, "民勤", doc=GR) == {"gr/2"}
    assert found(db, "民勤", doc=YB) == {"yb/st/mq", "yb/st/tb"}
    assert found(db, "民勤", doc="no-such-doc") == set()


def test_category_filter(db):
    assert found(db, "沙", category="yb/sq") == {"yb/sq/zr/dl", "yb/sq/zr/qh"}
    assert found(db, "沙", category="yb/sq/zr/qh") == {"yb/sq/zr/qh"}
    assert found(db, "民勤", category="yb/st", doc=YB) == {"yb/st/mq", "yb/st/tb"}
    assert found(db, "民勤", category="yb/st", doc=GR) == set()
    assert found(db, "民勤", category="nope") == set()


def test_facet_counts(db):
    f = facet_counts(db, "民勤")
    assert f.by_doc == {YB: 2, GR: 1}
    assert [(c.node_id, c.title, c.count) for c in f.by_category] == [
        ("yb/st", "生态文明建设", 2),
        ("gr/2", "二、2022年工作安排", 1),
    ]
    assert facet_counts(db, "民勤", doc=GR).by_doc == {GR: 1}
    assert search(db, "民勤", facets=True).facets == f
    assert facet_counts(db, "").by_doc == {}


# ---------------------------------------------------------------------- hit fields


def test_hit_fields(db):
    hit = search(db, "民勤 防沙治沙").hits[0]
    assert hit.node_id == "yb/st/mq"
    assert hit.doc == YB
    assert hit.path == [YB_TITLE, "生态文明建设", "民勤县生态建设"]
    assert hit.title == "民勤县生态建设"
    assert hit.kind == "entry"
    assert hit.page == 122
    assert hit.terms == ["民勤", "防沙治沙"]
    assert "«民勤»" in hit.snippet and "«防沙治沙»" in hit.snippet
    assert hit.count == 1 + 3 + 3  # title, first paragraph, second paragraph
    text = db.execute("SELECT text FROM paragraphs WHERE id = ?", (hit.paragraph_id,))
    text = text.fetchone()[0]
    assert "防沙治沙" in text  # the paragraph with both terms
    assert [text[s:e] for s, e in hit.spans] == ["民勤", "民勤", "防沙治沙"]


def test_snippet_is_a_marked_window(db):
    hit = search(db, "封育").hits[0]
    plain = hit.snippet.replace("«", "").replace("»", "").strip("…")
    assert 40 <= len(plain) <= 90
    assert hit.snippet.count("«封育»") == 1
    assert hit.page == 120
    # every occurrence inside the window is marked
    hit = search(db, "招商引资").hits[0]
    assert hit.snippet.count("«招商引资»") == 3


def test_title_only_match_and_unpaged_documents(db):
    hit = search(db, "工作回顾").hits[0]
    assert (hit.node_id, hit.paragraph_id, hit.page) == ("gr/1", None, None)
    assert hit.snippet == "一、«工作回顾»".replace("一、", "一、2021年")
    assert search(db, "招商引资").hits[0].page is None


def test_ascii_snippet_marks_as_printed(db):
    hit = search(db, "gdp").hits[0]
    assert "«GDP»" in hit.snippet


# ---------------------------------------------------------------------- safety

NASTY = [
    "",
    " ",
    "\u3000\u3000",
    '"',
    '""',
    '"""',
    "“",
    "”",
    "-",
    "--",
    "- -",
    "*",
    "沙*",
    "(",
    ")",
    "(民勤",
    ":",
    "title:民勤",
    "body : 沙",
    "^",
    "^民勤",
    "NEAR",
    "NEAR(民勤 沙)",
    "AND",
    "OR",
    "NOT",
    "民勤 NOT 沙",
    "民勤 OR",
    "a AND b OR NOT c",
    "{title}: x",
    "8+N",
    "'",
    "\\",
    "%",
    "_",
    "\x00",
    "\x00民勤",
    "民\x07勤",
    "\ud800",
    "民勤\udfff",
    "\U0010ffff",
    "\U000f0022",  # the private-use character that stands for " in the index
    "\ufffd",
    "沙" * 10_000,
    "民勤 " * 2_000,
    " ".join(f"词{i}" for i in range(300)),
    "-" * 10_000,
    '"' * 9_999,
    "\n\t\r",
    "𠀀𪚥",
]


@pytest.mark.parametrize("query", NASTY, ids=range(len(NASTY)))
def test_nasty_input_never_raises(db, query):
    res = search(db, query)
    assert res.total >= len(res.hits) >= 0
    if query.strip() in ("", '"', '""', '"""', "“", "”", "-", "--", "- -"):
        assert res.total == 0
    facet_counts(db, query)


def test_nasty_input_still_agrees(db):
    texts = node_texts(db)
    for query in NASTY:
        if "\ud800" in query or "\udfff" in query:
            continue  # the oracle's str ops are fine, but keep the comparison simple
        assert found(db, query) == oracle(texts, query), query


def test_many_terms_beyond_the_fts_limit(db):
    texts = node_texts(db)
    text = texts["yb/st/mq"]
    # some 100 distinct terms, all in one node: FTS checks the first 64, Python the rest
    pairs = (text[i : i + 2] for i in range(len(text) - 1))
    many = " ".join(dict.fromkeys(p for p in pairs if "\n" not in p and " " not in p))
    assert len(parse_query(many).terms) > 64
    assert found(db, many) == oracle(texts, many) == {"yb/st/mq"}
    assert found(db, many + " 招商引资") == set()
    long = " ".join(f"{a}{b}" for a in "民勤县实施石羊河流" for b in "民勤县实施石羊河流")
    assert len(parse_query(long).terms) > 64
    assert found(db, long) == oracle(texts, long)


_ALPHABET = st.sampled_from(
    list(
        "民勤防沙治沙县石羊河凉州区招商引资年亿元。，“”\"'-*():^ \u3000ANDORNEARgdpGDP0123456789.%"
    )
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(_ALPHABET, max_size=20))
def test_property_agrees_with_scan(db, query):
    assert found(db, query) == oracle(node_texts(db), query)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_property_any_text_is_safe(db, query):
    res = search(db, query, limit=5)
    assert 0 <= len(res.hits) <= 5
    assert res.total >= len(res.hits)


def test_sql_is_readable_apart_from_running():
    sql, params = search_sql(parse_query('民勤 "OR" -沙'), ranged=True, doc_check=False)
    assert "MATCH :match" in sql and "bm25" in sql
    assert params["match"] == (
        '(("民勤" AND "or") AND {title body} : ("民勤" OR "or")) NOT ("沙"*)'
    )
    single = search_sql(parse_query("民勤"), ranged=False, doc_check=False)[1]["match"]
    assert single == '{title body} : ("民勤")'
    assert "count(*)" in count_sql(ranged=False, doc_check=False)


# ---------------------------------------------------------------------- real archive


def test_real_archive_agrees_with_a_plain_scan(archive_path: Path):
    conn = sqlite3.connect(f"file:{archive_path}?mode=ro", uri=True)
    try:
        texts = node_texts(conn)
        queries = [
            "民勤", "沙", "防沙治沙", "常住人口", "招商引资", "凉州区", "粮食", "乡村振兴",
            "生产总值", "古浪", "天祝", "民勤 防沙治沙", "2023年", "GDP", "\ufffd",
            *sample_queries(texts, 60, seed=11),
        ]  # fmt: skip
        for q in queries:
            assert found(conn, q) == oracle(texts, q), q
        assert search(conn, "防沙治沙").hits[0].title_match
    finally:
        conn.close()
