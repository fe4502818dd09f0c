"""Typesetting spaces go, separators stay: lines as the yearbook prints them."""

from __future__ import annotations

import pytest

from wuwei_desktop.ingest.textclean import join_wrapped, squeeze_spaces

SEP = "\u3000"


@pytest.mark.parametrize(
    ("printed", "clean"),
    [
        ("【人 口 】　2023 年，全 市 常 住 人 口 142.73", "【人口】2023年，全市常住人口142.73"),
        ("公　安", "公安"),  # a short heading letter-spaced
        ("指　　标", "指标"),
        ("� （王丽　戴声桥　摄）", f"�（王丽{SEP}戴声桥摄）"),  # two photographers
        ("（甘曜毓　楚妍霞　邓蕊　摄）", f"（甘曜毓{SEP}楚妍霞{SEP}邓蕊摄）"),
        ("市商务局：党组书记、局长　潘多民", f"市商务局：党组书记、局长{SEP}潘多民"),
        ("市教育局：党组书记、局长　王　娟（女）", f"市教育局：党组书记、局长{SEP}王娟（女）"),
        ("部　　　长　周　勇（侗族，2023 年 4 月免）", f"部长{SEP}周勇（侗族，2023年4月免）"),
        ("　　　　　　　　  校　　长　王　磊", f"校长{SEP}王磊"),
        ("市纪律检查委员会：书　记　孙光慧（女）", f"市纪律检查委员会：书记{SEP}孙光慧（女）"),
        (
            "校　长（院　长）　关维斌（兼，2023 年 11 月免）",
            f"校长（院长）{SEP}关维斌（兼，2023年11月免）",
        ),
        ("第十三条　城市绿地系统规划应当明确绿", f"第十三条{SEP}城市绿地系统规划应当明确绿"),
        ("第一章　总　则", f"第一章{SEP}总则"),
        ("11 日　市委书记柳鹏，市委副书记、市长", "11日市委书记柳鹏，市委副书记、市长"),
        ("图 30　2023 年 4 月", "图30 2023年4月"),
        ("Wuwei  City", "Wuwei City"),
    ],
)
def test_separators_kept_typesetting_removed(printed: str, clean: str) -> None:
    assert squeeze_spaces(printed) == clean


def test_wrapped_phrase_joins_without_a_separator() -> None:
    assert join_wrapped(["全 市 常", "住 人 口 142.73 万人"]) == "全市常住人口142.73万人"
