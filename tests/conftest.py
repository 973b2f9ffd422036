"""Shared fixtures: the project's own site, built once per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from sitebuild import BuiltSite, build_site  # noqa: E402


@pytest.fixture(scope="session")
def browser():
    """One Debian chromium for the whole session: Playwright allows one sync instance."""
    from playwright.sync_api import sync_playwright

    from browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """The bundled site built with pelicanconf.py into a temporary folder."""
    return build_site(ROOT / "pelicanconf.py", tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> BuiltSite:
    """The bundled site built with publishconf.py, as GitHub Pages would serve it."""
    return build_site(
        ROOT / "publishconf.py",
        tmp_path_factory.mktemp("published"),
        env={"SITEURL": "https://perf.example.org/blog"},
    )
