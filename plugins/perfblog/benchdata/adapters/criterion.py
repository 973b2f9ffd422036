"""Criterion.rs ``target/criterion`` trees.

Layout: ``<benchmark dir>/<version>/{benchmark,estimates,sample}.json`` where a
version is ``new`` (the latest run), ``base`` or a ``--save-baseline`` name,
plus ``<benchmark dir>/change/estimates.json`` for the latest comparison.

The value is Criterion's **typical** estimate with its 95% interval, what its
console "time:" line prints: the slope under linear sampling, else the mean.
The mean and median are kept for ``estimate:``. Criterion's change estimate
and its verdict are always of the mean. Samples are Criterion's per-iteration
averages (``times[i] / iters[i]``), the exact input of its t-test.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from ..record import Estimate, Measurement, ToolChange
from ._common import Source, field, measurement

DEFAULT_VERSION = "new"
ESTIMATORS = ("slope", "mean", "median")
THROUGHPUT_UNITS = {"Bytes": "B/s", "BytesDecimal": "B/s", "Elements": "1/s"}


def detect(src: Source) -> bool:
    return src.is_folder and next(_version_dirs(src.path), None) is not None  # stop at the first


def _version_dirs(root: Path):
    """Folders holding a ``benchmark.json`` (not Criterion's HTML ``report`` folders), as paths
    relative to ``root`` ("." for root itself): os.walk, as rglob builds a Path per folder."""
    for folder, _, files in os.walk(root):
        if "benchmark.json" in files and os.path.basename(folder) != "report":
            yield os.path.relpath(folder, root).replace(os.sep, "/")


def _child(src: Source, rel: str) -> Source:
    """A file below ``src``, named as the author would (``data/criterion/sum/new/sample.json``)."""
    assert src.path is not None
    return Source(f"{src.name}/{rel}", src.path / rel)


def load(src: Source) -> list[Measurement]:
    if not src.is_folder:
        raise src.error("Criterion data is a folder: target/criterion or one benchmark's folder in it")
    dirs = list(_version_dirs(src.path))
    if not dirs:
        raise src.error("holds no Criterion results (no benchmark.json below it)")
    if "." in dirs:
        raise src.error(f"is one version of a benchmark: name its parent folder and pick the version "
                        f"with '#{src.path.name}'")
    by_bench: dict[str, list[str]] = {}  # benchmark folder prefix -> versions
    for version_dir in sorted(dirs, key=lambda rel: rel.split("/")):  # as Paths sort: part by part
        bench_dir, slash, version = version_dir.rpartition("/")
        by_bench.setdefault(bench_dir + slash, []).append(version)
    found: list[Measurement] = []
    for prefix, versions in by_bench.items():
        found.extend(_benchmark(src, prefix, versions))
    return found


def _benchmark(src: Source, prefix: str, versions: list[str]) -> list[Measurement]:
    """All versions of one benchmark (in folder ``prefix`` of ``src``: "sum/4KiB/" or ""), with
    the tool's change attached to ``new``."""
    est_srcs = {v: _child(src, f"{prefix}{v}/estimates.json") for v in versions}
    estimates = {v: _estimates(est_src) for v, est_src in est_srcs.items()}
    change = _change(src, prefix, est_srcs, {name: e["mean"] for name, e in estimates.items()})
    found = []
    for version in versions:
        meta_src = _child(src, f"{prefix}{version}/benchmark.json")
        meta = meta_src.json()
        bench_id = field(meta, "full_id", meta_src, key="full_id", kind=str)
        est_src = est_srcs[version]
        figures = estimates[version]
        typical = "slope" if "slope" in figures else "mean"
        value, low, high, level = figures[typical]
        samples = _samples(_child(src, f"{prefix}{version}/sample.json"))
        common = dict(
            bench_id=bench_id,
            group=meta.get("group_id"),
            params={k: meta[k] for k in ("function_id", "value_str") if meta.get(k) is not None},
            version=version,
            sample_count=len(samples),
            rule="criterion",
        )
        time = measurement(
            est_src, metric="time", unit="ns", value=value, low=low, high=high, spread_kind=level,
            samples=samples, change=change if version == "new" else None,
            estimator=f"typical ({typical})", alternatives=tuple(
                Estimate(name, *figures[name]) for name in ESTIMATORS if name in figures and name != typical),
            **common,
        )
        found.append(time)
        throughput = meta.get("throughput")
        if throughput:
            found.append(_throughput(meta_src, est_src, throughput, time, common))
    return found


def _estimates(src: Source) -> dict[str, tuple[float, float, float, str]]:
    """estimator -> (point, CI low, CI high, spread kind) from an ``estimates.json``
    (``mean`` is required; ``slope`` is null under flat sampling)."""
    data = src.json()
    field(data, "mean", src, key="mean", kind=dict)
    return {name: _estimate(src, data, name) for name in ESTIMATORS if isinstance(data.get(name), dict)}


def _estimate(src: Source, data: dict, name: str) -> tuple[float, float, float, str]:
    figure = data[name]
    ci = field(figure, "confidence_interval", src, key=name, kind=dict)
    level = field(ci, "confidence_level", src, key=f"{name}.confidence_interval")
    return (
        field(figure, "point_estimate", src, key=name),
        field(ci, "lower_bound", src, key=f"{name}.confidence_interval"),
        field(ci, "upper_bound", src, key=f"{name}.confidence_interval"),
        f"ci{level * 100:g}",
    )


def _samples(src: Source) -> list[float]:
    data = src.json()
    iters = field(data, "iters", src, key="iters", kind=list)
    times = field(data, "times", src, key="times", kind=list)
    if len(iters) != len(times) or not iters:
        raise src.error("'iters' and 'times' should be non-empty lists of the same length", key="times")
    if any(not isinstance(n, (int, float)) or n <= 0 for n in iters):
        raise src.error("'iters' holds a count that is not positive", key="iters")
    return [t / n for t, n in zip(times, iters)]


def _change(src: Source, prefix: str, est_srcs: dict[str, Source], means: dict[str, tuple]) -> ToolChange | None:
    """The change estimate, and the versions on disk it was computed against.

    Criterion's change point estimate is exactly ``new.mean / baseline.mean - 1``,
    which tells which baseline it belongs to (the folder does not say). After a
    plain ``cargo bench`` it belongs to a run no longer on disk (``against`` is
    empty): it is kept to tell the reader what Criterion found.
    """
    change_src = _child(src, f"{prefix}change/estimates.json")
    if "new" not in means or not change_src.path.exists():
        return None
    value, low, high, _ = _estimates(change_src)["mean"]
    new_mean = means["new"][0]
    against = tuple(
        est_srcs[name].at()
        for name, (mean, *_rest) in means.items()
        if name != "new" and math.isclose(new_mean / mean - 1, value, rel_tol=1e-9, abs_tol=1e-12)
    )
    return ToolChange(against, value, low, high)


def _throughput(meta_src, est_src, throughput, time: Measurement, common) -> Measurement:
    """Criterion's thrpt line: amount per iteration / time, bounds swapped; judged by its time."""
    if not isinstance(throughput, dict) or len(throughput) != 1:
        raise meta_src.error("'throughput' should be like {\"Bytes\": 4096}", key="throughput")
    (kind, amount), = throughput.items()
    if kind not in THROUGHPUT_UNITS or not isinstance(amount, (int, float)) or amount <= 0:
        raise meta_src.error(f"unknown throughput {throughput!r}", key="throughput")
    return measurement(  # time is in seconds now
        est_src, metric="throughput", unit=THROUGHPUT_UNITS[kind], value=amount / time.value,
        low=amount / time.high, high=amount / time.low, spread_kind=time.spread_kind,
        samples=[amount / s for s in time.samples], estimator=time.estimator, basis=time,
        alternatives=tuple(Estimate(e.name, amount / e.value, amount / e.high, amount / e.low, e.spread_kind)
                           for e in time.alternatives), **common,
    )
