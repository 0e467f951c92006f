"""The HTTP service: ``create_app`` builds it; routes live in ``routes/``, collaborators in ``deps``."""

from assistant.api.app import create_app
from assistant.api.deps import feedback_dep, runtime_dep

__all__ = ["create_app", "feedback_dep", "runtime_dep"]
