"""Fixtures for the explainer tests: one headless Chromium shared by every browser test.

Debian's chromium, driven by Playwright through its executable (Playwright never downloads
a browser here). With pytest-xdist each worker starts one browser for its whole session.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"browser tests need Debian's chromium at {CHROMIUM} (scripts/bootstrap.sh "
                    "installs it)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000})
        yield context
        context.close()


@pytest.fixture
def page(browser):
    """A fresh tab; closed after the test. Page errors fail the test.

    Wait with function predicates (``"() => ..."``), never bare expressions: the explorer's
    Content-Security-Policy forbids eval, and Playwright evals a bare expression again on
    every poll after the first, so such a wait fails whenever its condition is not already
    true when it starts.
    """
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    tab.close()
    assert not errors, errors
