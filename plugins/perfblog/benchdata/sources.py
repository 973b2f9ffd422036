"""From a block's options to measurements: paths, versions and selections.

A *version spec* names one run of the benchmarks:

* ``path`` — a file or folder, relative to the post;
* ``path#name`` — one version inside it: a Criterion baseline (``new``,
  ``base``, a ``--save-baseline`` name) or a table column;
* ``#name`` — a version of the block's own ``file:`` or inline data.

Errors from the data keep their own location (``bench/a.json:12``); the
block dispatcher tells them at the line of the option that named the file.
"""

from __future__ import annotations

import dataclasses
import fnmatch
from dataclasses import dataclass

from ..blocks import Block, BlockContext, close_names_hint, split_list
from .adapters import Source, adapter
from .compare import Thresholds
from .record import Measurement
from .units import BYTES, COUNT, RATE, THROUGHPUT, TIME

UNIT_WORDS = {TIME: "times", BYTES: "bytes", COUNT: "counts", THROUGHPUT: "throughputs", RATE: "rates"}


@dataclass(frozen=True)
class Version:
    """A labelled run: the measurements one version spec selects."""

    label: str
    origin: str  # "path#name" where the measurements came from ("" for inline data)
    measurements: list[Measurement]


def single_name(block: Block, key: str) -> str:
    """One (optionally quoted) name, such as the ``baseline:`` benchmark."""
    names = split_list(block.option(key) or "")
    if len(names) != 1:
        raise block.error(f"'{key}' names one benchmark (quote it if it holds a comma)", key=key)
    return names[0]


class BlockData:
    """Loads what a block's options name, once per path."""

    def __init__(self, block: Block, ctx: BlockContext):
        self.block, self.ctx = block, ctx
        self.fmt = block.option("format")
        self._loaded: dict[str, tuple[list[Measurement], str | None]] = {}
        self.formats: list[str] = []  # the formats read, in order: the tool behind a headline

    def source(self, path: str, key: str) -> Source:
        if not path:
            if not self.block.data:
                raise self.block.error(f"'{key}' names a version of the block's data, but there is none: "
                                       "add a 'file:' line or inline data", key=key)
            return Source(None, inline=self.block.data, first_line=self.block.data_line or self.block.line)
        return Source(path, self.ctx.resolve(path, key, self.block))

    def _load(self, path: str, key: str) -> tuple[list[Measurement], str | None]:
        if path not in self._loaded:
            src = self.source(path, key)
            found = adapter(src, self.fmt)
            self._loaded[path] = (found.load(src), found.default_version)
            if found.name not in self.formats:
                self.formats.append(found.name)
        return self._loaded[path]

    def default_version(self) -> str | None:
        """The version a bare ``file:`` means (Criterion: ``new``), if its format has one."""
        return self._load(self.default_path(), "file")[1]

    def default_path(self) -> str:
        """The path a ``#name`` spec refers to: ``file:`` (without its own ``#name``), or '' for inline data."""
        return (self.block.option("file") or "").partition("#")[0].strip()

    def version(self, spec: str, key: str, label: str | None = None) -> Version:
        path, _, name = spec.partition("#")
        path = path.strip() or self.default_path()
        measurements, default = self._load(path, key)
        shown = path or "the inline data"
        versions = list(dict.fromkeys(m.version for m in measurements if m.version))
        name = name.strip()
        if not name:
            if len(versions) > 1 and default not in versions:
                raise self.block.error(
                    f"{shown} holds several versions ({', '.join(versions)}): pick one with '{spec}#name'", key=key)
            name = default if default in versions else ""
        if name and name not in versions:
            hint = close_names_hint(name, versions)
            holds = f"it holds {', '.join(versions)}" if versions else "it holds a single run"
            raise self.block.error(f"{shown} has no version '{name}'{hint}; {holds}", key=key)
        selected = [m for m in measurements if not name or m.version == name]
        origin = f"{path}#{name}" if path and name else path
        return Version(label or name or path.rsplit("/", 1)[-1], origin, selected)

    def versions_in_order(self, key: str) -> list[Version]:
        """Every version of ``file:``/inline data, in file order (table columns)."""
        measurements, _ = self._load(self.default_path(), key)
        names = list(dict.fromkeys(m.version for m in measurements if m.version))
        path = self.default_path()
        return [Version(n, f"{path}#{n}" if path else "", [m for m in measurements if m.version == n]) for n in names]

    def thresholds(self) -> Thresholds:
        return Thresholds(
            noise=self.block.option("noise-threshold"),
            significance=self.block.option("significance"),
            exact=self.block.option("exact"),
        )


def select(block: Block, versions: list[Version], default_metrics: list[str] | None,
           units: set[str] | None = None) -> list[tuple[str, str]]:
    """The (benchmark, metric) rows to show, in the author's order, validated.

    Without ``metrics:``, the defaults that the data has, or else every metric
    in one of ``units`` (a memory block must not show times as memory).
    """
    everything = [m for v in versions for m in v.measurements]
    if not everything:
        raise block.error("the data holds no benchmark results")
    ids = list(dict.fromkeys(m.bench_id for m in everything))
    metrics = list(dict.fromkeys(m.metric for m in everything))
    wanted_ids = _match(block, "benchmarks", ids) if block.option("benchmarks") else ids
    if block.option("metrics"):
        wanted_metrics = _match(block, "metrics", metrics)
    else:
        fitting = list(dict.fromkeys(m.metric for m in everything if units is None or m.unit in units))
        wanted_metrics = [m for m in (default_metrics or metrics) if m in metrics] or fitting
        if not wanted_metrics:
            raise block.error(f"the data has no figures this block shows ({' or '.join(sorted(UNIT_WORDS[u] for u in units or ()))}); "
                              f"it holds {', '.join(metrics)}: name what to show with 'metrics:'")
    present = {m.key for m in everything}
    rows = [(b, m) for b in wanted_ids for m in wanted_metrics if (b, m) in present]
    if not rows:
        raise block.error(f"no results for metrics {', '.join(wanted_metrics)} of the selected benchmarks",
                          key="metrics" if block.option("metrics") else None)
    return rows


def _match(block: Block, key: str, names: list[str]) -> list[str]:
    """Names matching each comma-separated item (exact or glob), in the author's order."""
    chosen: list[str] = []
    for pattern in split_list(block.option(key) or ""):
        hits = [n for n in names if n == pattern or fnmatch.fnmatchcase(n, pattern)]
        if not hits:
            raise block.error(f"no benchmark result matches '{pattern}' in {key}{close_names_hint(pattern, names)}",
                              key=key)
        chosen.extend(h for h in hits if h not in chosen)
    return chosen


def directions(block: Block, metrics: list[str]) -> dict[str | None, str]:
    """``better:`` as {metric: 'lower'|'higher'}; the key None applies to every metric.

    ``better: higher`` for a block showing one metric, or ``better: appends = higher,
    ...`` for counters whose meaning the file does not record.
    """
    chosen: dict[str | None, str] = {}
    for item in split_list(block.option("better") or ""):
        name, eq, direction = item.rpartition("=") if "=" in item else ("", "", item)
        name, direction = name.strip() or None, direction.strip()
        if direction not in ("lower", "higher"):
            raise block.error("'better' should be 'lower', 'higher' or 'metric = higher, ...'", key="better")
        if name is not None and name not in metrics:
            raise block.error(f"no metric '{name}' in this block{close_names_hint(name, metrics)}", key="better")
        chosen[name] = direction
    return chosen


def rate_metrics(block: Block, key: str, metrics: list[str]) -> set[str]:
    """``rate-counters: appends, ...``: counters the author says are per second."""
    named = set(split_list(block.option(key) or ""))
    for name in sorted(named - set(metrics)):
        raise block.error(f"no metric '{name}' in this block{close_names_hint(name, metrics)}", key=key)
    return named


def as_rate(m: Measurement, rates: set[str]) -> Measurement:
    """A plain count the author named in ``rate-counters:``, as the per-second rate the tool printed (M/s)."""
    if m.metric not in rates or m.unit != COUNT:
        return m
    return dataclasses.replace(m, unit=RATE, direction="higher")


def with_direction(measurement: Measurement, chosen: dict[str | None, str]) -> Measurement:
    """The measurement with the author's ``better:`` direction, if one applies to it."""
    direction = chosen.get(measurement.metric, chosen.get(None))
    return dataclasses.replace(measurement, direction=direction) if direction else measurement
