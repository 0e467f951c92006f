"""The look-up tab in real Chromium at 390 px and 1366 px: documents by 文号, the article filter, copy buttons."""

from __future__ import annotations

import pytest

from tests.ui.conftest import shot

pytestmark = pytest.mark.browser


def open_lookup(page) -> None:
    page.get_by_role("tab", name="查条款").click()
    # The page has loaded once a document is chosen (the choices arrive with the page's load event).
    page.wait_for_function("() => document.querySelector('#browse-doc input')?.value")


def choose_doc(page, number: str) -> None:
    page.locator("#browse-doc input").click()
    page.get_by_role("option", name=number, exact=False).click()


def shown(page, before: str) -> str:
    """The article (or error) in the look-up pane once it differs from what was there before."""
    page.wait_for_function(
        "before => { const el = document.querySelector('#browse-text :is(.cite-card, .field-error)');"
        " return el && el.innerText !== before; }",
        arg=before,
    )
    return page.locator("#browse-text :is(.cite-card, .field-error)").first.inner_text()


def current(page) -> str:
    pane = page.locator("#browse-text :is(.cite-card, .field-error)")
    return pane.first.inner_text() if pane.count() else ""


def show(page, ref: str) -> str:
    before = current(page)
    page.locator("#browse-ref textarea").fill(ref)
    page.locator("#browse-go").click()
    return shown(page, before)


def test_documents_are_listed_by_doc_number_and_title(page):
    open_lookup(page)
    assert page.locator("#browse-doc input").input_value().startswith("大")  # a 文号, not an internal id
    page.locator("#browse-doc input").click()
    options = page.get_by_role("option").all_inner_texts()
    assert any("大政发〔2017〕52号" in o and "大连市支持科技创新若干政策措施" in o for o in options)
    assert any("大委发〔2017〕31号" in o for o in options)
    assert any("大政办发〔2017〕118号" in o for o in options) and any(
        "大政办发〔2017〕119号" in o for o in options
    )
    assert not any("measures-2017-52" in o or "opinions-2017-31" in o for o in options)
    shot(page, "lookup-documents")


def test_the_article_filter_takes_numbers_chinese_numerals_and_items(page):
    open_lookup(page)
    by_number = show(page, "23")
    assert "大政发〔2017〕52号 第二十三条" in by_number and "技术合同" in by_number
    assert "第四十七条" in show(page, "47")
    assert show(page, "第二十三条") == by_number
    before = current(page)
    choose_doc(page, "大政办发〔2017〕118号")
    assert "大政办发〔2017〕118号 第23项" in shown(
        page, before
    )  # the number typed, now in the other document
    before = current(page)
    choose_doc(page, "大委发〔2017〕31号")
    assert "没有第23项" in shown(page, before)
    item = show(page, "第8项")
    assert "大委发〔2017〕31号 第8项" in item
    wrong = show(page, "第九十九项")
    assert "没有第99项" in wrong
    assert "看不懂" in show(page, "abc")
    shot(page, "lookup-filter")


def test_picking_from_the_contents_shows_the_article(page):
    open_lookup(page)
    page.locator("#browse-unit input").click()
    page.get_by_role("option", name="第四十七条", exact=False).first.click()
    assert "股权投资企业投资大连科技创新企业" in shown(page, "")
    assert page.locator("#browse-ref textarea").input_value() == "47"


def test_search_hits_have_a_copy_citation_button(page):
    open_lookup(page)
    page.locator("#search-input textarea").fill("孵化器")
    page.locator("#search-go").click()
    hit = page.locator("#search-results .cite-card").first
    hit.wait_for()
    head = hit.locator(".cite-head").inner_text()
    hit.get_by_role("button", name="复制引用").click()
    hit.locator(".cite-btn.done").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    ref = head.split(" ", 1)[1].rsplit(" ", 1)[0]  # "1 大政发〔2017〕52号 第十二条 title" -> 文号 + 条
    assert copied.startswith(ref + "：“") and "孵化器" in copied
    shot(page, "lookup-search")


def test_the_lookup_tab_fits_a_phone(page):
    open_lookup(page)
    show(page, "47")
    width = page.viewport_size["width"]
    for selector in (
        "#browse-doc",
        "#browse-ref",
        "#browse-unit",
        "#browse-go",
        "#browse-text",
        "#search-go",
    ):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, selector
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, "lookup-phone")
