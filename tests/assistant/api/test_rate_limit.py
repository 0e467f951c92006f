"""POLICY_RATE_LIMIT: per client, 429 with Retry-After and {"error","detail"} in the user's language."""

import pytest
from fastapi.testclient import TestClient

from assistant.config import ConfigError, Settings, get_settings
from tests.conftest import make_test_app


@pytest.fixture
def limited(fake_retriever, fake_assistant, tmp_path):
    app, _ = make_test_app(fake_retriever, fake_assistant, tmp_path, rate_limit="3/minute")
    return app


def test_fourth_request_in_a_minute_is_429_with_retry_after(limited):
    with TestClient(limited, client=("203.0.113.7", 5000)) as c:
        for _ in range(3):
            assert c.get("/v1/calculators").status_code == 200
        r = c.post("/v1/calculators/equity_investment_reward", json={"arguments": {"amount_yuan": "2000万"}})
    assert r.status_code == 429
    assert 1 <= int(r.headers["retry-after"]) <= 60
    body = r.json()
    assert set(body) == {"error", "detail"}
    assert "请求过于频繁" in body["error"] and "3 次" in body["error"]


def test_the_message_follows_accept_language(limited):
    with TestClient(limited, client=("203.0.113.8", 5000)) as c:
        for _ in range(3):
            c.get("/v1/calculators")
        r = c.get("/v1/calculators", headers={"accept-language": "en-GB,en;q=0.9"})
    assert r.status_code == 429 and r.json()["error"].startswith("Too many requests: at most 3 per minute")


def test_each_client_has_its_own_budget_and_health_is_not_counted(limited):
    with TestClient(limited, client=("198.51.100.1", 5000)) as a:
        for _ in range(3):
            assert a.get("/v1/calculators").status_code == 200
        assert a.get("/v1/calculators").status_code == 429
        assert a.get("/healthz").status_code == 200
    with TestClient(limited, client=("198.51.100.2", 5000)) as b:
        assert b.get("/v1/calculators").status_code == 200


def test_unset_means_no_limit(fake_retriever, fake_assistant, tmp_path):
    app, _ = make_test_app(fake_retriever, fake_assistant, tmp_path)
    with TestClient(app) as c:
        assert all(c.get("/v1/calculators").status_code == 200 for _ in range(50))


@pytest.mark.parametrize("value", ["lots", "60 per fortnight", "-1/minute"])
def test_a_wrong_value_stops_start_up_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("POLICY_RATE_LIMIT", value)
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match="POLICY_RATE_LIMIT"):
            get_settings()
    finally:
        get_settings.cache_clear()


def test_empty_value_means_unset():
    assert Settings(rate_limit=" ").rate_limit is None
    assert Settings(rate_limit="60/minute").rate_limit == "60/minute"
