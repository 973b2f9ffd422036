"""Helpers for the flame tests: blocks as an author writes them, rendered with the
plugin's own Jinja environment (autoescape, StrictUndefined), as a build does."""

from __future__ import annotations

from pathlib import Path

from perfblog.blocks import BlockContext
from perfblog.blocks.dispatch import run
from perfblog.blocks.kinds import load_kinds
from perfblog.blocks.syntax import parse_block
from perfblog.blocks.templates import block_template_renderer

KINDS = load_kinds(["perfblog.flame.render", "perfblog.media.render"])

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "flame"
STATIC = REPO / "plugins" / "perfblog" / "static"
RENDER_TEMPLATE = block_template_renderer({"THEME": str(REPO / "theme")})


def make_context(content_root: Path, block_id: str = "b1", settings: dict | None = None) -> BlockContext:
    return BlockContext(
        post_path=content_root / "post.md",
        content_root=content_root,
        block_id=block_id,
        settings=settings or {},
        metadata={},
        render_template=RENDER_TEMPLATE,
    )


def render(kind: str, body: str, content_root: Path, block_id: str = "b1", fence_line: int = 10,
           settings: dict | None = None):
    """Render a block written as it would be in a post; returns (html, context)."""
    block = parse_block(kind, fence_line, body.strip("\n").splitlines())
    ctx = make_context(content_root, block_id, settings)
    return run(KINDS[kind], block, ctx).html, ctx
