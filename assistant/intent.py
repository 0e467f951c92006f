"""Understanding a question: language, scope, which calculator and which amounts, what is looked up."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.query_rewrite import policy_terms
from calculators.amounts import AmountMention, ambiguous_amount, find_amounts
from calculators.catalogue import catalogue

RATE_RULES = catalogue().of_kind("rate_with_cap")
SHARE_RULES = catalogue().of_kind("share")

CJK = re.compile(r"[\u4e00-\u9fff]")


def language(text: str) -> str:
    return "zh" if CJK.search(text) else "en"


@dataclass(frozen=True)
class CalcRoute:
    calculator: str
    amount_param: str | None
    keywords: tuple[str, ...]
    articles: tuple[int, ...] = ()
    fixed: tuple[tuple[str, Any], ...] = ()
    ask_zh: str = "请提供计算所需的金额"
    ask_en: str = "Please give the amount to calculate with"
    items: tuple[int, ...] = ()
    base: str = ""  # what the rate applies to, e.g. 上年度运营成本: naming it is a strong signal

    @property
    def key(self) -> str:
        rule = dict(self.fixed).get("rule_id")
        return f"{self.calculator}:{rule}" if rule else self.calculator


ROUTES: tuple[CalcRoute, ...] = (
    CalcRoute(
        "equity_investment_reward",
        "amount_yuan",
        (
            "股权投资",
            "基金投",
            "基金投资",
            "投资了",
            "投了",
            "创投",
            "风投",
            "单笔投资",
            "投资额",
            "投资一家",
            "投资大连",
            "累计奖励",
            "vc",
            "venture",
            "equity",
            "invest",
            "股权",
            "投资",
        ),
        (47,),
        ask_zh="请提供单笔投资额（写成“万元”或“元”均可），我按第四十七条分段计算奖励。",
        ask_en="Please give the single investment amount (in yuan or 万元) so I can apply Article 47.",
    ),
    CalcRoute(
        "tech_transfer_subsidy",
        "contract_amount_yuan",
        (
            "技术合同",
            "技术转让",
            "技术开发",
            "专利许可",
            "专利技术实施许可",
            "实施许可",
            "成果转让",
            "技术交易额",
            "license",
            "licence",
            "technology transfer",
            "tech transfer",
            "技术许可",
        ),
        (23, 50),
        ask_zh="请提供技术合同实际发生的技术交易额（写成“万元”或“元”均可）。",
        ask_en="Please give the contract's actual transaction amount (in yuan or 万元).",
    ),
    *(
        CalcRoute(
            "rate_subsidy",
            "base_yuan",
            r.aliases,
            (r.article,) if r.article else (),
            (("rule_id", r.id),),
            ask_zh=f"请提供{r.main_input.role_zh if r.main_input else ''}金额。",
            ask_en=f"Please give the amount of: {r.main_input.role_en if r.main_input else ''}.",
            base=r.main_input.role_zh if r.main_input else "",
        )
        for r in RATE_RULES
        if not r.id.startswith("tech_transfer")
    ),
    CalcRoute(
        "rd_super_deduction",
        "expensed_rd_yuan",
        ("加计扣除", "super deduction", "super-deduction"),
        ask_zh="请提供实际发生的研发费用金额。",
        ask_en="Please give the R&D expense amount.",
        items=(16,),
    ),
    *(
        CalcRoute(
            "achievement_income_share",
            "income_yuan",
            r.aliases,
            (),
            (("rule_id", r.id),),
            ask_zh="请提供收益或净收入金额。",
            ask_en="Please give the income amount.",
            items=(r.item,) if r.item else (),
        )
        for r in SHARE_RULES
    ),
    CalcRoute("listing_subsidy_uplift", None, ("军民融合企业上市", "军民融合上市"), (54,)),
)
ROUTES_BY_KEY = {r.key: r for r in ROUTES}

_CALC_WORDS = re.compile(
    r"多少|几|能拿|可拿|能领|能得|可以拿|可获|能获|补多少|奖多少|计算|算一下|测算|how much|calculate|"
    r"what reward|what subsidy|能补|给多少|金额",
    re.IGNORECASE,
)
_CLAIM_BEFORE = re.compile(
    r"(奖励|补贴|补助|补偿|奖金|能拿|可以拿|拿到|应该|应得|应为|上限|限额|额度|封顶|reward|subsidy|cap)(金额|就|应该|应)?"
    r"(是|为|有|给|=|is|of)?\s*$",
    re.IGNORECASE,
)
_PRIOR_BEFORE = re.compile(
    r"(已经?|之前|此前|累计|already)\s*(获得|拿了|拿过|拿到|领了|领过|得到|获|收到|奖励|received|got)?\s*(了|过)?\s*$",
    re.IGNORECASE,
)
_MONEY_Q = re.compile(
    r"补|奖|能拿|可拿|多少钱|金额|补贴|补助|补偿|资助|支持多少|how much|reward|subsid|grant|compensat",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"^(那|那么|如果|假如|换成|改成|要是|若|what about|and if|if it|how about)", re.IGNORECASE
)
_UNIVERSITY = re.compile(r"高校|院所|大学|学校|universit", re.IGNORECASE)
_ENTERPRISE = re.compile(r"企业|公司|compan|enterprise", re.IGNORECASE)

OTHER_CITIES = (
    "北京",
    "上海",
    "深圳",
    "广州",
    "杭州",
    "南京",
    "天津",
    "重庆",
    "成都",
    "武汉",
    "西安",
    "苏州",
    "青岛",
    "沈阳",
    "长春",
    "哈尔滨",
    "厦门",
    "宁波",
    "济南",
    "郑州",
    "合肥",
    "长沙",
    "beijing",
    "shanghai",
    "shenzhen",
)
_CHITCHAT = re.compile(
    r"写.{0,12}(诗|歌词|小说|作文)|作诗|诗歌|讲.{0,3}笑话|讲.{0,3}故事|天气|你是谁|你叫什么|星座|唱.{0,3}歌|翻译|菜谱|股票|彩票|"
    r"poem|joke|weather|who are you|recipe|^\s*(你好|您好|hi|hello|hey|谢谢|thanks?)[\s!！。.？?]*$",
    re.IGNORECASE,
)
_LATER_POLICY = re.compile(
    r"(202[3-9]|203\d)\s*年.{0,24}(新|出台|发布|最新|印发|政策|措施|文件|公告|通知)|最新.{0,6}(政策|措施|规定|文件)|新出台|今年(的)?政策|"
    r"(财政部|税务总局|国务院|科技部|国家税务).{0,30}(公告|通知|文件|政策)|"
    r"latest policy|new policy|current policy",
    re.IGNORECASE,
)
_VALIDITY = re.compile(
    r"有效期|适用期间|适用期|执行期|还能申请|还可以申请|还能不能申请|现在还能|还有效|仍有效|是否有效|有没有效|失效|过期|到期|废止|施行|执行期限|什么时候开始|什么时候结束|还能用|还适用|"
    r"still valid|in force|expire|validity|still apply|still in effect|can we still|still open",
    re.IGNORECASE,
)
_ELIGIBILITY = re.compile(
    r"我们是|我司是|我们公司是|我是|作为(一家)?|属于|能申请哪些|可以申请哪些|能享受哪些|有哪些(政策|支持|补贴|奖励)|"
    r"哪些支持|what support|which support|eligible|we are an?",
    re.IGNORECASE,
)

ENTITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("高新技术企业", ("高新技术企业", "高企", "high-tech enterprise", "high tech enterprise")),
    ("科技型中小企业", ("科技型中小企业", "科技中小企业", "small tech")),
    ("科技企业孵化器", ("孵化器", "incubator")),
    ("众创空间", ("众创空间", "maker space")),
    ("高校院所", ("高校", "院所", "大学", "科研机构", "university")),
    ("银行", ("银行", "bank")),
    ("保险机构", ("保险公司", "保险机构", "insurer")),
    ("小额贷款公司", ("小额贷款", "小贷", "microcredit")),
    ("担保机构", ("担保", "guarantee")),
    ("股权投资", ("股权投资", "基金", "创投", "投资机构", "venture", "fund")),
    ("军民融合", ("军民融合", "军工", "military")),
    ("技术转移机构", ("技术转移", "中介机构")),
    ("技术经纪人", ("技术经纪人", "broker")),
    ("专利", ("专利", "知识产权", "patent")),
    ("上市", ("上市", "挂牌", "新三板", "listing", "ipo")),
    ("重点实验室", ("实验室", "laboratory", "lab")),
    ("制造业", ("制造业", "智能制造", "manufactur")),
    ("大学科技园", ("大学科技园", "科技园")),
)


@dataclass
class Understanding:
    text: str
    lang: str
    route: CalcRoute | None = None
    route_score: int = 0
    amounts: list[AmountMention] = field(default_factory=list)
    input_amount: AmountMention | None = None
    prior_amount: AmountMention | None = None
    claimed: list[AmountMention] = field(default_factory=list)
    foreign: list[AmountMention] = field(default_factory=list)
    ambiguous: bool = False
    wants_number: bool = False
    wants_money: bool = False
    follow_up: bool = False
    out_of_scope_reason: str | None = None
    validity: bool = False
    eligibility_entity: str | None = None
    focus_university: bool = False
    focus_enterprise: bool = False
    routed_text: str = ""


def pick_route(text: str, articles: list[int], items: list[int]) -> tuple[CalcRoute | None, int]:
    low = text.lower()
    best: tuple[tuple[int, int, int], CalcRoute | None] = ((0, 0, 0), None)
    for idx, route in enumerate(ROUTES):
        hits = [len(k) for k in route.keywords if k in low and (k.isascii() is False)]
        score = max(hits, default=0)
        if score and route.base and route.base in low:
            score += len(route.base)
        if any(a in route.articles for a in articles):
            score += 100
        if any(i in route.items for i in items):
            score += 100
        key = (score, sum(hits), -idx)
        if score and key > best[0]:
            best = (key, route)
    return best[1], best[0][0]


def understand(text: str, articles: list[int] | None = None, items: list[int] | None = None) -> Understanding:
    u = Understanding(text=text, lang=language(text))
    low = text.lower()
    u.amounts = find_amounts(text)
    thresholds: list[AmountMention] = []
    plain: list[AmountMention] = []
    for m in u.amounts:
        before = text[max(0, m.start - 8) : m.start]
        after = text[m.end : m.end + 3]
        if m.currency != "CNY" and re.match(r"\s*(以上|以下|以内|及以上)", after):
            continue  # "融资1000万美元以上" is a condition of the text, not an amount to convert
        if m.currency != "CNY":
            u.foreign.append(m)
        elif _PRIOR_BEFORE.search(before):
            u.prior_amount = m
        elif _CLAIM_BEFORE.search(before):
            u.claimed.append(m)
        elif plain and re.search(r"(是|为|拿|得|is|be|get|gets)\s*$", before, re.IGNORECASE):
            u.claimed.append(m)  # a second figure stated as the outcome: "投了1000万应该拿100万"
        elif re.match(r"\s*(以上|以下|以内|及以上)", after):
            thresholds.append(m)  # "研发投入1000万以上" states a condition, not the base
        else:
            plain.append(m)
    # Prefer the figure whose surroundings name what the calculator applies to ("投资2000万", "合同300万").
    u.routed_text = text if u.lang == "zh" else policy_terms(text)
    u.route, u.route_score = pick_route(u.routed_text, articles or [], items or [])
    if u.route is not None and len(plain) > 1:
        context_words = [k for k in (*u.route.keywords, u.route.base) if k]

        def near(m: AmountMention) -> int:
            window = text[max(0, m.start - 8) : m.end + 14].lower()
            return -max((len(k) for k in context_words if k.lower() in window), default=0)

        plain.sort(key=near)
    u.input_amount = (plain or thresholds)[0] if (plain or thresholds) else None
    if u.input_amount is None and len(u.claimed) > 1:
        u.input_amount = u.claimed.pop(0)
    u.ambiguous = ambiguous_amount(text)
    u.wants_number = bool(_CALC_WORDS.search(text)) or bool(u.amounts)
    u.wants_money = bool(_MONEY_Q.search(text)) or bool(u.amounts)
    u.follow_up = bool(_FOLLOW_UP.search(text.strip()))
    u.validity = bool(_VALIDITY.search(text))
    u.focus_university = bool(_UNIVERSITY.search(text))
    u.focus_enterprise = bool(_ENTERPRISE.search(text))
    if _ELIGIBILITY.search(text):
        for name, words in ENTITIES:
            if any(w in low for w in words):
                u.eligibility_entity = name
                break
    if _CHITCHAT.search(text):
        u.out_of_scope_reason = "chitchat"
    elif (
        any(c in low for c in OTHER_CITIES)
        and "大连" not in text
        and re.search(r"政策|补贴|补助|奖励|规定|措施|policy|subsid|grant|reward", low)
    ):
        u.out_of_scope_reason = "other_city"
    elif _LATER_POLICY.search(text):
        u.out_of_scope_reason = "later_policy"
    return u
