"""CI gate: the gold conversation suite passes its thresholds on the real runtime."""

import pytest

from evals.answerers import in_process_answerer
from evals.runner import (
    check_thresholds,
    load_cases,
    run_cases,
    summarise,
)
from evals.scoring import provenance_check

pytestmark = pytest.mark.slow


def test_gold_conversations_meet_thresholds(real_runtime):
    cases = load_cases()
    assert len(cases) >= 150
    results = run_cases(cases, in_process_answerer(real_runtime), provenance_check)
    summary = summarise(results)
    failures = {r.id: r.problems for r in results if not r.passed}
    assert check_thresholds(summary) == [], (summary, failures)
    assert summary["untraced_numbers"] == 0


def test_scorer_catches_a_wrong_amount():
    from evals.scoring import score_case

    case = load_cases()[0]
    wrong = {
        "answer": "奖励46万元",
        "citations": [
            {
                "doc_id": "measures-2017-52",
                "article": 47,
                "item": None,
                "section": "",
                "quote": "",
                "start": 0,
                "end": 0,
            }
        ],
        "tool_calls": [{"name": "equity_investment_reward", "arguments": {}, "result": {}}],
        "out_of_scope": False,
    }
    result = score_case(case, wrong, 1.0, [])
    assert not result.passed and any("amount" in p for p in result.problems)


def test_scorer_matches_text_regardless_of_spacing_but_not_of_content():
    from evals.scoring import normalize_case, score_case

    case = normalize_case(
        {
            "id": "t",
            "category": "validity",
            "messages": [{"role": "user", "content": "有效期几年"}],
            "text": [["5年"]],
        }
    )
    body = {
        "answer": "“本政策措施自 2018 年 1 月 1 日起施行,有效期 5 年。”",
        "citations": [],
        "tool_calls": [],
    }
    assert score_case(case, body, 1.0, []).passed
    body["answer"] = "有效期 3 年"
    assert not score_case(case, body, 1.0, []).passed


def test_scorer_reads_an_item_number_written_as_text_as_that_item():
    from evals.scoring import normalize_case, score_case

    case = normalize_case(
        {
            "id": "t",
            "category": "lookup",
            "messages": [{"role": "user", "content": "加计扣除的期限"}],
            "cite": [{"doc_id": "opinions-2017-31", "item": "16"}],
        }
    )
    cited = {"doc_id": "opinions-2017-31", "article": None, "item": 16, "section": ""}
    body = {"answer": "2019年12月31日", "citations": [cited], "tool_calls": []}
    assert score_case(case, body, 1.0, []).passed
    body["citations"] = [{**cited, "item": 15}]
    assert not score_case(case, body, 1.0, []).passed
