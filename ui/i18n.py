"""UI wording in Chinese and English; the browser's language picks one (Gradio labels and server-rendered HTML alike)."""

from __future__ import annotations

from typing import Any

# key -> (zh, en). Labels go to Gradio as gr.I18n keys; server-rendered HTML uses text(key, lang).
TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("大连科技政策助手", "Dalian S&T policy assistant"),
    "app_intro": (
        "## 大连科技政策助手\n依据大连市2017年四份科技政策原文作答：金额由计算器算出，每个回答都附条款原文。",
        "## Dalian S&T policy assistant\nAnswers from four 2017 Dalian policy documents: amounts come from "
        "calculators and every answer quotes its articles.",
    ),
    "tab_chat": ("咨询", "Ask"),
    "tab_lookup": ("查条款", "Look up"),
    "tab_calc": ("计算器", "Calculators"),
    "tab_match": ("政策匹配", "Match"),
    "chat_label": ("对话", "Conversation"),
    "chat_input": ("输入问题", "Your question"),
    "chat_placeholder": (
        "例如：我们基金投了2000万，能拿多少奖励？",
        "e.g. Our fund invested 20 million yuan: what reward?",
    ),
    "send": ("发送", "Send"),
    "answering": ("正在作答…", "Answering…"),
    "new_chat": ("新对话", "New chat"),
    "recent": ("最近对话（保存在本浏览器）", "Recent chats (kept in this browser)"),
    "examples": ("示例问题（点击即发送）", "Example questions (click to send)"),
    "sources": ("依据原文", "Sources"),
    "steps": ("计算步骤", "Calculation steps"),
    "validity": ("请注意", "Please note"),
    "feedback_comment": ("补充说明（可选）", "Comment (optional)"),
    "feedback_send": ("提交说明", "Send comment"),
    "lookup_doc": ("文件", "Document"),
    "lookup_ref": ("条 / 项号（如 23、第二十三条、第8项）", "Article or item (e.g. 23, Article 23, item 8)"),
    "lookup_go": ("查看", "Show"),
    "lookup_browse": ("或从目录选择", "Or pick from the contents"),
    "search_input": ("关键词或问题", "Keywords or question"),
    "search_go": ("搜索", "Search"),
    "calc_name": ("计算器", "Calculator"),
    "calc_run": ("计算", "Calculate"),
    "open_ref": ("打开条款", "Open article"),
    "match_intro": (
        "选择企业或机构的类型与资质，列出可申请的政策；填上已知金额即可算出补助，不填则列出每项还需要的金额。",
        "Choose the applicant's type and certifications to list the policies it may claim; add the amounts "
        "you know to compute the awards, or leave them empty to see what each policy needs.",
    ),
    "match_who": ("主体类型 / 资质（可多选）", "Applicant type / certifications (choose one or more)"),
    "match_run": ("匹配政策", "Find policies"),
    # Server-rendered HTML and messages.
    "details": ("详细说明", "Details"),
    "full_text": ("展开全文", "Full text"),
    "copy": ("复制引用", "Copy citation"),
    "copied": ("已复制", "Copied"),
    "open_in_lookup": ("在查条款中打开", "Open in look-up"),
    "rule": ("规则", "Rule"),
    "step": ("步骤", "Step"),
    "clause": ("依据", "Clause"),
    "no_hits": ("没有找到相关条款。", "No matching articles."),
    "fb_thanks_up": ("已记录：👍 有帮助。", "Recorded: 👍 helpful."),
    "fb_thanks_down": ("已记录：👎 没帮助。", "Recorded: 👎 not helpful."),
    "fb_changed": ("（已覆盖此前对这条回答的评价）", "(replaces your earlier rating of this answer)"),
    "fb_comment_saved": ("说明已保存，谢谢！", "Comment saved, thank you!"),
    "fb_removed": ("已撤销对这条回答的评价。", "Rating withdrawn."),
    "fb_answer_no": ("第 {n} 条回答", "answer {n}"),
    "required": ("请填写“{label}”。", "Please fill in “{label}”."),
    "bare_number": (
        "“{value}”是元还是万元？请写明单位，如 {value}万 或 {value}元。",
        "Is “{value}” in 元 (yuan) or 万元 (10,000 yuan)? Add the unit, e.g. {value}万 or {value}元.",
    ),
    "calc_result": ("{title}：{amount}", "{title}: {amount}"),
    "calc_max": ("最高 {amount}", "up to {amount}"),
    "calc_no_amount": (
        "{title}：按原文无法给出金额，请看下方说明。",
        "{title}: the text gives no amount for this case; see the notes below.",
    ),
    "calc_input_echo": ("{label}：{text} → {wan}（{yuan} 元）", "{label}: {text} → {wan} ({yuan} yuan)"),
    "match_choose_who": ("请至少选择一种主体类型。", "Choose at least one applicant type."),
    "match_amount_hint": ("如 500万", "e.g. 500万 or 5000000元"),
    "bad_number": ("“{value}”不是有效数字。", "“{value}” is not a valid number."),
    "match_summary": (
        "匹配到 {matched} 项政策：{computed} 项已算出金额，{fixed} 项为定额，{needs_input} 项还需填写金额。",
        "{matched} policies match: {computed} computed, {fixed} fixed amounts, {needs_input} need an amount.",
    ),
    "match_needs": ("还需填写：{roles}", "Needs: {roles}"),
    "match_needs_one": ("还需填写其一：{roles}", "Needs one of: {roles}"),
    "match_no_amount": (
        "按原文无法给出金额，见计算过程。",
        "The text gives no amount here; see the calculation.",
    ),
    "match_for": ("适用于：{who}", "For: {who}"),
    "match_conditions": ("申请条件", "Conditions"),
    "check_met": ("已满足", "met"),
    "check_not_met": ("未满足", "not met"),
    "check_to_confirm": ("待确认", "to confirm"),
    "match_not_met": ("按所填金额不符合条件。", "The amounts given do not meet a condition."),
    "valid_range": ("有效期：{start} 至 {end}", "In force: {start} to {end}"),
    "valid_from": ("自 {start} 起施行", "In force from {start}"),
    "valid_unstated": ("原文未写明有效期", "No term stated in the text"),
    "valid_expired": ("（已届满）", " (expired)"),
    "valid_not_yet": ("（尚未施行）", " (not yet in force)"),
    "choose_doc_first": ("请先选择文件。", "Choose a document first."),
    "bad_ref": (
        "看不懂“{text}”：请输入条或项的编号，如 23、第二十三条、第8项。",
        "Cannot read “{text}”: type an article or item number such as 23, Article 23 or item 8.",
    ),
    # English names of calculators that cover a family of rules (single-rule ones take the catalogue's title).
    "calc_tech_transfer_subsidy": ("技术合同补助", "Technology contract subsidy"),
    "calc_rate_subsidy": ("按比例补助（含上限）", "Rate-based subsidy (with cap)"),
    "calc_fixed_award_lookup": ("定额奖励查询", "Fixed awards"),
    "calc_listing_subsidy_uplift": (
        "军民融合企业上市补贴上浮",
        "Listing subsidy uplift for military-civil firms",
    ),
    "calc_achievement_income_share": (
        "科技成果收益分配给个人的最低比例",
        "Minimum share of income to individuals",
    ),
    "example_0": ("我们基金投了2000万，能拿多少奖励？", "Our fund invested 20 million yuan: what reward?"),
    "example_1": (
        "技术合同300万元，企业和高校各能拿多少？",
        "A 3 million yuan tech contract: what does each side get?",
    ),
    "example_2": ("国家级孵化器补多少？", "How much for a national-level incubator?"),
    "example_3": ("第四十七条", "Article 47"),
    "example_4": ("这个政策现在还有效吗？", "Is the policy still in force?"),
}

EXAMPLE_KEYS = [k for k in TEXTS if k.startswith("example_")]

# Gradio's own controls whose zh-CN wording is missing from Gradio's bundled translations.
GRADIO_ZH = {
    "chatbot.copy_message": "复制消息",
    "chatbot.copied_message": "已复制",
    "chatbot.clear": "清空对话",
    "chatbot.like": "有帮助",
    "chatbot.dislike": "没帮助",
    "common.fullscreen": "全屏",
    "common.exit_fullscreen": "退出全屏",
    "common.copy": "复制",
    "common.copied": "已复制",
    "textbox.textbox": "文本框",
    "dropdown.dropdown": "下拉菜单",
}
GRADIO_EN = {"chatbot.like": "Helpful", "chatbot.dislike": "Not helpful"}


def language_of(accept_language: str | None) -> str:
    """zh when the browser's first language is Chinese, else en — the same choice Gradio's frontend makes."""
    first = (accept_language or "").split(",")[0].strip().lower()
    return "zh" if first.startswith("zh") else "en"


def request_language(request: Any) -> str:
    """The language of a Gradio request (its Accept-Language header); en when there is no request."""
    headers = getattr(request, "headers", None) or {}
    return language_of(headers.get("accept-language"))


def text(key: str, lang: str, **values: object) -> str:
    zh, en = TEXTS[key]
    template = en if lang == "en" else zh
    return template.format(**values) if values else template


def translations() -> dict[str, dict[str, str]]:
    """The gr.I18n dictionaries: our keys plus Gradio's untranslated built-in labels."""
    zh = {k: v[0] for k, v in TEXTS.items()} | GRADIO_ZH
    en = {k: v[1] for k, v in TEXTS.items()} | GRADIO_EN
    return {"zh": zh, "zh-CN": zh, "en": en}
