"""Bring the way people ask closer to the way the documents are written.

Colloquial and English terms get the policy's own wording appended (never replaced), and
Chinese-numeral amounts become digits so that 一千多万 meets the text's 1000 万元.
"""

from __future__ import annotations

import re

from core.numerals import chinese_to_int

# colloquial / English term -> the documents' wording
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("创投", "股权投资 创业投资"),
    ("风投", "股权投资 创业投资"),
    ("vc", "股权投资"),
    ("pe", "股权投资"),
    ("基金投", "股权投资企业 投资"),
    ("投资机构", "股权投资企业 管理机构"),
    ("基金管理人", "管理机构"),
    ("坏账", "贷款本金实际损失"),
    ("贷款损失", "贷款本金实际损失"),
    ("ipo", "首次公开发行上市"),
    ("a股", "境内首次公开发行上市"),
    ("主板", "首次公开发行上市"),
    ("港股", "境外上市"),
    ("香港上市", "境外上市"),
    ("纳斯达克", "境外上市"),
    ("高企", "高新技术企业"),
    ("专利授权", "专利技术实施许可"),
    ("专利许可", "专利技术实施许可"),
    ("技术许可", "专利技术实施许可"),
    ("卖技术", "技术转让"),
    ("百分之几", "比例"),
    ("多少比例", "比例"),
    ("创新券", "科技创新券"),
    ("到期", "有效期"),
    ("过期", "有效期"),
    ("还有效", "有效期 施行"),
    ("期限", "有效期"),
    ("小贷", "小额贷款公司"),
    ("担保公司", "融资性担保机构"),
    ("赔付", "赔偿保险金额"),
    ("孵化园", "科技企业孵化器"),
    ("双创空间", "众创空间"),
    ("挂牌", "挂牌"),
    ("路演", "项目路演"),
    ("研发团队", "研发团队"),
    ("科研团队", "研发团队"),
    ("加计扣除", "加计扣除 税前"),
    ("研发补贴", "研发费用 补助"),
    ("研发补助", "研发费用 补助"),
    ("发展目标", "发展目标 到2019年"),
    ("实验室", "重点实验室"),
    ("一次性奖励", "一次性补助"),
    # English
    ("high-tech enterprise", "高新技术企业"),
    ("high tech enterprise", "高新技术企业"),
    ("hi-tech", "高新技术企业"),
    ("first recognised", "首次认定"),
    ("first recognized", "首次认定"),
    ("re-recognised", "重新认定"),
    ("equity investment", "股权投资"),
    ("venture capital", "股权投资 创业投资"),
    ("fund manager", "管理机构"),
    ("invests", "投资"),
    ("investment", "投资额"),
    ("reward", "奖励"),
    ("subsidy", "补助 补贴"),
    ("grant", "补助"),
    ("one-off", "一次性"),
    ("per contract", "每项 技术合同"),
    ("contract", "技术合同"),
    ("patent", "专利"),
    ("license", "实施许可"),
    ("licenses", "实施许可"),
    ("university", "高校院所"),
    ("valid", "有效期 施行"),
    ("expire", "有效期"),
    ("in force", "施行 有效期"),
    ("super deduction", "加计扣除"),
    ("super-deduction", "加计扣除"),
    ("r&d", "研发费用"),
    ("amortis", "摊销"),
    ("small tech compan", "科技型中小企业"),
    ("clean energy", "清洁能源"),
    ("fund", "基金"),
    ("zones", "高新区 金普新区"),
    ("lead", "牵头单位"),
    ("incubator", "孵化器"),
    ("maker space", "众创空间"),
    ("listing", "上市"),
    ("ipo", "首次公开发行上市"),
    ("loan", "贷款"),
    ("bank", "银行"),
    ("insurance", "保险"),
    ("guarantee", "担保"),
    ("technology transfer", "技术转移"),
    ("broker", "技术经纪人"),
    ("voucher", "科技创新券"),
    ("innovation voucher", "科技创新券"),
    ("intelligent manufacturing", "智能制造"),
    ("smart manufacturing", "智能制造"),
    ("key laboratory", "重点实验室"),
    ("key lab", "重点实验室"),
    ("hydrogen", "氢能"),
    ("fuel cell", "燃料电池"),
    ("artificial intelligence", "人工智能"),
    ("talent", "人才"),
    ("national-level incubator", "国家级孵化器"),
    ("national incubator", "国家级孵化器"),
    ("provincial incubator", "省级孵化器"),
    ("national key laboratory", "国家重点实验室"),
    ("national-level maker space", "国家级众创空间"),
    ("industrial design center", "工业设计中心"),
    ("loan principal", "贷款本金"),
    ("principal", "贷款本金"),
    ("compensation", "补偿"),
    ("invest", "投资"),
    ("equipment", "设备"),
    ("operating cost", "运营成本"),
    ("military", "军民融合"),
    ("national-level", "国家级"),
    ("national level", "国家级"),
    ("provincial", "省级"),
    ("domestic ipo", "境内首次公开发行上市"),
    ("overseas listing", "境外上市"),
    ("target", "目标"),
    ("goal", "目标"),
    ("who interprets", "负责解释"),
)

_CN_AMOUNT = re.compile(r"([一二两三四五六七八九十百千]+)(多)?(万|亿)")


def _digits(m: re.Match[str]) -> str:
    try:
        return f"{chinese_to_int(m.group(1))}{m.group(3)}"
    except ValueError:
        return m.group(0)


def _has(term: str, low: str) -> bool:
    """Chinese terms match as substrings; English ones only as whole words ("pe" is not in "principal")."""
    if term.isascii():
        return re.search(rf"(?<![a-z]){re.escape(term)}", low) is not None and (
            len(term) > 3 or re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", low) is not None
        )
    return term in low


def policy_terms(query: str) -> str:
    """Only the policy wording the glossary adds for ``query``, in the order the terms appear in it
    (so "provincial key lab" reads 省级 重点实验室), used to route English questions."""
    low = query.lower()
    found = [(low.find(term), target) for term, target in GLOSSARY if _has(term, low)]
    return " ".join(dict.fromkeys(target for _, target in sorted(found, key=lambda t: t[0])))


def rewrite_query(query: str) -> str:
    """The query plus the policy wording of any colloquial or English terms it contains."""
    low = query.lower()
    extra = [target for term, target in GLOSSARY if _has(term, low)]
    normalised = _CN_AMOUNT.sub(_digits, query)
    parts = [normalised, *extra]
    return " ".join(dict.fromkeys(parts))
