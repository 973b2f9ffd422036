"""pytest-benchmark ``--benchmark-json``: one entry per test, seconds per call.

The value is ``stats.mean`` ± ``stats.stddev`` (what pytest-benchmark prints);
``stats.data`` (per-round times, present unless ``--benchmark-json`` was
trimmed) are the samples, judged by the robust U test; storage files
(``--benchmark-autosave``) hold no samples, so Welch's test from mean, stddev and
rounds judges them. The id is the test name (``test_fib[15]``), or the
full node id where two modules share a name.
"""

from __future__ import annotations

from ..record import Estimate, Measurement
from ._common import Source, field, items, measurement, unique_ids


def detect(src: Source) -> bool:
    data = src.json_object()
    return data is not None and "benchmarks" in data and "machine_info" in data


def load(src: Source) -> list[Measurement]:
    entries = items(src.json(), "benchmarks", src)
    names = [field(e, "name", src, f"benchmarks[{i}]", kind=str) for i, e in enumerate(entries)]
    ids = unique_ids(names, lambda i: field(entries[i], "fullname", src, f"benchmarks[{i}]", kind=str))
    found = []
    for i, (entry, bench_id) in enumerate(zip(entries, ids)):
        key = f"benchmarks[{i}].stats"
        stats = field(entry, "stats", src, f"benchmarks[{i}]", kind=dict)
        data = stats.get("data")
        found.append(
            measurement(
                src, bench_id=bench_id, metric="time", unit="s", key=key,
                value=field(stats, "mean", src, key),
                spread=field(stats, "stddev", src, key), spread_kind="stddev",
                samples=data if isinstance(data, list) else None,
                sample_count=field(stats, "rounds", src, key), rule="robust", estimator="mean",
                alternatives=_median(stats),
                group=entry.get("group"), params=entry.get("params") or {},
            )
        )
    return found


def _median(stats: dict) -> tuple[Estimate, ...]:
    """The median beside the mean (``estimate: median``), with half the IQR as its spread."""
    median, iqr = stats.get("median"), stats.get("iqr")
    if not isinstance(median, (int, float)):
        return ()
    if isinstance(iqr, (int, float)):
        return (Estimate("median", median, median - iqr / 2, median + iqr / 2, "iqr"),)
    return (Estimate("median", median),)


def environment(src: Source) -> list[tuple[str, str]]:
    data = src.json()
    info = data.get("machine_info") or {}
    cpu = info.get("cpu") or {}
    commit = data.get("commit_info") or {}
    facts = [
        ("CPU", cpu.get("brand_raw")),
        ("CPU count", cpu.get("count")),
        ("CPU frequency", cpu.get("hz_advertised_friendly")),
        ("Machine", info.get("machine")),
        ("OS", " ".join(str(info[k]) for k in ("system", "release") if info.get(k))),
        ("Python", " ".join(str(info[k]) for k in ("python_implementation", "python_version") if info.get(k))),
        ("Commit", commit.get("id") and f"{commit['id']}{' (dirty)' if commit.get('dirty') else ''}"),
        ("Date", data.get("datetime")),
        ("pytest-benchmark", data.get("version")),
    ]
    return [(k, str(v)) for k, v in facts if v not in (None, "")]
