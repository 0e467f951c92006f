"""The UI's pure parts: answer layout, sources grouping, the article filter, the calculator form, history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ui import conversation as convo
from ui.calc_form import assign, is_bare_number, read_form, slot_counts, slot_ids, usable
from ui.lookup import UnitRef, parse_unit_ref
from ui.render import DocNames, answer_bubble, answer_parts, group_sources, source_cards, user_bubble

QUOTE = "单笔奖励资金不超过100万元,累计奖励不超过1000万元。"
WARNING = "有效期提示：第六十六条规定的期限已届满。"
ANSWER = "\n".join(
    [
        "按第四十七条，奖励45万元。",
        "",
        "计算过程：",
        "1) 500万 × 4% = 20万",
        "",
        "提示：",
        f"- {WARNING}",
        "",
        "依据原文：",
        f"- 大政发〔2017〕52号 第四十七条：“{QUOTE}”",
    ]
)


def test_the_answer_body_drops_what_the_sources_panel_and_the_banner_show():
    headline, body = answer_parts(ANSWER, [QUOTE], [WARNING])
    assert headline == "按第四十七条，奖励45万元。"
    assert body == ["计算过程：", "1) 500万 × 4% = 20万"]


def test_an_answer_without_sources_keeps_its_lines():
    headline, body = answer_parts("没有找到。\n请换个问法：\n- 第几条", [], [])
    assert (headline, body) == ("没有找到。", ["请换个问法：", "- 第几条"])


def test_everything_in_a_bubble_is_escaped():
    html = answer_bubble({"answer": "<script>x</script>\n<b>y</b>", "citations": [], "warnings": []})
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;y&lt;/b&gt;" in html
    assert user_bubble("<img src=x>\n**a**") == "<div class='user-text'>&lt;img src=x&gt;<br>**a**</div>"


def cite(article, quote, doc="measures-2017-52", item=None):
    return {"doc_id": doc, "article": article, "item": item, "section": "s", "quote": quote}


def test_quotes_of_one_article_make_one_numbered_source():
    groups = group_sources([cite(47, "a"), cite(47, "b"), cite(66, "c"), cite(47, "a")])
    assert [(g.article, g.quotes) for g in groups] == [(47, ["a", "b"]), (66, ["c"])]
    names = DocNames({"measures-2017-52": {"doc_number": "大政发〔2017〕52号", "title": "措施"}})
    html = source_cards([cite(47, "<q>")], names, lambda d, n: "全文<b>", "zh")
    assert "大政发〔2017〕52号 第四十七条" in html and "&lt;q&gt;" in html and "全文&lt;b&gt;" in html
    assert "data-copy='大政发〔2017〕52号 第四十七条：“&lt;q&gt;”'" in html
    assert "data-open-doc='measures-2017-52' data-open-n='47'" in html


@pytest.mark.parametrize(
    ("typed", "ref"),
    [
        ("23", UnitRef(23, None)),
        ("第二十三条", UnitRef(23, "条")),
        ("第8项", UnitRef(8, "项")),
        (" 第 8 项 ", UnitRef(8, "项")),
        ("２３", UnitRef(23, None)),
        ("Article 47", UnitRef(47, None)),
        ("item 8", UnitRef(8, None)),
        ("六十六", UnitRef(66, None)),
    ],
)
def test_the_article_filter_reads_numbers_numerals_and_items(typed, ref):
    assert parse_unit_ref(typed) == ref


@pytest.mark.parametrize("typed", ["", "abc", "0", "第条", "23万"])
def test_the_article_filter_rejects_what_is_not_a_number(typed):
    assert parse_unit_ref(typed) is None


@pytest.mark.parametrize(
    ("value", "bare"),
    [
        ("2000", True),
        ("2,000", True),
        ("两千", True),
        ("2000万", False),
        ("2000元", False),
        ("0", False),
        ("1.5亿", False),
    ],
)
def test_a_number_without_unit_is_bare(value, bare):
    assert is_bare_number(value) is bare


def test_the_form_reads_each_field_and_puts_errors_on_that_field():
    from calculators.registry import CALCULATORS

    spec = CALCULATORS["equity_investment_reward"]
    assert list(assign(spec)) == ["amount-0", "amount-1"]
    args, echo, form = read_form(spec, {"amount-0": "2000万", "amount-1": ""}, "zh")
    assert args == {"amount_yuan": Decimal("20000000")} and not form.errors and "2000万" in echo[0]
    _, _, form = read_form(spec, {"amount-0": "2000", "amount-1": "-5万"}, "en")
    assert "元 (yuan) or 万元" in form.errors["amount-0"] and "amount-1" in form.errors
    _, _, form = read_form(spec, {"amount-0": ""}, "zh")
    assert form.errors["amount-0"].startswith("请填写") and "amount_yuan" not in form.errors["amount-0"]


def test_the_slot_pool_fits_every_calculator_the_form_shows():
    from calculators.registry import CALCULATORS

    slots = set(slot_ids(slot_counts(CALCULATORS)))
    for spec in CALCULATORS.values():
        if usable(spec):
            assert set(assign(spec)) <= slots, spec.name


def test_recent_conversations_newest_first_without_duplicates_and_capped():
    recent: list = []
    first = convo.new_conversation()
    convo.add_turn(first, "问题一", {"answer": "答一", "citations": []})
    recent = convo.remember(recent, first)
    second = convo.new_conversation()
    convo.add_turn(second, "问题二", {"answer": "答二", "citations": []})
    recent = convo.remember(recent, second)
    convo.add_turn(first, "追问", {"answer": "答三", "citations": []})
    recent = convo.remember(recent, first)
    assert [c["title"] for c in recent] == ["问题一", "问题二"]
    assert convo.engine_messages(first, "再问")[-3:] == [
        {"role": "user", "content": "追问"},
        {"role": "assistant", "content": "答三"},
        {"role": "user", "content": "再问"},
    ]
    for _ in range(convo.MAX_RECENT + 5):
        c = convo.new_conversation()
        convo.add_turn(c, "q", {"answer": "a", "citations": []})
        recent = convo.remember(recent, c)
    assert len(recent) == convo.MAX_RECENT
    assert convo.remember(recent, convo.new_conversation()) == recent  # an empty chat is not kept


def test_the_ui_never_imports_the_api_nor_reaches_for_the_global_runtime():
    import ast
    from pathlib import Path

    for path in (Path(__file__).resolve().parents[2] / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            assert not any(n.startswith("assistant.api") for n in names), path
        assert "get_runtime" not in path.read_text(encoding="utf-8"), path
