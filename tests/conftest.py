"""Shared fixtures: the project's own site, built once per test session."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from sitebuild import BuiltSite, build_site  # noqa: E402


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
