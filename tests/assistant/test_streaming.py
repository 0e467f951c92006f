"""Streaming that means something: tokens as the model produces them, the finished answer at once
in deterministic mode, and a withdrawn draft when the provenance guard rejects it."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from langchain_core.messages import AIMessage

from assistant.config import Settings
from assistant.llm import LLMAnswerer, ScriptedChatModel, make_chat_model
from assistant.runtime import Runtime
from tests.conftest import CORPUS, TODAY, make_test_app

QUESTION = [{"role": "user", "content": "我们基金投了2000万，能拿多少奖励？"}]
GOOD = "按第四十七条，管理机构可获奖励45万元（500万×4%=20万，500万×2%=10万，1000万×1.5%=15万）。"


def tool_call(name, args, id_="call_1"):
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": id_, "type": "tool_call"}])


@pytest.fixture
def runtime(fake_retriever, fake_assistant, tmp_path):
    settings = Settings(data_dir=tmp_path, corpus_dir=CORPUS, embedder="fake", today=TODAY)
    return Runtime(settings, fake_retriever.embedder, fake_retriever.store, fake_retriever, fake_assistant)


class SlowScriptedChatModel(ScriptedChatModel):
    """Pauses between chunks, like a model generating."""

    def _stream(self, *args, **kwargs):
        for chunk in super()._stream(*args, **kwargs):
            time.sleep(0.05)
            yield chunk


def test_llm_tokens_arrive_as_they_are_generated(runtime):
    model = SlowScriptedChatModel(
        [tool_call("equity_investment_reward", {"amount_yuan": "2000万"}), AIMessage(GOOD)]
    )
    stamps, events = [], []
    for event in LLMAnswerer(runtime, model).stream(QUESTION):
        stamps.append(time.monotonic())
        events.append(event)
    deltas = [e for e in events if e.kind == "delta"]
    assert len(deltas) > 5  # many pieces, not one
    assert "".join(e.text for e in deltas) == GOOD
    assert stamps[-1] - stamps[0] > 0.5  # the first piece came long before the end
    assert events[-1].kind == "done" and events[-1].answer.answer == GOOD
    assert not any(e.kind == "reset" for e in events)


def test_a_rejected_draft_is_withdrawn_and_the_retry_streamed(runtime):
    fixed = "管理机构可获奖励45万元。"
    model = ScriptedChatModel(
        [
            tool_call("equity_investment_reward", {"amount_yuan": "2000万"}),
            AIMessage("管理机构可获奖励52万元。"),
            AIMessage(fixed),
        ]
    )
    events = list(LLMAnswerer(runtime, model).stream(QUESTION))
    kinds = [e.kind for e in events]
    reset = kinds.index("reset")
    assert "52万" in "".join(e.text for e in events[:reset] if e.kind == "delta")
    assert "".join(e.text for e in events[reset:] if e.kind == "delta") == fixed
    assert events[-1].answer.answer == fixed


def test_two_bad_drafts_end_with_the_deterministic_answer(runtime):
    model = ScriptedChatModel(
        [
            tool_call("equity_investment_reward", {"amount_yuan": "2000万"}),
            AIMessage("奖励52万元。"),
            AIMessage("奖励53万元。"),
        ]
    )
    events = list(LLMAnswerer(runtime, model).stream(QUESTION))
    last_reset = max(i for i, e in enumerate(events) if e.kind == "reset")
    shown = "".join(e.text for e in events[last_reset:] if e.kind == "delta")
    done = events[-1].answer
    assert shown == done.answer and "45万元" in shown and "53万" not in shown
    assert any("无法溯源" in w for w in done.warnings)


def sse(text):
    out = []
    for block in text.split("\n\n"):
        lines = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":")
        )
        if "event" in lines:
            out.append((lines["event"], json.loads(lines["data"])))
    return out


def test_deterministic_mode_sends_the_finished_answer_as_one_event(fake_retriever, fake_assistant, tmp_path):
    app, _ = make_test_app(fake_retriever, fake_assistant, tmp_path)
    with TestClient(app) as client:
        r = client.post("/v1/chat", json={"messages": QUESTION, "stream": True})
    events = sse(r.text)
    assert [e for e, _ in events] == ["delta", "done"]
    assert events[0][1]["text"] == events[1][1]["answer"] and "45万元" in events[0][1]["text"]
    assert events[1][1]["tool_calls"][0]["name"] == "equity_investment_reward"


def test_a_bad_question_is_a_4xx_before_any_stream(fake_retriever, fake_assistant, tmp_path):
    app, _ = make_test_app(fake_retriever, fake_assistant, tmp_path)
    with TestClient(app) as client:
        r = client.post("/v1/chat", json={"messages": [{"role": "user", "content": "？？"}], "stream": True})
    assert r.status_code == 400 and r.json()["error"]


class StreamingOpenAI(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that streams: a tool call first, then the answer in pieces."""

    turns: ClassVar[list] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        assert body.get("stream") is True
        turn = StreamingOpenAI.turns.pop(0)
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.end_headers()

        def send(delta, finish=None):
            chunk = {
                "id": "c",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": "fake",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()

        if isinstance(turn, dict):
            call = {
                "index": 0,
                "id": "t1",
                "type": "function",
                "function": {"name": turn["name"], "arguments": json.dumps(turn["args"], ensure_ascii=False)},
            }
            send({"role": "assistant", "content": None, "tool_calls": [call]})
            send({}, "tool_calls")
        else:
            send({"role": "assistant", "content": ""})
            for i in range(0, len(turn), 5):
                send({"content": turn[i : i + 5]})
                time.sleep(0.05)
            send({}, "stop")
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args):
        pass


def test_real_openai_client_streams_tokens_through_the_api(fake_retriever, fake_assistant, tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StreamingOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        StreamingOpenAI.turns = [
            {"name": "equity_investment_reward", "args": {"amount_yuan": "2000万"}},
            GOOD,
        ]
        app, _ = make_test_app(fake_retriever, fake_assistant, tmp_path)
        url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        chat_model = make_chat_model(url, "fake", None, 5.0)
        from assistant.api import runtime_dep

        base = app.dependency_overrides[runtime_dep]()
        rt = Runtime(base.settings, base.embedder, base.store, base.retriever, base.assistant, chat_model)
        app.dependency_overrides[runtime_dep] = lambda: rt
        with TestClient(app) as client:
            r = client.post("/v1/chat", json={"messages": QUESTION, "stream": True})
    finally:
        server.shutdown()
    events = sse(r.text)
    deltas = [d["text"] for e, d in events if e == "delta"]
    assert len(deltas) > 5 and "".join(deltas) == GOOD
    assert events[-1][0] == "done" and events[-1][1]["tool_calls"][0]["name"] == "equity_investment_reward"
