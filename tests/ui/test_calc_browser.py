"""The calculators tab in real Chromium at 390 px and 1366 px: only the fields a rule uses, errors beside
the field in the user's language, bare numbers questioned, a steps table without internal names."""

from __future__ import annotations

import pytest

from tests.ui.conftest import open_page, shot

pytestmark = pytest.mark.browser


def open_calc(page) -> None:
    page.get_by_role("tab", name="计算器").click()
    page.locator("#calc-name input").wait_for()


def choose(page, title: str) -> None:
    page.locator("#calc-name input").click()
    page.get_by_role("option", name=title, exact=False).first.click()


def visible_fields(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('[id^="calc-"][id*="-"]')]
            .filter(el => /^calc-(choice|amount|bool|int|text)-\\d+$/.test(el.id) && el.offsetParent !== null)
            .map(el => el.id)"""
    )


def run(page) -> None:
    page.locator("#calc-run").click()


def test_only_the_fields_the_chosen_calculator_uses_are_shown(page):
    open_calc(page)
    choose(page, "定额奖励")
    page.wait_for_function("() => !document.querySelector('#calc-amount-0')?.offsetParent")
    assert visible_fields(page) == ["calc-choice-0"]
    choose(page, "（第四十七条）")
    page.locator("#calc-amount-0").wait_for()
    assert visible_fields(page) == ["calc-amount-0", "calc-amount-1"]
    assert "单笔投资额" in page.locator("#calc-amount-0").inner_text()
    shot(page, "calc-fields")


def test_a_fixed_award_shows_its_amount_without_asking_for_one(page):
    open_calc(page)
    choose(page, "定额奖励")
    page.locator("#calc-choice-0 input").click()
    page.get_by_role("option", name="国家级科技企业孵化器", exact=False).first.click()
    run(page)
    headline = page.locator("#calc-result .calc-headline")
    headline.wait_for()
    assert "100万元" in headline.inner_text() and "最高 0" not in headline.inner_text()


def test_a_bare_number_asks_yuan_or_wan_beside_the_field(page):
    open_calc(page)
    page.locator("#calc-amount-0 textarea").fill("2000")
    run(page)
    error = page.locator("#calc-amount-0-error .field-error")
    error.wait_for()
    assert "元还是万元" in error.inner_text()
    assert page.locator("#calc-result").inner_text().strip() == ""
    field = page.locator("#calc-amount-0").bounding_box()
    below = page.locator("#calc-amount-0-error").bounding_box()
    assert field and below and 0 <= below["y"] - (field["y"] + field["height"]) < 40  # right under the field
    shot(page, "calc-bare-number")


def test_errors_sit_beside_their_field_without_internal_names(page):
    open_calc(page)
    run(page)  # nothing typed
    required = page.locator("#calc-amount-0-error .field-error")
    required.wait_for()
    assert "单笔投资额" in required.inner_text()
    page.locator("#calc-amount-0 textarea").fill("-5万")
    run(page)
    page.locator("#calc-amount-0-error", has_text="负数").wait_for()
    assert "amount_yuan" not in page.locator("body").inner_text()


def test_english_browser_gets_english_errors(chromium, ui_app):
    context, page, console = open_page(chromium, "desktop", locale="en-US")
    try:
        page.goto(ui_app.url + "/")
        page.get_by_role("tab", name="Calculators").click()
        page.locator("#calc-amount-0 textarea").fill("2000")
        page.locator("#calc-run").click()
        error = page.locator("#calc-amount-0-error .field-error")
        error.wait_for()
        assert "Is “2000” in 元 (yuan) or 万元" in error.inner_text()
        page.locator("#calc-amount-0 textarea").fill("-5万")
        page.locator("#calc-run").click()
        page.locator("#calc-amount-0-error", has_text="negative").wait_for()
        assert console.errors == []
    finally:
        context.close()


def test_the_steps_table_names_the_rule_not_the_function_and_fits_a_phone(page):
    open_calc(page)
    page.locator("#calc-amount-0 textarea").fill("2000万")
    run(page)
    table = page.locator("#calc-steps table.steps")
    table.wait_for()
    assert "45万元" in page.locator("#calc-result .calc-headline").inner_text()
    assert "20,000,000" in page.locator("#calc-result").inner_text()
    text = table.inner_text()
    assert "第四十七条" in table.locator("caption").inner_text()
    assert "500万 × 4% = 20万" in text and "大政发〔2017〕52号 第四十七条" in text
    assert "equity_investment_reward" not in page.locator("body").inner_text()
    width = page.viewport_size["width"]
    box = table.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, "calc-steps")
