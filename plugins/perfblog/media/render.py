"""Blocks that show image files: a before/after pair, and SVGs made by other tools.

Image URLs are written as Pelican ``{attach}`` links relative to the post, so
Pelican copies each file next to the post's output and rewrites the link; the
glue sanitizes every SVG it publishes (``svgsafe``). An interactive SVG keeps
its script only inside a sandboxed frame whose document is a ``data:`` URL, so
no same-origin URL ever serves it.
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

from ..blocks import TEXT, Block, BlockContext, BlockKind, Option
from .images import image_kind, image_size, svg_size

SAME_SHAPE = 0.01  # aspect ratios within 1% count as equal: a slider makes sense
#: Home folders in a profile's title or frames: they name the author's account.
LOCAL_PATH = re.compile(r"(?:/home/|/Users/|/root/|[A-Za-z]:\\Users\\)[^\s<>\"'/\\]*")


def attach_url(ctx: BlockContext, path: Path) -> str:
    return "{attach}" + Path(os.path.relpath(path, ctx.post_path.parent.resolve())).as_posix()


def required_text(block: Block, key: str, why: str) -> str:
    value = (block.option(key) or "").strip()
    if not value:
        raise block.error(f"the {block.kind} block needs '{key}:' ({why})", key=key)
    return value


def image_view(block: Block, ctx: BlockContext, side: str) -> dict:
    value = block.require(side)
    path = ctx.resolve(value, side, block)
    if path.is_dir() or image_kind(path) is None:
        raise block.error(f"{value} is not a PNG, JPEG, GIF, WebP or SVG image (judged by its content, "
                          "not its name)", key=side)
    alt = required_text(block, f"{side}-alt", "alt text describing the image for readers who cannot see it")
    return {
        "url": attach_url(ctx, path),
        "alt": alt,
        "label": block.option(f"{side}-label") or side.capitalize(),
        "size": image_size(path),
    }


def same_shape(first: tuple[float, float] | None, second: tuple[float, float] | None) -> bool:
    if not first or not second:
        return False
    ratio = (first[0] / first[1]) / (second[0] / second[1])
    return abs(ratio - 1) <= SAME_SHAPE


def render_compare(block: Block, ctx: BlockContext) -> str:
    """Two images side by side (stacked when narrow); a slider when their shapes match."""
    images = [image_view(block, ctx, "before"), image_view(block, ctx, "after")]
    ctx.need("compare.js")
    ctx.need("compare.css")
    return ctx.render_template(
        "media/compare.html",
        id=ctx.block_id,
        images=images,
        slider=same_shape(images[0]["size"], images[1]["size"]),
        title=block.option("title"),
        caption=block.option("caption"),
    )


def render_external_svg(block: Block, ctx: BlockContext) -> str:
    """An SVG from flamegraph.pl, inferno, cargo-flamegraph or py-spy, never inlined.

    Such files carry their own script (which grabs Ctrl-F, rewrites the URL and
    uses fixed ids). The ``<img>`` shows the published file, sanitized; the
    interactive view is an ``<iframe sandbox="allow-scripts">`` without
    ``allow-same-origin`` whose document is the original as a ``data:`` URL, so
    the script runs in an opaque origin, and no URL of the site serves it.
    """
    value = block.require("file")
    path = ctx.resolve(value, "file", block)
    alt = required_text(block, "alt", "alt text describing the flame graph")
    size = svg_size(path) if path.is_file() and image_kind(path) == "svg" else None
    if size is None:
        raise block.error(f"{value} is not an SVG image with a size", key="file")
    original = path.read_bytes()
    leaks = sorted(set(LOCAL_PATH.findall(original.decode("utf-8", errors="replace"))))
    if leaks:
        ctx.warn("local-paths", f"{value} names local folders ({', '.join(leaks)}); py-spy puts the command "
                 "line in the title. Re-record from a neutral folder or edit the title before publishing",
                 key="file")
    ctx.need("flame.css")
    ctx.need("media.js")
    return ctx.render_template(
        "media/external.html",
        id=ctx.block_id,
        url=attach_url(ctx, path),
        live="data:image/svg+xml;base64," + base64.b64encode(original).decode("ascii"),
        alt=alt,
        width=round(size[0]),
        height=round(size[1]),
        title=block.option("title"),
        caption=block.option("caption"),
    )


TEXT_OPTIONS = (
    Option("title", TEXT, "", "a title above the caption"),
    Option("caption", TEXT, "", "what the reader should see"),
)


def _side(side: str) -> tuple[Option, ...]:
    return (
        Option(side, TEXT, help=f"the image {side}, relative to the post"),
        Option(f"{side}-alt", TEXT, help="alt text: what the image shows, for readers who cannot see it"),
        Option(f"{side}-label", TEXT, help=f"its label (default: {side.capitalize()})"),
    )


KINDS = (
    BlockKind("compare", render_compare, _side("before") + _side("after") + TEXT_OPTIONS,
              "two images side by side, with a slider when they have the same shape"),
    BlockKind(
        "flamegraph-svg", render_external_svg,
        (Option("file", TEXT, help="an SVG flame graph made by flamegraph.pl, inferno or py-spy"),
         Option("alt", TEXT, help="alt text describing the flame graph")) + TEXT_OPTIONS,
        "a flame graph SVG made by another tool: a picture, and its own interactive view in a sandbox",
    ),
)
