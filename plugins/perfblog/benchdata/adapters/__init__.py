"""The format registry: one adapter per tool, all producing ``Measurement`` records.

``load(source, format)`` reads a file, folder or inline text; without a format
it is detected when exactly one adapter recognises the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ...blocks import close_names_hint
from ...blocks import PerfblogError
from ..record import Measurement
from . import criterion, gbench, gotest, hyperfine, pyperf, pytest_benchmark, rust, tabular
from ._common import Source

__all__ = ["ADAPTERS", "Adapter", "Source", "detect", "environment", "load"]


@dataclass(frozen=True)
class Adapter:
    name: str
    load: Callable[[Source], list[Measurement]]
    detect: Callable[[Source], bool]
    environment: Callable[[Source], list[tuple[str, str]]] | None = None
    default_version: str | None = None  # the version a bare path means, in multi-version data


def _never(src: Source) -> bool:
    return False


ADAPTERS: dict[str, Adapter] = {
    a.name: a
    for a in (
        Adapter("criterion", criterion.load, criterion.detect, default_version=criterion.DEFAULT_VERSION),
        Adapter("hyperfine", hyperfine.load, hyperfine.detect),
        Adapter("pytest-benchmark", pytest_benchmark.load, pytest_benchmark.detect, pytest_benchmark.environment),
        Adapter("gbench", gbench.load, gbench.detect, gbench.environment),
        Adapter("go", gotest.load, gotest.detect, gotest.environment),
        Adapter("libtest", rust.load_libtest, rust.detect_libtest),
        # Same lines as libtest without its "running N tests" header: say format: bencher.
        Adapter("bencher", rust.load_bencher, _never),
        Adapter("pyperf", pyperf.load, pyperf.detect, pyperf.environment),
        Adapter("csv", tabular.load_csv, tabular.detect_csv),
        Adapter("table", tabular.load_table, tabular.detect_table),
    )
}


def adapter(src: Source, fmt: str | None) -> Adapter:
    """The adapter named by ``fmt``, or the single one that recognises ``src``."""
    if fmt:
        name = fmt.strip().lower()
        if name not in ADAPTERS:
            raise PerfblogError(f"unknown format {fmt!r}{close_names_hint(name, ADAPTERS)}; "
                                f"known formats: {', '.join(ADAPTERS)}", key="format")
        return ADAPTERS[name]
    return ADAPTERS[detect(src)]


def detect(src: Source) -> str:
    if not src.is_folder and not src.text().strip():
        raise src.error("is empty")
    matches = [a.name for a in ADAPTERS.values() if a.detect(src)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise src.error(f"could be {' or '.join(matches)}: say which with a 'format:' line")
    if rust.detect_bench_lines(src):
        raise src.error("holds Rust bench lines: say 'format: bencher' (Criterion's "
                        "--output-format bencher) or 'format: libtest' (#[bench])", key="format")
    raise src.error(f"cannot tell the format of this data: add a 'format:' line "
                    f"({', '.join(ADAPTERS)})")


def load(src: Source, fmt: str | None = None) -> list[Measurement]:
    return adapter(src, fmt).load(src)


def environment(src: Source, fmt: str | None = None) -> list[tuple[str, str]]:
    found = adapter(src, fmt)
    return found.environment(src) if found.environment else []
