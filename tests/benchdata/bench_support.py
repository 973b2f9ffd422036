"""Helpers for the benchdata tests: real fixtures, and a render context like the plugin's.

(Not a conftest.py: test modules import these names, and ``from conftest import``
would be ambiguous next to the suite's top-level conftest.)"""

from __future__ import annotations

from pathlib import Path

from perfblog.blocks import BlockContext, parse_block
from perfblog.templates import block_template_renderer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bench"
THEME = Path(__file__).resolve().parents[2] / "theme"
CRITERION = "criterion-0.3.6/D_fast_vs_before.target/criterion"


def make_context(root: Path = FIXTURES, metadata: dict | None = None) -> BlockContext:
    """A context whose post sits at ``root/post.md`` (content root = ``root``)."""
    return BlockContext(
        post_path=root / "post.md",
        content_root=root,
        block_id="pb-block-1",
        settings={},
        metadata=metadata or {},
        render_template=block_template_renderer({"THEME": str(THEME)}),  # the plugin's own Jinja setup
    )


def block(kind: str, text: str, fence_line: int = 10):
    """A Block from the lines between the fences, as the Markdown extension would parse it."""
    return parse_block(kind, fence_line, text.strip("\n").splitlines())
