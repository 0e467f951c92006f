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
