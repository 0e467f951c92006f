"""A question's language, scope and type (validity, out of scope). Which rule it is about lives in
``assistant/understanding``; these are general cues, not words for any one rule."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.understanding.mentions import Mentions, clause_start
from calculators.amounts import ambiguous_amount

CJK = re.compile(r"[\u4e00-\u9fff]")


def language(text: str) -> str:
    return "zh" if CJK.search(text) else "en"


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
    "鞍山",
    "抚顺",
    "本溪",
    "丹东",
    "锦州",
    "营口",
    "阜新",
    "辽阳",
    "盘锦",
    "铁岭",
    "朝阳市",
    "葫芦岛",
    "石家庄",
    "太原",
    "南昌",
    "福州",
    "昆明",
    "南宁",
    "贵阳",
    "兰州",
    "乌鲁木齐",
    "呼和浩特",
    "烟台",
    "无锡",
    "东莞",
    "佛山",
    "珠海",
    "beijing",
    "shanghai",
    "shenzhen",
)
_CHITCHAT = re.compile(
    r"写.{0,12}(诗|歌词|小说|作文)|作诗|诗歌|讲.{0,3}笑话|讲.{0,3}故事|天气|你是谁|你叫什么|星座|唱.{0,3}歌|翻译|菜谱|股票|彩票|"
    # a task other than answering from the documents: code, file conversion
    r"(帮我|给我|替我|请你?|你能|你可以|能不能|可不可以)[^，。？?]{0,6}(写|编写|生成)[^，。？?]{0,10}"
    r"(代码|脚本|程序|爬虫|函数|sql|宏)|写一?[段个份](python|java|js)?\s*(代码|脚本|程序)|"
    r"批量(转|转换|导出)|把.{0,20}(转|转换|导出)成.{0,3}(excel|word|pdf)|"
    r"\b(write|generate|give) me\b.{0,20}\b(code|script|program|function|macro)|can you (write|code) (a|some)\b|"
    r"convert .{0,30}\bto (excel|csv|word)|"
    r"poem|joke|weather|who are you|recipe|^\s*(你好|您好|hi|hello|hey|谢谢|thanks?)[\s!！。.？?]*$",
    re.IGNORECASE,
)
_LATER_POLICY = re.compile(
    # a later year as when a measure came or changed; "现在都2024年了" is when the question is asked
    r"(?<!现在)(?<!现在是)(?<!现在都)(?<!如今)(?<!已经)(?<!都)(202[3-9]|203\d)\s*年(?!了)"
    # (not the document asked about: "2023年新认定的，还能按这个文件拿吗" is about its term)
    r".{0,40}(新(?:出台|发布|印发|的?政策|的?文件|规定|措施)|修订|修改|出台|发布|最新|印发|"
    r"(?<!这个)(?<!这份)(?<!该)(?<!本)(?<!按)(?:政策|措施|文件)|公告|通知|提高到|提到|调整|改为|上调|下调)|"
    r"最新.{0,6}(政策|措施|规定|文件)|新出台|今年(的)?政策|"
    r"(财政部|税务总局|国务院|科技部|国家税务).{0,30}(公告|通知|文件|政策)|"
    r"latest policy|new policy|current policy",
    re.IGNORECASE,
)
# Scope cue: a national or ministry regulation's own criteria (认定办法, 评分标准), which the documents cite
# but do not contain.
_NATIONAL_RULES = re.compile(
    r"(科技部|工信部|工业和信息化部|财政部|税务总局|国务院).{0,30}(办法|细则|指引)|"
    r"国家.{0,12}(认定|评价|管理)(工作)?(办法|细则|指引)|"
    r"national (recognition|evaluation) (measures|rules|criteria)|scoring criteria",
    re.IGNORECASE,
)
# Question-type cue: the term or validity of a policy is asked.
VALIDITY_Q = re.compile(
    r"有效期|适用期间|适用期|(?:还在|仍在|处于|过了)执行期|(?:政策|文件|计划|措施|意见|指南)的?执行期|还能不能申请|现在还能|还有效|仍有效|是否有效|有没有效|失效|过期|(?:号文|政策|文件|措施|意见|指南|计划)到期|(?<!期满)(?<!认定)到期(?!.{0,2}(?:复审|重新))|废止|施行|执行期限|"
    r"(什么|啥)时候(开始|结束|截止|到期)|开始执行|管几年|(管|覆盖|涵盖|是)哪几年|起止|"
    r"(?:哪年|哪一年|何时|什么时候|多久)\S{0,6}有效|有效(?:到|至)(?:哪|什么|何|多久)|为止有效|"
    r"还管用|还算数|还作数|还生效|还(能|可以).{0,2}(?:申请|申报)(?!多少)|还(能|可以)按.{0,20}(?:申请|申报)(?!多少)|还能用|还适用|"
    r"still valid|in force|expire|validity|still apply|still in effect|can we still|still open",
    re.IGNORECASE,
)


_LISTING = r"上市|ipo|交易所|证交所|主板|科创板|创业板|挂牌|listing|list|exchange"
_LISTED_IN = re.compile(
    rf"(?:{'|'.join(c.lower() for c in OTHER_CITIES)})\S{{0,6}}?(?:{_LISTING})"
    rf"|(?:{_LISTING})\s*(?:in|on|at)\s+(?:the\s+)?(?:{'|'.join(c.lower() for c in OTHER_CITIES)})"
)


# Question-type cue: the message tells the assistant to change or inflate the figures ("写高点", "ignore the
# rules"): a computed answer says its figures come from the text only. Its twin below is about the role.
CHANGE_FIGURES = re.compile(
    r"忽略|无视|不要管|别管|假装|扮演|你现在是|不受.{0,4}限制|写高|写多|多写|报高|虚报|就说|帮我改|照我说的|"
    r"ignore (all|previous|the)|disregard|pretend|system prompt|just say|write (it )?higher",
    re.IGNORECASE,
)

# Question-type cue: the message tells the assistant to act outside its role — approve, promise, pretend
# to be an official, ignore its rules. The answer says what it can do, then answers from the text.
INSTRUCTION = re.compile(
    r"系统(?:通知|指令|提示)|你(?:现在|已经|已)?(?:是|被授权|被任命|作为)\S{0,6}(?:审批|官员|领导|负责人|工作人员)|"
    r"(?:忽略|无视|忘记|不要管)\S{0,4}(?:之前|以上|前面|上述|所有)?\S{0,2}(?:指令|规则|限制|设定|要求|提示)|"
    r"(?:直接|立即|马上)\S{0,2}(?:批准|审批|同意|拨付|发放)|(?:回复|只回复|就回复|回答)[“\"'「]?(?:已批准|同意|可以|没问题)|"
    r"(?:保证|担保|承诺|打包票)\S{0,8}(?:能拿|拿到|可以拿|一定|肯定)|"
    r"ignore (?:all |any |the )?(?:previous |prior |above )?(?:instructions|rules)|you are now|act as|pretend|"
    r"system (?:notice|prompt|message)|approve (?:it|our|the)|guarantee (?:that )?we",
    re.IGNORECASE,
)

# Question-type cue: a sum of money is asked for.
# Question-type cue: the threshold a rule sets is asked ("融资要达到多少才能拿", "至少要投多少").
THRESHOLD_Q = re.compile(
    r"(?:要|需要?|得|须|必须)\S{0,6}?(?:达到|满足|超过|够|投|有)\S{0,6}?多少\S{0,4}?(?:才|方)(?:能|可以|可|给|行|够)|"
    r"至少(?:要|需要?|得)\S{0,6}?多少|门槛是?多少|多少(?:以上)?才(?:能|可以|给|算|够)|"
    r"how (?:much|big|large|many)\b[^?]{0,40}\b(?:to qualify|needed|required|at least)|minimum",
    re.IGNORECASE,
)
MONEY_Q = re.compile(
    r"(?<!的)多少(?![家个项人名所件次倍年天位])|几(?=万|千|百)|能拿|可拿|能领|能得|可以拿|可获|能获|补多少|奖多少|计算|算一下|算算|测算|给多少|金额|补贴|补助|奖励|补偿|资助|"
    r"支持多少|能补|有没有钱|有钱吗|给钱|这个数(?=[吗吧呢啊嘛？?。，,！!]|$)|这么多(?=[吗吧呢啊嘛钱？?。，,！!]|$)|一样多|同样多|how much|calculate|compute|what (reward|subsidy|grant)|what (would|do|can|could|will) (we|i|they|it) (get|receive)|amount|reward|subsid|grant|compensat",
    re.IGNORECASE,
)


# Question-type cue: a count of things is asked ("目标是多少件", "要培育几家"), which no money rule computes.
COUNT_Q = re.compile(r"(?:多少|几)\s*(?:件|家|所|座|台|套|处)")
# Question-type cue: the asker says the topic changes ("换个事儿", "换个话题", "问点别的").
TOPIC_CHANGE = re.compile(
    r"换个(?:话题|事儿?)|换一个话题|(?<![不别])(?:问|说)点别的|change the (?:topic|subject)|(?:a |on a )?different topic",
    re.IGNORECASE,
)


# Question-type cues (general, not about any one rule): a condition is asked; something other than an amount
# is asked (how, when, why, what it is); a yes or no.
CONDITION_Q = re.compile(
    r"条件|要求|门槛|给谁|奖励谁|补给谁|谁可以|谁能|对象|哪些企业|什么样的|哪种|哪类|才算|怎么申请|如何申请|申请流程|"
    r"eligib|who can|who gets|condition|requirement",
    re.IGNORECASE,
)
# what the asker pays, not receives ("企业所得税先按多少交", "要缴多少")
_PAYS = r"多少\S{0,2}(?:交|缴)|(?:交|缴纳?)\S{0,2}多少"
OTHER_Q = re.compile(
    rf"怎么|如何|怎样|为什么|多久|多长时间|什么时候|哪个部门|{_PAYS}|how (?:do|does|to|is)|when|why",
    re.IGNORECASE,
)
YES_NO_Q = re.compile(
    r"吗\s*(?:[？?。!！]|$)|能不能|可不可以|有没有|是否|can (we|i|they)|is there|are there|do (we|they) get",
    re.IGNORECASE,
)


def wants_money(text: str, mentions: Mentions) -> bool:
    return asks_money(text) or bool(mentions.live_amounts) or bool(mentions.counts)


# a proportion is what a bare 多少 asks about in its clause ("收入占比降到多少", "比例是多少")
_RATIO = re.compile(
    r"比例|比重|占比|占(?![用有据地])|百分之|百分比|几成|percentage|proportion|ratio|share of", re.IGNORECASE
)


def asks_money(text: str) -> bool:
    """Money is asked: a money word, or a bare 多少 whose clause is not about a proportion."""
    paid = [p.span() for p in re.finditer(_PAYS, text)]
    for m in MONEY_Q.finditer(text):
        if m.group() == "多少" and any(s <= m.start() < e for s, e in paid):
            continue  # what the asker pays
        if m.group() != "多少" or not _RATIO.search(text[clause_start(text, m.start()) : m.start()]):
            return True
    return False


_ASKER_ELSEWHERE = re.compile(
    rf"(?:我们|我司|本公司|我们公司|我们单位)\S{{0,5}}(?:在|是|位于|地处)\S{{0,2}}(?:{'|'.join(c for c in OTHER_CITIES if not c.isascii())})"
)


def asker_elsewhere(text: str) -> bool:
    """The asker places themselves in another city ("我们在沈阳浑南…")."""
    return _ASKER_ELSEWHERE.search(text.lower()) is not None


_MOVED_HERE = re.compile(
    r"迁(?:到|至|来|入)大连|落户大连|在大连(?:注册|设立|有|成立)|大连(?:分公司|子公司|分支)"
)

# the date of what is asked about ("2023年3月才新认定的", "2017年11月投的"), not of now ("现在都2024年了"),
# nor a document's number (〔year〕) or a target's horizon ("到…年")
_EVENT_DATE = re.compile(
    r"(?<![〔\d])(?<!现在)(?<!现在是)(?<!现在都)(?<!如今)(?<!到)(?<!至)(?<!截至)(20\d\d)\s*年(?:\s*(\d{1,2})\s*月)?"
    r"(?=[^，。？?]{0,12}(?:投了|投的|投资了|认定|获批|签|发生|申请|申报|拿到|落地|上市|挂牌|完成|建成|引进))"
)


def event_date(text: str) -> tuple[int, int | None] | None:
    """The latest dated event the question states (a company's founding is none: 2017年成立…2019年认定)."""
    found = list(_EVENT_DATE.finditer(text))
    if not found:
        return None
    m = found[-1]
    return int(m.group(1)), (int(m.group(2)) if m.group(2) else None)


@dataclass
class Understanding:
    """What the lookups need to know about a question: its language, scope and question type."""

    text: str
    lang: str
    ambiguous: bool = False
    out_of_scope_reason: str | None = None
    validity: bool = False


_POLICY_WORD = re.compile(r"政策|补贴|补助|奖励|规定|措施|policy|subsid|grant|reward")
# the city as where a measure comes from ("沈阳浑南那边…", "上海张江的科技创新券")
_SOURCE = re.compile(rf"({'|'.join(OTHER_CITIES)}).{{0,3}}(那边|那里|那儿|这边|这里|这儿|的)")


def names_other_city(text: str) -> bool:
    """The text names another city than Dalian, not as where shares list (在上海上市)."""
    low = _LISTED_IN.sub(" ", text.lower())
    return any(c.lower() in low for c in OTHER_CITIES) and "大连" not in low and "dalian" not in low


def understand(
    text: str, articles: list[int] | None = None, items: list[int] | None = None, *, rule_named: bool = False
) -> Understanding:
    """``rule_named``: the question plainly names one of the rules (its own verdicts then answer)."""
    u = Understanding(text=text, lang=language(text))
    low = text.lower()
    u.ambiguous = ambiguous_amount(text)
    u.validity = bool(VALIDITY_Q.search(text))
    cities = _LISTED_IN.sub(
        " ", low
    )  # a city as where shares list (在上海上市, IPO in Shanghai) is no other policy
    if _CHITCHAT.search(text):
        u.out_of_scope_reason = "chitchat"
    elif (
        (
            # a sentence naming another city and not Dalian ("上海张江对人工智能企业的房租补贴标准是多少？我们在
            # 考虑去那边还是留大连": the first asks Shanghai's measure)
            any(
                any(c in sentence for c in OTHER_CITIES)
                and "大连" not in sentence
                and "dalian" not in sentence
                # the sentence itself is about a measure: one only placing a party there ("另外还投了杭州一家
                # 公司300万") is a fact beside the question, asked in a sentence of its own
                and (
                    _POLICY_WORD.search(sentence)
                    or MONEY_Q.search(sentence)
                    or _SOURCE.search(sentence)
                    or _ASKER_ELSEWHERE.search(sentence)  # "我们企业注册在深圳。…能拿多少"
                )
                for sentence in re.split(r"[。？?！!；;]|\.\s", cities)
            )
            and "dalian"
            not in low  # "a bank in Shanghai … Dalian tech companies": Dalian's rules are asked about
            and (
                _POLICY_WORD.search(low)
                # the city as where a measure comes from ("沈阳浑南那边…补多少", "上海张江的科技创新券"), not
                # where a company moved from ("刚从上海迁过来")
                or (
                    _SOURCE.search(text)
                    and not re.search(
                        rf"({'|'.join(OTHER_CITIES)}).{{0,4}}(迁|搬|来|落户|总部|分公司|注册)", text
                    )
                    and re.search(r"补|奖|资助|券|申请|多少钱", text)
                )
            )
        )
        or (
            # the asker is in another city and asks whether Dalian's documents are for them ("我们在沈阳浑南…
            # 大连这几个文件里的补贴我们能不能申请"), and has not moved or registered here
            (at := _ASKER_ELSEWHERE.search(cities)) is not None
            and not _MOVED_HERE.search(text)
            and not rule_named
            and re.search(r"能不能|能否|可不可以|可以|能享受|能申请|适用|算不算", text[at.end() :])
        )
    ):
        u.out_of_scope_reason = "other_city"
    elif _LATER_POLICY.search(text):
        u.out_of_scope_reason = "later_policy"
    elif _NATIONAL_RULES.search(text):
        u.out_of_scope_reason = "national_rules"
    return u


# Question-type cue: a plan target or a figure of the economy, not money paid to the asker.
TARGET_Q = re.compile(
    r"目标|到\s*20\d\d\s*年|到\s*\d\d年|达到|要做到|做到多|规模|营收|产值|成交额|交易额目标|占比|比重|增长|多少家|多少个|"
    r"target|goal|by 20\d\d",
    re.IGNORECASE,
)
# Question-type cue: the sum of several amounts is asked for.
# A totalling word right before a figure of its clause says what the figure is ("保费一共收了45万", "合计900万"):
# it does not ask for a sum.
TOTAL_Q = re.compile(
    r"(?:加起来|加在一起|加一起|一共|总共|合计|共计|总计)"
    r"(?![^，。？?！!,;；\d]{0,4}?[\d两三四五六七八九十百千.]+\s*(?:万|亿|元|千万|百万))|"
    r"总额(?:是|为|能|有)?多少|总共能|累计能|in total|altogether|combined|"
    r"sum of|total(?! (?:contract|investment|value|amount|project|loan|principal|balance|cost|spending|revenue|assets"
    r"|capital|funding|financing|r&d|equipment))",
    re.IGNORECASE,
)
# Question-type cue: how far apart two amounts are.
DIFFERENCE_Q = re.compile(
    r"差[了出]?多少|相差|差距|差额是多少|(?<![最至])多[拿给补得领]?多少|(?<![最至])少[拿给补得领]?多少|多出多少|高多少|低多少|"
    r"how much more|\bdifference\b|how much less|gap between",
    re.IGNORECASE,
)


def difference_asked(text: str, titles: tuple[str, ...] = ()) -> bool:
    """Two amounts' difference is asked for — not a rule's own name said ("差额是多少" of 差额补贴), and not
    two differences against a third ("国家级的比它多多少，市级的比它少多少")."""
    asked = 0
    for m in DIFFERENCE_Q.finditer(text):
        word = re.sub(r"(是|为)?多少$", "", m.group(0))
        if not (word and any(word in t for t in titles)):
            asked += 1
    return asked == 1


# Question-type cue: what the turn tells happened after what was said before ("后来又在A股首发上市了").
THEN_Q = re.compile(
    r"又|再|后来|之后|以后|随后|接着|此后|\blater\b|\bthen\b|afterwards|subsequently", re.IGNORECASE
)
# Question-type cue: a later period of the same thing ("明年还能再拿…", "第二年又到位了…").
LATER_Q = re.compile(
    r"第[二两三四五2-5]\s*年|明年|下一年|次年|后一年|还能再|再拿|又到位|又投|又发生|第二期|"
    r"next year|second year|the year after|again",
    re.IGNORECASE,
)
