"""Fixtures for the flame tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flamehelp import FIXTURES


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content/ folder holding a copy of the fixtures, as if next to a post."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES, root)
    return root
