"""The rules catalogue: every numeric rule of the four documents, loaded once from the YAML files in
``calculators/catalogue/`` into typed models. It is the one source of policy facts: rates, caps,
amounts, thresholds, validity dates, titles, beneficiaries and the words people use for each rule.

The file format follows OpenFisca parameters: numbers are ``{values: {<date>: <value>}}`` so a rate
can change over time, tiers are ``brackets`` of ``threshold`` and ``rate``, and every rule carries a
reference (document + article or item) and the verbatim clause it encodes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.errors import PolicyInputError
from core.numerals import int_to_chinese

Kind = Literal[
    "tiered", "rate_with_cap", "fixed", "per_unit_annual_cap", "share", "uplift", "deduction", "difference"
]
CapScope = Literal["single", "annual", "cumulative"]

# The controlled vocabulary of who a rule is for; eligibility reads entity types against it.
BENEFICIARIES: tuple[str, ...] = (
    "股权投资企业管理机构",
    "高新技术企业",
    "科技型中小企业",
    "科技创新企业",
    "企业",
    "科技企业孵化器",
    "众创空间",
    "大学科技园",
    "高校院所",
    "新型研发机构",
    "创新平台",
    "产业技术创新联盟",
    "技术转移服务机构",
    "技术经纪人",
    "国际科技合作基地",
    "科技服务企业",
    "知识产权服务机构",
    "融资担保机构",
    "小额贷款公司",
    "银行",
    "保险机构",
    "投资机构",
    "拟上市企业",
    "军民融合企业",
    "中小学校",
    "个人/团队",
)


class CatalogueError(PolicyInputError):
    code = "catalogue_error"


class Dated(BaseModel):
    """A number valid from a date on: ``{values: {<date>: 0.3}}`` (OpenFisca's parameter shape)."""

    model_config = ConfigDict(frozen=True)
    values: dict[dt.date, Decimal]
    maximum: bool = False  # the text says 最高 / 不超过: a ceiling, not a promise
    minimum: bool = False  # the text says 不低于: a floor

    @field_validator("values", mode="before")
    @classmethod
    def _decimal_values(cls, v: Any) -> Any:
        if not isinstance(v, dict) or not v:
            raise ValueError("values must be a non-empty mapping of date to number")
        return {k: Decimal(str(x)) for k, x in v.items()}

    def at(self, when: dt.date | None = None) -> Decimal:
        """The value in force on ``when`` (the earliest value before its first date)."""
        dates = sorted(self.values)
        if when is None:
            return self.values[dates[-1]]
        chosen = dates[0]
        for d in dates:
            if d <= when:
                chosen = d
        return self.values[chosen]

    @property
    def value(self) -> Decimal:
        return self.at(None)


class Input(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str
    role_zh: str
    role_en: str
    unit: Literal["yuan", "count", "percent", "choice", "year"]
    optional: bool = False
    prior: bool = False  # an amount already received under the same cap
    increase: bool = False  # the growth of a balance: given it at two times, the later less the earlier
    cues: tuple[str, ...] = ()  # words said next to a number that mark it as this input
    choices: tuple[str, ...] = ()
    # the components a total is of, each by the words it is said with (设备 / 技术 of 设备和技术投入总额):
    # figures said one per component are added
    parts: tuple[tuple[str, ...], ...] = ()


class Cap(BaseModel):
    model_config = ConfigDict(frozen=True)
    scope: CapScope
    amount: Dated
    scope_zh: str = ""
    scope_en: str = ""
    clause: str | None = None  # when the cap sits in another sentence of the same article


class Bracket(BaseModel):
    model_config = ConfigDict(frozen=True)
    threshold: Dated
    rate: Dated
    clause: str


class Threshold(BaseModel):
    """A number in the clause that is a condition, not an amount: 研发投入1000万元以上, 融资1000万美元以上."""

    model_config = ConfigDict(frozen=True)
    amount: Dated
    role_zh: str
    role_en: str = ""
    unit: Literal["yuan", "usd", "percent", "count", "year"] = "yuan"
    op: Literal["min", "max"] = "min"
    cues: tuple[
        str, ...
    ] = ()  # words said next to a figure that mark it as this quantity (毕业 for 毕业年限)


class Deduction(BaseModel):
    model_config = ConfigDict(frozen=True)
    extra: Dated
    amortisation: Dated


class Validity(BaseModel):
    model_config = ConfigDict(frozen=True)
    article: int | None = None
    item: int | None = None
    clause: str


def where_zh(article: int | None, item: int | None, section: str | None = None) -> str:
    if article is not None:
        return f"第{int_to_chinese(article)}条"
    if item is not None:
        return f"第{item}项"
    return section or ""


def where_en(article: int | None, item: int | None, section: str | None = None) -> str:
    if article is not None:
        return f"Article {article}"
    if item is not None:
        return f"item {item}"
    return section or ""


class Term(BaseModel):
    """A term a document defines by what it covers (第三十七条: 本章所述科技创新企业为…): a rule's condition
    naming the term is met by any of its members."""

    model_config = ConfigDict(frozen=True)
    term: str
    article: int | None = None
    item: int | None = None
    clause: str
    members: tuple[
        str, ...
    ]  # beneficiary types (their words come from beneficiaries.yaml) or the text's words
    aliases: dict[str, tuple[str, ...]] = Field(default_factory=dict)  # a member's other words

    def member_words(self, member: str, vocabulary: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
        return (member, *vocabulary.get(member, ()), *self.aliases.get(member, ()))

    @property
    def where_zh(self) -> str:
        return where_zh(self.article, self.item)

    @property
    def where_en(self) -> str:
        return where_en(self.article, self.item)


class Document(BaseModel):
    model_config = ConfigDict(frozen=True)
    doc_id: str
    title_zh: str
    wenhao: str
    short_title: str = ""
    issuer: str = ""
    issued: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    validity: Validity | None = None
    terms: tuple[Term, ...] = ()


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    kind: Kind
    doc_id: str
    article: int | None = None
    item: int | None = None
    section: str | None = None
    title_zh: str
    title_en: str
    clause: str
    beneficiaries: tuple[str, ...]
    inputs: tuple[Input, ...] = ()
    rate: Dated | None = None
    brackets: tuple[Bracket, ...] = ()
    amount: Dated | None = None
    amount_max: Dated | None = None
    amount_steps: tuple[Dated, ...] = ()  # 分档定额: the fixed amounts one of which is given
    share: Dated | None = None
    uplift: Dated | None = None
    deduction: Deduction | None = None
    caps: tuple[Cap, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    base_rules: tuple[str, ...] = ()  # uplift: the rules whose amount is raised
    target: str | None = None  # difference: the rule whose amount the difference is taken to
    # difference: the rule whose sum the asker already received, when the clause names its amount
    # ("新三板挂牌…补贴拿满了": what was received is that rule's whole sum)
    source: str | None = None
    by_reference: str | None = None  # 参照第N条执行: rates and caps are those of that rule
    level: str | None = None  # 国家级 / 省级 / 市级 / 首次 / 重新 … when the clause pairs levels with amounts
    duration_years: int | None = None  # 连续支持3年, 累计支持2年
    # The party the clause requires to be in Dalian (投资大连科技创新企业, 本地法人), in its own words:
    # a question placing that party elsewhere gets a verdict, not an amount.
    local_zh: str | None = None
    local_en: str | None = None
    # Parties the clause itself leaves out (技术转移服务机构（不含大连高校院所）): the vocabulary's types,
    # and the clause's own words for it, quoted in the verdict
    excludes: tuple[str, ...] = ()
    excludes_zh: str | None = None
    excludes_local: bool = False  # only those in Dalian are left out (不含大连高校院所)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    validity_clause: str | None = None  # the sentence that gives this rule its own term, if any
    # the sentence the conditions are read from, when wider than the clause that computes ("…投产后连续3至5年，
    # 每年从…营业利润中提取…"): cited with the rule, so every figure a condition shows is in a quote
    conditions_clause: str | None = None
    conditions_zh: tuple[str, ...] = ()
    conditions_en: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    notes_zh: tuple[str, ...] = ()
    notes_en: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _complete_for_its_kind(self) -> Rule:
        need: dict[str, tuple[str, ...]] = {
            "tiered": ("brackets",),
            "rate_with_cap": ("rate",),
            "fixed": ("amount",),
            "per_unit_annual_cap": ("amount", "caps"),
            "share": ("share",),
            "uplift": ("uplift",),
            "deduction": ("deduction",),
            "difference": ("target",),
        }
        missing = [f for f in need[self.kind] if not getattr(self, f)]
        if missing:
            raise ValueError(f"rule {self.id} ({self.kind}) needs {', '.join(missing)}")
        if self.article is None and self.item is None and self.section is None:
            raise ValueError(f"rule {self.id} needs an article, item or section")
        if self.excludes and not any(self.excludes_zh and self.excludes_zh in t for t in self.texts_zh):
            raise ValueError(f"rule {self.id}: excludes needs excludes_zh, words of its clause or conditions")
        unknown = [b for b in (*self.beneficiaries, *self.excludes) if b not in BENEFICIARIES]
        if unknown:
            raise ValueError(f"rule {self.id}: beneficiaries not in the vocabulary: {unknown}")
        return self

    @property
    def texts_zh(self) -> tuple[str, ...]:
        """The clause and the conditions: the rule's own words in the document."""
        return (self.clause, *self.conditions_zh)

    @property
    def where_zh(self) -> str:
        return where_zh(self.article, self.item, self.section)

    @property
    def where_en(self) -> str:
        return where_en(self.article, self.item, self.section)

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_zh

    def conditions(self, lang: str = "zh") -> tuple[str, ...]:
        return self.conditions_en if lang == "en" and self.conditions_en else self.conditions_zh

    def cap(self, scope: CapScope) -> Cap | None:
        return next((c for c in self.caps if c.scope == scope), None)

    def input(self, name: str) -> Input | None:
        return next((i for i in self.inputs if i.name == name), None)

    @property
    def main_input(self) -> Input | None:
        """The amount the rule is computed from (the first input that is not a prior amount)."""
        return next((i for i in self.inputs if not i.prior and not i.optional), None) or next(
            (i for i in self.inputs if not i.prior), None
        )

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class Catalogue(BaseModel):
    model_config = ConfigDict(frozen=True)
    documents: dict[str, Document]
    rules: tuple[Rule, ...] = Field(default_factory=tuple)
    beneficiary_words: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> Catalogue:
        seen: set[str] = set()
        for r in self.rules:
            if r.id in seen:
                raise ValueError(f"duplicate rule id {r.id}")
            seen.add(r.id)
            if r.doc_id not in self.documents:
                raise ValueError(f"rule {r.id}: unknown document {r.doc_id}")
        ids = {r.id for r in self.rules}
        for r in self.rules:
            for ref in (
                *r.base_rules,
                *([r.target] if r.target else []),
                *([r.source] if r.source else []),
                *([r.by_reference] if r.by_reference else []),
            ):
                if ref not in ids:
                    raise ValueError(f"rule {r.id} refers to unknown rule {ref}")
        return self

    def __iter__(self) -> Iterator[Rule]:  # type: ignore[override]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise UnknownRuleError(
            f"没有名为“{rule_id}”的规则。可用 `policy-assistant rules` 查看全部规则。",
            f"No rule named '{rule_id}'. `policy-assistant rules` lists them all.",
        )

    def beneficiary_en(self, name: str) -> str:
        """A beneficiary type's English name: the first English word people use for it."""
        return next((w for w in self.beneficiary_words.get(name, ()) if w.isascii()), name)

    def of_kind(self, *kinds: str) -> list[Rule]:
        return [r for r in self.rules if r.kind in kinds]

    def valid_from(self, rule: Rule) -> dt.date | None:
        return rule.valid_from or self.documents[rule.doc_id].valid_from

    def valid_to(self, rule: Rule) -> dt.date | None:
        return rule.valid_to or self.documents[rule.doc_id].valid_to

    def rule_record(self, rule: Rule) -> dict[str, Any]:
        """One rule as `policy-assistant rules --json` lists it: its data plus its document's term."""
        start, end = self.valid_from(rule), self.valid_to(rule)
        return {
            **rule.as_dict(),
            "wenhao": self.documents[rule.doc_id].wenhao,
            "valid_from": start.isoformat() if start else None,
            "valid_to": end.isoformat() if end else None,
        }


class UnknownRuleError(PolicyInputError):
    code = "unknown_rule"


def _read(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "document" not in data:
        raise CatalogueError(f"规则文件格式错误：{path.name}", f"Malformed catalogue file: {path.name}")
    return data


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Read every ``*.yaml`` file of ``directory`` (default: the packaged catalogue) into one Catalogue."""
    if directory is None:
        directory = Path(str(resources.files("calculators").joinpath("catalogue")))
    documents: dict[str, Document] = {}
    rules: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.yaml")):
        data = _read(path)
        doc = Document.model_validate(data["document"])
        documents[doc.doc_id] = doc
        for raw in data.get("rules") or []:
            rules.append({"doc_id": doc.doc_id, **raw})
    words_file = directory.parent / "beneficiaries.yaml"
    words: dict[str, tuple[str, ...]] = {}
    if words_file.exists():
        raw_words = yaml.safe_load(words_file.read_text(encoding="utf-8")) or {}
        words = {str(k): tuple(str(w) for w in v or ()) for k, v in raw_words.items()}
    return Catalogue(
        documents=documents, rules=tuple(Rule.model_validate(r) for r in rules), beneficiary_words=words
    )


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The packaged catalogue, loaded once."""
    return load_catalogue()
