"""``go test -bench`` text output.

Each result line is ``BenchmarkName-P  N  value unit  value unit ...``. With
``-count N`` a benchmark repeats: its runs are the samples; the value is their
median (± MAD), the centre benchstat prints, and benchstat's U test judges them.
``-P`` (GOMAXPROCS) is stripped from the id when every line carries the same
suffix. Units: ns/op (time), MB/s (throughput, 10^6 B/s), B/op (memory),
allocs/op (allocations); other ``b.ReportMetric`` units become their own metric.

A benchmark that fails prints ``--- FAIL: BenchmarkName-P`` instead of a result
(after its name, or on a line of its own under ``-v``): its other runs keep the
failure, and a benchmark that only failed is an error, never silently left out.
Go prints a benchmark's name before running it, so a file whose last line is a
bare name was cut off while that benchmark ran (an interrupted run): an error too.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..record import Measurement
from ._common import Source, from_samples, non_empty, number

LINE = re.compile(r"^(?P<name>Benchmark\S*)\s+(?P<n>\d+)\s+(?P<rest>\S.*)$")
FAILED = re.compile(r"^(?:Benchmark\S*\s+)?--- FAIL: (?P<name>Benchmark\S*)")
BARE = re.compile(r"^(?P<name>Benchmark\S*)\s*$")
PROCS = re.compile(r"-(\d+)$")
METRICS = {"ns/op": "time", "MB/s": "throughput", "B/op": "memory", "allocs/op": "allocations"}
UNITS = {"MB/s": "MB/s", "ns/op": "ns", "B/op": "B", "allocs/op": "1"}


def detect(src: Source) -> bool:
    return not src.is_folder and not src.looks_like_json() and any(LINE.match(text) and " ns/op" in text for _, text in src.lines())


def load(src: Source) -> list[Measurement]:
    runs: dict[tuple[str, str], list[float]] = defaultdict(list)
    first_line: dict[str, int] = {}
    packages: dict[str, str] = {}
    failed: dict[str, list[int]] = defaultdict(list)
    last: tuple[int, str] = (0, "")
    pkg = ""
    for line, text in src.lines():
        if text.strip():
            last = (line, text)
        if text.startswith("pkg: "):
            pkg = text[5:].strip()
        if (failure := FAILED.match(text)):  # named with or without -P, once or twice per failure
            failed[PROCS.sub("", failure["name"])].append(line)
        match = LINE.match(text)
        if not match:
            continue
        name = match["name"]
        if packages.setdefault(name, pkg) != pkg:
            raise src.error(f"{name} appears in packages {packages[name]} and {pkg}: split the file", line=line)
        first_line.setdefault(name, line)
        fields = match["rest"].split()
        if len(fields) % 2:
            raise src.error(f"cannot read this result of {name}: expected value/unit pairs", line=line)
        for value, unit in zip(fields[::2], fields[1::2]):
            runs[(name, unit)].append(number(value, src, line, what=f"the {unit} value"))
    if (cut := BARE.match(last[1])):
        raise src.error(f"the file ends as {cut['name']} starts: the run was cut off before its result; "
                        "run the benchmarks again to the end", line=last[0])
    ran = {PROCS.sub("", name) for name in first_line}
    for name, lines in failed.items():
        if name not in ran:
            raise src.error(f"{name} failed (--- FAIL) in every run and gave no result: fix it, or leave its "
                            "lines out of the file", line=lines[0])
    strip = _procs_suffix(list(first_line))
    found = []
    times: dict[str, Measurement] = {}
    for (name, unit), values in runs.items():  # go prints ns/op first: MB/s is bytes over that time
        bench_id = PROCS.sub("", name) if strip else name
        base = bench_id.split("/")[0]
        m = from_samples(
            src, values, "median", rule="benchstat", bench_id=bench_id, metric=METRICS.get(unit, unit),
            unit=UNITS.get(unit, "1/s" if unit.endswith("/s") else "1"), line=first_line[name],
            group=base, params=dict(p.split("=", 1) for p in bench_id.split("/")[1:] if "=" in p),
            basis=times.get(name) if unit == "MB/s" else None,
            failures=(f"--- FAIL at line {fails[0]}",) if (fails := failed.get(PROCS.sub("", name))) else (),
        )
        times.setdefault(name, m)
        found.append(m)
    return non_empty(found, src)


def _procs_suffix(names: list[str]) -> bool:
    suffixes = {m.group(1) if (m := PROCS.search(n)) else None for n in names}
    return len(suffixes) == 1 and None not in suffixes


def environment(src: Source) -> list[tuple[str, str]]:
    names = {"goos": "OS", "goarch": "Architecture", "cpu": "CPU", "pkg": "Package"}
    facts = []
    for _, text in src.lines():
        key, sep, value = text.partition(": ")
        if sep and key in names and (names[key], value.strip()) not in facts:
            facts.append((names[key], value.strip()))
    return facts
