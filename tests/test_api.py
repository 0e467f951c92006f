"""Every endpoint over real HTTP semantics (TestClient), including bad input: 4xx JSON, never a 500."""

import json

import pytest
from fastapi.testclient import TestClient

from tests.conftest import make_test_app


@pytest.fixture(scope="module")
def client(fake_retriever, fake_assistant, tmp_path_factory):
    app, store = make_test_app(
        fake_retriever, fake_assistant, tmp_path_factory.mktemp("api"), admin_token="s3cret"
    )
    with TestClient(app, raise_server_exceptions=False) as c:
        c.feedback_store = store
        yield c


def chat(client, text, **extra):
    return client.post("/v1/chat", json={"messages": [{"role": "user", "content": text}], **extra})


def test_chat_returns_the_contract_shape(client):
    r = chat(client, "单笔投资2000万元，第四十七条奖励多少？")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"answer", "citations", "tool_calls", "out_of_scope", "warnings"}
    assert "45万元" in body["answer"]
    assert body["tool_calls"][0]["name"] == "equity_investment_reward"
    c = body["citations"][0]
    assert set(c) == {"doc_id", "article", "item", "section", "quote", "start", "end"}


def test_chat_streams_server_sent_events(client):
    r = chat(client, "国家级孵化器补多少", stream=True)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = [block for block in r.text.split("\n\n") if block.strip()]
    assert events[0].startswith("event: delta")
    done = json.loads(events[-1].split("data: ", 1)[1])
    assert "100万" in done["answer"]


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"messages": []}, 422),
        ({"messages": [{"role": "system", "content": "hi"}]}, 422),
        ({"messages": [{"role": "user", "content": "   "}]}, 400),
        ({"messages": [{"role": "assistant", "content": "hi"}]}, 400),
        ({"messages": [{"role": "user"}]}, 422),
        ({"messages": "hello"}, 422),
        ({}, 422),
    ],
)
def test_bad_chat_requests_get_4xx_json(client, payload, status):
    r = client.post("/v1/chat", json=payload)
    assert r.status_code == status
    assert "error" in r.json()


def test_malformed_json_and_oversized_bodies(client):
    r = client.post("/v1/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]
    big = "字" * 30_000
    r = client.post("/v1/chat", json={"messages": [{"role": "user", "content": big}]})
    assert r.status_code == 413
    r = client.post("/v1/chat", json={"messages": [{"role": "user", "content": "问"}] * 60})
    assert r.status_code == 400


def test_binary_and_emoji_questions(client):
    assert chat(client, "😀😀😀").status_code == 400
    r = chat(client, "\x00\x01\x02 股权投资")
    assert r.status_code == 200


def test_search_endpoint(client):
    r = client.get("/v1/search", params={"q": "第二十三条", "k": 3})
    assert r.status_code == 200
    assert r.json()["hits"][0]["citation"]["article"] == 23
    assert client.get("/v1/search", params={"q": ""}).status_code == 422
    assert client.get("/v1/search", params={"q": "x", "k": 999}).status_code == 422


def test_documents_and_articles(client):
    docs = client.get("/v1/documents").json()
    assert {d["doc_id"] for d in docs} == {
        "measures-2017-52",
        "opinions-2017-31",
        "guide-2017-118",
        "plan-2017-119",
    }
    r = client.get("/v1/documents/measures-2017-52/articles/47")
    assert r.status_code == 200 and r.json()["citation"]["article"] == 47
    r = client.get("/v1/documents/guide-2017-118/articles/26")
    assert r.json()["citation"]["item"] == 26
    assert client.get("/v1/documents/measures-2017-52/articles/99").status_code == 404
    assert client.get("/v1/documents/..%2F..%2Fetc%2Fpasswd/articles/1").status_code == 404
    assert client.get("/v1/documents/measures-2017-52/articles/abc").status_code == 422


def test_calculators(client):
    names = [c["name"] for c in client.get("/v1/calculators").json()]
    assert "equity_investment_reward" in names
    r = client.post("/v1/calculators/equity_investment_reward", json={"arguments": {"amount_yuan": "2000万"}})
    assert r.status_code == 200 and r.json()["amount_yuan"] == "450000.00"
    r = client.post("/v1/calculators/equity_investment_reward", json={"arguments": {"amount_yuan": "-5"}})
    assert r.status_code == 400 and "负数" in r.json()["error"]
    r = client.post(
        "/v1/calculators/equity_investment_reward",
        json={"arguments": {"amount_yuan": "-5"}},
        headers={"accept-language": "en"},
    )
    assert "negative" in r.json()["error"]
    assert client.post("/v1/calculators/nope", json={"arguments": {}}).status_code == 404
    r = client.post("/v1/calculators/rate_subsidy", json={"arguments": {"rule_id": "x", "base_yuan": "1"}})
    assert r.status_code == 400


def test_feedback_lands_in_sqlite(client):
    before = client.feedback_store.count()
    r = client.post(
        "/v1/feedback",
        json={
            "question": "q",
            "answer": "a",
            "rating": 1,
            "comment": "好",
            "citations": [{"doc_id": "measures-2017-52", "article": 47}],
        },
    )
    assert r.status_code == 201
    assert client.feedback_store.count() == before + 1
    assert client.post("/v1/feedback", json={"question": "q", "answer": "a", "rating": 5}).status_code == 422


def test_admin_needs_the_token(client):
    assert client.post("/v1/admin/reingest").status_code == 401
    assert client.post("/v1/admin/reingest", headers={"authorization": "Bearer wrong"}).status_code == 401


def test_healthz_and_openapi(client):
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 200
