"""A quoted phrase copied from the text finds the place it was copied from, spaces and
all ("表6 武威市", "金奉乾 张婷"), and a phrase typed with a stray space still finds the
cleaned text ("防沙 治沙")."""

from __future__ import annotations

import re

import pytest

from wuwei_desktop.db.search import SPLIT_TRIES, find_spans, parse_query, split_words, term_pattern


def copied_phrases(archive, width: int) -> list[tuple[str, str]]:
    """(node id, phrase) around every white space in the archive's paragraphs, as a
    reader would select and copy it."""
    out = []
    for node_id, text in archive._rows("SELECT node_id, text FROM paragraphs ORDER BY id"):
        for space in re.finditer(r"\s+", text):
            phrase = text[max(0, space.start() - width) : space.end() + width].strip()
            out.append((node_id, phrase))
    return out


@pytest.mark.parametrize("width", [2, 4, 8])
def test_every_phrase_with_a_space_copied_from_the_text_is_found(archive, width: int) -> None:
    phrases = copied_phrases(archive, width)
    assert len(phrases) > 100  # the archive keeps spaces between numbers and titles, names
    missing = [
        phrase
        for node_id, phrase in phrases
        if node_id not in {h.node_id for h in archive.search(f'"{phrase}"', limit=2000).hits}
    ]
    assert missing == []


def test_phrases_known_to_have_failed(archive) -> None:
    for phrase, where in [
        ("表6 武威市", "yearbook-2024"),
        ("金奉乾 张婷", "outlook-2024"),
        ("市代市长 王国斌", None),
    ]:
        results = archive.search(f"“{phrase}”", limit=50)
        assert results.total >= 1, phrase
        hit = next(h for h in results.hits if where is None or h.doc == where)
        assert phrase in hit.snippet.replace("«", "").replace("»", ""), hit.snippet
        assert phrase in results.terms  # the reader highlights the phrase as written


def test_a_stray_space_in_a_typed_phrase_still_finds_the_clean_text(archive) -> None:
    squeezed = archive.search('"防沙治沙"', limit=500)
    spaced = archive.search('"防沙 治沙"', limit=500)
    assert squeezed.total > 10 and spaced.total == squeezed.total
    assert parse_query('"防沙 治沙"').forms("防沙治沙") == ("防沙治沙", "防沙 治沙")


def test_an_excluded_phrase_with_a_space_excludes_as_written(archive) -> None:
    everything = archive.search("武威市", limit=5000)
    without = archive.search('武威市 -"表6 武威市"', limit=5000)
    assert 0 < without.total < everything.total
    assert without.hits and all("表6 武威市" not in h.title for h in without.hits)


def test_text_typed_without_the_space_the_source_prints_is_found(archive) -> None:
    # two photographers in a photo credit, set apart by an ideographic space (p63, p254)
    joined = archive.search("王丽戴声桥", limit=50)
    spaced = archive.search("王丽　戴声桥", limit=50)
    assert joined.total == 2
    assert {h.node_id for h in joined.hits} == {h.node_id for h in spaced.hits}
    for hit in joined.hits:
        assert "«王丽\u3000戴声桥»摄" in hit.snippet  # the space shown, the whole marked
        assert hit.count == 1
    # every phrase with a space, typed without it, finds where it stands
    phrases = copied_phrases(archive, 3)
    missing = [
        phrase
        for node_id, phrase in phrases
        if node_id
        not in {h.node_id for h in archive.search("".join(phrase.split()), limit=2000).hits}
    ]
    assert missing == []


def test_spans_reach_across_white_space_inside_a_paragraph() -> None:
    text = "现场（王丽\u3000戴声桥摄）；王丽 戴声桥；王丽\n戴声桥"
    assert find_spans(text, ["王丽戴声桥"]) == [(3, 9), (12, 18)]  # not across a newline
    assert re.fullmatch(term_pattern("王丽戴声桥"), "王丽\u3000 戴声桥")
    assert find_spans("民勤县民勤", ["民勤"]) == [(0, 2), (3, 5)]  # no white space: as before


@pytest.mark.parametrize(
    ("query", "node_id", "printed"),
    [
        # quotation marks and middle dots a user leaves out
        (
            "三抓三促行动",
            "yearbook-2024/中国共产党武威市委员会/重要会议/全市“三抓三促”行动动员部署会议",
            "“三抓三促”行动",
        ),
        ("两山实践创新基地", "yearbook-2024/大事记/7月/13日", "“两山”实践创新基地"),
        ("1+6+N奶产业", "yearbook-2024/农业/畜牧业/牛产业", "“1+6+N”奶产业"),
        ("十四五规划", "outlook-2024", "“十四五”规划"),
        ("甘肃民勤蜜瓜产业大会", "yearbook-2024/大事记/7月/30日", "甘肃·民勤蜜瓜产业大会"),
        ("天马行空自在武威", "yearbook-2024/旅游业/综述/文旅融合发展", "天马行空·自在武威"),
        # the … the extraction left where a line was cut (p243)
        ("学生（幼儿）", "yearbook-2024/教育/综述/概况", "学生（幼…儿）"),
        ("专任教师21169人", "yearbook-2024/教育/综述/概况", "专任教师…21169人"),
        # full-width digits and letters, half-width brackets
        ("５Ｇ基站", "yearbook-2024/工业建筑业/综述/数字赋能增效", "5G基站"),
        ("２０２３年 光伏治沙", "yearbook-2024/工业建筑业/新能源产业/新能源项目建设", "光伏治沙"),
        ("(市统计局)", "yearbook-2024/经济监管/统计/依法治统", "（市统计局）"),
    ],
)
def test_a_passage_typed_the_way_a_user_types_it_is_found(archive, query, node_id, printed):
    hits = {h.node_id: h for h in archive.search(query, limit=200).hits}
    assert node_id in hits, query
    assert printed in hits[node_id].snippet.replace("«", "").replace("»", "")
    assert "«" in hits[node_id].snippet  # and marked where it stands


def test_a_phrase_remembered_approximately_is_split_into_what_the_text_holds(archive):
    def found(query: str) -> bool:
        return archive.search(query, limit=0).total > 0

    # the text says 2023年，武威市地区生产总值708.08亿元: another order, other words between
    assert archive.search("武威市2023年生产总值").total == 0
    assert split_words("武威市2023年生产总值", found) == "武威市 2023年 生产总值"
    assert archive.search("武威市 2023年 生产总值").total >= 1
    assert split_words("古浪八步沙六老汉", found) == "古浪八步沙 六老汉"
    assert split_words("民勤", found) is None  # found as it is: nothing to change
    assert split_words("没有这个词语啊", found) is None  # too much of it is nowhere


def test_splitting_keeps_numbers_whole_and_asks_a_bounded_number_of_queries():
    asked: list[str] = []

    def found(query: str) -> bool:
        asked.append(query)
        return all(piece in "去年708.08亿元。生产总值" for piece in query.split())

    assert split_words("708.08亿元生产总值", found) == "708.08亿元 生产总值"
    assert split_words("甲乙丙丁戊己庚辛壬癸子丑", lambda q: asked.append(q) or False) is None
    assert len(asked) <= 2 * SPLIT_TRIES


def test_cli_suggests_the_pieces_when_nothing_is_found(archive_path, capsys):
    from wuwei_desktop.cli import main

    assert main(["--db", str(archive_path), "search", "凉州区葡萄酒"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("没有找到“凉州区葡萄酒”。可以试试：凉州区 葡萄酒（")
    assert main(["--db", str(archive_path), "search", "没有这个词语啊"]) == 0
    assert capsys.readouterr().out.startswith("没有找到“没有这个词语啊”。可以试试更短的检索词。")
