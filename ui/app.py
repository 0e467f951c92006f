"""Gradio UI (chat, lookup, calculators): a thin layer over the runtime, mounted on the FastAPI app."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from assistant.compose import where

CSS = """
.cite-card {border:1px solid #d0d7de;border-radius:8px;padding:8px 10px;margin:6px 0;background:#fafbfc}
.cite-card .cite-head {font-weight:600;color:#0b5394}
.cite-card blockquote {margin:4px 0 0 0;padding-left:8px;border-left:3px solid #9ab}
.hit mark {background:#ffe58f;padding:0 1px}
.warn {color:#8a4b00}
@media (max-width: 640px) { .gradio-container {padding:4px !important} }
"""

EXAMPLES = [
    "我们基金投了2000万，能拿多少奖励？",
    "技术合同300万元，企业和高校各能拿多少？",
    "国家级孵化器补多少？",
    "我们是高新技术企业，能申请哪些支持？",
    "第四十七条",
    "这个政策现在还有效吗？",
]


def _rt():
    from assistant.runtime import get_runtime

    return get_runtime(ensure_index=False)


def _docs():
    return _rt().retriever.docs


def _label(c: dict[str, Any]) -> str:
    meta = _docs().get(c["doc_id"])
    number = meta.meta.get("doc_number", c["doc_id"]) if meta else c["doc_id"]
    if c.get("article") or c.get("item"):
        return f"{number} {where(c.get('article') or None, c.get('item') or None, '')}"
    return f"{number} {c.get('section', '')}"


def citation_cards(citations: list[dict[str, Any]]) -> str:
    """Citation cards: 文号 + article, verbatim quote, the full article expandable. Everything escaped."""
    if not citations:
        return "<div class='cite-empty'>（无引用）</div>"
    rt = _rt()
    cards = []
    for c in citations:
        full = ""
        number = c.get("article") or c.get("item")
        if number:
            try:
                full = rt.retriever.lookup.get(c["doc_id"], number).text
            except Exception:
                full = ""
        cards.append(
            "<div class='cite-card'>"
            f"<div class='cite-head'>{html.escape(_label(c))}</div>"
            f"<div class='cite-section'>{html.escape(c.get('section', ''))}</div>"
            f"<blockquote>{html.escape(c['quote'])}</blockquote>"
            + (
                f"<details><summary>展开全文</summary><div>{html.escape(full)}</div></details>"
                if full
                else ""
            )
            + "</div>"
        )
    return "\n".join(cards)


def _steps_rows(tool_calls: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for tc in tool_calls:
        for step, cite in zip(tc["result"].get("steps", []), tc["result"].get("citations", []), strict=False):
            rows.append([tc["name"], step["text"], _label(cite)])
    return rows


def chat_turn(message: str, history: list[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
    """Stream the answer into the chatbot, then show citation cards, steps and warnings."""
    from assistant.llm import answer_with_optional_llm
    from core.errors import PolicyInputError

    history = list(history or [])
    message = (message or "").strip()
    if not message:
        yield history, "", "<div class='warn'>请输入问题。</div>", [], "", ""
        return
    msgs = [{"role": m["role"], "content": _text(m["content"])} for m in history][-20:]
    msgs.append({"role": "user", "content": message})
    history.append({"role": "user", "content": message})
    try:
        answer = answer_with_optional_llm(_rt(), msgs)
    except PolicyInputError as exc:
        history.append({"role": "assistant", "content": exc.message("zh")})
        yield history, "", "", [], "", ""
        return
    data = answer.model_dump()
    history.append({"role": "assistant", "content": ""})
    text = answer.answer
    for i in range(0, len(text), 40):
        history[-1] = {"role": "assistant", "content": text[: i + 40]}
        yield history, "", "", [], "", message
    warnings = "\n".join(f"- ⚠️ {w}" for w in data["warnings"])
    yield history, "", citation_cards(data["citations"]), _steps_rows(data["tool_calls"]), warnings, message


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(_text(c) for c in content)
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return str(content)


def send_feedback(rating: int, comment: str, question: str, history: list[dict[str, Any]]) -> str:
    from assistant.api import feedback_dep
    from assistant.config import get_settings

    answer = _text(history[-1]["content"]) if history and history[-1]["role"] == "assistant" else ""
    if not question or not answer:
        return "请先提问，再评价回答。"
    feedback_dep(get_settings()).add(rating=rating, question=question, answer=answer, comment=comment or "")
    return "感谢反馈，已记录。"


def highlight(text: str, terms: list[str]) -> str:
    escaped = html.escape(text)
    for term in sorted({t for t in terms if t.strip()}, key=len, reverse=True):
        escaped = re.sub(re.escape(html.escape(term)), lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return escaped


def do_search(query: str, k: float) -> str:
    from core.errors import PolicyInputError

    try:
        hits = _rt().retriever.search(query or "", k=int(k))
    except PolicyInputError as exc:
        return f"<div class='warn'>{html.escape(exc.message('zh'))}</div>"
    parts = []
    for i, h in enumerate(hits, 1):
        c = h.citation.model_dump()
        parts.append(
            f"<div class='cite-card hit'><div class='cite-head'>{i}. {html.escape(_label(c))}</div>"
            f"<div class='cite-section'>{html.escape(c['section'])}</div>"
            f"<blockquote>{highlight(c['quote'], h.matched_terms)}</blockquote></div>"
        )
    return "\n".join(parts) or "<div>没有找到相关条款。</div>"


def unit_choices(doc_id: str) -> list[tuple[str, str]]:
    doc = _docs().get(doc_id)
    if doc is None:
        return []
    out = []
    for p in doc.passages:
        if p.article is not None:
            out.append((p.section, f"a{p.article}"))
        elif p.item is not None:
            out.append((p.section, f"i{p.item}"))
    return out


def show_unit(doc_id: str, unit: str | None) -> tuple[str, str]:
    if not doc_id or not unit:
        return "", ""
    passage = _rt().retriever.lookup.get(doc_id, int(unit[1:]))
    doc = _docs()[doc_id]
    where = f"第{passage.article}条" if passage.article else f"第{passage.item}项"
    copy = f"{doc.meta.get('doc_number')}《{doc.meta.get('title')}》{where}：{passage.text}"
    return f"<div class='cite-card'><blockquote>{html.escape(passage.text)}</blockquote></div>", copy


def run_calc(name: str, option: str | None, amount: str, second: str) -> tuple[str, list[list[str]]]:
    from assistant.config import get_settings
    from calculators.amounts import format_wan, parse_amount
    from calculators.registry import get_calculator, run_calculator
    from core.errors import PolicyInputError

    try:
        spec = get_calculator(name)
        args: dict[str, Any] = {}
        amounts = [p for p in spec.params if p.kind == "amount"]
        choices = [p for p in spec.params if p.kind == "choice"]
        echo = []
        for param, value in zip(amounts, (amount, second), strict=False):
            if value and value.strip():
                parsed = parse_amount(value, allow_zero=not param.required)
                args[param.name] = parsed.yuan
                echo.append(
                    f"{param.label}：{value.strip()} → {format_wan(parsed.yuan)}（{parsed.yuan:,} 元）"
                )
        if choices and option:
            args[choices[0].name] = option
        texts = [p for p in spec.params if p.kind == "text"]
        if texts and amount:
            args[texts[0].name] = amount
        result = run_calculator(name, args, as_of=get_settings().as_of())
    except PolicyInputError as exc:
        return f"<div class='warn'>❌ {html.escape(exc.message('zh'))}</div>", []
    rows = [[s.text, _label(s.citation.as_dict())] for s in result.steps]
    word = "最高 " if result.is_maximum else ""
    body = "<br>".join(html.escape(e) for e in echo)
    warn = "".join(f"<div class='warn'>⚠️ {html.escape(w)}</div>" for w in result.warnings)
    return (
        f"<div>{body}</div><h3>{html.escape(result.title)}：{word}{html.escape(format_wan(result.amount_yuan))}</h3>"
        f"{warn}",
        rows,
    )


def calc_options(name: str):
    import gradio as gr

    from calculators.registry import get_calculator

    spec = get_calculator(name)
    choices = [p for p in spec.params if p.kind == "choice"]
    if not choices:
        return gr.update(choices=[], value=None, visible=False)
    labelled = [(_choice_label(c), c) for c in choices[0].choices]
    return gr.update(choices=labelled, value=choices[0].default or choices[0].choices[0], visible=True)


def _choice_label(choice: str) -> str:
    """Show rule and award ids by their article and Chinese title (from the catalogue)."""
    from calculators.catalogue import UnknownRuleError, catalogue

    try:
        rule = catalogue().get(choice)
    except UnknownRuleError:
        return choice
    return f"{rule.where_zh} {rule.title_zh}"


def build_ui():
    import gradio as gr

    from calculators.registry import CALCULATORS

    doc_ids = ["measures-2017-52", "opinions-2017-31", "guide-2017-118", "plan-2017-119"]
    with gr.Blocks(title="大连科技政策助手") as demo:
        gr.Markdown(
            "## 大连科技政策助手 · Dalian S&T policy assistant\n依据2017年四份原文作答：金额由计算器算出，每个回答都附条款原文。"
        )
        with gr.Tabs():
            with gr.Tab("咨询", id="chat"):
                chatbot = gr.Chatbot(label="对话", elem_id="chatbot", height=420)
                last_q = gr.State("")
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="例如：我们基金投了2000万，能拿多少奖励？",
                        show_label=False,
                        elem_id="chat-input",
                        scale=5,
                    )
                    send = gr.Button("发送", variant="primary", elem_id="chat-send", scale=1)
                gr.Examples(EXAMPLES, inputs=box, label="示例问题")
                warnings = gr.Markdown(elem_id="chat-warnings")
                steps = gr.Dataframe(
                    headers=["计算器", "步骤", "依据"],
                    label="计算步骤",
                    elem_id="chat-steps",
                    interactive=False,
                    wrap=True,
                )
                cards = gr.HTML(elem_id="chat-citations", label="引用")
                with gr.Row():
                    up = gr.Button("👍 有帮助", elem_id="fb-up", size="sm")
                    down = gr.Button("👎 没帮助", elem_id="fb-down", size="sm")
                    comment = gr.Textbox(placeholder="补充说明（可选）", show_label=False, scale=3)
                fb_status = gr.Markdown(elem_id="fb-status")
                outputs = [chatbot, box, cards, steps, warnings, last_q]
                send.click(chat_turn, [box, chatbot], outputs)
                box.submit(chat_turn, [box, chatbot], outputs)
                up.click(lambda c, q, h: send_feedback(1, c, q, h), [comment, last_q, chatbot], fb_status)
                down.click(lambda c, q, h: send_feedback(-1, c, q, h), [comment, last_q, chatbot], fb_status)
            with gr.Tab("查询", id="lookup"):
                with gr.Row():
                    q = gr.Textbox(label="关键词或问题", elem_id="search-input", scale=4)
                    k = gr.Slider(1, 20, value=5, step=1, label="条数", scale=1)
                    go = gr.Button("搜索", elem_id="search-go", scale=1)
                results = gr.HTML(elem_id="search-results")
                go.click(do_search, [q, k], results)
                q.submit(do_search, [q, k], results)
                gr.Markdown("### 按文件浏览")
                with gr.Row():
                    doc = gr.Dropdown(doc_ids, value="measures-2017-52", label="文件", elem_id="browse-doc")
                    unit = gr.Dropdown([], label="条 / 项", elem_id="browse-unit")
                unit_text = gr.HTML(elem_id="browse-text")
                copy = gr.Textbox(
                    label="可复制的引用（文号 + 条款 + 原文）",
                    buttons=["copy"],
                    elem_id="browse-copy",
                    lines=3,
                )
                doc.change(lambda d: gr.update(choices=unit_choices(d), value=None), doc, unit)
                unit.change(show_unit, [doc, unit], [unit_text, copy])
                demo.load(lambda d: gr.update(choices=unit_choices(d)), doc, unit)
            with gr.Tab("计算器", id="calc"):
                names = list(CALCULATORS)
                calc = gr.Dropdown(
                    [(CALCULATORS[n].title, n) for n in names],
                    value=names[0],
                    label="计算器",
                    elem_id="calc-name",
                )
                option = gr.Dropdown([], label="条款 / 类型", visible=False, elem_id="calc-option")
                with gr.Row():
                    amount = gr.Textbox(label="金额（如 2000万、1.5亿、20,000,000元）", elem_id="calc-amount")
                    second = gr.Textbox(label="已获金额（可选，用于累计上限）", elem_id="calc-second")
                run = gr.Button("计算", variant="primary", elem_id="calc-run")
                calc_out = gr.HTML(elem_id="calc-result")
                calc_steps = gr.Dataframe(
                    headers=["步骤", "依据"], interactive=False, wrap=True, elem_id="calc-steps"
                )
                calc.change(calc_options, calc, option)
                run.click(run_calc, [calc, option, amount, second], [calc_out, calc_steps])
    return demo


def mount_ui(app) -> None:
    import gradio as gr

    gr.mount_gradio_app(app, build_ui(), path="/", css=CSS, footer_links=[], ssr_mode=False)
