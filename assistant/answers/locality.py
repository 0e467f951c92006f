"""Verdicts on place: the rule needs a party in Dalian (its catalogue ``local_zh``), and the question puts
that party elsewhere."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.citations import Citation
from assistant.intent import OTHER_CITIES
from assistant.messages import Answer
from assistant.tools import ToolBox
from assistant.understanding.entities import negated_at, read_entities
from assistant.understanding.rule_index import RuleIndex
from calculators.catalogue import Rule
from calculators.registry import TOGETHER
from calculators.rules_refs import rule_refs

# Locality: a question placing the party elsewhere (the rule's own requirement is data: local_zh/en).
_LOCAL = re.compile(
    r"在连|本地|本市|在大连\S{0,4}?(?:登记|注册|设立)|"
    r"大连[^，。；,;]{0,8}?(?:企业|科技|公司|高校|院所|机构|法人|高企)"
)
_NOT = re.compile(r"没有|没|不是|不在|非|无")
OTHER_PLACE = re.compile(
    r"外省|外地|外市|省外|市外|非大连|不是大连|不在大连|在大连没有|大连没有|(?:"
    + "|".join(c for c in OTHER_CITIES if not c.isascii())
    + r")(?:注册|的|一家|一所|公司|企业|大学|高校)?|"
    # in English: a party based elsewhere, or with nothing in Dalian
    + r"(?:(?:based|headquartered|registered|located|incorporated) in|\bin an?) (?:"
    + "|".join(c for c in OTHER_CITIES if c.isascii())
    + r")|no (?:entity|branch|subsidiary|office)[^.?!]{0,30}in dalian|outside dalian|not in dalian",
    re.IGNORECASE,
)


class Locality:
    """Mixed into Verdicts: needs ``self.rule_index``."""

    rule_index: RuleIndex

    if TYPE_CHECKING:  # provided by Verdicts

        def _cited(self, head: str, citations: list[Citation], lang: str) -> Answer: ...

    def _elsewhere(self, rule: Rule, text: str, lang: str, tools: ToolBox) -> Answer | None:
        """The rule (or the partner rule paying the asker, 第二十三条's 在连高校院所) needs a party in Dalian
        and the question places that party elsewhere: a verdict, not an amount."""
        cat = self.rule_index.cat
        own = read_entities(text, cat).own
        partners = [cat.get(i) for ids in TOGETHER.values() if rule.id in ids for i in ids if i != rule.id]
        for r in [rule, *(p for p in partners if set(p.beneficiaries) & set(own))]:
            if r.local_zh and (place := self._placed_elsewhere(r, text)) is not None:
                return self._not_local(r, place, lang, tools)
        return None

    def _placed_elsewhere(self, rule: Rule, text: str) -> str | None:
        """Where the question puts the party the rule needs in Dalian, when that is elsewhere."""
        assert rule.local_zh
        cat = self.rule_index.cat
        # the party is the rule's beneficiary when its requirement names it (高校院所须在大连); then only
        # what is said about that party counts ("北京的一所高校…跟大连一家企业")
        own = [b for b in read_entities(text, cat).own if b in rule.beneficiaries]
        who = own or list(
            rule.beneficiaries
        )  # the asker's own type, when the rule pays several (银行和投资机构)
        words = [w for b in who for w in (b, *cat.beneficiary_words.get(b, ())) if not w.isascii()]
        if any(b in rule.local_zh for b in rule.beneficiaries):
            about = [c for c in re.split(r"[，。；,;！？!?]", text) if any(w in c for w in words)]
            if about:
                text = "，".join(about)
        said_local = [
            m
            for m in _LOCAL.finditer(text)
            if not negated_at(text, m.start()) and not _NOT.search(m.group(0))
        ]
        if said_local:
            return None
        local = {t for t in cat.beneficiary_words if t in rule.local_zh}  # 成果须转化到本市（大连）企业: 企业
        for place in OTHER_PLACE.finditer(text):
            # a place said of another party than the one required here ("不是大连高校的" under 本市企业)
            after = text[place.end() :].removeprefix("的")
            names = {t: (t, *ws) for t, ws in cat.beneficiary_words.items()}
            of = {
                t for t, ws in names.items() if any(w and not w.isascii() and after.startswith(w) for w in ws)
            }
            if of and local and not of & local:
                continue  # said right before another party's name
            return place.group(0)
        return None

    def _not_local(self, rule: Rule, place: str, lang: str, tools: ToolBox) -> Answer:
        citations = [tools.cite(ref) for ref in rule_refs(rule)]
        head = (
            f"不符合：{rule.where_zh}（{rule.title_zh}）的条件是{rule.local_zh}；"
            f"您提到“{place}”，不在大连的，不能按这一条申请。"
            if lang == "zh"
            else f"Not eligible: {rule.where_en} ({rule.title_en}) has this condition: {rule.local_en or rule.local_zh}. "
            f"You mention '{place}', which is outside Dalian."
        )
        return self._cited(head, citations, lang)
