"""Accessibility and language in real Chromium at 390 px and 1366 px: WCAG AA contrast computed from the
rendered styles, a label on every control, and labels (Gradio's own included) in the browser's language."""

from __future__ import annotations

import re

import pytest

from tests.ui.conftest import open_page, shot

pytestmark = pytest.mark.browser
TABS_ZH = ("咨询", "查条款", "计算器", "政策匹配")
TABS_EN = ("Ask", "Look up", "Calculators", "Match")

CONTRAST = """() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
  const lum = ({ r, g, b }) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
    let bg = { r: 255, g: 255, b: 255, a: 1 }; for (const l of layers.reverse()) bg = over(l, bg); return bg; };
  const ratio = (fg, bg) => { const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x); return (a + 0.05) / (b + 0.05); };
  const failures = []; const seen = new Set();
  const check = (el, text, color) => {
    const cs = getComputedStyle(el); const size = parseFloat(cs.fontSize); const bold = parseInt(cs.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5; const bg = background(el);
    const fg = over(color, bg); const r = ratio(fg, bg);
    if (r < need) failures.push(`${text.slice(0, 30)} ${r.toFixed(2)} ${cs.color} on rgb(${bg.r|0},${bg.g|0},${bg.b|0})`);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement; const text = n.textContent.trim();
    if (!text || !el || seen.has(el)) continue; seen.add(el);
    const r = el.getBoundingClientRect(); const cs = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || el.closest('[aria-hidden="true"]')) continue;
    if (el.closest('button:disabled, [aria-disabled="true"]')) continue;  // inactive controls are exempt
    let hidden = false; for (let e = el; e; e = e.parentElement) if (parseFloat(getComputedStyle(e).opacity) === 0) hidden = true;
    if (hidden) continue;
    check(el, text, parse(cs.color));
  }
  for (const el of document.querySelectorAll('textarea[placeholder], input[placeholder]')) {
    if (el.getBoundingClientRect().width === 0 || el.value) continue;
    check(el, el.placeholder, parse(getComputedStyle(el, '::placeholder').color));
  }
  return failures;
}"""

UNLABELLED = """() => {
  const name = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\\s+/).map((id) => document.getElementById(id)?.innerText || '').join(' ').trim();
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label').trim();
    if (el.labels && el.labels.length) return [...el.labels].map((l) => l.innerText).join(' ').trim();
    if (el.tagName === 'BUTTON' || el.getAttribute('role') === 'tab') return (el.innerText || el.title || '').trim();
    return (el.title || '').trim();
  };
  return [...document.querySelectorAll('input, textarea, select, button, [role="tab"], [role="combobox"]')]
    .filter((el) => el.getBoundingClientRect().width > 0 && !el.closest('[aria-hidden="true"]') && el.type !== 'hidden')
    .filter((el) => !name(el) || (el.placeholder && name(el) === el.placeholder.trim()))
    .map((el) => el.outerHTML.slice(0, 120));
}"""

CONTROL_NAMES = """() => {
  const out = [];
  for (const el of document.querySelectorAll('button, label, [role="tab"], [aria-label], [title], [placeholder]')) {
    if (el.getBoundingClientRect().width === 0 || el.closest('[aria-hidden="true"], [data-testid="bot"], [data-testid="user"], .message-content, .cite-card, .validity, .steps-wrap')) continue;
    for (const v of [el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('placeholder'),
                     ['BUTTON', 'LABEL'].includes(el.tagName) || el.getAttribute('role') === 'tab' ? el.innerText : null])
      if (v && v.trim()) out.push(v.trim());
  }
  return [...new Set(out)];
}"""


def answered(page, question: str) -> None:
    page.locator("#chat-input textarea").fill(question)
    page.locator("#chat-send").click()
    page.locator("#chatbot [data-testid='bot'] .headline").first.wait_for()


def each_tab(page, names):
    for name in names:
        page.get_by_role("tab", name=name).click()
        page.wait_for_timeout(300)
        yield name


def test_text_meets_wcag_aa_contrast_in_every_tab(page):
    # Measure settled colours, not a frame in the middle of a hover or tab transition.
    page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; animation: none !important; }"
    )
    answered(page, "我们基金投了2000万，能拿多少奖励？")
    page.locator("#chatbot [aria-label='有帮助']").first.click()
    page.locator("#fb-status .fb-done").wait_for()
    failures = {}
    for tab in each_tab(page, TABS_ZH):
        if tab == "计算器":
            page.locator("#calc-amount-0 textarea").fill("2000")
            page.locator("#calc-run").click()
            page.locator("#calc-amount-0-error .field-error").wait_for()
        if tab == "政策匹配":  # results with every kind of check (met, not met, to confirm) and a field error
            page.locator("#match-who input").click()
            page.get_by_role("option", name="高新技术企业", exact=True).click()
            page.keyboard.press("Escape")
            fields = page.locator("[id^='match-field-']:not([id$='-error'])").filter(visible=True)
            fields.filter(has_text="活动经费").locator("textarea").fill("5")
            page.locator("#match-run").click()
            page.locator("[id^='match-field-'] .field-error").wait_for()
            with_error = page.evaluate(CONTRAST)
            fields.filter(has_text="活动经费").locator("textarea").fill("")
            fields.filter(has_text="年度实际研发费用支出").locator("textarea").fill("500万")
            page.locator("#match-run").click()
            page.locator("#match-result .check.not_met").first.wait_for()
            failures[tab] = with_error + page.evaluate(CONTRAST)
            continue
        failures[tab] = page.evaluate(CONTRAST)
    assert failures == {t: [] for t in TABS_ZH}
    shot(page, "a11y-contrast")
    # The check itself catches a low-contrast label (grey #999 on white is 2.8:1).
    page.get_by_role("tab", name="计算器").click()
    page.add_style_tag(content="#calc-run { color: #999999 !important; background: #ffffff !important; }")
    assert any(f.startswith("计算") for f in page.evaluate(CONTRAST))


def test_every_control_has_a_label(page):
    answered(page, "国家级孵化器补多少？")
    missing = {tab: page.evaluate(UNLABELLED) for tab in each_tab(page, TABS_ZH)}
    assert missing == {t: [] for t in TABS_ZH}
    page.get_by_role("tab", name="计算器").click()
    page.evaluate("document.querySelector('#calc-run').setAttribute('aria-label', '')")
    page.evaluate("document.querySelector('#calc-run').textContent = ''")
    assert page.evaluate(UNLABELLED)  # the check itself notices a control without a name
    assert page.locator("#chat-input textarea").evaluate("el => el.labels[0].innerText.trim()") == "输入问题"


ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_chinese_browser_gets_chinese_controls_gradios_own_included(page):
    answered(page, "国家级孵化器补多少？")
    for tab in each_tab(page, TABS_ZH):
        names = page.evaluate(CONTROL_NAMES)
        english = [n for n in names if ENGLISH_WORD.search(n)]
        assert english == [], (tab, english)
    for builtin in ("复制消息", "有帮助", "没帮助", "清空对话"):
        assert page.locator(f"#chatbot [aria-label='{builtin}']").count() >= 1, builtin


def test_an_english_browser_gets_english_controls(chromium, ui_app):
    context, page, console = open_page(chromium, "phone", locale="en-US")
    page.viewport_name = "en"
    try:
        page.goto(ui_app.url + "/")
        page.locator("#chat-input textarea").wait_for()
        answered(page, "How much for a national-level incubator?")
        for tab in each_tab(page, TABS_EN):
            names = page.evaluate(CONTROL_NAMES)
            chinese = [n for n in names if CJK.search(n) and not re.search(r"〔\d{4}〕|\d+号", n)]
            assert chinese == [], (tab, chinese)
        for builtin in ("Copy message", "Helpful", "Not helpful", "Clear"):
            assert page.locator(f"#chatbot [aria-label='{builtin}']").count() >= 1, builtin
        shot(page, "a11y-english")
        assert console.errors == []
    finally:
        context.close()
