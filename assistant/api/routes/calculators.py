"""``/v1/calculators``: the registry's calculators, listed and run."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assistant.api.deps import SettingsDep
from calculators.registry import CALCULATORS, run_calculator

router = APIRouter(tags=["calculators"])


class CalculatorRequest(BaseModel):
    arguments: dict[str, Any] = Field(default_factory=dict)


@router.get("/v1/calculators")
def calculators() -> list[dict[str, Any]]:
    return [spec.as_dict() for spec in CALCULATORS.values()]


@router.post("/v1/calculators/{name}")
def calculate(name: str, body: CalculatorRequest, settings: SettingsDep) -> dict[str, Any]:
    result = run_calculator(name, body.arguments, as_of=settings.as_of())
    return result.as_dict()
