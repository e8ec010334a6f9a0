"""A real browser for the tests of the pages: Debian's Chromium driven by Playwright.

Playwright's own browser download is not possible here, so it drives the system's `chromium`
(`make test` installs it with apt-get when missing; `GROOVE_CHROMIUM` names another binary).
`GROOVE_SCREENSHOTS=DIR` makes the tests save the screenshots the README shows
(`make screenshots`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from mock_server import Settings
from mock_server._server import RunningServer, start_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

VIEWPORT = {"width": 1100, "height": 800}
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str:
    found = os.environ.get("GROOVE_CHROMIUM") or shutil.which("chromium")
    if found is None:
        pytest.fail(
            "no Chromium for the browser tests: `make test` installs Debian's chromium "
            "(apt-get install chromium), or set GROOVE_CHROMIUM to a Chromium binary"
        )
    return found


def launched_browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def browser() -> Iterator[Browser]:
    """One browser per test: Playwright's sync API keeps an event loop running in this thread
    while it is started, and later tests run their own (asyncio.run, anyio.run). A module whose
    every test is a browser test shares one (`module_browser`)."""
    yield from launched_browser()


@pytest.fixture(scope="module")
def module_browser() -> Iterator[Browser]:
    """One browser for a module of browser tests only (see `browser`)."""
    yield from launched_browser()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def served() -> Iterator[RunningServer]:
    """A mock on 127.0.0.1, port 0, for one test."""
    with start_server(Settings(port=0)) as server:
        yield server


def screenshot(page: Page, name: str) -> None:
    """Save `docs/screenshots/<name>.png` when `GROOVE_SCREENSHOTS` names the folder."""
    folder = os.environ.get("GROOVE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(Path(folder) / f"{name}.png"), full_page=True, animations="disabled"
        )
