"""The registry of profile formats: detection that explains itself, and loading into a Profile.

Each ``ProfileFormat`` names a format, says what writes it, recognises the
start of a file and reads it into a ``Profile`` (root-first stacks, weights
and their unit). ``format:`` in a block names one; ``auto`` takes the one
format that recognises the file. A file no format recognises is explained:
"this looks like X, which perfblog does not read: do Y", or else the list of
formats it could have been. Folded stacks are the fallback, as the simplest.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable

from ..blocks import PerfblogError
from .folded import Profile, parse_count, read_folded
from .formats.callgrind import read_callgrind
from .formats.cpuprofile import read_cpuprofile
from .formats.dhat import read_dhat
from .formats.jfr import read_jfr
from .formats.massif import read_massif
from .formats.pprof import read_pprof
from .formats.speedscope import read_speedscope
from .formats.svgstacks import TITLE, read_svg_stacks
from .perfscript import FRAME, read_perf_script

HEAD_BYTES = 65536
SNIFF_LINES = 200
#: A perf script sample line: command, pid[/tid], optional [cpu], then a timestamp and a colon.
EVENT_LINE = re.compile(r"^\S.*?\s+\d+(?:/\d+)?\s+(?:\[\d+\]\s+)?\d+\.\d+:\s")
SVG_TITLE = re.compile(r"<title>([^<]*)</title>")


@dataclass(frozen=True)
class Head:
    """The start of a file, as detection sees it; ``inflated`` opens gzip, for pprof."""

    raw: bytes

    @cached_property
    def inflated(self) -> bytes:
        """The start of what a gzip file holds; b'' when it is not gzip."""
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(self.raw, HEAD_BYTES)
        except zlib.error:
            return b""

    @cached_property
    def text(self) -> str:
        return self.raw.decode("utf-8", errors="replace").lstrip("\ufeff")

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()[:SNIFF_LINES]

    def json_keys(self, *keys: str) -> bool:
        """A JSON object whose start names every key."""
        return self.text.lstrip()[:1] == "{" and all(f'"{key}"' in self.text for key in keys)


def is_perf_script(head: Head) -> bool:
    """An indented callchain line or a sample line (command, pid, timestamp) early on."""
    return any((line[:1].isspace() and FRAME.match(line.rstrip())) or EVENT_LINE.match(line)
               for line in head.lines)


def is_folded(head: Head) -> bool:
    """The first line that is not a comment ends in a count (the parser tells a later bad line);
    an empty or all-comment text is taken as folded too, so its reader says there are no stacks."""
    first = next((line for line in head.lines if line.strip() and not line.lstrip().startswith("#")), None)
    if first is None:
        return "\0" not in head.text
    return parse_count(first.split()[-1]) is not None


def is_svg_flame(head: Head) -> bool:
    return "<svg" in head.text and any(TITLE.match(t) for t in SVG_TITLE.findall(head.text))


def is_pprof(head: Head) -> bool:
    """Gzipped protobuf: the first byte is the key of a Profile field (1-14, a varint or bytes).

    Go writes time_nanos (field 9) first, others sample_type (field 1).
    """
    key = head.inflated[0] if head.inflated else 0
    return 1 <= key >> 3 <= 14 and key & 7 in (0, 2)


def is_massif(head: Head) -> bool:
    return head.text.startswith("desc:") and any(line.startswith("time_unit:") for line in head.lines[:10])


def is_callgrind(head: Head) -> bool:
    return head.text.startswith("# callgrind format") or any(
        line.startswith("creator: callgrind") for line in head.lines[:20])


@dataclass(frozen=True)
class ProfileFormat:
    name: str
    what: str  # what writes it, for messages and the README
    detect: Callable[[Head], bool]
    read: Callable[[Path, str], Profile]  # (path, weight)
    periods: bool = False  # True: it has a second weight, 'weight: period' (times or event counts)


PROFILE_FORMATS = (
    ProfileFormat("perf-script", "raw `perf script` output", is_perf_script, read_perf_script, periods=True),
    ProfileFormat("speedscope", "speedscope JSON (py-spy --format speedscope)",
                  lambda head: head.json_keys("shared", "frames", "profiles"), read_speedscope),
    ProfileFormat("cpuprofile", "a V8 .cpuprofile (node --cpu-prof, Chrome DevTools)",
                  lambda head: head.json_keys("nodes", "callFrame"), read_cpuprofile, periods=True),
    ProfileFormat("callgrind", "a callgrind.out file (valgrind --tool=callgrind)", is_callgrind, read_callgrind),
    ProfileFormat("pprof", "a pprof profile (go test -cpuprofile, gzipped protobuf)", is_pprof, read_pprof,
                  periods=True),
    ProfileFormat("jfr", "Java Flight Recorder samples as JSON (jfr print --json)",
                  lambda head: head.json_keys("recording", "events") and '"jdk.' in head.text, read_jfr),
    ProfileFormat("dhat", "a DHAT heap profile (valgrind --tool=dhat)",
                  lambda head: head.json_keys("dhatFileVersion", "pps"), read_dhat),
    ProfileFormat("massif", "a massif heap profile (valgrind --tool=massif), at its peak", is_massif, read_massif),
    ProfileFormat("flamegraph-svg", "a flame-graph SVG (flamegraph.pl, inferno, py-spy)", is_svg_flame,
                  read_svg_stacks),
    ProfileFormat("folded", "folded stacks (stackcollapse-*.pl, py-spy --format raw, inferno-collapse)",
                  is_folded, lambda path, weight: read_folded(path)),
)
REGISTRY = {f.name: f for f in PROFILE_FORMATS}
FORMATS = ("auto", "folded", "perf-script", *(name for name in REGISTRY if name not in ("folded", "perf-script")))

#: Files that are recognisably something else: (test, what it is and what to do).
FOREIGN: tuple[tuple[Callable[[Head], bool], str], ...] = (
    (lambda head: head.raw.startswith(b"PERFILE2"),
     "a perf.data file (perf record's binary output), which perfblog does not read: "
     "run 'perf script -i perf.data > profile.perf.txt' and use that"),
    (lambda head: head.raw.startswith(b"FLR\0"),
     "a binary Java Flight Recorder file, which perfblog does not read: run "
     "'jfr print --json --events jdk.ExecutionSample recording.jfr > recording.jfr.json' and use that"),
    (lambda head: head.json_keys("traceEvents") or head.text.lstrip().startswith("[{\""),
     "a Chrome trace (trace events), not a CPU profile, which perfblog does not read: "
     "save a .cpuprofile from the Performance panel or use 'node --cpu-prof'"),
    (lambda head: head.raw[:4] in (b"\x28\xb5\x2f\xfd",) or head.text.startswith("v 10"),
     "heaptrack's raw data, which perfblog does not read: "
     "run 'heaptrack_print --flamegraph-file stacks.folded heaptrack.*.zst' and use that"),
    (lambda head: head.raw[:8] == b"\x89PNG\r\n\x1a\n" or head.raw[:3] == b"\xff\xd8\xff",
     "an image, not a profile: show it with a 'compare' block"),
    (lambda head: "<svg" in head.text,
     "an SVG without flame-graph frames (titles like 'name (12 samples, 3.4%)'), which perfblog "
     "cannot read stacks from: embed it with a 'flamegraph-svg' block"),
)


def read_head(path: Path) -> Head:
    with open(path, "rb") as handle:
        return Head(handle.read(HEAD_BYTES))


def recognised(head: Head) -> list[str]:
    """The formats that recognise ``head``, folded (the catch-all) last."""
    return [f.name for f in PROFILE_FORMATS if f.detect(head)]


def sniff_format(path: Path) -> str:
    """The format that recognises ``path`` first, 'folded' when none does (the parser then says
    where the file stops looking like folded stacks): what ``perfblog import`` checks."""
    return next(iter(recognised(read_head(path))), "folded")


def detect_format(path: Path) -> str:
    """The name of the one format that recognises ``path``; otherwise an error that explains."""
    head = read_head(path)
    found = recognised(head)
    specific = [name for name in found if name != "folded"]
    if len(specific) > 1:
        raise PerfblogError(f"could be {' or '.join(specific)}: say which with a 'format:' line",
                            path=str(path), key="format")
    if found:
        return found[0]
    for test, explanation in FOREIGN:
        if test(head):
            raise PerfblogError(f"this looks like {explanation}", path=str(path))
    known = "; ".join(f"{f.name}: {f.what}" for f in PROFILE_FORMATS)
    raise PerfblogError(f"cannot tell what profile format this is; perfblog reads {known}. "
                        "If it is one of them, say which with a 'format:' line", path=str(path))


def load_profile(path: Path, fmt: str = "auto", weight: str = "samples") -> Profile:
    """Read ``path`` as ``fmt`` (a name in FORMATS); ``weight`` is for formats with several values."""
    found = REGISTRY[detect_format(path) if fmt == "auto" else fmt]
    if weight != "samples" and not found.periods:
        raise PerfblogError(f"'weight: {weight}' is for perf script, pprof and .cpuprofile profiles; "
                            f"{path.name} is a {found.name} profile, with one weight", key="weight")
    profile = found.read(path, weight)
    if not profile.total:
        raise PerfblogError("every stack has a count of 0: there is nothing to draw", path=str(path))
    return profile
