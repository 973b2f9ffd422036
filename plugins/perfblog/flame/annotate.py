"""The ``annotate`` block: source lines shaded by cost, the number in the text, cold runs folded.

Shading is relative to the listing's hottest line (on a square-root scale, as
the diff colours, so a line a tenth as hot still shows); the share printed is
of the whole (the program for callgrind, the function for line_profiler), so
the reader never has to read a colour. Lines at least ``hot:`` of the whole
are marked hot; runs of lines further than ``context:`` from any hot line fold
into a ``<details>``, open by a click and complete without JavaScript.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup, escape

from ..blocks import Block, BlockContext
from .fmt import count, percent
from .annotated import read_listings
from .listing import Listing, chosen

LEVELS = 5
FOLD_AT_LEAST = 3  # shorter cold runs stay open: a fold would hide less than it costs


@dataclass(frozen=True)
class Row:
    number: int
    cost: str  # '20,554,635,511' or '' for a line without cost
    share: str
    level: int  # 0..5, the shade
    hot: bool
    code: Markup


@dataclass(frozen=True)
class Chunk:
    rows: tuple[Row, ...]
    folded: str  # '' when shown, else the summary of the folded run


@dataclass(frozen=True)
class ListingView:
    label: str
    name: str
    unit: str
    chunks: tuple[Chunk, ...]


def highlighted(listing: Listing) -> list[Markup]:
    """Each line as highlighted HTML, its indentation kept as written (lexers swallow it)."""
    from pygments import highlight  # here: loading Pygments would slow every other profile block's start
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_for_filename
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_for_filename(listing.file, stripnl=False)
    except ClassNotFound:
        lexer = TextLexer(stripnl=False)
    formatter = HtmlFormatter(nowrap=True)
    lines = []
    for line in listing.lines:
        code = line.code.lstrip()
        indent = line.code[: len(line.code) - len(code)]
        lines.append(escape(indent) + Markup(highlight(code, lexer, formatter).rstrip("\n")) if code else escape(indent))
    return lines


def rows_of(listing: Listing, hot: float) -> list[Row]:
    hottest = max((line.cost or 0 for line in listing.lines), default=0)
    rows = []
    for line, code in zip(listing.lines, highlighted(listing)):
        cost = line.cost or 0
        share = cost / listing.total if listing.total else 0
        level = math.ceil(LEVELS * math.sqrt(cost / hottest)) if hottest and cost > 0 else 0
        rows.append(Row(line.number, count(round(cost, 1)) if line.cost is not None else "",
                        percent(share) if line.cost is not None else "", level, share >= hot and cost > 0, code))
    return rows


def chunks_of(rows: list[Row], context: int) -> tuple[Chunk, ...]:
    """Consecutive rows, with long runs far from every hot line folded; nothing folds without a hot line."""
    hot = [i for i, row in enumerate(rows) if row.hot]
    near = {j for i in hot for j in range(i - context, i + context + 1)} if hot else set(range(len(rows)))
    chunks = []
    for shown, group in groupby(enumerate(rows), key=lambda item: item[0] in near):
        run = tuple(row for _, row in group)
        if shown or len(run) < FOLD_AT_LEAST:
            chunks.append(Chunk(run, ""))
        else:
            chunks.append(Chunk(run, f"lines {run[0].number}–{run[-1].number}: {len(run)} cold lines"))
    return tuple(chunks)


def listing_view(block: Block, ctx: BlockContext, key: str, label: str) -> tuple[ListingView, Listing]:
    path = ctx.resolve(block.require(key), key, block)
    listing = chosen(read_listings(path, block.option("format")), block.option("source"), path, "source")
    rows = rows_of(listing, block.option("hot"))
    return ListingView(label, listing.name.rsplit("/", 1)[-1], listing.unit,
                       chunks_of(rows, block.option("context"))), listing


def render_annotate(block: Block, ctx: BlockContext) -> str:
    if block.option("file"):
        if block.option("before") or block.option("after"):
            raise block.error("give either 'file:' or 'before:' and 'after:', not both", key="file")
        sides = [("file", "")]
    else:
        sides = [("before", "Before"), ("after", "After")]
    views, listings = zip(*(listing_view(block, ctx, key, label) for key, label in sides))
    ctx.need("flame.css")
    return ctx.render_template(
        "flame/annotate.html", id=ctx.block_id, listings=views, what=listings[0].what,
        hot=percent(block.option("hot")), title=block.option("title"), caption=block.option("caption"),
        download=ctx.publish_csv(*line_table(views, listings)), raw=ctx.raw_links(),
    )


def line_table(views, listings) -> tuple[list[str], list[list[str]]]:
    """Every line as shown, folded ones too: its listing, number, cost, share, hot mark and code."""
    header = ["listing", "file", "line", "cost", "unit", "share", "hot", "code"]
    rows = []
    for view, listing in zip(views, listings):
        for row, line in zip((r for chunk in view.chunks for r in chunk.rows), listing.lines):
            rows.append([view.label, view.name, str(row.number), row.cost, view.unit if row.cost else "", row.share,
                         "hot" if row.hot else "", line.code])
    return header, rows
