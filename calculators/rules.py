"""The policy's numeric rules as data, each with the verbatim clause it encodes.

``tests/calculators/test_rules_table.py`` checks every clause against the corpus and that each
rate and cap below appears literally in its clause, so a typo here fails CI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

D = Decimal
WAN = D(10_000)
MEASURES = "measures-2017-52"
OPINIONS = "opinions-2017-31"


@dataclass(frozen=True)
class RateRule:
    """amount = base × rate, capped; ``is_maximum`` when the text says 最高/不超过."""

    id: str
    title: str
    article: int | None
    clause: str
    base: str
    rate: Decimal
    cap_yuan: Decimal | None
    cap_scope: str
    conditions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    doc_id: str = MEASURES
    item: int | None = None
    is_maximum: bool = True
    min_base_yuan: Decimal | None = None
    valid_from: str | None = "2018-01-01"
    valid_to: str | None = "2022-12-31"


@dataclass(frozen=True)
class Tier:
    lower_yuan: Decimal
    upper_yuan: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class TieredRule:
    id: str
    title: str
    article: int
    clause: str
    tiers: tuple[Tier, ...]
    single_cap_yuan: Decimal
    cumulative_cap_yuan: Decimal
    cap_clause: str
    conditions: tuple[str, ...] = ()
    doc_id: str = MEASURES


@dataclass(frozen=True)
class FixedAward:
    """A fixed one-off amount (or a ceiling, when ``is_maximum``) for a kind of recognition."""

    id: str
    title: str
    article: int | None
    clause: str
    amount_yuan: Decimal
    keywords: tuple[str, ...]
    is_maximum: bool = False
    amount_max_yuan: Decimal | None = None  # for a range such as 50-200万
    doc_id: str = MEASURES
    item: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ShareRule:
    """A minimum share of income that must go to individuals (opinions items 6 and 9)."""

    id: str
    title: str
    item: int
    clause: str
    min_share: Decimal
    keywords: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    doc_id: str = OPINIONS


EQUITY_INVESTMENT = TieredRule(
    id="equity_investment_reward",
    title="股权投资企业投资奖励（第四十七条）",
    article=47,
    clause="3000万元以上的部分按投资额的1%给予奖励",
    tiers=(
        Tier(D(0), D(500) * WAN, D("0.04")),
        Tier(D(500) * WAN, D(1000) * WAN, D("0.02")),
        Tier(D(1000) * WAN, D(3000) * WAN, D("0.015")),
        Tier(D(3000) * WAN, None, D("0.01")),
    ),
    single_cap_yuan=D(100) * WAN,
    cumulative_cap_yuan=D(1000) * WAN,
    cap_clause="单笔奖励资金不超过100万元,累计奖励不超过1000万元。",
    conditions=(
        "投资对象须为大连科技创新企业（第三十七条：经认定的高新技术企业、技术先进型服务企业、科技型中小企业，"
        "或在市级以上认定/备案的孵化器、众创空间内孵化的企业）",
        "奖励给予股权投资企业的管理机构",
        "按单笔投资额分段累进计算",
    ),
)

# Verbatim tier clauses of 第四十七条, one per band, used to cite each step.
EQUITY_TIER_CLAUSES = (
    "500 万元以下（含 500 万元）的部分按投资额的 4%给予奖励",
    "超过 500 万元不超过 1000 万元（含 1000 万元）的部分按投资额的 2%给予奖励",
    "超过 1000 万元不超过 3000 万元（含 3000万元)的部分按投资额的1.5%给予奖励",
    "3000万元以上的部分按投资额的1%给予奖励",
)

RATE_RULES: tuple[RateRule, ...] = (
    RateRule(
        "major_rd_project",
        "重大研发项目补助",
        4,
        "对研发投入在 1000 万元以上的重大项目，按照年度实际研发费用支出给予最高 30%补助，项目执行期内补助总额不超过 1000 万元。",
        "年度实际研发费用支出",
        D("0.30"),
        D(1000) * WAN,
        "项目执行期内补助总额",
        ("项目研发投入在1000万元以上",),
        ("重大项目", "重大研发项目", "研发投入1000万"),
        min_base_yuan=None,
    ),
    RateRule(
        "key_rd_project",
        "重点研发项目补助",
        5,
        "对研发投入在 200 万元以上的重点项目，按照年度实际研发费用支出给予最高 30%补助，项目执行期内补助总额不超过 200 万元。",
        "年度实际研发费用支出",
        D("0.30"),
        D(200) * WAN,
        "项目执行期内补助总额",
        ("项目研发投入在200万元以上",),
        ("重点项目", "重点研发项目", "研发费用补助"),
    ),
    RateRule(
        "national_project_match",
        "国家重大专项配套补助",
        6,
        "对列入国家科技重大专项和重点研发计划的项目，按照年度国拨经费实际到位额度给予最高 20%补助，项目执行期内补助总额不超过 1000 万元。",
        "年度国拨经费实际到位额度",
        D("0.20"),
        D(1000) * WAN,
        "项目执行期内补助总额",
        ("项目列入国家科技重大专项或国家重点研发计划",),
        ("国拨经费", "国家科技重大专项", "国家重点研发计划", "配套"),
    ),
    RateRule(
        "platform_annual_review",
        "高端创新平台年度考评补助",
        8,
        "考评优秀的按照不超过年度实际研发费用支出 30%的比例，给予最高 300 万元的补助。",
        "年度实际研发费用支出",
        D("0.30"),
        D(300) * WAN,
        "每年",
        ("国家重点实验室等高端创新平台年度考评优秀",),
        ("高端创新平台", "重点实验室", "实验室考评", "平台考评"),
    ),
    RateRule(
        "rd_institution_equipment",
        "引进重点研发机构设备补助",
        11,
        "对引进的国内外重点研发机构，按照不超过其研发设备投入额 30%的比例，给予最高 2000 万元的补助。",
        "研发设备投入额",
        D("0.30"),
        D(2000) * WAN,
        "每个机构",
        ("属于引进的国内外重点研发机构",),
        ("引进", "研发机构", "研发设备"),
    ),
    RateRule(
        "incubator_annual_review",
        "孵化器年度考评补助",
        12,
        "考评优秀单位按照不超过上年度运营成本 70%的比例，分别给予最高 200 万元和 30 万元的补助。",
        "上年度运营成本",
        D("0.70"),
        D(200) * WAN,
        "每年",
        ("市级以上孵化器年度考评优秀",),
        ("孵化器运营", "孵化器考评", "孵化器", "运营成本"),
    ),
    RateRule(
        "maker_space_annual_review",
        "众创空间年度考评补助",
        12,
        "考评优秀单位按照不超过上年度运营成本 70%的比例，分别给予最高 200 万元和 30 万元的补助。",
        "上年度运营成本",
        D("0.70"),
        D(30) * WAN,
        "每年",
        ("备案众创空间年度考评优秀",),
        ("众创空间运营", "众创空间考评", "众创空间"),
    ),
    RateRule(
        "university_park_annual_review",
        "大学科技园年度考评补助",
        15,
        "考评优秀单位按照不超过上年度运营成本 70%的比例，给予最高 200 万元的补助。",
        "上年度运营成本",
        D("0.70"),
        D(200) * WAN,
        "每年",
        ("大学科技园年度考评优秀",),
        ("大学科技园",),
    ),
    RateRule(
        "achievement_transformation",
        "重大科技成果转化项目补助",
        22,
        "按照实际研发费用支出给予最高50%补助，最高不超过1000万元。",
        "实际研发费用支出",
        D("0.50"),
        D(1000) * WAN,
        "每个项目",
        ("企业通过产学研合作组织实施的重大科技成果转化示范项目",),
        ("成果转化", "产业化", "产学研"),
    ),
    RateRule(
        "tech_transfer_enterprise",
        "技术合同企业补助",
        23,
        "分别按技术合同实际发生技术交易额给予企业 10%补助，每项最高不超过 100 万元",
        "技术合同实际发生技术交易额",
        D("0.10"),
        D(100) * WAN,
        "每项技术合同",
        ("高校院所与企业开展技术开发、技术转让或专利技术实施许可",),
        ("技术合同", "技术转让", "技术开发", "专利许可"),
    ),
    RateRule(
        "tech_transfer_university",
        "技术合同高校院所奖励",
        23,
        "给予在连高校院所 5%奖励，每项最高不超过 30 万元",
        "技术合同实际发生技术交易额",
        D("0.05"),
        D(30) * WAN,
        "每项技术合同",
        ("在连高校院所；主要用于奖励科技成果转化工作部门和有突出贡献的人员",),
        ("高校", "院所"),
    ),
    RateRule(
        "foreign_tech_purchase",
        "国际科技合作基地购买外方技术补助",
        24,
        "基地购买外方技术按照实际发生交易额的 10%,给予最高不超过 50 万元补助。",
        "购买外方技术实际发生交易额",
        D("0.10"),
        D(50) * WAN,
        "每项",
        ("国家级国际科技合作基地购买外方技术",),
        ("外方技术", "国际科技合作基地"),
    ),
    RateRule(
        "transfer_agency_brokerage",
        "技术转移服务机构促成转化补助",
        25,
        "按技术合同实际发生交易额的 3%给予补助，单项补助最高不超过 20 万元。",
        "技术合同实际发生交易额",
        D("0.03"),
        D(20) * WAN,
        "单项",
        ("技术转移服务机构（不含大连高校院所）促成国内外高校院所科技成果向本市企业转化",),
        ("技术转移服务机构", "技术转移机构", "中介"),
    ),
    RateRule(
        "tech_broker_reward",
        "技术经纪人奖励",
        26,
        "按技术合同实际发生交易额的 1%给予奖励，单项奖励额度最高不超过 10 万元。",
        "技术合同实际发生交易额",
        D("0.01"),
        D(10) * WAN,
        "单项",
        ("技术经纪人已备案登记", "在完成科技成果转移转化一年后申请"),
        ("技术经纪人", "经纪人"),
    ),
    RateRule(
        "innovation_voucher",
        "科技创新券补助",
        27,
        "企业购买技术经纪人培训、技术战略规划、技术搜索、技术评估等技术转移服务，给予 30%补助。",
        "购买技术转移服务的费用",
        D("0.30"),
        None,
        "",
        ("企业纳入全国科技型中小企业信息库",),
        ("创新券", "科技创新券"),
        is_maximum=False,
    ),
    RateRule(
        "instrument_sharing",
        "大型仪器开放服务补助",
        28,
        "按其实际检验检测费用的 10%给予补助，同一单位年度最高补助额度不超过 30 万元",
        "实际检验检测费用",
        D("0.10"),
        D(30) * WAN,
        "同一单位每年",
        ("高校院所提供大型仪器社会开放服务",),
        ("大型仪器", "检验检测", "仪器共享"),
    ),
    RateRule(
        "intelligent_manufacturing",
        "智能制造项目补助",
        34,
        "按项目设备和技术投入总额给予不超过15%的资金补助，单个项目最高补助金额不超过500万元。",
        "项目设备和技术投入总额",
        D("0.15"),
        D(500) * WAN,
        "单个项目",
        ("企业以自筹资金实施“智能制造”应用项目",),
        ("智能制造",),
    ),
    RateRule(
        "new_key_project",
        "新建重点项目补助",
        36,
        "项目投产后，按项目设备和技术投入总额给予不超过15%的补助，最高补助金额不超过1000万元。",
        "项目设备和技术投入总额",
        D("0.15"),
        D(1000) * WAN,
        "每个项目",
        ("重点行业领域新建的有利于产业转型升级及产业链配套的重点项目", "项目已投产"),
        ("新建重点项目", "投产"),
    ),
    RateRule(
        "bank_loan_loss_compensation",
        "银行贷款损失风险补偿",
        39,
        "对经认定的贷款本金实际损失按50%对银行机构给予补偿，单个企业最高补偿 100 万元。",
        "经认定的贷款本金实际损失",
        D("0.50"),
        D(100) * WAN,
        "单个企业",
        ("银行向市政府重点扶持的科技创新企业发放信用贷款或开展投贷联动业务", "补偿对象为银行机构"),
        ("贷款损失", "本金损失", "贷款本金", "风险补偿", "银行"),
    ),
    RateRule(
        "tech_insurance_compensation",
        "科技保险补偿",
        39,
        "对开展科技保险业务的保险机构按保险人向被保险人赔偿保险金额的 20% 给予补偿，单个企业最高补偿 100 万元。",
        "保险人向被保险人赔偿的保险金额",
        D("0.20"),
        D(100) * WAN,
        "单个企业",
        ("补偿对象为开展科技保险业务的保险机构",),
        ("科技保险", "保险赔偿", "保险机构", "保险公司", "赔付"),
    ),
    RateRule(
        "loan_investment_linkage",
        "投贷联动补贴",
        40,
        "对开展科技创新企业投贷联动业务的银行和投资机构，分别按贷款和投资额的 1% 予以补贴，单个项目最高补贴 50 万元。",
        "贷款额或投资额",
        D("0.01"),
        D(50) * WAN,
        "单个项目",
        ("银行和投资机构为本地法人或在本地登记注册的分支机构",),
        ("投贷联动",),
    ),
    RateRule(
        "microcredit_increase_reward",
        "小额贷款公司奖励",
        41,
        "小额贷款公司按照每年向科技创新企业发放的贷款余额增量给予 1.5% 的奖励，每家小贷公司年最高奖励 100 万元。",
        "每年向科技创新企业发放的贷款余额增量",
        D("0.015"),
        D(100) * WAN,
        "每家每年",
        ("服务科技创新企业的小额贷款公司",),
        ("小额贷款", "小贷"),
    ),
    RateRule(
        "guarantee_increase_reward",
        "融资担保机构奖励",
        41,
        "融资性担保机构按照每年为科技创新企业提供担保的在保责任余额增量给予 1.5% 的奖励，每家担保机构年最高奖励 100 万元。",
        "每年在保责任余额增量",
        D("0.015"),
        D(100) * WAN,
        "每家每年",
        ("为科技创新企业提供担保的融资性担保机构",),
        ("担保", "在保责任余额"),
    ),
    RateRule(
        "guarantee_loss_compensation",
        "担保代偿损失补偿",
        41,
        "对科技创新企业的融资担保风险按担保代偿损失的 20% 进行补偿，单一法人机构年最高补偿 500 万元。",
        "担保代偿损失",
        D("0.20"),
        D(500) * WAN,
        "单一法人机构每年",
        ("为科技创新企业提供融资担保",),
        ("代偿", "担保代偿"),
    ),
    RateRule(
        "military_civil_industrialization",
        "军民融合高科技产业化项目补助",
        52,
        "对军民融合新上的高科技产业化项目,按项目设备和技术投入总额给予不超过15%的资金补助,最高补贴1500万元。",
        "项目设备和技术投入总额",
        D("0.15"),
        D(1500) * WAN,
        "每个项目",
        ("军民融合新上的高科技产业化项目",),
        ("军民融合", "产业化"),
    ),
    RateRule(
        "military_civil_event",
        "军民融合活动经费补贴",
        53,
        "召开军民融合研讨会、论坛、交易会、展览会及项目路演等活动,给予活动经费20%的补贴,最高补贴额为50万元。",
        "活动经费",
        D("0.20"),
        D(50) * WAN,
        "每次活动",
        ("军民融合研讨会、论坛、交易会、展览会或项目路演",),
        ("活动经费", "研讨会", "论坛", "路演"),
    ),
    RateRule(
        "military_civil_booth",
        "军民融合参展展位费补贴",
        53,
        "对军民融合项目参与展览的,给予展位费20%的补贴,最高补贴额为20万元。",
        "展位费",
        D("0.20"),
        D(20) * WAN,
        "每次展览",
        ("军民融合项目参与展览",),
        ("展位费", "参展"),
    ),
)

RATE_RULES_BY_ID = {rule.id: rule for rule in RATE_RULES}

# 第五十条 applies 第二十三条 to military/civil transfers.
MILITARY_TRANSFER_CLAUSE = "军队科研成果用于地方产业发展的或地方科研成果在部队得到应用的,参照第二十三条执行。"
UPLIFT_54_CLAUSE = (
    "对境内外上市的军民融合企业,在第四十二、四十三、四十四、四十五条政策支持的基础上,再上浮 10%给予补贴。"
)
UPLIFT_51_CLAUSE = "军地双方产品、技术或服务首次应用于对方的,按大连现行首台套政策奖励比例再上浮10%给予补助。"
UPLIFT_RATE = D("0.10")

SUPER_DEDUCTION_CLAUSE = (
    "在 2017 年 1 月 1 日至 2019 年 12 月 31 日期间，再按照实际发生额的 75% 在税前加计扣除；"
    "形成无形资产的，在上述期间按照无形资产成本的 175% 在税前摊销。"
)
SUPER_DEDUCTION_RATE = D("0.75")
AMORTISATION_RATE = D("1.75")

SHARE_RULES: tuple[ShareRule, ...] = (
    ShareRule(
        "equity_incentive_share",
        "股权激励分配给个人的比例",
        6,
        "企业应从该项科技成果形成的股份或者出资比例中提取不低于50%的比例分配给个人",
        D("0.50"),
        ("股权激励", "股权奖励", "股权出售", "股权期权"),
    ),
    ShareRule(
        "licensing_income_share",
        "转让、许可净收入分配给个人的比例",
        6,
        "从该项科技成果转让净收入或者许可净收入中提取不低于50%的比例分配给个人",
        D("0.50"),
        ("转让净收入", "许可净收入", "分红激励"),
    ),
    ShareRule(
        "operating_profit_share",
        "自行实施转化的营业利润分配给个人的比例",
        6,
        "每年从实施该项科技成果的营业利润中提取不低于5%的比例分配给个人",
        D("0.05"),
        ("营业利润", "自行实施", "合作实施"),
        years=(3, 5),
    ),
    ShareRule(
        "rd_team_share",
        "科技成果转化收益归属研发团队的比例",
        9,
        "允许高校院所科技成果转化收益归属研发团队所得比例不低于70%",
        D("0.70"),
        ("研发团队", "转化收益"),
    ),
)
SHARE_RULES_BY_ID = {r.id: r for r in SHARE_RULES}


def _fa(
    id_: str, title: str, article: int | None, clause: str, wan: int | str, keywords: tuple[str, ...], **kw
) -> FixedAward:
    return FixedAward(id_, title, article, clause, D(wan) * WAN, keywords, **kw)


FIXED_AWARDS: tuple[FixedAward, ...] = (
    _fa(
        "national_platform",
        "新获批国家重点实验室等国家级高端创新平台",
        8,
        "给予 500 万元一次性补助",
        500,
        (
            "国家重点实验室",
            "国家工程研究中心",
            "国家技术创新中心",
            "国家临床医学研究中心",
            "国家级企业技术中心",
            "国家级平台",
            "高端创新平台",
        ),
    ),
    _fa(
        "national_local_joint_center",
        "新获批国家地方联合工程研究中心",
        8,
        "给予 200 万元一次性补助",
        200,
        ("国家地方联合工程研究中心", "联合工程研究中心"),
    ),
    _fa(
        "platform_evaluation_excellent",
        "高端创新平台定期评估优秀",
        8,
        "对优秀单位给予 300 万元一次性补助",
        300,
        ("评估优秀", "定期评价优秀"),
    ),
    _fa(
        "platform_evaluation_good",
        "高端创新平台定期评估良好或基本合格",
        8,
        "对良好和基本合格单位给予 100 万元一次性补助",
        100,
        ("评估良好", "基本合格"),
    ),
    _fa(
        "provincial_platform",
        "新获批省级重点实验室等创新平台",
        9,
        "给予 100 万元一次性补助",
        100,
        ("省级重点实验室", "省级工程", "省级技术创新中心", "省级企业技术中心", "省级平台", "省级创新平台"),
    ),
    _fa(
        "municipal_platform",
        "新获批市级重点实验室等创新平台",
        9,
        "给予 50 万元一次性补助",
        50,
        ("市级重点实验室", "市级工程", "市级技术创新中心", "市级企业技术中心", "市级平台", "市级创新平台"),
    ),
    _fa(
        "new_rd_institute",
        "人工智能等领域开放式研究院等新型研发机构（每年）",
        10,
        "每年每个研究院最高给予 3000 万元资金支持",
        3000,
        ("开放式研究院", "新型研发机构"),
        is_maximum=True,
    ),
    _fa(
        "national_incubator",
        "新获批国家级科技企业孵化器",
        12,
        "对新获批国家级科技企业孵化器、备案众创空间，分别给予一次性 100 万元、20 万元补助",
        100,
        ("国家级孵化器", "国家级科技企业孵化器"),
    ),
    _fa(
        "national_maker_space",
        "新获批国家级备案众创空间",
        12,
        "对新获批国家级科技企业孵化器、备案众创空间，分别给予一次性 100 万元、20 万元补助",
        20,
        ("国家级众创空间", "国家备案众创空间"),
    ),
    _fa(
        "provincial_incubator",
        "新获批省级科技企业孵化器",
        12,
        "对新获批的省级科技企业孵化器、备案众创空间分别给予一次性 50 万元、10 万元补助",
        50,
        ("省级孵化器", "省级科技企业孵化器"),
    ),
    _fa(
        "provincial_maker_space",
        "新获批省级备案众创空间",
        12,
        "对新获批的省级科技企业孵化器、备案众创空间分别给予一次性 50 万元、10 万元补助",
        10,
        ("省级众创空间",),
    ),
    _fa(
        "star_space",
        "新认定的“星创天地”和科技特派团",
        12,
        "对新认定的“星创天地”和科技特派团给予 10 万元一次性补助",
        10,
        ("星创天地", "科技特派团"),
    ),
    _fa(
        "science_popularisation_base",
        "定期评估为优秀科普基地",
        12,
        "对定期评估为优秀科普基地的单位给予 10 万元补助",
        10,
        ("科普基地",),
    ),
    _fa(
        "provincial_alliance",
        "新认定省级产业技术创新联盟（牵头单位）",
        13,
        "对新认定的省级、市级产业技术创新联盟分别给予联盟牵头单位 50 万元、30 万元一次性补助",
        50,
        ("省级产业技术创新联盟", "省级联盟"),
    ),
    _fa(
        "municipal_alliance",
        "新认定市级产业技术创新联盟（牵头单位）",
        13,
        "对新认定的省级、市级产业技术创新联盟分别给予联盟牵头单位 50 万元、30 万元一次性补助",
        30,
        ("市级产业技术创新联盟", "市级联盟"),
    ),
    _fa(
        "hitech_first",
        "首次认定的高新技术企业",
        14,
        "对首次认定的高新技术企业给予 20 万元一次性补助",
        20,
        ("首次认定", "高新技术企业认定", "高企认定", "新认定高新技术企业", "高新技术企业"),
    ),
    _fa(
        "hitech_renewal",
        "重新认定的高新技术企业",
        14,
        "对重新认定的高新技术企业给予 10 万元补助",
        10,
        ("重新认定", "复审", "再认定", "重新认定的高新技术企业", "高新技术企业重新认定"),
    ),
    _fa(
        "incubator_hitech_bonus",
        "孵化器/众创空间培育的企业被认定为高新技术企业（每家）",
        14,
        "每认定一家给予科技企业孵化器、备案众创空间奖励 10 万元，同一单位年度最高奖励额度不超过 50 万元",
        10,
        ("在孵企业", "毕业企业", "培育的企业"),
        note="同一单位年度最高奖励额度不超过50万元",
    ),
    _fa(
        "national_university_park",
        "新获批国家级大学科技园",
        15,
        "对新获批国家级、省级大学科技园的单位，分别给予一次性 100 万元、50 万元补助",
        100,
        ("国家级大学科技园",),
    ),
    _fa(
        "provincial_university_park",
        "新获批省级大学科技园",
        15,
        "对新获批国家级、省级大学科技园的单位，分别给予一次性 100 万元、50 万元补助",
        50,
        ("省级大学科技园",),
    ),
    _fa(
        "patent_operation",
        "专利运营机构（上年度专利技术交易额3000万元以上）",
        16,
        "上年度专利技术交易额在 3000 万元以上的单位，给予最高 200 万元的补助，累计支持 2 年",
        200,
        ("专利运营",),
        is_maximum=True,
    ),
    _fa(
        "high_value_patent_center",
        "新获得大连市高价值专利培育示范中心",
        17,
        "对新获得大连市高价值专利培育示范中心的单位，给予100万元一次性补助",
        100,
        ("高价值专利",),
    ),
    _fa(
        "core_patent_industrialisation",
        "推进核心专利产业化",
        17,
        "对推进核心专利产业化的单位，给予最高不超过50万元的补助",
        50,
        ("核心专利",),
        is_maximum=True,
    ),
    _fa(
        "national_patent_alliance",
        "新认定国家级产业专利联盟（牵头单位）",
        18,
        "对新认定的国家级、市级产业专利联盟分别给予联盟牵头单位50万元、30万元补助",
        50,
        ("国家级专利联盟", "国家级产业专利联盟"),
    ),
    _fa(
        "municipal_patent_alliance",
        "新认定市级产业专利联盟（牵头单位）",
        18,
        "对新认定的国家级、市级产业专利联盟分别给予联盟牵头单位50万元、30万元补助",
        30,
        ("市级专利联盟", "市级产业专利联盟"),
    ),
    _fa(
        "patent_navigation",
        "开展专利导航（每项）",
        18,
        "对开展专利导航的单位，每项给予最高不超过50万元的补助",
        50,
        ("专利导航",),
        is_maximum=True,
    ),
    _fa(
        "ip_market",
        "新获批国家级知识产权保护规范化市场",
        19,
        "对新获批国家级知识产权保护规范化市场的单位，给予10万元一次性补助",
        10,
        ("知识产权保护规范化市场",),
    ),
    _fa(
        "patent_protection_pilot",
        "新确定的市级专利保护试点单位",
        19,
        "对新确定的市级专利保护试点单位，给予5万元一次性补助",
        5,
        ("专利保护试点",),
    ),
    _fa(
        "rd_fund_major",
        "科技创新基金：高校院所重点学科重大课题（每年，连续3年）",
        7,
        "对高校院所重点学科（研究方向）重大课题研究每年每项支持额度 100 万元，连续支持 3 年",
        100,
        ("重大课题", "重点学科"),
    ),
    _fa(
        "rd_fund_applied_basic",
        "科技创新基金：应用基础研究项目",
        7,
        "应用基础研究项目每项支持额度 50 万元",
        50,
        ("应用基础研究",),
    ),
    _fa(
        "rd_fund_livelihood",
        "科技创新基金：科技惠民及软科学研究项目",
        7,
        "科技惠民项目及软科学研究项目每项支持额度 10 万元",
        10,
        ("科技惠民", "软科学"),
    ),
    _fa(
        "international_base",
        "新增国家级国际科技合作基地",
        24,
        "对新增的国家级国际科技合作基地给予 100 万元经费补助",
        100,
        ("国际科技合作基地",),
    ),
    _fa(
        "international_base_evaluation",
        "国际科技合作基地通过国家定期评估",
        24,
        "对通过国家定期评估的给予 30 万元一次性补助",
        30,
        ("通过国家定期评估",),
    ),
    _fa(
        "transfer_branch",
        "国内外技术转移机构在大连设立分支机构",
        25,
        "对具备一定规模及服务能力的，给予 50-200 万元补助",
        50,
        ("技术转移机构分支", "分支机构"),
        amount_max_yuan=D(200) * WAN,
        is_maximum=True,
    ),
    _fa(
        "national_transfer_demo",
        "新增国家级技术转移示范机构",
        25,
        "对新增的国家级、省级、市级技术转移示范机构分别给予 100 万元、50 万元、30 万元补助",
        100,
        ("国家级技术转移示范机构",),
    ),
    _fa(
        "provincial_transfer_demo",
        "新增省级技术转移示范机构",
        25,
        "对新增的国家级、省级、市级技术转移示范机构分别给予 100 万元、50 万元、30 万元补助",
        50,
        ("省级技术转移示范机构",),
    ),
    _fa(
        "municipal_transfer_demo",
        "新增市级技术转移示范机构",
        25,
        "对新增的国家级、省级、市级技术转移示范机构分别给予 100 万元、50 万元、30 万元补助",
        30,
        ("市级技术转移示范机构",),
    ),
    _fa(
        "service_leader",
        "新认定省级以上龙头示范性现代科技服务企业",
        29,
        "新认定省级以上龙头示范性现代科技服务企业给予 50 万元经费补助",
        50,
        ("龙头示范性", "科技服务企业"),
    ),
    _fa(
        "innovation_demo_enterprise",
        "国家技术创新示范企业",
        30,
        "对认定的国家技术创新示范企业，给予 100 万元的一次性补助",
        100,
        ("技术创新示范企业",),
    ),
    _fa(
        "national_design_center",
        "国家级工业设计中心",
        31,
        "对认定的国家级、省级和市级工业设计中心，分别给予 100 万元、50 万元和 30 万元的补助",
        100,
        ("国家级工业设计中心",),
    ),
    _fa(
        "provincial_design_center",
        "省级工业设计中心",
        31,
        "对认定的国家级、省级和市级工业设计中心，分别给予 100 万元、50 万元和 30 万元的补助",
        50,
        ("省级工业设计中心",),
    ),
    _fa(
        "municipal_design_center",
        "市级工业设计中心",
        31,
        "对认定的国家级、省级和市级工业设计中心，分别给予 100 万元、50 万元和 30 万元的补助",
        30,
        ("市级工业设计中心", "工业设计中心"),
    ),
    _fa(
        "manufacturing_innovation_center",
        "大连市制造业创新中心共性技术攻关项目（分档 300/500/800万元）",
        32,
        "采取分档定额的形式，分别给予 300 万元、500 万元和 800 万元的补助",
        300,
        ("制造业创新中心",),
        amount_max_yuan=D(800) * WAN,
        is_maximum=True,
    ),
    _fa(
        "single_champion",
        "制造业单项冠军示范企业或单项冠军产品",
        33,
        "对经工业和信息化部认定的全国制造业单项冠军示范企业或单项冠军产品，给予 100 万元资金补助",
        100,
        ("单项冠军",),
    ),
    _fa(
        "domestic_ipo",
        "境内首次公开发行上市",
        42,
        "按照企业上市不同环节给予总额不超过 300 万元的补贴",
        300,
        ("境内上市", "首次公开发行", "IPO", "ipo", "主板上市", "上市补贴"),
        is_maximum=True,
    ),
    _fa(
        "backdoor_listing",
        "境内非首发上市（并购、借壳）",
        43,
        "一次性给予补贴 200 万元",
        200,
        ("借壳", "并购上市", "非首发"),
    ),
    _fa(
        "overseas_listing",
        "境外上市融资1000万美元以上",
        44,
        "一次性给予补贴 300 万元",
        300,
        ("境外上市", "海外上市"),
    ),
    _fa(
        "neeq_listing",
        "“新三板”挂牌",
        45,
        "按照挂牌环节给予总额不超过 140 万元的补贴",
        140,
        ("新三板",),
        is_maximum=True,
    ),
    _fa(
        "opinions_rd_institution",
        "引进的国内外重点研发机构（意见第10项）",
        None,
        "对引进的国内外重点研发机构最高可给予补助2000万元",
        2000,
        ("重点研发机构",),
        is_maximum=True,
        doc_id=OPINIONS,
        item=10,
    ),
    _fa(
        "opinions_new_institute",
        "开放式研究院等新型研发机构（意见第7项，每年）",
        None,
        "每年每个研究院最高给予3000万元资金支持",
        3000,
        ("开放式研究院",),
        is_maximum=True,
        doc_id=OPINIONS,
        item=7,
    ),
    _fa(
        "opinions_major_project",
        "重大科技攻关项目后补助（意见第3项）",
        None,
        "单个项目最高补助金额 1000 万元",
        1000,
        ("重大科技攻关", "后补助"),
        is_maximum=True,
        doc_id=OPINIONS,
        item=3,
    ),
)
FIXED_AWARDS_BY_ID = {a.id: a for a in FIXED_AWARDS}


@dataclass(frozen=True)
class RuleTable:
    equity: TieredRule = EQUITY_INVESTMENT
    rates: tuple[RateRule, ...] = RATE_RULES
    awards: tuple[FixedAward, ...] = FIXED_AWARDS
    shares: tuple[ShareRule, ...] = SHARE_RULES
    extra: dict[str, str] = field(default_factory=dict)
