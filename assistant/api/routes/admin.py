"""``POST /v1/admin/reingest``: rebuild the index, behind POLICY_ADMIN_TOKEN."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Header
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.api.deps import SettingsDep
from assistant.runtime import reset_runtime, run_ingest

router = APIRouter(tags=["admin"])


@router.post("/v1/admin/reingest")
def reingest(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
    token = settings.admin_token
    if not token:
        raise StarletteHTTPException(404, "管理接口未启用（未设置 POLICY_ADMIN_TOKEN）。")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise StarletteHTTPException(401, "管理令牌无效。")
    report = run_ingest(settings, progress=False)
    reset_runtime()
    return report.as_dict()
