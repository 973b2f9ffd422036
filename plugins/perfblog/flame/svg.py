"""Turn laid-out frames into the SVG that templates/flame/graph.html prints, in viewBox units.

The SVG is sized by CSS to its column; the viewBox fixes the drawing's own
units. The bytes depend only on the input: coordinates have at most one
decimal, counts and percentages a fixed format, colours are CSS classes (see
flame.css). The frames' elements are drawn here rather than in a Jinja loop,
which took three times as long (a 100k-stack profile draws 16,371 frames).
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from typing import Callable

from markupsafe import Markup, escape

from .diff import Diff
from .fmt import count, count_change, number, percent, quantity, share_change
from .folded import Frame
from .tree import Node, Placed

WIDTH = 1000  # viewBox width; flame.css scales it to the column
ROW = 18  # one frame row: 17 units of box + 1 of gap
BOX = 17
BASELINE = 13  # text baseline inside a box, for the 12px font in flame.css
PAD = 3  # text inset from the box's left edge
CHAR = 7.2  # advance of one 12px monospace character (0.6 em); flame.js gets it from data-char
PALETTE = 6  # number of c0..c5 classes for ordinary frames
KIND_CLASS = {"kernel": "k", "jit": "j", "inlined": "i"}


def label(name: str, width: float) -> str:
    """``name`` cut to what fits in ``width`` units, with an ellipsis; '' if nothing fits."""
    room = int((width - 2 * PAD) / CHAR)
    if room < 3:
        return ""
    return name if len(name) <= room else name[: room - 1] + "…"


def palette_class(node: Node) -> str:
    """A colour class that depends only on the name, so a function keeps its colour."""
    return frame_class(node.frame)


@lru_cache(maxsize=4096)  # a function draws many frames
def frame_class(frame: Frame) -> str:
    return KIND_CLASS.get(frame.kind) or f"c{zlib.crc32(frame.name.encode()) % PALETTE}"


def frame_title(node: Node, grand: float, unit: str) -> str:
    return f"{node.frame.name} — {quantity(node.total, unit)} ({percent(node.total / grand)})"


def layout_boxes(
    placed: list[Placed],
    title_of: Callable[[Node], str],
    class_of: Callable[[Node], str],
) -> tuple[Markup, int]:
    """Each frame's ``<g>``, in the order given (flame.js relies on pre-order), and the SVG's height.

    Every text is escaped; a class from ``class_of`` is a CSS class name, never data.
    """
    grand = placed[0].node.total
    top = max(p.depth for p in placed)
    scale = WIDTH / grand
    names: dict[str, str] = {}  # escaped names: one function draws many frames
    out = []
    for item in placed:
        node = item.node
        x, w = item.start * scale, node.total * scale
        y = (top - item.depth) * ROW
        g = (f'\n<g class="{class_of(node)}"><title>{escape(title_of(node))}</title>'
             f'<rect x="{number(x)}" y="{y}" width="{number(w)}" height="{BOX}"/>')
        name = node.frame.name
        text = label(name, w)
        if text == name:
            text = names.get(name) or names.setdefault(name, escape(name))
        elif text:
            text = escape(text)
        if text:
            g += f'<text x="{number(x + PAD)}" y="{y + BASELINE}">{text}</text>'
        out.append(g + "</g>")
    return Markup("".join(out)), (top + 1) * ROW


def plain_boxes(placed: list[Placed], unit: str) -> tuple[Markup, int]:
    grand = placed[0].node.total
    return layout_boxes(placed, lambda n: frame_title(n, grand, unit), palette_class)


def diff_boxes(placed: list[Placed], diff: Diff, unit: str) -> tuple[Markup, int]:
    """Boxes coloured by change; each title spells the change out, not only the colour."""
    grand = placed[0].node.total

    def title(node: Node) -> str:
        return f"{frame_title(node, grand, unit)}; self {change_text(diff, node, unit)}"

    def colour(node: Node) -> str:
        level = diff.levels.get(node, 0)
        return f"g{level}" if level > 0 else f"s{-level}" if level < 0 else "n"

    return layout_boxes(placed, title, colour)


def change_text(diff: Diff, node: Node, unit: str) -> str:
    """'4.1% → 9.3% (+5.2 pp, grew)' or, unnormalized, '12 → 30 samples (+18, grew)'."""
    before, after, change, only = self_change(diff, node)
    if not diff.normalized:
        after = quantity(diff.changes[node][1], unit)
    text = f"{before} → {after} ({change})"
    return f"{text}; this call path is only in the {only} profile" if only else text


def self_change(diff: Diff, node: Node) -> tuple[str, str, str, str]:
    """A frame's self time before and after, the change, and the one profile its path is only in ('')."""
    before, after, paired = diff.changes[node]
    only = "" if paired else "before" if diff.negated else "after"
    if diff.normalized:
        return percent(before), percent(after), share_change(before, after), only
    return count(before), count(after), count_change(before, after), only


def frame_table(placed: list[Placed], unit: str, diff: Diff | None = None) -> tuple[list[str], list[list[str]]]:
    """The drawn frames as a CSV's header and rows: the numbers each frame's tooltip shows."""
    grand = placed[0].node.total
    header = ["depth", "call path", "function", "total", "unit", "share of all"]
    if diff:
        header += ["self before", "self after", "self change", "call path only in"]
    path: list[str] = []
    rows = []
    for item in placed:
        name = item.node.frame.name
        del path[item.depth:]
        path.append(name)
        row = [str(item.depth), ";".join(path), name, count(item.node.total), unit, percent(item.node.total / grand)]
        rows.append(row + list(self_change(diff, item.node)) if diff else row)
    return header, rows
