"""Helpers for the benchdata tests: real fixtures, and a render context like the plugin's.

(Not a conftest.py: test modules import these names, and ``from conftest import``
would be ambiguous next to the suite's top-level conftest.)"""

from __future__ import annotations

from pathlib import Path

from perfblog.blocks import BlockContext
from perfblog.blocks.dispatch import run
from perfblog.blocks.kinds import load_kinds
from perfblog.blocks.syntax import parse_block
from perfblog.blocks.templates import block_template_renderer

KINDS = load_kinds(["perfblog.benchdata.render"])

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


def render_kind(kind: str, block, ctx: BlockContext) -> str:
    """The block's HTML as the build renders it (options checked, errors located)."""
    return run(KINDS[kind], block, ctx).html
