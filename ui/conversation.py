"""A conversation as the browser keeps it: plain JSON (turns of question + answer), never HTML.

The recent-conversations list lives in the user's browser (localStorage), not on the server; each
bubble is re-rendered from this data, so nothing stored there is ever shown as markup.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from ui.render import answer_bubble, draft_bubble, user_bubble

MAX_RECENT = 20
MAX_TURNS_SENT = 10  # the engine needs the recent context only


def new_conversation() -> dict[str, Any]:
    return {"id": uuid.uuid4().hex, "title": "", "turns": [], "updated": ""}


def add_turn(conv: dict[str, Any], question: str, answer: dict[str, Any] | None, error: str = "") -> str:
    """Append one question with its answer (or the error shown instead); returns the answer's id."""
    answer_id = uuid.uuid4().hex
    turns = [
        *conv.get("turns", []),
        {"id": answer_id, "question": question, "answer": answer, "error": error},
    ]
    conv["turns"] = turns
    conv["title"] = conv.get("title") or question[:40]
    conv["updated"] = datetime.now(UTC).isoformat(timespec="seconds")
    return answer_id


def engine_messages(conv: dict[str, Any], question: str) -> list[dict[str, str]]:
    msgs: list[dict[str, str]] = []
    for t in conv.get("turns", [])[-MAX_TURNS_SENT:]:
        if t.get("answer"):
            msgs.append({"role": "user", "content": t["question"]})
            msgs.append({"role": "assistant", "content": t["answer"]["answer"]})
    msgs.append({"role": "user", "content": question})
    return msgs


def chat_messages(conv: dict[str, Any]) -> list[dict[str, str]]:
    """The chatbot's bubbles: user, assistant, user, assistant … (index // 2 is the turn)."""
    out = []
    for t in conv.get("turns", []):
        out.append({"role": "user", "content": user_bubble(t["question"])})
        body = answer_bubble(t["answer"]) if t.get("answer") else user_bubble(t.get("error", ""))
        out.append({"role": "assistant", "content": body})
    return out


def pending_messages(conv: dict[str, Any], question: str, draft: str, lang: str) -> list[dict[str, str]]:
    """The bubbles while an answer is on its way: the conversation so far, the question, the draft."""
    return [
        *chat_messages(conv),
        {"role": "user", "content": user_bubble(question)},
        {"role": "assistant", "content": draft_bubble(draft, lang)},
    ]


def last_answer(conv: dict[str, Any]) -> dict[str, Any] | None:
    turns = conv.get("turns", [])
    return turns[-1].get("answer") if turns else None


def turn_at(conv: dict[str, Any], message_index: int) -> dict[str, Any] | None:
    turns = conv.get("turns", [])
    i = message_index // 2
    return turns[i] if 0 <= i < len(turns) else None


def remember(recent: list[dict[str, Any]] | None, conv: dict[str, Any]) -> list[dict[str, Any]]:
    """The recent list with this conversation first (replacing its older copy), at most MAX_RECENT long."""
    if not conv.get("turns"):
        return list(recent or [])
    others = [c for c in (recent or []) if isinstance(c, dict) and c.get("id") != conv["id"]]
    return [conv, *others][:MAX_RECENT]


def recent_choices(recent: list[dict[str, Any]] | None) -> list[tuple[str, str]]:
    out = []
    for c in recent or []:
        if isinstance(c, dict) and c.get("turns"):
            stamp = str(c.get("updated", ""))[:16].replace("T", " ")
            out.append((f"{c.get('title', '')} · {stamp}", str(c["id"])))
    return out


def find(recent: list[dict[str, Any]] | None, conv_id: str | None) -> dict[str, Any] | None:
    return next((c for c in recent or [] if isinstance(c, dict) and c.get("id") == conv_id), None)
