"""Collaborators of the routes as ``Annotated`` aliases; tests swap fakes in with ``dependency_overrides``."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends

from assistant.config import Settings, get_settings
from assistant.feedback import FeedbackStore
from assistant.runtime import Runtime, get_runtime


def runtime_dep() -> Runtime:
    return get_runtime(ensure_index=False)


_feedback_lock = threading.Lock()
_feedback: dict[str, FeedbackStore] = {}


def feedback_dep(settings: Annotated[Settings, Depends(get_settings)]) -> FeedbackStore:
    url = settings.feedback_db_url
    with _feedback_lock:
        if url not in _feedback:
            _feedback[url] = FeedbackStore(url)
        return _feedback[url]


def language_of(accept_language: str) -> str:
    """The user's language from Accept-Language: English when it leads with en, else Chinese."""
    return "en" if accept_language.strip().lower().startswith("en") else "zh"


RuntimeDep = Annotated[Runtime, Depends(runtime_dep)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
FeedbackDep = Annotated[FeedbackStore, Depends(feedback_dep)]
