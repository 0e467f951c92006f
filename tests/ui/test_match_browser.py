"""The policy-matching tab in real Chromium at 390 px and 1366 px: choose who the applicant is, type the
amounts it knows, and see every policy it may claim with its amount, conditions, term and clause."""

from __future__ import annotations

import pytest

from tests.ui.conftest import open_page, shot

pytestmark = pytest.mark.browser
CONTRACT = "技术合同实际发生技术交易额"
RD = "年度实际研发费用支出"


def open_match(page) -> None:
    page.get_by_role("tab", name="政策匹配").click()
    page.locator("#match-who input").wait_for()


def choose(page, *who: str) -> None:
    for name in who:
        page.locator("#match-who input").click()
        page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")


def amount_field(page, role: str):
    """The visible field labelled with the input role (fields are laid out in catalogue order, ids by slot)."""
    return page.locator("[id^='match-field-']:not([id$='-error'])").filter(has_text=role).filter(visible=True)


def visible_labels(page) -> list[str]:
    return [
        f.inner_text().strip()
        for f in page.locator("[id^='match-field-']:not([id$='-error'])").filter(visible=True).all()
    ]


def card(page, title: str):
    return page.locator("#match-result .match-card").filter(has=page.locator(".cite-head", has_text=title))


def test_a_high_tech_enterprise_sees_its_policies_with_amounts_and_citations(page):
    open_match(page)
    assert visible_labels(page) == []  # nothing to fill before the applicant is known
    choose(page, "高新技术企业")
    amount_field(page, CONTRACT).wait_for()
    labels = visible_labels(page)
    assert any(RD in label for label in labels) and len(labels) <= 10, labels  # a short form
    amount_field(page, CONTRACT).locator("textarea, input").fill("300万")
    page.locator("#match-run").click()
    page.locator("#match-result .match-card").first.wait_for()

    total = page.locator("#match-result .match-total").inner_text()
    assert total.startswith("匹配到") and "已算出金额" in total
    contract = card(page, "技术合同企业补助")
    assert contract.locator(".match-amount").inner_text() == "30万元"
    assert "技术合同实际发生技术交易额 300万 × 10% = 30万" in contract.inner_text()
    assert "大政发〔2017〕52号 第二十三条" in contract.locator(".clause-ref").inner_text()
    assert "有效期：2018-01-01 至 2022-12-31（已届满）" in contract.inner_text()
    assert "待确认" in contract.locator(".match-conditions").inner_text()

    first = card(page, "首次认定的高新技术企业")
    assert first.locator(".match-amount").inner_text() == "20万元"
    assert "大政发〔2017〕52号 第十四条" in first.locator(".clause-ref").inner_text()
    # A 300万 contract is not R&D spending: the R&D rules still ask for their own amount.
    rd = card(page, "重点研发项目补助")
    assert rd.locator(".match-amount").inner_text() == f"还需填写：{RD}"
    assert "第六十六条" in page.locator("#match-result .validity").inner_text()  # the expiry note, once
    assert page.locator("#match-result .validity").count() == 1

    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, "match-high-tech")


def test_two_types_add_their_fields_and_an_amount_reaches_only_its_role(page):
    open_match(page)
    choose(page, "高新技术企业", "科技企业孵化器")
    amount_field(page, "上年度运营成本").wait_for()
    amount_field(page, RD).locator("textarea, input").fill("500万")
    page.locator("#match-run").click()
    page.locator("#match-result .match-card").first.wait_for()
    rd = card(page, "重点研发项目补助")
    assert rd.locator(".match-amount").inner_text() == "最高 150万元"
    assert "研发投入不低于200万元（所给年度实际研发费用支出 500万元：已达到）" in rd.inner_text()
    incubator = card(page, "孵化器年度考评补助")
    assert "还需填写：上年度运营成本" in incubator.locator(".match-amount").inner_text()


def test_a_bad_amount_is_reported_beside_its_field(page):
    open_match(page)
    choose(page, "高新技术企业")
    field = amount_field(page, CONTRACT)
    field.locator("textarea, input").fill("300")
    page.locator("#match-run").click()
    error = page.locator(f"#{field.get_attribute('id')}-error .field-error")
    error.wait_for()
    assert "“300”是元还是万元" in error.inner_text()
    assert page.locator("#match-result").inner_text().strip() == ""
    box, below = field.bounding_box(), error.bounding_box()
    assert box and below and 0 <= below["y"] - (box["y"] + box["height"]) < 40  # right under the field
    field.locator("textarea, input").fill("-5万")
    page.locator("#match-run").click()
    page.locator(f"#{field.get_attribute('id')}-error", has_text="负数").wait_for()
    shot(page, "match-bad-amount")


def test_no_applicant_type_is_asked_for(page):
    open_match(page)
    page.locator("#match-run").click()
    page.locator("#match-error .field-error", has_text="请至少选择一种主体类型").wait_for()


def test_a_match_citation_opens_its_article(page):
    open_match(page)
    choose(page, "高新技术企业")
    page.locator("#match-run").click()
    first = card(page, "首次认定的高新技术企业")
    first.get_by_role("button", name="在查条款中打开").click()
    article = page.locator("#browse-text .cite-card")
    article.wait_for()
    assert "大政发〔2017〕52号 第十四条" in article.locator(".cite-head").inner_text()


def test_an_english_browser_gets_english_labels_results_and_errors(chromium, ui_app):
    context, page, console = open_page(chromium, "phone", locale="en-US")
    page.viewport_name = "en"
    try:
        page.goto(ui_app.url + "/")
        page.get_by_role("tab", name="Match").click()
        choose(page, "high-tech enterprise")
        field = amount_field(page, "transaction value actually paid under the technology contract")
        field.locator("textarea, input").fill("300")
        page.locator("#match-run").click()
        page.locator(f"#{field.get_attribute('id')}-error", has_text="元 (yuan) or 万元").wait_for()
        field.locator("textarea, input").fill("300万")
        page.locator("#match-run").click()
        contract = card(page, "Subsidy to enterprises for technology contracts")
        contract.wait_for()
        assert contract.locator(".match-amount").inner_text() == "30万元"
        assert "大政发〔2017〕52号 Article 23" in contract.locator(".clause-ref").inner_text()
        assert "In force: 2018-01-01 to 2022-12-31 (expired)" in contract.inner_text()
        shot(page, "match-english")
        assert console.errors == []
    finally:
        context.close()
