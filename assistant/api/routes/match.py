"""``/v1/match`` (政策匹配): an enterprise's profile in, every rule it may claim out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assistant.api.deps import SettingsDep
from calculators.matching import match_policies

router = APIRouter(tags=["match"])


class MatchRequest(BaseModel):
    beneficiaries: list[str] = Field(default_factory=list, max_length=20)
    inputs: dict[str, float | int | str] = Field(default_factory=dict)
    lang: str = Field(default="zh", pattern="^(zh|en)$")


@router.post("/v1/match")
def match(body: MatchRequest, settings: SettingsDep) -> dict[str, Any]:
    """Every applicable rule with its computed amount (or what it still needs), conditions, citations and
    validity; input names are those of ``policy-assistant rules --json``."""
    report = match_policies(
        {"beneficiaries": body.beneficiaries, "inputs": body.inputs}, as_of=settings.as_of(), lang=body.lang
    )
    return report.as_dict()
