"""Block kinds for profiles: options in, HTML out. Parsing and computing happen elsewhere.

``KINDS`` declares each kind's options and renderer (see ``blocks.BlockKind``).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..blocks import FLAG, PAIRS, SHARE, TEXT, Block, BlockContext, BlockKind, Option, choice, whole
from . import svg
from .annotate import render_annotate
from .annotated import LISTING_FORMATS
from .diff import MIN_MATCH, Diff, aligned_root, differential, renamed, with_root
from .fmt import percent, quantity, share_change
from .folded import Profile
from .load import FORMATS, load_profile
from .perfscript import WEIGHTS
from .tree import build_tree, call_tree_rows, capped, hot_functions, layout

MIN_WIDTH = 0.001  # frames under 0.1% of the total: one viewBox unit, invisible anyway
MAX_FRAMES = 4000  # frames drawn per graph, unless PERFBLOG_MAX_FRAMES or max-frames: say otherwise
ELIDED_ROWS = 8  # call paths listed per side under a diff; the rest are summed up

PROFILE = (
    Option("format", choice(*FORMATS), "auto", "the profile's format (auto: detected)"),
    Option("weight", choice(*WEIGHTS), "samples",
           "perf script, pprof, .cpuprofile: count samples, or add up their periods (times)"),
)
TEXT_OPTIONS = (
    Option("title", TEXT, "", "a title above the caption"),
    Option("caption", TEXT, "", "what the reader should see"),
)
GRAPH = PROFILE + TEXT_OPTIONS + (
    Option("min-width", SHARE, MIN_WIDTH, "frames narrower than this share of the total are not drawn"),
    Option("max-frames", whole(1, 1_000_000), None, "draw at most this many frames (the widest)"),
    Option("unit", TEXT, None, "what the counts are (default: the profile's own unit: samples, ns, bytes...)"),
)


@dataclass(frozen=True)
class GraphView:
    """Everything templates/flame/graph.html prints for one graph."""

    id: str
    frames: Markup  # the frames' SVG elements, from svg.layout_boxes
    height: int
    title: str
    caption: str
    legend: str = ""
    elided: tuple = ()  # (path, where, share) rows: call paths only one profile has
    elided_rest: str = ""
    unit: str = "samples"  # what the widths count, for flame.js's search readout
    wide: bool = True
    width: int = svg.WIDTH
    char: float = svg.CHAR
    pad: int = svg.PAD
    baseline: int = svg.BASELINE
    download: str = ""  # the CSV of the drawn frames


def read_profile(block: Block, ctx: BlockContext, key: str) -> Profile:
    value = block.require(key)
    path = ctx.resolve(value, key, block)
    try:
        return load_profile(path, block.option("format"), block.option("weight"))
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


def drawn(block: Block, ctx: BlockContext, root, min_share: float) -> tuple[list, str]:
    """The frames to draw, at most the frame cap, and the caption's note on what was left out.

    A cap the author did not set is a warning (``allow: frame-cap``, or set ``max-frames:``).
    """
    cap = block.option("max-frames") or ctx.settings.get("PERFBLOG_MAX_FRAMES", MAX_FRAMES)
    placed, dropped = capped(layout(root, min_share), cap)
    if not dropped:
        return placed, hidden_note(min_share)
    note = f"only the {len(placed):,} widest frames are drawn ({dropped:,} narrower ones left out)"
    if block.option("max-frames") is None:
        ctx.warn("frame-cap", f"{note}: the graph would be too large for a page (set 'max-frames:' to choose)",
                 key="min-width" if "min-width" in block.options else None)
    return placed, note


def plain_view(
    part: str, profile: Profile, block: Block, ctx: BlockContext, title: str, caption: str, wide: bool = True
) -> GraphView:
    """One profile's graph; ``part`` ("" or "-before"...) tells apart the graphs of one block."""
    min_share, unit = block.option("min-width"), block.option("unit") or profile.unit
    placed, note = drawn(block, ctx, build_tree(profile, min_share), min_share)
    frames, height = svg.plain_boxes(placed, unit)
    text = caption_text(caption, f"{quantity(profile.total, unit)} in total", note)
    download = ctx.publish_csv(*svg.frame_table(placed, unit), part=part)
    return GraphView(ctx.block_id + part, frames, height, title, text, unit=unit, wide=wide, download=download)


def render_flamegraph(block: Block, ctx: BlockContext) -> str:
    profile = read_profile(block, ctx, "file")
    use_flame_assets(ctx)
    view = plain_view("", profile, block, ctx, block.option("title"), block.option("caption"))
    return ctx.render_template("flame/graph.html", graph=view, raw=ctx.raw_links())


def elided_rows(diff: Diff, own_roots: dict[str, dict[str, str]]) -> tuple[tuple, str]:
    """The widest call paths only one profile has, and a sentence for the rest.

    ``own_roots`` maps an aligned root frame back to the name in that side's profile.
    """
    rows, rest = [], []
    for side, word, paths in (("before", "gone", diff.gone), ("after", "new", diff.new)):
        for path, share in paths[:ELIDED_ROWS]:
            path = (own_roots.get(side, {}).get(path[0], path[0]), *path[1:])
            shown = " › ".join(path[-3:])
            rows.append((shown if len(path) <= 3 else "… › " + shown, f"{side} ({word})", f"{percent(share)} of {side}"))
        if paths[ELIDED_ROWS:]:
            more = paths[ELIDED_ROWS:]
            rest.append(f"{len(more)} more only in {side}, {percent(sum(s for _, s in more))} of {side}")
    return tuple(rows), caption_text("", *rest)


def aligned(before: Profile, after: Profile, normalize: bool, negated: bool):
    """Both profiles with one root name when they are one program under two names.

    Returns (before, after, own_roots, the caption's note). The drawn profile
    keeps its name: after's, or before's in the negated view; ``own_roots``
    gives the other side its own name back where its paths are listed.
    """
    alignment = aligned_root(before, after)
    if not alignment:
        return before, after, {}, ""
    unaligned = differential(before, after, normalize, negated).match_ratio
    old, new = alignment
    note = (f"the root frames {old} (before) and {new} (after) differ only by the program's name, "
            f"so they are drawn as one (the match is {unaligned:.0%} without that)")
    if negated:
        return before, with_root(after, new, old), {"after": {old: new}}, note
    return with_root(before, old, new), after, {"before": {new: old}}, note


def render_diff(block: Block, ctx: BlockContext) -> str:
    original, recorded = read_profile(block, ctx, "before"), read_profile(block, ctx, "after")
    after, unit = recorded, block.option("unit") or recorded.unit
    if original.unit != after.unit and not block.option("unit"):
        raise block.error(f"the before profile counts {original.unit} and the after profile {after.unit}: "
                          "a diff needs one unit", key="after")
    before = renamed(original, block.option("rename"))
    normalize, negated = block.option("normalize"), block.option("negated")
    names = block.require("before"), block.require("after")
    before, after, own_roots, aligned_note = aligned(before, after, normalize, negated)
    diff = differential(before, after, normalize, negated)
    use_flame_assets(ctx)
    title, caption = block.option("title"), block.option("caption")
    score = (f"the call stacks match on {diff.match_ratio:.0%} of their frames, from the root down "
             "(weighted by time, for the less similar profile)")
    if diff.match_ratio < MIN_MATCH and not block.option("force"):
        warning = (
            f"In {names[0]} and {names[1]}, {score}: little of the time sits under call paths found "
            "in both profiles. Were functions renamed? ('rename: old = new' maps them; 'force: yes' "
            "draws the diff anyway.) A differential graph would mostly show noise, so here are the "
            "two profiles instead."
        )
        if block.option("fallback") != "side-by-side":
            ctx.warn("diff-refused", warning + " Say 'fallback: side-by-side' to accept this.", key="after")
        graphs = [  # each profile as recorded, with its own names: renames are only for matching
            plain_view(f"-{side}", profile, block, ctx, side.capitalize(), f"{name}:", wide=False)
            for side, profile, name in zip(("before", "after"), (original, recorded), names)
        ]
        return ctx.render_template(
            "flame/mismatch.html",
            id=ctx.block_id, warning=warning, graphs=graphs, title=title, caption=caption, raw=ctx.raw_links(),
        )
    min_share = block.option("min-width")
    placed, note = drawn(block, ctx, diff.root, min_share)
    frames, height = svg.diff_boxes(placed, diff, unit)
    widths = "before (negated view)" if negated else "after"
    measure = "its share of each profile's total" if normalize else "raw counts"
    legend = (
        f"Widths are from the {widths} profile. Colour shows how each function's self time "
        f"changed from before to after ({measure}): red grew, blue shrank, neutral about the "
        "same. Each frame's tooltip gives the numbers."
    )
    forced = "drawn although that is under half ('force: yes')" if diff.match_ratio < MIN_MATCH else ""
    text = caption_text(
        caption, f"before: {quantity(before.total, unit)}", f"after: {quantity(after.total, unit)}",
        score, forced, aligned_note, note,
    )
    rows, rest = elided_rows(diff, own_roots)
    download = ctx.publish_csv(*svg.frame_table(placed, unit, diff))
    view = GraphView(ctx.block_id, frames, height, title, text, legend, rows, rest, unit, download=download)
    return ctx.render_template("flame/graph.html", graph=view, raw=ctx.raw_links())


def render_hot_functions(block: Block, ctx: BlockContext) -> str:
    if block.option("file"):
        if block.option("before") or block.option("after"):
            raise block.error("give either 'file:' or 'before:' and 'after:', not both", key="file")
        before, after = None, read_profile(block, ctx, "file")
    else:
        before, after = read_profile(block, ctx, "before"), read_profile(block, ctx, "after")
    top = block.option("top")
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
    header = ["function", "self before", "self after", "self change", "total before", "total after",
              "total change"] if before else ["function", "self", "total"]
    ctx.need("flame.css")  # the table's layout; it needs no script
    return ctx.render_template(
        "flame/hotfunctions.html",
        id=ctx.block_id, rows=rows, compared=before is not None, unit=after.unit,
        title=block.option("title"), caption=block.option("caption"),
        download=ctx.publish_csv(header, ([name, *cells] for name, cells in rows)), raw=ctx.raw_links(),
    )


def render_call_tree(block: Block, ctx: BlockContext) -> str:
    profile = read_profile(block, ctx, "file")
    depth, threshold = block.option("depth"), block.option("threshold")
    rows = call_tree_rows(build_tree(profile, threshold), depth, threshold)
    ctx.need("flame.css")
    return ctx.render_template(
        "flame/calltree.html",
        id=ctx.block_id, text="\n".join(row.line() for row in rows), depth=depth, threshold=percent(threshold),
        unit=profile.unit,
        title=block.option("title"), caption=block.option("caption"),
        download=ctx.publish_csv(["level", "function", "share of all", "self share"],
                                 ([str(r.level), r.name, r.total, r.self] for r in rows)),
        raw=ctx.raw_links(),
    )


def _profile(key: str, what: str) -> Option:
    return Option(key, TEXT, help=f"{what}: a profile in any format perfblog reads, relative to the post")


KINDS = (
    BlockKind("flamegraph", render_flamegraph, (_profile("file", "the profile"),) + GRAPH,
              "an interactive flame graph drawn from a profile"),
    BlockKind(
        "flamegraph-diff", render_diff,
        (_profile("before", "the profile before"), _profile("after", "the profile after")) + GRAPH + (
            Option("normalize", FLAG, True, "compare each frame's share of its profile, not raw counts"),
            Option("negated", FLAG, False, "draw the before profile's widths (what went away)"),
            Option("rename", PAIRS, {}, "'old = new' frame names of before, mapped for matching only"),
            Option("fallback", choice("warn", "side-by-side"), "warn",
                   "when the profiles share too little to diff: warn, or show both without a warning"),
            Option("force", FLAG, False, "draw the diff even when the profiles share too little"),
        ),
        "a differential flame graph: after's widths, coloured by the change from before",
    ),
    BlockKind(
        "hotfunctions", render_hot_functions,
        (_profile("file", "one profile"), _profile("before", "the profile before"),
         _profile("after", "the profile after"), Option("top", whole(1, 100), 10, "how many functions"))
        + PROFILE + TEXT_OPTIONS,
        "the functions with the most self time, with before/after shares",
    ),
    BlockKind(
        "calltree", render_call_tree,
        (_profile("file", "the profile"), Option("depth", whole(1, 64), 8, "levels shown"),
         Option("threshold", SHARE, 0.01, "hide calls under this share of the total")) + PROFILE + TEXT_OPTIONS,
        "a text call tree of a profile",
    ),
    BlockKind(
        "annotate", render_annotate,
        (Option("file", TEXT, help="annotated source: callgrind_annotate --auto=yes or line_profiler output"),
         Option("before", TEXT, help="annotated source before"), Option("after", TEXT, help="annotated source after"),
         Option("format", choice(*LISTING_FORMATS), "auto", "the annotation's tool (auto: detected)"),
         Option("source", TEXT, "", "which file (callgrind) or function (line_profiler); default: the costliest"),
         Option("hot", SHARE, 0.05, "lines with at least this share are marked hot"),
         Option("context", whole(0, 50), 2, "cold lines shown around a hot line; longer cold runs fold"))
        + TEXT_OPTIONS,
        "source lines shaded by their cost, from a profiler's annotated output",
    ),
)
