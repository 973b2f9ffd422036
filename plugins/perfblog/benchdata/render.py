"""Block renderers: ``bench``, ``memory``, ``journey`` and ``environment``.

Each kind declares its options below (``KINDS``); its renderer loads the data
through ``sources``, compares through ``compare`` and hands plain values to a
``bench/*.html`` template. A ``bench`` block returns its headline candidate
(see ``compare.headline``) as data, so the plugin takes a post's headline from
its first ``bench`` block without computing anything twice.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass

from ..blocks import FLAG, FRACTION, TEXT, Block, BlockContext, BlockKind, Option, PerfblogError, Rendered, Result, \
    close_names_hint, split_list
from . import tables
from .chart import BarSpec, Chart, bar_chart
from .compare import SAME_DATA, Comparison, Thresholds, best_improvement, compare, headline, journey
from .environment import ENVIRONMENT
from .format import Shown
from .record import Measurement
from .units import BYTES, COUNT
from .sources import BlockData, Version, as_rate, directions, rate_metrics, select, single_name, with_direction

__all__ = ["KINDS", "headline"]

COMMON = (
    Option("file", TEXT, help="a tool's output file or folder, relative to the post ('path#version' picks one run)"),
    Option("format", TEXT, help="the data's format, when detection cannot tell"),
    Option("benchmarks", TEXT, help="benchmark ids or globs to show, in this order (comma-separated)"),
    Option("metrics", TEXT, help="metrics to show (default: time; memory blocks: memory, allocations)"),
    Option("caption", TEXT, help="the table's caption"),
    Option("chart", FLAG, True, "draw a bar chart under a comparison"),
    Option("better", TEXT, help="'lower', 'higher' or 'metric = higher, ...' where the data does not say"),
    Option("noise-threshold", FRACTION, Thresholds.noise, "changes smaller than this are noise"),
    Option("significance", FRACTION, Thresholds.significance, "the test's significance level"),
    Option("exact", FLAG, False, "the numbers are deterministic counts: any difference is real"),
    Option("estimate", TEXT, help="the estimator shown: mean, median or slope (default: what the tool prints)"),
    Option("rate-counters", TEXT, help="counters that are per-second rates (Google Benchmark's kIsRate: its JSON does not say)"),
)
COMPARED = (
    Option("before", TEXT, help="the version before: a path, 'path#name' or '#name' of file:"),
    Option("after", TEXT, help="the version after"),
    Option("baseline", TEXT, help="a benchmark of the table every other row is compared with"),
    Option("summary", FLAG, False, "add a row with the geometric mean of the ratios and its interval"),
)
#: Where a ``journey`` with ``series: yes`` goes: ``glue.series`` fills it once every part is processed.
SERIES_SLOT = re.compile(r'<div class="perfblog-series-journey" data-journey="(?P<payload>[A-Za-z0-9+/=]+)"></div>')
MEMORY_METRICS = ["memory", "allocations"]
MEMORY_UNITS = {BYTES, COUNT}  # without 'metrics:', a memory block never shows times as memory


def _lookups(block: Block, versions: list[Version], keys: list[tuple[str, str]], options: list[str]) -> list[dict]:
    """Per version, (benchmark, metric) -> measurement, with the author's ``better:`` applied.

    ``options`` names, per version, the block option an error should point at.
    """
    metrics = list(dict.fromkeys(k[1] for k in keys))
    chosen = directions(block, metrics)
    rates = rate_metrics(block, "rate-counters", metrics)
    estimator, wanted = block.option("estimate"), set(keys)
    lookups = []
    for version, option in zip(versions, options):
        table: dict[tuple[str, str], Measurement] = {}
        for m in version.measurements:
            if m.key in table:
                raise block.error(f"{m.bench_id!r} ({m.metric}) appears twice in {version.origin or 'the data'}",
                                  key=option)
            shown = _estimated(block, m, estimator) if m.key in wanted else m  # others may lack it
            table[m.key] = with_direction(as_rate(shown, rates), chosen)
        lookups.append(table)
    return lookups


def _estimated(block: Block, m: Measurement, name: str | None) -> Measurement:
    """``m`` by the author's ``estimate:``, or an error naming the estimators the data has."""
    if not name:
        return m
    found = m.estimated(name.strip().lower())
    if found is None:
        have = [e for e in (m.estimator, *(a.name for a in m.alternatives)) if e]
        raise block.error(f"{m.bench_id!r} has no {name.strip()} estimate; the data gives "
                          f"{', '.join(have) or 'one value only'}", key="estimate")
    return found


def _warn_failures(ctx: BlockContext, table: "BenchTable") -> None:
    """Failed runs and self-comparisons in the build log, once per benchmark."""
    for message in dict.fromkeys(_problems(table)):
        ctx.warn(*message)


def _problems(table: "BenchTable"):
    for column in table.columns:
        for m in column:
            if m and m.failures:
                yield "failed-runs", f"{m.bench_id!r} ({m.source}): {'; '.join(m.failures)}", None
    for c in table.comparisons:
        if c and c.verdict == SAME_DATA:
            yield "same-data", f"{c.after.bench_id!r}: {c.reason}", "before"


def _compare(block: Block, before, after, thresholds: Thresholds, key: str) -> Comparison | None:
    if before is None or after is None:
        return None
    try:
        return compare(before, after, thresholds)
    except PerfblogError as err:
        raise block.error(err.message, key=key) from None


def _bench_versions(block: Block, data: BlockData) -> list[Version]:
    """Two versions to compare, or one to list."""
    before, after = block.option("before"), block.option("after")
    if before is not None or after is not None:
        if not before or not after:
            missing = "after" if before else "before"
            raise block.error(f"'{missing}' is missing: a comparison needs both 'before:' and 'after:'",
                              key="before" if before else "after")
        return [data.version(before, "before", "Before"), data.version(after, "after", "After")]
    if not block.option("file") and not block.data:
        raise block.error(f"the {block.kind} block needs a 'file:' line, inline data, or 'before:' and 'after:'")
    columns = data.versions_in_order("file")
    if len(columns) == 2 and data.default_version() is None:  # a table with before/after columns
        return columns
    return [data.version(block.option("file") or "", "file")]  # `file: path#name` lists that version


@dataclass(frozen=True)
class BenchTable:
    """What a bench block shows, before formatting: rows × versions, and comparisons."""

    versions: list[Version]
    keys: list[tuple[str, str]]  # (benchmark, metric) per row
    columns: list[list[Measurement | None]]  # per version, per row
    comparisons: list[Comparison | None]  # per row
    against: str | None  # the reference benchmark of a 'baseline:' table
    thresholds: Thresholds
    tool: str = ""  # the formats the data was read as


def bench_table(block: Block, ctx: BlockContext, default_metrics: list[str], units: set[str] | None = None) -> BenchTable:
    data = BlockData(block, ctx)
    versions = _bench_versions(block, data)
    keys = select(block, versions, default_metrics, units)
    thresholds = data.thresholds()
    lookups = _lookups(block, versions, keys, ["before", "after"] if block.option("before") else ["file"] * len(versions))
    columns = [[lk.get(k) for k in keys] for lk in lookups]
    if len(versions) == 2:
        comparisons = [_compare(block, b, a, thresholds, "after") for b, a in zip(*columns)]
        against = None
    elif block.option("baseline"):
        against = single_name(block, "baseline")
        reference = _reference(block, lookups[0], against)
        comparisons = [_compare(block, reference.get(k[1]), m, thresholds, "baseline") if k[0] != against else None
                       for k, m in zip(keys, columns[0])]
    else:
        comparisons, against = [None] * len(keys), None
    return BenchTable(versions, keys, columns, comparisons, against, thresholds, ", ".join(data.formats))


def _reference(block: Block, lookup: dict, name: str) -> dict[str, Measurement]:
    """The reference benchmark's measurement per metric."""
    ids = list(dict.fromkeys(k[0] for k in lookup))
    if name not in ids:
        raise block.error(f"no benchmark '{name}' to compare against{close_names_hint(name, ids)}", key="baseline")
    return {metric: m for (bench, metric), m in lookup.items() if bench == name}


def _render_bench(block: Block, ctx: BlockContext, default_metrics: list[str], caption: str,
                  states_headline: bool = False, units: set[str] | None = None) -> Rendered:
    table = bench_table(block, ctx, default_metrics, units)
    keys, columns, comparisons = table.keys, table.columns, table.comparisons
    cells = tables.rows_of(keys, columns)
    sig = table.thresholds.significance
    verdicts = [tables.verdict(c, sig) if c else None for c in comparisons]
    _warn_failures(ctx, table)
    labels = [v.label for v in table.versions]
    show_metric = len({k[1] for k in keys}) > 1
    if len(labels) == 1:  # a plain results table: name the column after what it holds
        labels = ["Result" if show_metric else keys[0][1].capitalize()]
    chart = None
    if len(labels) == 2 and block.option("chart"):
        chart = _chart(keys, labels, columns, cells, [[None, v] for v in verdicts])
    ctx.need("bench.css")
    stated = (headline([c for c in comparisons if c]) or "") if states_headline else None
    download = ctx.publish(".csv", tables.csv_of(keys, labels, cells, verdicts))
    html = ctx.render_template(
        "bench/table.html",
        id=ctx.block_id,
        caption=block.option("caption") or caption,
        labels=labels,
        show_metric=show_metric,
        rows=[dict(bench=k[0], metric=k[1], cells=cells[r], verdict=verdicts[r],
                   failures="; ".join(f for col in columns if col[r] for f in col[r].failures))
              for r, k in enumerate(keys)],
        summary=tables.summary(comparisons) if block.option("summary") else None,
        comparing=any(comparisons),
        against=table.against,
        notes=tables.notes([m for col in columns for m in col], comparisons,
                           table.thresholds.significance, table.thresholds.noise),
        sources=", ".join(dict.fromkeys(v.origin for v in table.versions if v.origin)),
        chart=chart,
        headline=stated,
        download=download,
        raw=ctx.raw_links(m.source for col in columns for m in col if m),
    )
    best = best_improvement([c for c in comparisons if c]) if stated else None
    result = Result(best.after.bench_id, best.after.metric, best.factor, best.change, best.word, table.tool) if best else None
    return Rendered(html, headline=stated, result=result)


def _row_label(key: tuple[str, str], keys: list[tuple[str, str]]) -> str:
    return f"{key[0]} — {key[1]}" if len({k[1] for k in keys}) > 1 else key[0]


def _chart(keys, labels, columns, cells, verdicts) -> Chart | None:
    """Bars per row: the first version muted, later ones toned by their verdict vs the first."""
    groups = []
    for r, key in enumerate(keys):
        bars = []
        for i, label in enumerate(labels):
            m, shown, v = columns[i][r], cells[r][i], verdicts[r][i]
            bars.append(_bar(m, label, shown, v, "before" if i == 0 else (v.tone if v else "after")))
        groups.append((_row_label(key, keys), bars))
    return bar_chart(groups)


def _bar(m: Measurement | None, label: str, shown: Shown | None, verdict, tone: str) -> BarSpec | None:
    """A bar labelled in words ("After: 5.20 ns, 4,061× faster"), so colour is never the only cue."""
    if m is None or shown is None:
        return None
    text = f"{label}: {shown.number} {shown.unit}".rstrip()
    if verdict is not None and verdict.change:
        text += f", {verdict.text}"
    return BarSpec(m.value, m.low, m.high, tone, text)


def render_bench(block: Block, ctx: BlockContext) -> Rendered:
    return _render_bench(block, ctx, ["time"], "Benchmark results", states_headline=True)


def render_memory(block: Block, ctx: BlockContext) -> Rendered:
    return _render_bench(block, ctx, MEMORY_METRICS, "Memory use", units=MEMORY_UNITS)


def _journey_versions(block: Block, data: BlockData) -> list[Version]:
    """``versions: Label = spec, ...`` in order, or the columns of ``file:``/inline data."""
    if block.option("versions"):
        versions = []
        for item in split_list(block.option("versions")):
            label, eq, spec = item.partition("=")
            label, spec = (label.strip(), spec.strip()) if eq else (None, label.strip())
            versions.append(data.version(spec, "versions", label))
    elif block.option("file") or block.data:
        versions = data.versions_in_order("file")
    else:
        raise block.error("the journey block needs 'versions:' (label = path, ...) or a table with one column per version")
    if len(versions) < 2:
        raise block.error("a journey needs at least two versions", key="versions" if block.option("versions") else None)
    return versions


def series_slot(block: Block, ctx: BlockContext) -> str:
    """A journey across the parts of the post's series: a slot holding the block's id and caption,
    filled after every post was processed (the other parts' results are not known yet)."""
    if not str(ctx.metadata.get("series") or "").strip():
        raise block.error("'series: yes' needs the post's own 'Series:' line, naming the series", key="series")
    for key in ("file", "versions", "benchmarks", "metrics"):
        if block.option(key) or (key == "file" and block.data):
            raise block.error(f"a journey across the series shows each part's headline result: it takes no "
                              f"{'inline data' if not block.option(key) else repr(key + ':')}", key="series")
    ctx.need("bench.css")
    payload = json.dumps({"id": ctx.block_id, "caption": block.option("caption") or ""}, sort_keys=True)
    return f'<div class="perfblog-series-journey" data-journey="{base64.b64encode(payload.encode()).decode()}"></div>'


def slot_payload(match: re.Match) -> dict:
    """What ``series_slot`` put in a slot."""
    return json.loads(base64.b64decode(match["payload"]))


def render_journey(block: Block, ctx: BlockContext) -> str:
    if block.option("series"):
        return series_slot(block, ctx)
    data = BlockData(block, ctx)
    versions = _journey_versions(block, data)
    keys = select(block, versions, ["time"])
    thresholds = data.thresholds()
    lookups = _lookups(block, versions, keys, ["versions"] * len(versions))
    columns = [[lk.get(k) for k in keys] for lk in lookups]
    try:
        steps = [journey([v.label for v in versions], [col[r] for col in columns], thresholds) for r in range(len(keys))]
    except PerfblogError as err:
        raise block.error(err.message, key="versions") from None
    cells = tables.rows_of(keys, columns)
    changes = tables.journey_rows(steps, thresholds.significance)
    labels = [v.label for v in versions]
    chart = None
    if block.option("chart"):
        chart = _chart(keys, labels, columns, cells, [[vb for vb, _ in row] for row in changes])
    comparisons = [s.vs_baseline for row in steps for s in row] + [s.vs_previous for row in steps for s in row]
    ctx.need("bench.css")
    download = ctx.publish(".csv", tables.journey_csv(keys, labels, cells, changes))
    return ctx.render_template(
        "bench/journey.html",
        id=ctx.block_id,
        caption=block.option("caption") or "Optimization journey",
        labels=labels,
        show_metric=len({k[1] for k in keys}) > 1,
        rows=[dict(bench=k[0], metric=k[1], cells=cells[r], changes=changes[r]) for r, k in enumerate(keys)],
        notes=tables.notes([m for col in columns for m in col], comparisons, thresholds.significance, thresholds.noise),
        chart=chart,
        sources=", ".join(dict.fromkeys(v.origin for v in versions if v.origin)),
        download=download,
        raw=ctx.raw_links(m.source for col in columns for m in col if m),
    )


KINDS = (
    BlockKind("bench", render_bench, COMMON + COMPARED,
              "benchmark results from a tool's output: one run listed, or two compared with verdicts"),
    BlockKind("memory", render_memory, COMMON + COMPARED,
              "like bench, for memory figures (peak memory, allocations)"),
    BlockKind("journey", render_journey,
              COMMON + (Option("versions", TEXT, help="'Label = spec, ...': the versions in order"),
                        Option("series", FLAG, False, "one row per part of the post's series: its headline result")),
              "several versions in order, each compared with the baseline and the previous one"),
    ENVIRONMENT,
)
