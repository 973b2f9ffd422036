"""The format registry: one adapter per tool, all producing ``Measurement`` records.

``load(source, format)`` reads a file, folder or inline text; a ``format:``
always wins. Without one, the format is detected: a tool's own format when
exactly one recognises the data; else, when the data is something perfblog
knows but does not read (a JMH file, a profile, an image, an archive), a
message saying what it looks like (``sniff``); else a generic format (CSV,
Markdown table, ``name: value unit`` lines); else "unknown format".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable

from ...blocks import close_names_hint
from ...blocks import PerfblogError
from ..record import Measurement
from . import (bmf, catch2, criterion, criterion_raw, dhat, gbench, gbench_csv, generic, gnutime, gotest,
               gotest_packages, heaptrack, hyperfine, hyperfine_exports, massif, memray, perfstat, pyperf,
               pytest_benchmark, pytest_benchmark_csv, rust, sniff, tabular, valgrind, vitest)
from ._common import Source

__all__ = ["ADAPTERS", "Adapter", "Source", "detect", "environment", "load", "uncounted"]


@dataclass(frozen=True)
class Adapter:
    name: str
    load: Callable[[Source], list[Measurement]]
    detect: Callable[[Source], bool]
    environment: Callable[[Source], list[tuple[str, str]]] | None = None
    default_version: str | None = None  # the version a bare path means, in multi-version data
    generic: bool = False  # a shape many files share: used only when no tool's format matches
    uncounted: Callable[[Source], list[tuple[str, str, int]]] | None = None  # counters the tool could not count
    refines: str | None = None  # a format whose files this one reads better where both match


def _never(src: Source) -> bool:
    return False


ADAPTERS: dict[str, Adapter] = {
    a.name: a
    for a in (
        Adapter("criterion", criterion.load, criterion.detect, default_version=criterion.DEFAULT_VERSION),
        Adapter("criterion-raw", criterion_raw.load, criterion_raw.detect),
        Adapter("hyperfine", hyperfine.load, hyperfine.detect),
        Adapter("hyperfine-csv", hyperfine_exports.load_csv, hyperfine_exports.detect_csv),
        Adapter("hyperfine-markdown", hyperfine_exports.load_markdown, hyperfine_exports.detect_markdown),
        Adapter("pytest-benchmark", pytest_benchmark.load, pytest_benchmark.detect, pytest_benchmark.environment),
        Adapter("pytest-benchmark-csv", pytest_benchmark_csv.load, pytest_benchmark_csv.detect),
        Adapter("gbench", gbench.load, gbench.detect, gbench.environment),
        Adapter("gbench-csv", gbench_csv.load, gbench_csv.detect),
        Adapter("go", gotest.load, gotest.detect, gotest.environment),
        Adapter("go-packages", gotest_packages.load, gotest_packages.detect, gotest.environment, refines="go"),
        Adapter("libtest", rust.load_libtest, rust.detect_libtest),
        # Same lines as libtest without its "running N tests" header: say format: bencher.
        Adapter("bencher", rust.load_bencher, _never),
        Adapter("pyperf", pyperf.load, pyperf.detect, pyperf.environment),
        Adapter("vitest", vitest.load, vitest.detect),
        Adapter("catch2", catch2.load_console, catch2.detect_console),
        Adapter("catch2-xml", catch2.load_xml, catch2.detect_xml),
        Adapter("perf-stat", perfstat.load, perfstat.detect, uncounted=perfstat.uncounted),
        Adapter("cachegrind", valgrind.load, valgrind.detect_cachegrind),
        Adapter("callgrind", valgrind.load, valgrind.detect_callgrind),
        Adapter("gnu-time", gnutime.load, gnutime.detect),
        Adapter("massif", massif.load, massif.detect),
        Adapter("dhat", dhat.load, dhat.detect),
        Adapter("heaptrack", heaptrack.load, heaptrack.detect),
        Adapter("memray", memray.load, memray.detect),
        Adapter("bmf", bmf.load_bmf, bmf.detect_bmf),
        # The file does not say which way is better; github-action-benchmark's tool name does.
        Adapter("custom-smaller-is-better", bmf.custom_loader("lower"), _never),
        Adapter("custom-bigger-is-better", bmf.custom_loader("higher"), _never),
        Adapter("csv", tabular.load_csv, tabular.detect_csv, generic=True),
        Adapter("table", tabular.load_table, tabular.detect_table, generic=True),
        Adapter("generic", generic.load, generic.detect, generic=True),
    )
}


def _key(name: str) -> str:
    """Format names match without case or dashes: ``customSmallerIsBetter`` is ``custom-smaller-is-better``."""
    return name.strip().lower().replace("-", "").replace("_", "")


def adapter(src: Source, fmt: str | None) -> Adapter:
    """The adapter named by ``fmt``, or the single one that recognises ``src``."""
    if fmt:
        by_key = {_key(n): a for n, a in ADAPTERS.items()}
        if _key(fmt) not in by_key:
            name = fmt.strip().lower()  # one suggestion: criterion, not criterion and criterion-raw
            closest = difflib.get_close_matches(name, list(ADAPTERS), n=1, cutoff=0)
            raise PerfblogError(f"unknown format {fmt!r}{close_names_hint(name, closest)}; "
                                f"known formats: {', '.join(ADAPTERS)}", key="format")
        return by_key[_key(fmt)]
    return ADAPTERS[detect(src)]


def detect(src: Source) -> str:
    if not src.is_folder and (looks := sniff.binary(src)):
        raise src.error(_unsupported(looks))
    if not src.is_folder and not src.text().strip():
        raise src.error("is empty")
    if src.looks_like_json() and generic.detect(src):  # '[benchmark]' headings: JSON detectors would fail on it
        return "generic"
    tools = [a for a in ADAPTERS.values() if not a.generic]
    matches = _matching(src, tools)
    if not matches and (looks := sniff.text(src)):
        raise src.error(_unsupported(looks))
    matches = matches or _matching(src, [a for a in ADAPTERS.values() if a.generic])
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise src.error(f"could be {' or '.join(matches)}: say which with a 'format:' line")
    if rust.detect_bench_lines(src):
        raise src.error("holds Rust bench lines: say 'format: bencher' (Criterion's "
                        "--output-format bencher) or 'format: libtest' (#[bench])", key="format")
    if bmf.detect_custom(src):
        raise src.error("looks like github-action-benchmark's custom JSON, which does not say which way is "
                        "better: say 'format: custom-smaller-is-better' or 'format: custom-bigger-is-better'",
                        key="format")
    raise src.error(f"cannot tell the format of this data (unknown format): perfblog reads {', '.join(ADAPTERS)}; "
                    "name one with a 'format:' line")


def _matching(src: Source, adapters: list[Adapter]) -> list[str]:
    found = [a for a in adapters if a.detect(src)]
    refined = {a.refines for a in found}
    return [a.name for a in found if a.name not in refined]


def _unsupported(looks: str) -> str:
    """'this looks like X, which perfblog does not read' and what to do, or the formats it reads."""
    what, _, advice = looks.partition(": ")
    return f"this looks like {what}, which perfblog does not read as benchmark results; " + (
        advice if advice else f"it reads {', '.join(ADAPTERS)}")


def load(src: Source, fmt: str | None = None) -> list[Measurement]:
    return adapter(src, fmt).load(src)


def environment(src: Source, fmt: str | None = None) -> list[tuple[str, str]]:
    found = adapter(src, fmt)
    return found.environment(src) if found.environment else []


def uncounted(src: Source, fmt: str | None = None) -> list[tuple[str, str, int]]:
    """Counters the file names but the tool could not count (perf's ``<not supported>``)."""
    found = adapter(src, fmt)
    return found.uncounted(src) if found.uncounted else []
