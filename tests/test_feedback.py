"""The feedback store: one rating per answer (the latest wins), comments, listing, older databases upgraded."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

from assistant.feedback import FeedbackStore


def store(tmp_path, name="fb.db"):
    return FeedbackStore(f"sqlite:///{tmp_path / name}")


def rate(s, answer_id, rating, question="国家级孵化器补多少？"):
    return s.rate(answer_id=answer_id, rating=rating, question=question, answer="100万元", citations=[])


def test_a_second_rating_of_the_same_answer_replaces_the_first(tmp_path):
    s = store(tmp_path)
    assert rate(s, "a1", 1) is False
    assert rate(s, "a1", -1) is True
    assert rate(s, "a1", -1) is True
    rows = s.entries()
    assert len(rows) == 1
    assert rows[0]["rating"] == -1 and rows[0]["answer_id"] == "a1"


def test_ratings_of_different_answers_are_kept_apart(tmp_path):
    s = store(tmp_path)
    rate(s, "a1", 1)
    rate(s, "a2", -1)
    assert {(r["answer_id"], r["rating"]) for r in s.entries()} == {("a1", 1), ("a2", -1)}
    assert [r["answer_id"] for r in s.entries(rating=-1)] == ["a2"]


def test_comment_attaches_to_the_rated_answer_and_withdraw_removes_it(tmp_path):
    s = store(tmp_path)
    rate(s, "a1", -1)
    assert s.comment("a1", "金额应为50万")
    assert s.entries()[0]["comment"] == "金额应为50万"
    assert not s.comment("missing", "x")
    s.withdraw("a1")
    assert s.count() == 0


def test_concurrent_first_ratings_of_one_answer_leave_one_row(tmp_path):
    s = store(tmp_path)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda r: rate(s, "same", r), [1, -1] * 8))
    assert s.count() == 1


def test_an_older_database_without_answer_ids_is_upgraded_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at DATETIME NOT NULL, "
        "rating INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, comment TEXT NOT NULL, "
        "citations JSON NOT NULL, client VARCHAR(64) NOT NULL)"
    )
    con.execute(
        "INSERT INTO feedback (created_at, rating, question, answer, comment, citations, client) "
        "VALUES ('2026-01-01 00:00:00', -1, '旧问题', '旧回答', '', '[]', '')"
    )
    con.commit()
    con.close()
    s = store(tmp_path, "old.db")
    rate(s, "new", 1)
    rows = {r["question"]: r for r in s.entries()}
    assert rows["旧问题"]["rating"] == -1 and rows["旧问题"]["turns"] == ["旧问题"]
    assert rows["国家级孵化器补多少？"]["answer_id"] == "new"


# ----------------------------------------------------------------------------- admin listing and export
def test_admin_feedback_listing_needs_the_bearer_token(fake_retriever, fake_assistant, tmp_path):
    from fastapi.testclient import TestClient

    from tests.conftest import make_test_app

    app, s = make_test_app(fake_retriever, fake_assistant, tmp_path, admin_token="s3cret")
    rate(s, "a1", 1, "技术合同补多少？")
    rate(s, "a2", -1, "国家级孵化器补多少？")
    s.comment("a2", "应当是100万")
    with TestClient(app) as client:
        assert client.get("/v1/admin/feedback").status_code == 401
        assert client.get("/v1/admin/feedback", headers={"authorization": "Bearer nope"}).status_code == 401
        ok = client.get("/v1/admin/feedback", headers={"authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert [r["question"] for r in ok.json()["feedback"]] == ["国家级孵化器补多少？", "技术合同补多少？"]
        bad = client.get("/v1/admin/feedback?rating=-1", headers={"authorization": "Bearer s3cret"}).json()
        assert [(r["answer_id"], r["comment"]) for r in bad["feedback"]] == [("a2", "应当是100万")]


def test_admin_feedback_listing_is_off_without_a_token(fake_retriever, fake_assistant, tmp_path):
    from fastapi.testclient import TestClient

    from tests.conftest import make_test_app

    app, _ = make_test_app(fake_retriever, fake_assistant, tmp_path)
    with TestClient(app) as client:
        r = client.get("/v1/admin/feedback", headers={"authorization": "Bearer x"})
        assert r.status_code == 404 and "POLICY_ADMIN_TOKEN" in r.json()["error"]


def test_feedback_export_writes_thumbs_down_as_eval_case_skeletons(tmp_path, monkeypatch):
    import json

    from assistant.cli import main
    from assistant.config import get_settings

    s = store(tmp_path)
    s.rate(answer_id="up", rating=1, question="好问题", answer="好回答", turns=["好问题"])
    s.rate(
        answer_id="down",
        rating=-1,
        question="那3000万呢？",
        answer="奖励45万元。",
        turns=["我们基金投了2000万，能拿多少奖励？", "那3000万呢？"],
    )
    s.comment("down", "3000万应为60万")
    monkeypatch.setenv("POLICY_FEEDBACK_URL", f"sqlite:///{tmp_path / 'fb.db'}")
    get_settings.cache_clear()
    try:
        out = tmp_path / "cases.jsonl"
        assert main(["feedback", "export", "--jsonl", "-o", str(out)]) == 0
    finally:
        get_settings.cache_clear()
    cases = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(cases) == 1
    case = cases[0]
    assert case["turns"] == ["我们基金投了2000万，能拿多少奖励？", "那3000万呢？"]
    assert case["feedback"]["answer"] == "奖励45万元。" and case["feedback"]["comment"] == "3000万应为60万"
    assert set(case["expect"]) >= {"amounts_yuan", "citations", "calculator", "decline"}
