import contextlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators.amounts import AmountError, ambiguous_amount, find_amounts, format_wan, parse_amount

TWENTY_MILLION = Decimal(20_000_000)


@pytest.mark.parametrize(
    "text",
    [
        "2000万",
        "2,000万元",
        "2千万",
        "两千万",
        "0.2亿",
        "20000000",
        "20,000,000元",
        "RMB 20 million",
        "20 million yuan",
        "２０００万",
        "2000万元人民币",
        "￥20,000,000",
        "2000w",
        "贰仟万",
    ],
)
def test_every_way_people_write_twenty_million(text):
    assert parse_amount(text).yuan == TWENTY_MILLION


def test_other_amounts():
    assert parse_amount("1.5亿元").yuan == Decimal(150_000_000)
    assert parse_amount("1亿5千万").yuan == Decimal(150_000_000)
    assert parse_amount("45万").yuan == Decimal(450_000)
    assert parse_amount(Decimal("123.45")).yuan == Decimal("123.45")


@pytest.mark.parametrize(
    ("text", "fragment_zh"),
    [
        ("-5", "负数"),
        ("0", "大于0"),
        ("nan", "有效数字"),
        ("inf", "有效数字"),
        ("两三千万", "歧义"),
        ("abc", "无法识别"),
        ("2万亿", "1万亿"),
        ("", "请提供金额"),
        ("3000万美元", "外币"),
    ],
)
def test_bad_input_gets_a_chinese_message(text, fragment_zh):
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert fragment_zh in info.value.message("zh")
    assert info.value.message("en")


def test_foreign_currency_is_reported_not_converted():
    with pytest.raises(AmountError) as info:
        parse_amount("USD 3 million")
    assert "USD" in info.value.message_zh


def test_find_amounts_in_chat_text():
    found = find_amounts("我们基金投了2000万，第四十七条规定2017年起按4%奖励，能拿多少？")
    assert [m.yuan for m in found] == [TWENTY_MILLION]
    assert [m.currency for m in find_amounts("投了3000万美元")] == ["USD"]
    assert [m.yuan for m in find_amounts("单笔投资20000000元")] == [TWENTY_MILLION]
    assert find_amounts("第47条第3款 2019年") == []


def test_ambiguous_ranges_are_detected():
    assert ambiguous_amount("大概两三千万")
    assert ambiguous_amount("2000-3000万")
    assert not ambiguous_amount("2000万")


def test_display_in_wan():
    assert format_wan(Decimal(450_000)) == "45万元"
    assert format_wan(Decimal(15_000)) == "1.5万元"


@given(st.text(max_size=40))
def test_parser_never_raises_anything_but_its_typed_error(text):
    try:
        result = parse_amount(text)
    except AmountError:
        return
    assert result.yuan > 0


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.none(), st.booleans()))
def test_non_string_inputs_never_crash(value):
    with contextlib.suppress(AmountError):
        parse_amount(value)


@given(st.text(max_size=60))
def test_find_amounts_never_raises(text):
    for m in find_amounts(text):
        assert m.yuan > 0


@pytest.mark.parametrize(
    ("text", "yuan", "currency"),
    [
        ("研发投入三千多万", 30_000_000, "CNY"),
        ("研发投入3000多万", 30_000_000, "CNY"),
        ("300余万元", 3_000_000, "CNY"),
        ("三十来万", 300_000, "CNY"),
        ("一亿多", 100_000_000, "CNY"),
        ("1000多元", 1000, "CNY"),
        ("融资2000多万美元", 20_000_000, "USD"),
    ],
)
def test_an_approximate_figure_is_read_as_its_lower_bound_and_marked(text, yuan, currency):
    (found,) = find_amounts(text)
    assert found.approx and found.yuan == yuan and found.currency == currency


@pytest.mark.parametrize("text", ["三千多家企业", "20多个项目", "十多家", "投资多少", "3000多年"])
def test_an_approximate_count_or_a_question_is_no_amount(text):
    assert find_amounts(text) == []


def test_an_exact_figure_is_not_approximate():
    assert [a.approx for a in find_amounts("投了两千万，今年又投了1500万元")] == [False, False]


@pytest.mark.parametrize(
    ("text", "found"), [("这两块市里分别能给多少", []), ("500块", [500]), ("两万块", [20000])]
)
def test_a_small_spoken_numeral_before_kuai_is_pieces_not_money(text, found):
    assert [a.yuan for a in find_amounts(text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("新增贷款2000万余额", [(20_000_000, False)]),  # 余额 is a balance, not 余 (odd)
        ("两千多平方米", []),
        ("这2块", []),
        ("运营成本几十万", [(100_000, True)]),
        ("一千万出头", [(10_000_000, True)]),
        ("2000万左右", [(20_000_000, True)]),
    ],
)
def test_review_cases_of_approximate_and_non_money_figures(text, found):
    assert [(a.yuan, a.approx) for a in find_amounts(text)] == found


def test_wan_yi_is_in_case_not_a_sum():
    assert find_amounts("万一坏账了银行有补偿吗") == []
    assert [a.yuan for a in find_amounts("投了两千万，万一不够再说")] == [Decimal(20_000_000)]
    assert [a.yuan for a in find_amounts("一万一")] == [Decimal(11_000)]


@pytest.mark.parametrize(("text", "currency"), [("raise USD 12 million", "USD"), ("EUR 5 million", "EUR")])
def test_a_currency_written_before_the_figure_with_a_space_is_that_currency(text, currency):
    (found,) = find_amounts(text)
    assert (found.currency, found.yuan) == (currency, Decimal(int(text.split()[-2]) * 10**6))
