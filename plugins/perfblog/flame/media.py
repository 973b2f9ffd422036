"""Blocks that show image files: a before/after pair, and SVGs made by other tools.

Image URLs are written as Pelican ``{attach}`` links relative to the post, so
Pelican copies each file next to the post's output and rewrites the link.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from ..blocks import Block, BlockContext
from .images import image_size, svg_size

log = logging.getLogger("perfblog")

SAME_SHAPE = 0.01  # aspect ratios within 1% count as equal: a slider makes sense
#: Home folders in a profile's title or frames: they name the author's account.
LOCAL_PATH = re.compile(r"(?:/home/|/Users/|/root/|[A-Za-z]:\\Users\\)[^\s<>\"'/\\]*")


def attach_url(ctx: BlockContext, path: Path) -> str:
    return "{attach}" + Path(os.path.relpath(path, ctx.post_path.parent.resolve())).as_posix()


def required_text(block: Block, key: str, why: str) -> str:
    value = (block.get(key) or "").strip()
    if not value:
        raise block.error(f"the {block.kind} block needs '{key}:' ({why})", key=key)
    return value


def image_view(block: Block, ctx: BlockContext, side: str) -> dict:
    path = ctx.resolve(block.require(side), side, block)
    alt = required_text(block, f"{side}-alt", "alt text describing the image for readers who cannot see it")
    return {
        "url": attach_url(ctx, path),
        "alt": alt,
        "label": block.get(f"{side}-label") or side.capitalize(),
        "size": image_size(path),
    }


def same_shape(first: tuple[float, float] | None, second: tuple[float, float] | None) -> bool:
    if not first or not second:
        return False
    ratio = (first[0] / first[1]) / (second[0] / second[1])
    return abs(ratio - 1) <= SAME_SHAPE


def render_compare(block: Block, ctx: BlockContext) -> str:
    """Two images side by side (stacked when narrow); a slider when their shapes match."""
    block.check_keys(
        {"before", "after", "before-alt", "after-alt", "before-label", "after-label", "title", "caption"}
    )
    images = [image_view(block, ctx, "before"), image_view(block, ctx, "after")]
    ctx.need("compare.js")
    ctx.need("compare.css")
    return ctx.render_template(
        "flame/compare.html",
        id=ctx.block_id,
        images=images,
        slider=same_shape(images[0]["size"], images[1]["size"]),
        title=block.get("title", ""),
        caption=block.get("caption", ""),
    )


def render_external_svg(block: Block, ctx: BlockContext) -> str:
    """An SVG from flamegraph.pl, inferno, cargo-flamegraph or py-spy, never inlined.

    Such files carry their own script (which grabs Ctrl-F, rewrites the URL and
    uses fixed ids). An ``<img>`` never runs it; the interactive view is an
    ``<iframe sandbox="allow-scripts">`` without ``allow-same-origin``, so the
    script runs in an opaque origin and cannot touch the page or its storage.
    """
    block.check_keys({"file", "alt", "title", "caption"})
    value = block.require("file")
    path = ctx.resolve(value, "file", block)
    alt = required_text(block, "alt", "alt text describing the flame graph")
    size = svg_size(path)
    if size is None:
        raise block.error(f"{value} is not an SVG image with a size", key="file")
    leaks = sorted(set(LOCAL_PATH.findall(path.read_text(encoding="utf-8", errors="replace"))))
    if leaks:
        log.warning(
            "%s: %s names local folders (%s); py-spy puts the command line in the title. "
            "Re-record from a neutral folder or edit the title before publishing.",
            ctx.post_path, value, ", ".join(leaks),
        )
    ctx.need("flame.css")
    return ctx.render_template(
        "flame/external.html",
        id=ctx.block_id,
        url=attach_url(ctx, path),
        alt=alt,
        width=round(size[0]),
        height=round(size[1]),
        title=block.get("title", ""),
        caption=block.get("caption", ""),
    )
