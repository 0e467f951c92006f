"""`policy-assistant rules` and `policy-assistant match`, run as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_FIELDS = {"id", "doc_id", "clause", "kind", "inputs", "caps", "valid_from", "valid_to"}
CONTRACT_FIELDS |= {"beneficiaries", "title_zh", "title_en"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLICY_TODAY": "2020-06-01"}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_rules_json_lists_the_catalogue_with_the_contract_fields():
    out = run("rules", "--json")
    assert out.returncode == 0, out.stderr
    rules = json.loads(out.stdout)
    assert len(rules) >= 80
    for rule in rules:
        assert set(rule) >= CONTRACT_FIELDS, rule["id"]
        assert {"article", "item", "section"} & set(rule), rule["id"]
        assert rule["beneficiaries"], rule["id"]
    by_id = {r["id"]: r for r in rules}
    loss = by_id["guarantee_loss_compensation"]
    assert loss["article"] == 41 and loss["wenhao"] == "大政发〔2017〕52号"
    # dates resolved through the document (第六十六条), or the rule's own term (意见第16项)
    assert (loss["valid_from"], loss["valid_to"]) == ("2018-01-01", "2022-12-31")
    assert by_id["rd_super_deduction"]["valid_to"] == "2019-12-31"
    assert [i["name"] for i in loss["inputs"]] == ["base_yuan", "prior_received_yuan"]


def test_rules_text_is_a_readable_listing():
    out = run("rules")
    assert out.returncode == 0, out.stderr
    assert "大政发〔2017〕52号" in out.stdout
    assert "第四十一条" in out.stdout and "guarantee_loss_compensation" in out.stdout


def test_match_json_from_flags_and_a_profile_file(tmp_path):
    out = run(
        "match",
        "--json",
        "--beneficiary",
        "担保公司",
        "--input",
        "guarantee_loss_compensation.base_yuan=3000万",
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["as_of"] == "2020-06-01"
    first = report["matches"][0]
    assert (first["rule_id"], first["amount_display"], first["where"]) == (
        "guarantee_loss_compensation",
        "500万元",
        "第四十一条",
    )
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"beneficiaries": ["高新技术企业"]}, ensure_ascii=False), encoding="utf-8")
    out = run("match", "--json", "--profile", str(profile), "--as-of", "2023-03-01")
    report = json.loads(out.stdout)
    first = report["matches"][0]
    assert (first["rule_id"], first["amount_display"]) == ("hitech_first", "20万元")
    assert first["validity"]["expired"] is True


def test_match_text_shows_amounts_and_what_is_still_needed():
    out = run("match", "--beneficiary", "担保公司", "--input", "guarantee_loss_compensation.base_yuan=3000万")
    assert out.returncode == 0, out.stderr
    assert "担保代偿损失补偿  大政发〔2017〕52号 第四十一条  500万元" in out.stdout
    assert "待补充：每年在保责任余额增量（guarantee_increase_reward.base_yuan）" in out.stdout


def test_bad_match_input_exits_non_zero_with_a_chinese_message():
    out = run("match", "--beneficiary", "火箭公司")
    assert out.returncode == 2
    assert "无法识别的主体类型：火箭公司" in out.stderr and "Traceback" not in out.stderr
    out = run("match", "--json", "--beneficiary", "高企", "--input", "base_yuan=两三千万")
    assert out.returncode == 2
    assert "金额有歧义" in out.stderr
    assert "金额有歧义" in json.loads(out.stdout)["error"]
