"""The ``latency`` block: a service's latency percentiles, one run or before and after.

It reads wrk ``--latency`` output and HdrHistogram ``.hgrm`` distributions
(``adapters.wrk``, ``adapters.hgrm``) and shows a table of percentiles and a
percentile spectrum: latency against the "nines" of the percentile (log10 of
1 / (1 − p), so 90%, 99% and 99.9% are evenly spaced), as HdrHistogram plots
it, the versions overlaid. Percentiles carry no spread, so a change between
versions is shown untested, as for any number without one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..blocks import FLAG, NAMES, TEXT, Block, BlockContext, BlockKind, Option, Rendered
from . import tables
from .adapters import Source, hgrm, wrk
from .adapters._common import measurement
from .adapters.percentiles import Percentiles
from .compare import Thresholds, compare
from .record import Measurement
from .units import TIME, display_scale

OPTIONS = (
    Option("file", TEXT, help="one run: wrk --latency output or an HdrHistogram .hgrm file"),
    Option("before", TEXT, help="the run before"),
    Option("after", TEXT, help="the run after"),
    Option("unit", TEXT, help="the unit of an .hgrm file's values: ns, us, ms or s (the file does not say)"),
    Option("percentiles", NAMES, help="the table's rows, e.g. '50, 99, 99.9, max' (default: what the data resolves)"),
    Option("caption", TEXT, help="the table's caption"),
    Option("chart", FLAG, True, "draw the percentile spectrum"),
)
DEFAULT_PERCENTILES = (0.5, 0.75, 0.9, 0.99, 0.999, 0.9999, 1.0)
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 390, 250, 64, 32, 12, 40  # 390: 12-unit text stays >= 11 px on a phone


@dataclass(frozen=True)
class Run:
    label: str
    path: str
    src: Source
    percentiles: Percentiles


def _run(block: Block, ctx: BlockContext, key: str, label: str) -> Run:
    path = block.option(key)
    src = Source(path, ctx.resolve(path, key, block))
    if wrk.detect(src):
        return Run(label, path, src, wrk.load(src))
    if hgrm.detect(src):
        return Run(label, path, src, hgrm.load(src, block.option("unit")))
    raise src.error("is neither wrk --latency output nor an HdrHistogram percentile distribution (.hgrm)")


def _runs(block: Block, ctx: BlockContext) -> list[Run]:
    if block.option("before") or block.option("after"):
        if not (block.option("before") and block.option("after")):
            missing = "after" if block.option("before") else "before"
            raise block.error(f"'{missing}' is missing: a comparison needs both 'before:' and 'after:'",
                              key="before" if block.option("before") else "after")
        return [_run(block, ctx, "before", "Before"), _run(block, ctx, "after", "After")]
    if not block.option("file"):
        raise block.error("the latency block needs 'file:', or 'before:' and 'after:'")
    return [_run(block, ctx, "file", "Latency")]


def _fraction(block: Block, text: str) -> float:
    """'99.9', 'p99.9' or 'max' as a fraction (0.999, 1.0)."""
    cleaned = text.strip().lower().removeprefix("p").removesuffix("%")
    if cleaned in ("max", "100"):
        return 1.0
    try:
        value = float(cleaned) / 100
    except ValueError:
        value = -1.0
    if not 0 < value < 1:
        raise block.error(f"cannot read the percentile {text!r}: write 50, 99.9 or max", key="percentiles")
    return value


def _label(fraction: float) -> str:
    return "max" if fraction == 1.0 else f"p{fraction * 100:.10g}"


def _rows(block: Block, runs: list[Run]) -> list[float]:
    if block.option("percentiles"):
        return [_fraction(block, p) for p in block.option("percentiles")]
    return [p for p in DEFAULT_PERCENTILES if any(r.percentiles.at(p) for r in runs)]


def _measurement(run: Run, fraction: float) -> Measurement | None:
    found = run.percentiles.at(fraction)
    if found is None:
        return None
    seconds, line = found
    return measurement(run.src, bench_id=_label(fraction), metric="latency", unit="s", value=seconds, line=line)


def render_latency(block: Block, ctx: BlockContext) -> Rendered:
    runs = _runs(block, ctx)
    fractions = _rows(block, runs)
    columns = [[_measurement(r, p) for p in fractions] for r in runs]
    if not any(m for col in columns for m in col):
        raise block.error("the data has none of these percentiles", key="percentiles")
    keys = [(_label(p), "latency") for p in fractions]
    comparisons = [compare(b, a, Thresholds()) if b and a else None for b, a in zip(*columns)] if len(runs) == 2 \
        else [None] * len(keys)
    cells = tables.rows_of(keys, columns)
    verdicts = [tables.verdict(c, Thresholds.significance) if c else None for c in comparisons]
    ctx.need("bench.css")
    html = ctx.render_template(
        "bench/latency.html",
        id=ctx.block_id,
        caption=block.option("caption") or "Latency percentiles",
        labels=[r.label for r in runs],
        rows=[dict(percentile=k[0], cells=row, verdict=v) for k, row, v in zip(keys, cells, verdicts)],
        comparing=len(runs) == 2,
        chart=spectrum(runs) if block.option("chart") else None,
        notes=[f"{r.label}: {', '.join(r.percentiles.facts)}." for r in runs if r.percentiles.facts]
        + tables.notes([m for col in columns for m in col], comparisons, Thresholds.significance, Thresholds.noise),
        sources=", ".join(r.path for r in runs),
        download=ctx.publish(".csv", tables.csv_of(keys, [r.label for r in runs], cells, verdicts)),
        raw=ctx.raw_links(),
    )
    return Rendered(html)


@dataclass(frozen=True)
class Spectrum:
    """An SVG line chart's geometry: polylines per run, ticks, the plot box."""

    width: int
    height: int
    box: tuple[int, int, int, int]  # left, top, right, bottom
    lines: list[tuple[str, str, str]]  # (tone, label, "x,y x,y ...")
    xticks: list[tuple[float, str]]
    yticks: list[tuple[float, str]]


def _nines(fraction: float) -> float:
    return math.log10(1 / (1 - fraction))


def spectrum(runs: list[Run]) -> Spectrum | None:
    """Latency against nines for every point below 100% (the maximum has no place on that axis)."""
    series = [[(_nines(p), v) for p, v, _ in r.percentiles.points if p < 1] for r in runs]
    if not any(len(s) >= 2 for s in series):
        return None
    top_nines = max(2, math.ceil(max(x for s in series for x, _ in s) - 1e-9))
    top_value = max(v for s in series for _, v in s) * 1.05 or 1.0
    left, top, right, bottom = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM

    def x(n: float) -> float:
        return round(left + (right - left) * n / top_nines, 1)

    def y(v: float) -> float:
        return round(bottom - (bottom - top) * v / top_value, 1)

    tones = ["before", "after"] if len(runs) == 2 else ["after"]
    lines = [(tone, r.label, " ".join(f"{x(n)},{y(v)}" for n, v in s)) for tone, r, s in zip(tones, runs, series)]
    xticks = [(x(n), f"{100 - 100 / 10 ** n:.10g}%") for n in range(0, top_nines + 1)]
    symbol, factor = display_scale(TIME, top_value)
    yticks = [(y(top_value * i / 4), f"{top_value * i / 4 / factor:.3g} {symbol}") for i in range(5)]
    return Spectrum(WIDTH, HEIGHT, (left, top, right, bottom), lines, xticks, yticks)


KINDS = (
    BlockKind("latency", render_latency, OPTIONS,
              "latency percentiles from wrk --latency or HdrHistogram .hgrm: a table and a percentile spectrum"),
)
