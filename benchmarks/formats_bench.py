"""Parse time of every format, as a share of a full build of the example site measured in the same run.

Run:  .venv/bin/python benchmarks/formats_bench.py [--repeat 5]

For each format the largest file it reads among the test fixtures and the example posts' data
(a Criterion folder counts as one input) is parsed cold: the adapters' per-file caches are
cleared before every parse, as in a build that reads each file once. The reference is a full
build of ``content/`` with ``pelicanconf.py`` into a temporary folder (block cache off), CPU time
of this process, median of --repeat runs. The goal (issue 13) is under 10% of that build per
format; the exit status is 1 when a format misses it.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from pelican import Pelican  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

from perfblog.benchdata.adapters import ADAPTERS, Source, _common, detect, hgrm, wrk  # noqa: E402
from perfblog.blocks import PerfblogError  # noqa: E402

GOAL = 0.10
PLACES = [ROOT / "tests" / "fixtures", ROOT / "content" / "posts"]
NAMED_IN_ERRORS = ("custom-smaller-is-better", "bencher")  # formats detection asks the author to name
#: the latency block's readers, outside the registry: (detect, load)
LATENCY = {"wrk (latency)": (wrk.detect, wrk.load), "hgrm (latency)": (hgrm.detect, lambda src: hgrm.load(src, "ms"))}
READERS = {**{name: (a.detect, a.load) for name, a in ADAPTERS.items()}, **LATENCY}


def cpu(function) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


def build_once() -> None:
    with tempfile.TemporaryDirectory() as out:
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={
            "OUTPUT_PATH": out, "PATH": str(ROOT / "content"), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
            "PERFBLOG_BLOCK_CACHE": False, "PERFBLOG_FAIL_ON_ERROR": False})
        Pelican(settings).run()


def format_of(path: Path) -> str | None:
    """The detected format, or the one detection asks the author to name (custom JSON, bencher lines)."""
    src = Source(path.name, path)
    try:
        return next((name for name, (found, _) in LATENCY.items() if found(src)), None) or detect(src)
    except PerfblogError as err:
        return next((f for f in NAMED_IN_ERRORS if f"format: {f}" in err.message), None)
    except Exception:  # a detector choking on an unrelated file is not this benchmark's business
        return None


def largest_inputs() -> dict[str, Path]:
    """format -> its largest input (bytes of the file, or of every file in a folder)."""
    best: dict[str, tuple[int, Path]] = {}
    candidates = [p for place in PLACES for p in place.rglob("*") if p.is_file() or p.name == "criterion"]
    for path in candidates:
        fmt = format_of(path)
        if fmt and _loads(fmt, path):
            size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size
            if size > best.get(fmt, (-1, path))[0]:
                best[fmt] = (size, path)
    return {fmt: path for fmt, (_, path) in best.items()}


def _loads(fmt: str, path: Path) -> bool:
    """Whether the file is one the format reads (fixtures of refused files are not parse times)."""
    try:
        READERS[fmt][1](Source(path.name, path))
    except PerfblogError:
        return False
    return True


def parse_cold(fmt: str, path: Path) -> None:
    _common._read.cache_clear()
    _common._parse_json.cache_clear()
    READERS[fmt][1](Source(path.name, path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    inputs = largest_inputs()
    build = statistics.median(cpu(build_once) for _ in range(args.repeat))
    print(f"full build of the example site: {build * 1000:.0f} ms CPU (median of {args.repeat})\n")
    print(f"{'format':26} {'parse ms':>9} {'share':>7}  largest input")
    missed = []
    for fmt in READERS:
        if fmt not in inputs:
            print(f"{fmt:26} {'-':>9} {'-':>7}  (no fixture)")
            continue
        parse = statistics.median(cpu(lambda: parse_cold(fmt, inputs[fmt])) for _ in range(args.repeat))
        share = parse / build
        if share >= GOAL:
            missed.append(fmt)
        print(f"{fmt:26} {parse * 1000:9.2f} {share:7.2%}  {inputs[fmt].relative_to(ROOT)}")
    print(f"\ngoal: under {GOAL:.0%} of the build per format; " + (f"missed by {', '.join(missed)}" if missed else "met"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
