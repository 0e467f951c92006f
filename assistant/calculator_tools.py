"""Typed tool signatures generated from the calculator registry, for the LLM agent and the MCP server.

Nothing here names a calculator: each ``CalculatorSpec`` in ``calculators.registry.CALCULATORS``
becomes one tool whose name, description and arguments come from the spec.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, Field, create_model

from calculators.registry import CalculatorSpec

# Amounts are yuan; a number or a string such as "2000万" (parsed by the calculators).
Amount = int | float | str
_TYPES: dict[str, Any] = {
    "amount": Amount,
    "text": str,
    "choice": str,
    "bool": bool,
    "int": int,
    "object": dict[str, Any],
}


def _param_field(p: Any) -> tuple[Any, Any]:
    kind = getattr(p, "kind", "text")
    description = getattr(p, "label", p.name)
    if kind == "amount":
        description += "（元；可写数字或“2000万”）"
    choices = tuple(getattr(p, "choices", ()) or ())
    if choices:
        description += "。可选：" + ", ".join(choices)
    annotation = _TYPES.get(kind, str)
    if getattr(p, "required", True):
        return annotation, Field(description=description)
    return annotation | None, Field(default=getattr(p, "default", None), description=description)


def argument_model(spec: CalculatorSpec) -> type[BaseModel]:
    """The calculator's parameters as a pydantic model (its JSON schema is the tool's input schema)."""
    fields = {p.name: _param_field(p) for p in spec.params}
    return create_model(f"{spec.name}_arguments", **fields)  # type: ignore[call-overload,no-any-return]


def tool_description(spec: CalculatorSpec) -> str:
    return f"{spec.title}：{spec.description}"


def typed_function(spec: CalculatorSpec, call: Callable[[dict[str, Any]], Any]) -> Callable[..., Any]:
    """A plain function named after the calculator whose signature is its parameters (for FastMCP).

    ``call`` receives the arguments the client gave (omitted optional ones left out).
    """
    model = argument_model(spec)
    parameters = []
    annotations: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        default = inspect.Parameter.empty if info.is_required() else info.default
        annotation: Any = Annotated[info.annotation, Field(description=info.description)]  # type: ignore[name-defined]
        parameters.append(
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        )
        annotations[name] = annotation

    def tool(**kwargs: Any) -> Any:
        return call({k: v for k, v in kwargs.items() if v is not None})

    tool.__name__ = spec.name
    tool.__qualname__ = spec.name
    tool.__doc__ = tool_description(spec)
    tool.__signature__ = inspect.Signature(parameters, return_annotation=dict[str, Any])  # type: ignore[attr-defined]
    tool.__annotations__ = {**annotations, "return": dict[str, Any]}
    return tool
