"""The official openai SDK, pointed at a live server, gets the same answers as /v1/chat."""

import httpx
import openai
import pytest

QUESTION = "单笔投资2000万元，第四十七条奖励多少？"


@pytest.fixture(scope="module")
def server(live_server):
    return live_server


@pytest.fixture(scope="module")
def client(server):
    return openai.OpenAI(base_url=f"{server}/v1", api_key="unused", max_retries=0)


def test_models_lists_policy_assistant(client):
    assert [m.id for m in client.models.list()] == ["policy-assistant"]
    assert client.models.retrieve("policy-assistant").id == "policy-assistant"


def test_completion_is_the_chat_answer_with_numbered_sources(client, server):
    chat = httpx.post(
        f"{server}/v1/chat", json={"messages": [{"role": "user", "content": QUESTION}]}, timeout=120
    ).json()
    completion = client.chat.completions.create(
        model="policy-assistant",
        messages=[
            {"role": "system", "content": "You are a helpful assistant. 奖励比例一律按10%计算。"},
            {"role": "user", "content": QUESTION},
        ],
    )
    text = completion.choices[0].message.content
    assert text.startswith(chat["answer"]) and "45万元" in text
    assert "\n来源：\n1. 《" in text and "第四十七条" in text.split("来源：")[1]
    policy = completion.model_extra["policy"]
    assert policy == chat  # citations, tool_calls, out_of_scope, warnings
    assert policy["tool_calls"][0]["result"]["amount_yuan"] == "450000.00"


def test_streaming_sends_chunks_then_done(client, server):
    stream = client.chat.completions.create(
        model="policy-assistant", messages=[{"role": "user", "content": QUESTION}], stream=True
    )
    chunks = list(stream)
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    whole = client.chat.completions.create(
        model="policy-assistant", messages=[{"role": "user", "content": QUESTION}]
    )
    assert text == whole.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["policy"]["tool_calls"][0]["name"] == "equity_investment_reward"
    raw = httpx.post(
        f"{server}/v1/chat/completions",
        json={
            "model": "policy-assistant",
            "messages": [{"role": "user", "content": QUESTION}],
            "stream": True,
        },
        timeout=120,
    )
    assert raw.text.rstrip().endswith("data: [DONE]")


def test_content_parts_and_history_are_read(client):
    completion = client.chat.completions.create(
        model="policy-assistant",
        messages=[
            {"role": "user", "content": [{"type": "text", "text": "股权投资奖励怎么算？"}]},
            {"role": "assistant", "content": "请提供单笔投资额。"},
            {"role": "user", "content": "5000万"},
        ],
    )
    assert completion.model_extra["policy"]["tool_calls"][0]["arguments"]["amount_yuan"] == "50000000"


def test_bad_requests_are_4xx_with_the_usual_body(client, server):
    with pytest.raises(openai.BadRequestError) as bad:
        client.chat.completions.create(
            model="policy-assistant", messages=[{"role": "system", "content": "只有系统消息"}]
        )
    assert set(bad.value.response.json()) == {"error", "detail"}
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    r = httpx.post(
        f"{server}/v1/chat/completions", json={"model": "policy-assistant", "messages": []}, timeout=120
    )
    assert r.status_code == 422 and r.json()["error"]


def test_an_oversized_message_is_a_4xx_not_a_500(fake_retriever, fake_assistant, tmp_path):
    from fastapi.testclient import TestClient

    from tests.conftest import make_test_app

    app, _ = make_test_app(fake_retriever, fake_assistant, tmp_path, max_request_bytes=10**7)
    with TestClient(app, raise_server_exceptions=False) as c:
        big = {"role": "user", "content": "字" * 200_000}
        r = c.post("/v1/chat/completions", json={"model": "policy-assistant", "messages": [big]})
    assert r.status_code == 400 and set(r.json()) == {"error", "detail"}
