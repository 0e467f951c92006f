import pytest

from core.numerals import chinese_to_int, int_to_chinese


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十五", 15),
        ("四十七", 47),
        ("六十六", 66),
        ("一百零一", 101),
        ("两千", 2000),
        ("一万二千", 12000),
        ("两千万", 20_000_000),
        ("一亿五千万", 150_000_000),
        # a lone numeral after a unit is the next unit down, as it is said
        ("三万五", 35_000),
        ("两百五", 250),
        ("一亿二", 120_000_000),
        ("一百零五", 105),
    ],
)
def test_parses_numerals(text, value):
    assert chinese_to_int(text) == value


def test_round_trips_all_article_numbers():
    for n in range(1, 200):
        assert chinese_to_int(int_to_chinese(n)) == n
    assert int_to_chinese(47) == "四十七"
    assert int_to_chinese(10) == "十"


def test_rejects_non_numerals():
    with pytest.raises(ValueError):
        chinese_to_int("四十七条")


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("投了三万五", [35_000]),
        ("一百零五万", [1_050_000]),
        ("合同一个500万一个900万", [5_000_000, 9_000_000]),  # 一个 counts the next item
        ("500万一笔", [5_000_000]),
        ("两万五千五", [25_500]),  # the closing numeral by its position, not its character
        ("五百五十五万", [5_550_000]),
        ("单笔投资五百万一期", [5_000_000]),
    ],
)
def test_amounts_in_text_read_spoken_numerals_and_counter_words(text, yuan):
    from calculators.amounts import find_amounts

    assert [int(a.yuan) for a in find_amounts(text)] == yuan
