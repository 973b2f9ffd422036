"""hyperfine ``--export-json``: one result per command.

The id is the command, or its ``-n`` name (hyperfine stores the name in
``command``); ``--parameter-scan``/``-L`` values become params. Wall time is
mean ± stddev over ``times`` (what hyperfine prints; ``estimate: median``
takes its median); user and system time are means only (hyperfine keeps no
per-run values for them). Non-zero ``exit_codes`` are the run's failures.
"""

from __future__ import annotations

from ..record import Estimate, Measurement
from ._common import Source, field, items, measurement


def _failures(codes) -> tuple[str, ...]:
    """Non-zero exit codes (``-i`` lets hyperfine time a failing command): "exit code 3 in 3 of 3 runs"."""
    if not isinstance(codes, list):
        return ()
    failed = [c for c in codes if c != 0]
    if not failed:
        return ()
    shown = ", ".join(str(c) for c in dict.fromkeys(failed))
    return (f"exit code {shown} in {len(failed)} of {len(codes)} runs",)


def detect(src: Source) -> bool:
    results = (src.json_object() or {}).get("results")
    return isinstance(results, list) and all(isinstance(r, dict) and "command" in r for r in results)


def load(src: Source) -> list[Measurement]:
    found = []
    for i, result in enumerate(items(src.json(), "results", src)):
        key = f"results[{i}]"
        command = field(result, "command", src, key, kind=str)
        times = field(result, "times", src, key, kind=list) if "times" in result else None
        stddev = result.get("stddev")  # null when hyperfine ran the command once
        common = dict(bench_id=command, key=key, params=result.get("parameters") or {}, unit="s",
                      failures=_failures(result.get("exit_codes")), estimator="mean")
        median = result.get("median")
        found.append(
            measurement(
                src, metric="time", value=field(result, "mean", src, key),
                spread=stddev, spread_kind="stddev" if stddev is not None else None,
                samples=times, rule="robust",
                alternatives=(Estimate("median", median),) if isinstance(median, (int, float)) else (), **common,
            )
        )
        for metric, name in (("user time", "user"), ("system time", "system")):
            if isinstance(result.get(name), (int, float)) and result[name] > 0:
                found.append(measurement(src, metric=metric, value=result[name], **common))
    return found
