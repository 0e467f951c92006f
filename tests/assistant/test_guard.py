"""The provenance guard reads every way of writing an amount, and flags the ones no source supports."""

import pytest

from assistant.guard import number_values, untraceable_numbers

REWARD_SOURCE = {"amount_yuan": "5200000.00"}  # a calculator result in yuan


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("an investment of 52m yuan", "52m", "52000000"),
        ("a reward of 5.2M", "5.2M", "5200000"),
        ("about 520k of subsidy", "520k", "520000"),
        ("奖励RMB520000", "520000", "520000"),
        ("投资5200万元人民币", "5200万", "52000000"),
        ("补助¥5,200,000", "5200000", "5200000"),
        ("0.45 million yuan", "0.45 million", "450000"),
        ("RMB 5.2m", "5.2m", "5200000"),
    ],
)
def test_amounts_are_read_as_the_numbers_they_are(text, mention, value):
    values = number_values(text)
    assert mention in values and value in values[mention], values


@pytest.mark.parametrize("text", ["52m", "5.2M", "520k", "RMB520000", "5200万元人民币", "¥5,200,000"])
def test_each_is_flagged_when_no_source_has_it(text):
    assert untraceable_numbers(f"The reward is {text}.", [{"amount_yuan": "450000.00"}]) != []


@pytest.mark.parametrize(
    "text", ["5.2M", "5200k", "RMB5200000", "520万元人民币", "¥5,200,000", "5.2 million yuan", "0.052亿"]
)
def test_each_passes_when_a_source_has_the_value(text):
    assert untraceable_numbers(f"奖励为{text}。", [REWARD_SOURCE]) == []


def test_a_scaled_amount_is_not_excused_by_its_bare_digits():
    # the source says 52 (a count), not 52 million
    assert untraceable_numbers("The fund is 52m yuan.", ["共52家企业"]) == ["52m"]


def test_names_and_labels_are_not_claims():
    text = "依据大政发〔2017〕52号第四十七条，支持5G、GB2312和第3项；measures-2017-52 Article 47"
    assert untraceable_numbers(text, []) == []


def test_chinese_and_arabic_forms_of_one_amount_match():
    assert untraceable_numbers("可获奖励四十五万元，即450,000元（45万）", [{"amount_yuan": "450000"}]) == []
    assert untraceable_numbers("可获奖励46万元", [{"amount_yuan": "450000"}]) == ["46万"]


def test_user_numbers_and_percentages():
    assert untraceable_numbers("按4%计算", ["比例为0.04"]) == []
    assert untraceable_numbers("按5%计算", ["比例为0.04"]) == ["5%"]
