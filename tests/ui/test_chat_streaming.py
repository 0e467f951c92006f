"""The chat shows an answer as the answerer produces it: each piece when it arrives, a withdrawn draft
cleared, then the finished answer with its sources; typed errors in the user's language."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from assistant.messages import AnswerEvent
from calculators.catalogue import catalogue
from core.errors import PolicyInputError
from ui.services import UIServices
from ui.tabs.chat import ChatTab

EQUITY = "我们基金投了2000万，能拿多少奖励？"
ZH = SimpleNamespace(headers={"accept-language": "zh-CN,zh;q=0.9"})
EN = SimpleNamespace(headers={"accept-language": "en-US,en;q=0.9"})


def run(coroutine):
    """Run ``coroutine`` on its own event loop in a worker thread: a session's Playwright keeps a loop
    running in this one, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class GatedAnswerer:
    """A streaming answerer that hands over each scripted event only when the test releases it."""

    def __init__(self, events: list[AnswerEvent]) -> None:
        self.events = events
        self.gate = threading.Semaphore(0)
        self.handed_over = 0

    def __call__(self, messages):
        for event in self.events:
            self.gate.acquire()
            self.handed_over += 1
            yield event


def tab(fake_retriever, answer_events) -> ChatTab:
    return ChatTab(
        UIServices(
            answer_events=answer_events,
            retriever=lambda: fake_retriever,
            feedback=lambda: None,  # type: ignore[arg-type,return-value]
            calculators={},
            calculate=lambda name, args: None,  # type: ignore[arg-type,return-value]
            catalogue=catalogue(),
            match=lambda profile, lang: None,  # type: ignore[arg-type,return-value]
        )
    )


def bot_bubble(update) -> str:
    messages = update[1]
    assert messages[-1]["role"] == "assistant"
    return messages[-1]["content"]


def test_each_piece_is_shown_when_it_arrives_and_a_withdrawn_draft_goes(fake_retriever, fake_assistant):
    final = fake_assistant.answer([{"role": "user", "content": EQUITY}])
    text = final.answer
    answerer = GatedAnswerer(
        [
            AnswerEvent("delta", "管理机构<可获>"),
            AnswerEvent("reset", "无法溯源的数字"),
            AnswerEvent("delta", text[:8]),
            AnswerEvent("delta", text[8:]),
            AnswerEvent("done", answer=final),
        ]
    )

    async def conversation() -> list[tuple]:
        updates = tab(fake_retriever, answerer).ask(EQUITY, None, [], ZH)  # type: ignore[arg-type]
        # A UI that waited for the whole answer would time out here: each piece must show on its own.
        try:
            seen = [await asyncio.wait_for(anext(updates), 5)]  # the question, before any answer text
            assert answerer.handed_over == 0
            for _ in answerer.events:
                answerer.gate.release()
                seen.append(await asyncio.wait_for(anext(updates), 5))
            with pytest.raises(StopAsyncIteration):
                await anext(updates)
            return seen
        finally:
            for _ in answerer.events:  # let the answerer's thread finish however the test went
                answerer.gate.release()

    updates = run(conversation())
    asked, first, withdrawn, part, whole, done = updates
    assert asked[1][-2]["content"] == f"<div class='user-text'>{EQUITY}</div>"
    assert "正在作答…" in bot_bubble(asked)
    assert asked[0] == "" and asked[5:8] == ("", "", "")  # input cleared, the last answer's panels gone
    assert "管理机构&lt;可获&gt;" in bot_bubble(first)
    assert "管理机构" not in bot_bubble(withdrawn) and "正在作答…" in bot_bubble(withdrawn)
    assert text[:8] in bot_bubble(part) and text[8:20] not in bot_bubble(part)
    assert text[:8] + text[8:20] in bot_bubble(whole).replace("<br>", "\n")
    headline = text.splitlines()[0]
    assert f"<strong>{headline}</strong>" in bot_bubble(done) and "45万元" in headline
    assert "大政发〔2017〕52号 第四十七条" in done[7]  # the sources panel, once the answer is done
    conv = done[2]
    assert [t["question"] for t in conv["turns"]] == [EQUITY]
    assert conv["turns"][0]["answer"]["answer"] == text


def test_the_finished_deterministic_answer_arrives_as_one_piece(fake_retriever, fake_assistant):
    final = fake_assistant.answer([{"role": "user", "content": "国家级孵化器补多少？"}])

    def answer_events(messages):
        return iter([AnswerEvent("delta", final.answer), AnswerEvent("done", answer=final)])

    async def conversation() -> list[tuple]:
        gen = tab(fake_retriever, answer_events).ask("国家级孵化器补多少？", None, [], ZH)  # type: ignore[arg-type]
        return [u async for u in gen]

    _asked, draft, done = run(conversation())
    assert final.answer.splitlines()[0] in bot_bubble(draft)
    assert "100万" in bot_bubble(done) and "class='headline'" in bot_bubble(done)


def test_a_typed_error_is_shown_in_the_users_language(fake_retriever):
    def answer_events(messages):
        raise PolicyInputError(
            "问题过长：最多 10 个字符。", "The question is too long: at most 10 characters."
        )

    async def conversation() -> list[tuple]:
        return [u async for u in tab(fake_retriever, answer_events).ask("x" * 20, None, [], EN)]  # type: ignore[arg-type]

    *_, done = run(conversation())
    assert "The question is too long" in bot_bubble(done)
    assert done[2]["turns"][0]["error"].startswith("The question is too long")
