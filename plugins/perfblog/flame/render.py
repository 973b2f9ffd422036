"""Block renderers: options in, HTML out. Parsing and computing happen elsewhere.

``RENDERERS`` maps each block kind to its renderer (see ``blocks.Renderer``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..blocks import Block, BlockContext, Renderer
from . import svg
from .diff import MIN_MATCH, differential, renamed
from .fmt import percent, quantity, share_change
from .folded import Profile
from .load import FORMATS, load_profile
from .media import render_compare, render_external_svg
from .options import choice, flag, share, whole, renames
from .perfscript import WEIGHTS
from .tree import build_tree, call_tree_lines, hot_functions, layout

log = logging.getLogger("perfblog")

PROFILE_KEYS = {"format", "weight"}
TEXT_KEYS = {"title", "caption"}
GRAPH_KEYS = PROFILE_KEYS | TEXT_KEYS | {"min-width", "unit"}
MIN_WIDTH = 0.001  # frames under 0.1% of the total: one viewBox unit, invisible anyway


@dataclass(frozen=True)
class GraphView:
    """Everything templates/flame/graph.html prints for one graph."""

    id: str
    frames: list[svg.Box]
    height: int
    title: str
    caption: str
    legend: str = ""
    wide: bool = True
    width: int = svg.WIDTH
    box: int = svg.BOX
    char: float = svg.CHAR
    pad: int = svg.PAD
    baseline: int = svg.BASELINE


def read_profile(block: Block, ctx: BlockContext, key: str) -> Profile:
    value = block.require(key)
    path = ctx.resolve(value, key, block)
    fmt = choice(block, "format", FORMATS, "auto")
    weight = choice(block, "weight", WEIGHTS, "samples")
    try:
        return load_profile(path, fmt, weight)
    except OSError as exc:
        raise block.error(f"cannot read {value}: {exc.strerror}", key=key) from exc


def use_flame_assets(ctx: BlockContext) -> None:
    ctx.need("flame.js")
    ctx.need("flame.css")


def hidden_note(min_share: float) -> str:
    return f"frames under {percent(min_share)} not drawn" if min_share else ""


def caption_text(caption: str, *facts: str) -> str:
    """The author's caption, then the facts a reader needs: 'Caption. Facts; more facts.'"""
    if caption and caption[-1] not in ".!?:":
        caption += "."
    told = "; ".join(filter(None, facts))
    told = told[:1].upper() + told[1:] + "." if told else ""
    return " ".join(filter(None, [caption, told]))


def graph_options(block: Block) -> tuple[float, str]:
    """The options every graph block shares: the pruning share and the unit of counts."""
    return share(block, "min-width", MIN_WIDTH), block.get("unit") or "samples"


def plain_view(
    graph_id: str, profile: Profile, block: Block, title: str, caption: str, wide: bool = True
) -> GraphView:
    min_share, unit = graph_options(block)
    frames, height = svg.plain_boxes(layout(build_tree(profile, min_share), min_share), unit)
    text = caption_text(caption, f"{quantity(profile.total, unit)} in total", hidden_note(min_share))
    return GraphView(graph_id, frames, height, title, text, wide=wide)


def render_flamegraph(block: Block, ctx: BlockContext) -> str:
    block.check_keys({"file"} | GRAPH_KEYS)
    profile = read_profile(block, ctx, "file")
    use_flame_assets(ctx)
    view = plain_view(ctx.block_id, profile, block, block.get("title", ""), block.get("caption", ""))
    return ctx.render_template("flame/graph.html", graph=view)


def render_diff(block: Block, ctx: BlockContext) -> str:
    block.check_keys({"before", "after", "normalize", "negated", "rename"} | GRAPH_KEYS)
    names_map = renames(block, "rename")
    before = renamed(read_profile(block, ctx, "before"), names_map)
    after = read_profile(block, ctx, "after")
    normalize, negated = flag(block, "normalize", True), flag(block, "negated", False)
    diff = differential(before, after, normalize, negated)
    use_flame_assets(ctx)
    title, caption = block.get("title", ""), block.get("caption", "")
    names = block.require("before"), block.require("after")
    if diff.match_ratio < MIN_MATCH:
        warning = (
            f"Only {diff.match_ratio:.0%} of the self time in {names[0]} and {names[1]} "
            "sits under call paths found in both profiles (were functions renamed? "
            "'rename: old = new' maps them), so a differential graph would mostly show "
            "noise. Here are the two profiles instead."
        )
        log.warning("%s: %s", ctx.post_path, warning)
        graphs = [
            plain_view(f"{ctx.block_id}-{side}", profile, block, side.capitalize(), f"{name}:", wide=False)
            for side, profile, name in zip(("before", "after"), (before, after), names)
        ]
        return ctx.render_template(
            "flame/mismatch.html",
            id=ctx.block_id, warning=warning, graphs=graphs, title=title, caption=caption,
        )
    min_share, unit = graph_options(block)
    frames, height = svg.diff_boxes(layout(diff.root, min_share), diff, unit)
    widths = "before (negated view)" if negated else "after"
    measure = "its share of each profile's total" if normalize else "raw counts"
    legend = (
        f"Widths are from the {widths} profile. Colour shows how each function's self time "
        f"changed from before to after ({measure}): red grew, blue shrank, neutral about the "
        "same. Each frame's tooltip gives the numbers."
    )
    text = caption_text(
        caption, f"before: {quantity(before.total, unit)}",
        f"after: {quantity(after.total, unit)}", hidden_note(min_share),
    )
    view = GraphView(ctx.block_id, frames, height, title, text, legend)
    return ctx.render_template("flame/graph.html", graph=view)


def render_hot_functions(block: Block, ctx: BlockContext) -> str:
    block.check_keys({"file", "before", "after", "top"} | PROFILE_KEYS | TEXT_KEYS)
    if block.get("file"):
        if block.get("before") or block.get("after"):
            raise block.error("give either 'file:' or 'before:' and 'after:', not both", key="file")
        before, after = None, read_profile(block, ctx, "file")
    else:
        before, after = read_profile(block, ctx, "before"), read_profile(block, ctx, "after")
    top = whole(block, "top", 10, 1, 100)
    rows = []
    for row in hot_functions(after, before, top):
        old, new = row.before, row.after
        cells = [percent(new.self), percent(new.total)]
        if old:
            word = "new" if not old.total else "gone" if not new.total else None
            cells = [
                percent(old.self), percent(new.self), share_change(old.self, new.self, word),
                percent(old.total), percent(new.total), share_change(old.total, new.total, word),
            ]
        rows.append((row.name, cells))
    return ctx.render_template(
        "flame/hotfunctions.html",
        id=ctx.block_id, rows=rows, compared=before is not None,
        title=block.get("title", ""), caption=block.get("caption", ""),
    )


def render_call_tree(block: Block, ctx: BlockContext) -> str:
    block.check_keys({"file", "depth", "threshold"} | PROFILE_KEYS | TEXT_KEYS)
    profile = read_profile(block, ctx, "file")
    depth = whole(block, "depth", 8, 1, 64)
    threshold = share(block, "threshold", 0.01)
    lines = call_tree_lines(build_tree(profile, threshold), depth, threshold)
    return ctx.render_template(
        "flame/calltree.html",
        id=ctx.block_id, text="\n".join(lines), depth=depth, threshold=percent(threshold),
        title=block.get("title", ""), caption=block.get("caption", ""),
    )


RENDERERS: dict[str, Renderer] = {
    "flamegraph": render_flamegraph,
    "flamegraph-diff": render_diff,
    "hotfunctions": render_hot_functions,
    "calltree": render_call_tree,
    "compare": render_compare,
    "flamegraph-svg": render_external_svg,
}
