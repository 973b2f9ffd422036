"""The readers of annotated source (one per tool), chosen by name or by the text's first lines."""

from __future__ import annotations

from pathlib import Path

from ..blocks import PerfblogError
from .formats.callgrind_annotate import read_callgrind_annotate
from .formats.line_profiler import read_line_profiler
from .listing import Listing

READERS = {"callgrind-annotate": read_callgrind_annotate, "line-profiler": read_line_profiler}
LISTING_FORMATS = ("auto", *READERS)


def detect_listing(path: Path) -> str:
    with open(path, encoding="utf-8", errors="replace") as handle:
        head = handle.read(8192)
    if "PROGRAM TOTALS" in head or "Profile data file" in head:
        return "callgrind-annotate"
    if "Timer unit:" in head:
        return "line-profiler"
    raise PerfblogError("cannot tell what annotated source this is; perfblog reads callgrind_annotate "
                        "--auto=yes output and line_profiler's report (kernprof -l -v): say which with "
                        "'format: callgrind-annotate' or 'format: line-profiler'", path=str(path))


def read_listings(path: Path, fmt: str = "auto") -> list[Listing]:
    return READERS[detect_listing(path) if fmt == "auto" else fmt](path)
