"""POST /v1/match and the MCP match_policies tool: a profile in, the rules it may claim out."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from tests.conftest import make_test_app


@pytest.fixture(scope="module")
def client(fake_retriever, fake_assistant, tmp_path_factory):
    app, _ = make_test_app(fake_retriever, fake_assistant, tmp_path_factory.mktemp("match"))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_match_computes_the_guarantee_compensation(client):
    r = client.post(
        "/v1/match",
        json={"beneficiaries": ["担保公司"], "inputs": {"guarantee_loss_compensation.base_yuan": "3000万"}},
    )
    assert r.status_code == 200
    matches = {m["rule_id"]: m for m in r.json()["matches"]}
    loss = matches["guarantee_loss_compensation"]
    assert Decimal(loss["amount_yuan"]) == Decimal(5_000_000)
    assert loss["article"] == 41


def test_match_refuses_an_unknown_entity_with_a_4xx(client):
    r = client.post("/v1/match", json={"beneficiaries": ["外星企业"], "inputs": {}})
    assert 400 <= r.status_code < 500
    assert r.json()["error"]
