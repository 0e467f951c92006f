"""Errors a user can cause, each carrying its message in Chinese and in English."""

from __future__ import annotations


class PolicyInputError(ValueError):
    """Bad user input; the API turns it into a 4xx with the message in the user's language."""

    code = "bad_input"

    def __init__(self, message_zh: str, message_en: str | None = None, detail: object = None) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh
        self.message_en = message_en or message_zh
        self.detail = detail

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh
