"""Rust bench lines: libtest ``#[bench]`` and Criterion ``--output-format bencher``.

Both print ``test NAME ... bench: VALUE ns/iter (+/- DEV)``, optionally
followed by ``= N MB/s``, but mean different things by ``+/-``: libtest
prints the median and the range (max − min) of its per-sample medians;
Criterion's bencher output prints the median and the standard deviation.
So the two are separate formats. Ids may contain spaces (``fib 20``).
"""

from __future__ import annotations

import re
from typing import Callable

from ..record import Measurement
from ._common import Source, measurement, non_empty, number

LINE = re.compile(r"^test (?P<name>.+?) \.\.\. bench:\s*(?P<rest>.*)$")
RESULT = re.compile(
    r"^(?P<value>[\d,.]+) (?P<unit>\S+)/iter \(\+/- (?P<dev>[\d,.]+)\)(?: = (?P<mbs>[\d,.]+) MB/s)?\s*$"
)
LIBTEST_MARK = re.compile(r"^running \d+ tests?$", re.M)


def _loader(spread_kind: str) -> Callable[[Source], list[Measurement]]:
    def load(src: Source) -> list[Measurement]:
        found = []
        for line, text in src.lines():
            match = LINE.match(text.rstrip())
            if not match:
                continue
            result = RESULT.match(match["rest"])
            if not result:
                raise src.error(f"cannot read the result of {match['name']!r}: {match['rest']!r}", line=line)
            common = dict(bench_id=match["name"].rstrip(), line=line)
            time = measurement(
                src, metric="time", unit=result["unit"], spread_kind=spread_kind, estimator="median",
                value=number(result["value"], src, line), spread=number(result["dev"], src, line), **common,
            )
            found.append(time)
            if result["mbs"]:  # computed from the time: judged by it
                found.append(measurement(src, metric="throughput", unit="MB/s", value=number(result["mbs"], src, line),
                                         estimator="median", basis=time, **common))
        return non_empty(found, src)

    return load


def detect_bench_lines(src: Source) -> bool:
    return not src.is_folder and not src.looks_like_json() and any(LINE.match(text) for _, text in src.lines())


def detect_libtest(src: Source) -> bool:
    """libtest also prints ``running N tests``; Criterion's bencher output does not."""
    return detect_bench_lines(src) and bool(LIBTEST_MARK.search(src.text()))


load_libtest = _loader("range")
load_bencher = _loader("stddev")
