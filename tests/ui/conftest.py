"""The UI served for real (uvicorn on loopback) over the fake-embedder runtime, the one Chromium every
browser test uses, and pages at phone (390 px) and desktop (1366 px) width that fail the test on any
JavaScript console error."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.servers import free_port, wait_http

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@dataclass
class UIApp:
    url: str
    feedback: Any
    answered: list[list[dict[str, str]]] = field(default_factory=list)
    delay: float = 0.0
    answerer: Any = None  # a test's own streaming answerer (messages -> events) instead of the runtime's


def make_services(retriever, assistant, store, record: UIApp, data: Path):
    """The runtime's own services (the deterministic answerer's event stream included), recorded."""
    from dataclasses import replace

    from assistant.config import Settings
    from assistant.runtime import Runtime
    from tests.conftest import CORPUS, TODAY
    from ui.services import UIServices

    settings = Settings(data_dir=data, corpus_dir=CORPUS, embedder="fake", today=TODAY)
    runtime = Runtime(settings, retriever.embedder, retriever.store, retriever, assistant)
    base = UIServices.from_runtime(runtime=lambda: runtime, feedback=lambda: store)

    def answer_events(messages):
        record.answered.append(messages)
        if record.delay:
            time.sleep(record.delay)
        return (record.answerer or base.answer_events)(messages)

    return replace(base, answer_events=answer_events)


@contextmanager
def serve_ui(retriever, assistant, data: Path) -> Iterator[UIApp]:
    import uvicorn
    from fastapi import FastAPI

    from assistant.feedback import FeedbackStore
    from ui.app import mount_ui

    store = FeedbackStore(f"sqlite:///{data / 'ui-feedback.db'}")
    port = free_port()
    record = UIApp(f"http://127.0.0.1:{port}", store)
    app = FastAPI()
    mount_ui(app, make_services(retriever, assistant, store, record, data))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_http(record.url + "/", 60)
        yield record
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def ui_app(fake_retriever, fake_assistant, tmp_path_factory) -> Iterator[UIApp]:
    with serve_ui(fake_retriever, fake_assistant, tmp_path_factory.mktemp("ui")) as app:
        yield app


@pytest.fixture(scope="package")
def chromium():
    """The one headless Chromium (Debian's package) every browser test opens its pages in.

    Package-scoped: Playwright's sync API keeps an event loop running in this thread while the browser
    is open, and tests outside tests/ui that call asyncio.run must not find it there.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `make browser` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class Console:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, page) -> None:
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def open_page(chromium, viewport: str, locale: str = "zh-CN"):
    context = chromium.new_context(
        viewport=VIEWPORTS[viewport],
        locale=locale,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    console = Console()
    console.watch(page)
    return context, page, console


@contextmanager
def loaded_page(chromium, url: str, viewport: str, locale: str = "zh-CN") -> Iterator[Any]:
    """A fresh browser (empty localStorage) at one width on the loaded UI at ``url``; any JavaScript
    console error fails the test."""
    context, pg, console = open_page(chromium, viewport, locale)
    pg.viewport_name = viewport
    try:
        pg.goto(url + "/", wait_until="domcontentloaded")
        pg.locator("#chat-input textarea").wait_for(timeout=60_000)
        yield pg
        assert console.errors == [], f"JavaScript console errors: {console.errors}"
    finally:
        context.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, chromium, ui_app):
    """The UI over the fake-embedder runtime at one width, Chinese locale."""
    with loaded_page(chromium, ui_app.url, request.param) as pg:
        yield pg


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.viewport_name}.png"), full_page=True)
