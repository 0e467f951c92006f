"""The chat tab in real Chromium at 390 px and 1366 px: answer first, sources once, conversation handling,
feedback per answer, user text as text."""

from __future__ import annotations

import threading
import time

import pytest

from tests.ui.conftest import shot

pytestmark = pytest.mark.browser
EQUITY = "我们基金投了2000万，能拿多少奖励？"


def headline_of(fake_assistant, *turns: str) -> str:
    from tests.conftest import ask

    return ask(fake_assistant, *turns).answer.strip().splitlines()[0]


def send(page, question: str) -> None:
    page.locator("#chat-input textarea").fill(question)
    page.locator("#chat-send").click()


def bot_bubbles(page):
    return page.locator("#chatbot [data-testid='bot']")


def wait_answers(page, n: int) -> None:
    """``n`` finished answers, and the chat's progress indicator gone (the answer's stream has ended)."""
    page.wait_for_function(
        "n => document.querySelectorAll(\"#chatbot [data-testid='bot'] .headline\").length >= n"
        " && !document.querySelector('#chatbot .wrap.minimal:not(.hide)')",
        arg=n,
    )


def in_view(page, locator) -> bool:
    """Visible without scrolling: inside the window and inside the chat's own scroll box."""
    return page.evaluate(
        """el => { const r = el.getBoundingClientRect();
            const box = el.closest('.bubble-wrap').getBoundingClientRect();
            return r.height > 0 && r.top >= Math.max(0, box.top) && r.bottom <= Math.min(innerHeight, box.bottom); }""",
        locator.element_handle(),
    )


def test_the_headline_of_each_answer_is_in_view_and_fast(page, ui_app, fake_assistant):
    send(page, EQUITY)
    wait_answers(page, 1)
    first = bot_bubbles(page).last.locator(".headline")
    assert first.inner_text() == headline_of(fake_assistant, EQUITY)
    assert "45万元" in first.inner_text()
    assert in_view(page, first)
    started = time.monotonic()
    send(page, "国家级孵化器补多少？")
    wait_answers(page, 2)
    elapsed = time.monotonic() - started
    page.wait_for_timeout(100)  # the scroll runs right after the answer is drawn
    second = bot_bubbles(page).last.locator(".headline")
    assert second.inner_text() == headline_of(fake_assistant, EQUITY, "国家级孵化器补多少？")
    assert in_view(page, second)
    assert elapsed < 1.0, f"answer shown {elapsed:.2f}s after the click"
    shot(page, "chat-answer-first")


def test_a_streamed_answer_shows_what_has_arrived_before_it_is_finished(page, ui_app, fake_assistant):
    from assistant.messages import AnswerEvent

    final = fake_assistant.answer([{"role": "user", "content": EQUITY}])
    first, rest = final.answer[:8], final.answer[8:]
    go_on = threading.Event()

    def answerer(messages):
        yield AnswerEvent("delta", first)
        go_on.wait(10)  # the rest comes only once the browser has shown the first piece
        yield AnswerEvent("delta", rest)
        yield AnswerEvent("done", answer=final)

    ui_app.answerer = answerer
    try:
        send(page, EQUITY)
        draft = bot_bubbles(page).last.locator(".draft-text")
        draft.wait_for(timeout=10_000)
        assert draft.inner_text() == first
        assert bot_bubbles(page).locator(".headline").count() == 0
        shot(page, "chat-streaming")
        go_on.set()
        wait_answers(page, 1)
    finally:
        go_on.set()
        ui_app.answerer = None
    assert bot_bubbles(page).last.locator(".headline").inner_text() == final.answer.splitlines()[0]
    assert bot_bubbles(page).locator(".draft-text").count() == 0


def test_sources_appear_once_numbered_and_expandable_and_the_validity_note_once(page, fake_assistant):
    from tests.conftest import ask

    warnings = ask(fake_assistant, EQUITY).warnings
    assert warnings  # the measures expired in 2022; the fake runtime's today is 2026
    send(page, EQUITY)
    wait_answers(page, 1)
    cards = page.locator("#chat-citations .cite-card")
    heads = cards.locator(".cite-head").all_inner_texts()
    assert heads[0].startswith("1") and "大政发〔2017〕52号 第四十七条" in heads[0]
    assert sum("第四十七条" in h for h in heads) == 1, heads  # five quotes of one article: one card
    bubble = bot_bubbles(page).last.inner_text()
    assert "单笔奖励资金不超过100万元" not in bubble  # quotes live in the sources panel only
    page_text = page.locator("body").inner_text()
    assert page_text.count(warnings[0]) == 1  # the validity note, once
    card = cards.first
    assert not card.locator(".cite-full").is_visible()
    card.locator("summary").click()
    assert "股权投资企业投资大连科技创新企业" in card.locator(".cite-full").inner_text()
    shot(page, "chat-sources")


def test_new_chat_clears_conversation_sources_steps_and_warnings(page):
    send(page, EQUITY)
    wait_answers(page, 1)
    assert page.locator("#chat-steps table").count() == 1
    page.locator("#new-chat").click()
    page.wait_for_function(
        "() => !document.querySelector(\"#chatbot [data-testid='bot']\") && "
        "['#chat-citations', '#chat-steps', '#chat-warnings']"
        ".every(s => document.querySelector(s).innerText.trim() === '')",
        timeout=5_000,
    )
    shot(page, "chat-new")


def test_an_empty_send_changes_nothing(page, ui_app):
    send(page, EQUITY)
    wait_answers(page, 1)
    before = [page.locator(s).inner_html() for s in ("#chat-citations", "#chat-steps", "#chat-warnings")]
    asked = len(ui_app.answered)
    page.locator("#chat-input textarea").fill("   ")
    page.locator("#chat-send").click()
    page.locator("#chat-input textarea").press("Enter")
    page.wait_for_timeout(400)
    after = [page.locator(s).inner_html() for s in ("#chat-citations", "#chat-steps", "#chat-warnings")]
    assert after == before
    assert len(ui_app.answered) == asked
    assert page.locator("#chatbot [data-testid='user']").count() == 1


def test_a_double_submit_is_answered_once(page, ui_app):
    ui_app.delay = 0.6
    try:
        asked = len(ui_app.answered)
        page.locator("#chat-input textarea").fill(EQUITY)
        page.locator("#chat-send").dblclick()
        page.locator("#chat-input textarea").press("Enter")
        wait_answers(page, 1)
        page.wait_for_timeout(900)
    finally:
        ui_app.delay = 0.0
    assert len(ui_app.answered) == asked + 1
    assert page.locator("#chatbot [data-testid='user']").count() == 1


def test_an_example_question_sends_on_one_click(page, fake_assistant):
    page.locator("#examples button", has_text="国家级孵化器补多少？").click()
    wait_answers(page, 1)
    assert page.locator("#chatbot [data-testid='user']").inner_text().strip() == "国家级孵化器补多少？"
    assert bot_bubbles(page).last.locator(".headline").inner_text() == headline_of(
        fake_assistant, "国家级孵化器补多少？"
    )


def test_recent_conversations_stay_in_the_browser_and_reopen(page, ui_app):
    send(page, EQUITY)
    wait_answers(page, 1)
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.includes('policy-assistant-recent'))")
    page.locator("#new-chat").click()
    page.wait_for_function("() => !document.querySelector(\"#chatbot [data-testid='bot']\")")
    send(page, "国家级孵化器补多少？")
    wait_answers(page, 1)
    page.reload(wait_until="domcontentloaded")
    page.locator("#chat-input textarea").wait_for()
    assert page.locator("#chatbot [data-testid='bot']").count() == 0
    page.locator("#recent input").click()
    options = page.get_by_role("option")
    options.first.wait_for()
    titles = options.all_inner_texts()
    assert any(EQUITY[:20] in t for t in titles) and any("国家级孵化器" in t for t in titles)
    page.get_by_role("option", name=EQUITY[:20], exact=False).click()
    wait_answers(page, 1)
    assert "45万元" in bot_bubbles(page).last.locator(".headline").inner_text()
    assert "第四十七条" in page.locator("#chat-citations").inner_text()
    shot(page, "chat-recent")


def test_feedback_is_per_answer_the_latest_rating_wins_and_is_confirmed(page, ui_app):
    send(page, EQUITY)
    wait_answers(page, 1)
    send(page, "国家级孵化器补多少？")
    wait_answers(page, 2)
    first = page.locator("#chatbot .message-buttons-left, #chatbot .message-buttons").first
    bots = page.locator("#chatbot [aria-label='有帮助']")
    assert bots.count() == 2  # one pair of buttons per answer
    page.locator("#chatbot [aria-label='有帮助']").first.click()
    page.locator("#fb-status .fb-done").wait_for()
    assert (
        "有帮助" in page.locator("#fb-status").inner_text()
        and "第 1 条回答" in page.locator("#fb-status").inner_text()
    )
    page.locator("#chatbot [aria-label='没帮助']").first.click()
    page.locator("#fb-status", has_text="没帮助").wait_for()
    assert page.locator("#fb-status").is_visible() and first is not None
    note = f"应写明累计上限（{page.viewport_name}）"
    page.locator("#fb-comment textarea").fill(note)
    page.locator("#fb-send").click()
    page.locator("#fb-status", has_text="说明已保存").wait_for()
    rows = [r for r in ui_app.feedback.entries() if r["question"] == EQUITY]
    mine = [r for r in rows if r["comment"] == note]
    assert len(mine) == 1 and mine[0]["rating"] == -1
    assert sum(1 for r in rows if r["answer_id"] == mine[0]["answer_id"]) == 1
    box = page.locator("#fb-status").bounding_box()
    assert (
        box is not None and box["y"] < page.viewport_size["height"] * 2
    )  # near the answer, not 2,000 px down
    shot(page, "chat-feedback")


def test_the_users_own_text_is_shown_as_text(page):
    typed = "<b>粗体</b><img src=x onerror=\"document.title='x'\"> **星号** 第四十七条"
    send(page, typed)
    wait_answers(page, 1)
    bubble = page.locator("#chatbot [data-testid='user']").last
    assert bubble.inner_text().strip() == typed
    assert bubble.locator("b, img, strong").count() == 0
    assert page.title() != "x"


def test_copy_citation_copies_doc_number_article_and_quote(page):
    send(page, EQUITY)
    wait_answers(page, 1)
    button = page.locator("#chat-citations .cite-card").first.get_by_role("button", name="复制引用")
    button.click()
    page.locator("#chat-citations .cite-btn.done").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("大政发〔2017〕52号 第四十七条：“")
    assert "单笔奖励资金不超过100万元" in copied


def test_a_chat_citation_opens_its_article_in_the_lookup_tab(page):
    send(page, EQUITY)
    wait_answers(page, 1)
    page.locator("#chat-citations .cite-card").first.get_by_role("button", name="在查条款中打开").click()
    article = page.locator("#browse-text .cite-card")
    article.wait_for()
    assert page.get_by_role("tab", name="查条款").get_attribute("aria-selected") == "true"
    assert "大政发〔2017〕52号 第四十七条" in article.locator(".cite-head").inner_text()
    assert "股权投资企业投资大连科技创新企业" in article.inner_text()
    assert "大政发〔2017〕52号" in page.locator("#browse-doc input").input_value()
    shot(page, "chat-open-in-lookup")
