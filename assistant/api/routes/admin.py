"""``/v1/admin/*``: rebuild the index and read user feedback, behind POLICY_ADMIN_TOKEN."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.api.deps import FeedbackDep, SettingsDep
from assistant.config import Settings
from assistant.runtime import reset_runtime, run_ingest

router = APIRouter(tags=["admin"])


def _check_admin(settings: Settings, authorization: str | None) -> None:
    token = settings.admin_token
    if not token:
        raise StarletteHTTPException(404, "管理接口未启用（未设置 POLICY_ADMIN_TOKEN）。")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise StarletteHTTPException(401, "管理令牌无效。")


@router.post("/v1/admin/reingest")
def reingest(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
    _check_admin(settings, authorization)
    report = run_ingest(settings, progress=False)
    reset_runtime()
    return report.as_dict()


@router.get("/v1/admin/feedback")
def feedback_list(
    settings: SettingsDep,
    store: FeedbackDep,
    authorization: Annotated[str | None, Header()] = None,
    rating: Annotated[int | None, Query(ge=-1, le=1)] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> dict[str, Any]:
    """Feedback rows, newest first; ``rating=-1`` lists the 👎 ones."""
    _check_admin(settings, authorization)
    return {"feedback": store.entries(rating=rating, limit=limit)}
