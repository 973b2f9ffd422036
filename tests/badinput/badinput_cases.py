"""The bad-input corpus: one broken post per case, each made from the project's real fixtures.

A case is a post (``content/posts/<name>/index.md``, slug ``<name>``), the data
files it names, and what the build must print about it: the line of the post
and a distinctive part of the message. How each bad file was made is in
README.md beside this file; every number in it is the real tool's, except the
one the case corrupts on purpose.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from badinput_site import FIXTURES, ROOT

BENCH = FIXTURES / "bench"
FLAME = FIXTURES / "flame"
HYPERFINE = BENCH / "hyperfine-1.15.0" / "hf_two_commands.json"
HYPERFINE_MD = BENCH / "hyperfine-1.15.0" / "hf_two_commands.md"
PYTEST_BENCHMARK = BENCH / "pytest-benchmark-5.3.1" / "pytest_benchmark_before.json"
GBENCH = BENCH / "google-benchmark-1.7.1" / "gbench_before_reps3.json"
PYPERF = BENCH / "pyperf-2.11.0" / "before.json"
GO = BENCH / "go-1.19.8" / "go_bench_before.txt"
LIBTEST = BENCH / "libtest-nightly-1.97.0" / "libtest_bench.stdout.txt"
CRITERION = BENCH / "criterion-0.3.6" / "D_fast_vs_before.target" / "criterion"
FIB20 = "fib 20/new/estimates.json"  # the file of CRITERION the cases corrupt
FOLDED = FLAME / "pyspy-wordcount.folded"
FOLDED_PERF = FLAME / "perf-before.folded"
FOLDED_WIDE = FLAME / "pyspy-before.folded"  # 22 frames: over the limits build's frame cap
PERF_SCRIPT = FLAME / "perf-script-sort-before.txt"
PERF_SCRIPT_LARGE = ROOT / "content" / "posts" / "2026-11-27-word-count" / "profiles" / "after.perf.txt"  # 1.7 MB
SVG = FLAME / "pyspy-wordcount.svg"

#: 512 bytes of noise (the same every run): a binary file given by mistake.
NOISE = random.Random(512).randbytes(512)
FENCE = 6  # the line a body starts at: after the four header lines and a blank one
#: Settings of the "limits" build: small enough for its cases to cross, large enough for HEALTHY.
LIMITS = "\nPERFBLOG_MAX_INPUT_MB = 1\nPERFBLOG_MAX_FRAMES = 15\n"

Edit = Callable[[bytes], bytes]
Maker = Callable[[Path], None]  # writes a data file (or a neighbour post) for the post in this folder


def unchanged(data: bytes) -> bytes:
    return data


def truncated(data: bytes) -> bytes:
    """The first half of a file, as a full disk or an interrupted copy leaves it."""
    return data[: len(data) // 2]


def replaced(old: str, new: str) -> Edit:
    """One deliberate corruption: the first ``old`` (which must be there) becomes ``new``
    (where ``\\udcf6`` is the lone byte 0xF6, as in ``write_post``)."""

    def edit(data: bytes) -> bytes:
        assert old.encode() in data, f"{old!r} is not in the fixture"
        return data.replace(old.encode(), new.encode("utf-8", "surrogateescape"), 1)

    return edit


def substituted(pattern: str, new: str) -> Edit:
    """Every match of the multiline regex ``pattern`` (which must match) becomes ``new``."""

    def edit(data: bytes) -> bytes:
        result, count = re.subn(pattern.encode(), new.encode(), data, flags=re.M)
        assert count, f"{pattern!r} matches nothing in the fixture"
        return result

    return edit


#: perf script as recorded without -g: the sample lines stay, their indented callchains go.
without_callchains = substituted(r"^\s+\S.*\n", "")
#: Every line a comment: a folded file without a single stack.
commented_out = substituted(r"^", "# ")


def without_last_count(data: bytes) -> bytes:
    """A folded file cut just before its last line's count."""
    return data[: data.rindex(b" ") + 1]


def _put(post: Path, to: str, data: bytes) -> None:
    target = post / to
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def copied(fixture: Path, to: str, edit: Edit = unchanged) -> Maker:
    """A real fixture copied into the post as ``to``, through ``edit``."""
    return lambda post: _put(post, to, edit(fixture.read_bytes()))


def written(to: str, data: bytes) -> Maker:
    """A file that is no tool's output: empty, noise, or a few numbers typed by hand."""
    return lambda post: _put(post, to, data)


def criterion_copy(to: str, edit: Edit = unchanged) -> Maker:
    """The real Criterion folder copied into the post, its ``FIB20`` through ``edit``."""

    def make(post: Path) -> None:
        shutil.copytree(CRITERION, post / to)
        estimates = post / to / FIB20
        estimates.write_bytes(edit(estimates.read_bytes()))

    return make


def fifo(to: str) -> Maker:
    """A named pipe: opening it for reading would block the build until a writer comes."""

    def make(post: Path) -> None:
        (post / to).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(post / to)

    return make


def neighbour(name: str, slug: str) -> Maker:
    """A healthy post beside this one, holding the slug the case then reuses."""
    return lambda post: write_post(post.parent / name, "Some prose.\n", {**header(name), "slug": slug})


def header(name: str) -> dict[str, str]:
    return {"title": f"Bad input: {name}", "date": "2026-11-01 10:00", "slug": name,
            "summary": "One case of the bad-input corpus."}


def write_post(folder: Path, body: str, meta: dict[str, str]) -> None:
    """``index.md``: ``meta`` as its header (four lines, then extra ones), a blank line, ``body``.

    Encoded with surrogateescape, so ``\\udce9`` in a body is the lone byte 0xE9.
    """
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{key.capitalize()}: {value}\n" for key, value in meta.items()) + "\n" + body
    (folder / "index.md").write_bytes(text.encode("utf-8", "surrogateescape"))


def fenced(kind: str, *lines: str) -> str:
    """A block as an author writes it; as a body, its n-th line is at FENCE + n."""
    return "\n".join([f"```{kind}", *lines, "```"]) + "\n"


@dataclass(frozen=True)
class Case:
    """One broken post and what the build must say about it."""

    name: str
    body: str
    line: int  # where the problem is, in the post
    says: str  # a distinctive part of the message
    data: tuple[Maker, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()  # header fields added or replaced
    level: str = "ERROR"
    build: str = "shared"  # the few cases that cannot share the corpus build get one of their own
    xfail: str = ""  # what the plugin gets wrong, until it is fixed

    def write(self, posts: Path) -> None:
        write_post(posts / self.name, self.body, {**header(self.name), **dict(self.meta)})
        for make in self.data:
            make(posts / self.name)

    def param(self):
        marks = pytest.mark.xfail(strict=True, reason=self.xfail) if self.xfail else ()
        return pytest.param(self, id=self.name, marks=marks)


def data_case(name: str, kind: str, to: str, make: Maker, says: str, *options: str, line: int = FENCE + 1,
              **extra) -> Case:
    """The common shape: a block whose first line, ``file: <to>``, names the one bad file."""
    return Case(name, fenced(kind, f"file: {to}", *options), line, says, (make,), **extra)


def file_case(name: str, kind: str, fixture: Path, edit: Edit, says: str, *options: str, **extra) -> Case:
    """A block over ``fixture`` passed through ``edit``, named like the fixture in data/."""
    to = f"data/{fixture.name}"
    return data_case(name, kind, to, copied(fixture, to, edit), says, *options, **extra)


def option_case(name: str, kind: str, fixture: Path, option: str, says: str) -> Case:
    """A block over a healthy fixture whose second line, ``option``, is wrong."""
    return file_case(name, kind, fixture, unchanged, says, option, line=FENCE + 2)


def diff_option_case(name: str, option: str, says: str) -> Case:
    """A flamegraph-diff of two healthy profiles whose third line, ``option``, is wrong."""
    return Case(name, fenced("flamegraph-diff", *BEFORE_AFTER, option), FENCE + 3, says, DIFF_DATA)


def binary_case(fmt: str, kind: str = "bench", says: str = "is not UTF-8 text") -> Case:
    """Noise given to a block as format ``fmt`` ('' lets the block detect it)."""
    return data_case(f"binary-as-{fmt or 'auto'}", kind, "data/noise.bin", written("data/noise.bin", NOISE), says,
                     *([f"format: {fmt}"] if fmt else []))


BEFORE_AFTER = ("before: data/before.folded", "after: data/after.folded")
DIFF_DATA = (copied(FOLDED_PERF, "data/before.folded"), copied(FLAME / "perf-after.folded", "data/after.folded"))
HEALTHY_BODY = "\n".join([fenced("bench", f"file: data/{HYPERFINE.name}"),
                          fenced("flamegraph", f"file: data/{FOLDED.name}")])
#: Not a case: the post every build must still write, with its table and its graph.
HEALTHY = Case("healthy", HEALTHY_BODY, 0, "", (copied(HYPERFINE, f"data/{HYPERFINE.name}"),
                                                copied(FOLDED, f"data/{FOLDED.name}")))
#: hyperfine's --export-markdown file beside the data it came from: data, never an article.
EXPORT_MARKDOWN = Case("export-markdown", HEALTHY_BODY, 0, "",
                       (*HEALTHY.data, copied(HYPERFINE_MD, f"data/{HYPERFINE_MD.name}")))

ALTS = ("before-alt: the page before", "after-alt: the page after")
#: The root <svg> without its width, height and viewBox: an image with no size.
SVG_NO_SIZE = replaced('<svg version="1.1" width="1200" height="170" onload="init(evt)" viewBox="0 0 1200 170"',
                       '<svg version="1.1" onload="init(evt)"')

CASES = [
    # --- truncated, malformed, empty, binary and non-UTF-8 data files ---------------------------
    file_case("hyperfine-truncated", "bench", HYPERFINE, truncated, "malformed JSON"),
    file_case("pytest-benchmark-truncated", "bench", PYTEST_BENCHMARK, truncated, "malformed JSON"),
    file_case("gbench-truncated", "bench", GBENCH, truncated, "malformed JSON"),
    file_case("pyperf-truncated", "bench", PYPERF, truncated, "malformed JSON"),
    data_case("criterion-truncated", "bench", "data/criterion", criterion_copy("data/criterion", truncated),
              f"data/criterion/{FIB20}:1: malformed JSON"),
    file_case("go-truncated", "bench", GO, truncated, f"data/{GO.name}:15: the file ends as BenchmarkJoin-2 starts"),
    data_case("csv-extra-cell", "bench", "data/results.csv",
              written("data/results.csv", b"benchmark,mean (ms)\npython3 slow.py,421.3\npython3 fast.py,123.6,9.7\n"),
              "data/results.csv:3: this row has 3 cells but the header has 2"),
    data_case("csv-not-a-number", "bench", "data/results.csv",
              written("data/results.csv", b"benchmark,mean (ms)\npython3 slow.py,421.3\npython3 fast.py,fast\n"),
              "data/results.csv:3: cannot read 'fast'"),
    data_case("empty-file-bench", "bench", "data/empty.json", written("data/empty.json", b""), "is empty"),
    data_case("empty-file-hyperfine", "bench", "data/empty.json", written("data/empty.json", b""), "is empty",
              "format: hyperfine"),
    data_case("empty-file-flamegraph", "flamegraph", "data/empty.folded", written("data/empty.folded", b""),
              "no stacks found"),
    binary_case(""),
    binary_case("hyperfine"),
    binary_case("pytest-benchmark"),
    binary_case("gbench"),
    binary_case("pyperf"),
    binary_case("criterion", says="Criterion data is a folder"),
    binary_case("csv"),
    binary_case("go"),
    binary_case("libtest"),
    binary_case("folded", "flamegraph", says="data/noise.bin:1: expected 'frame;frame;... count'"),
    binary_case("perf-script", "flamegraph", says="no samples found"),
    data_case("binary-as-svg", "flamegraph-svg", "data/graph.svg", written("data/graph.svg", NOISE),
              "data/graph.svg is not an SVG image with a size", "alt: a flame graph"),
    Case("binary-as-png", fenced("compare", "before: data/before.png", f"after: data/{SVG.name}", *ALTS), FENCE + 1,
         "data/before.png is not a PNG", (written("data/before.png", NOISE), copied(SVG, f"data/{SVG.name}"))),
    file_case("non-utf8-hyperfine", "bench", HYPERFINE,
              replaced("python3 slow.py", "python3 sl\udcf6w.py"),
              "is not UTF-8 text"),
    data_case("json-nested-5000-deep", "bench", "data/deep.json", written("data/deep.json", b"[" * 5000 + b"]" * 5000),
              "data/deep.json:"),
    # --- numbers that cannot be true ------------------------------------------------------------
    file_case("hyperfine-mean-zero", "bench", HYPERFINE, replaced('"mean": 0.42126672359999995', '"mean": 0'),
              "must be positive"),
    file_case("hyperfine-mean-negative", "bench", HYPERFINE,
              replaced('"mean": 0.42126672359999995', '"mean": -0.42126672359999995'), "must be positive"),
    file_case("pytest-benchmark-nan", "bench", PYTEST_BENCHMARK,
              replaced('"mean": 0.00013232224642923792', '"mean": NaN'), "not a finite number"),
    file_case("pytest-benchmark-mean-text", "bench", PYTEST_BENCHMARK,
              replaced('"mean": 0.00013232224642923792', '"mean": "fast"'), "'mean' should be a number"),
    data_case("criterion-mean-zero", "bench", "data/criterion",
              criterion_copy("data/criterion", replaced('"point_estimate":5.202386834452356', '"point_estimate":0')),
              "must be positive"),
    file_case("gbench-unknown-unit", "bench", GBENCH, replaced('"time_unit": "ns"', '"time_unit": "fortnights"'),
              "unknown unit 'fortnights'"),
    file_case("hyperfine-no-results", "bench", HYPERFINE, substituted(r'"results": \[(.|\n)*\]', '"results": []'),
              "holds no benchmark results"),
    file_case("go-value-not-a-number", "bench", GO, replaced("815.1 ns/op", "eight ns/op"), f"data/{GO.name}:5:"),
    file_case("libtest-value-not-a-number", "bench", LIBTEST, replaced("1.88 ns/iter", "fast ns/iter"),
              f"data/{LIBTEST.name}:3:"),
    # --- profiles -------------------------------------------------------------------------------
    file_case("folded-all-zero", "flamegraph", FOLDED, substituted(r"\d+$", "0"), "every stack has a count of 0"),
    file_case("folded-bad-count", "flamegraph", FOLDED,
              replaced("make_text (wordcount.py:8) 1\n", "make_text (wordcount.py:8) one\n"),
              f"data/{FOLDED.name}:3: expected 'frame;frame;... count'"),
    file_case("folded-no-stacks", "flamegraph", FOLDED, commented_out, "no stacks found"),
    file_case("perf-script-without-g", "flamegraph", PERF_SCRIPT, without_callchains, "no call stacks"),
    file_case("folded-as-perf-script", "flamegraph", FOLDED, unchanged, "no samples found", "format: perf-script"),
    file_case("calltree-no-stacks", "calltree", FOLDED, commented_out, "no stacks found"),
    file_case("hotfunctions-without-g", "hotfunctions", PERF_SCRIPT, without_callchains, "no call stacks"),
    Case("diff-truncated-after", fenced("flamegraph-diff", *BEFORE_AFTER), FENCE + 2,
         "data/after.folded:", (copied(FOLDED_PERF, "data/before.folded"),
                                copied(FOLDED_PERF, "data/after.folded", without_last_count))),
    Case("diff-unrelated-profiles", fenced("flamegraph-diff", *BEFORE_AFTER), FENCE + 2,
         "sits under call paths found in both profiles", (copied(FOLDED, "data/before.folded"),
                                                           copied(FOLDED_PERF, "data/after.folded")), level="WARNING"),
    # --- options --------------------------------------------------------------------------------
    option_case("option-typo", "bench", HYPERFINE, "chrat: no",
                "unknown option 'chrat' for a bench block (did you mean 'chart'?)"),
    option_case("option-twice", "bench", HYPERFINE, f"file: data/{HYPERFINE.name}", "'file' is given twice"),
    option_case("option-not-key-value", "bench", HYPERFINE, "the slow one first",
                "cannot read this line of the bench block: expected 'key: value'"),
    option_case("bad-boolean", "bench", HYPERFINE, "chart: maybe", "'chart' must be yes or no, not 'maybe'"),
    option_case("bad-share", "flamegraph", FOLDED, "min-width: 200%", "'min-width' must be a share"),
    option_case("bad-whole-number", "hotfunctions", FOLDED, "top: many",
                "'top' must be a whole number from 1 to 100"),
    option_case("whole-number-too-big", "hotfunctions", FOLDED, "top: 500",
                "'top' must be a whole number from 1 to 100"),
    option_case("bad-choice", "flamegraph", FOLDED, "format: xml",
                "'format' must be one of auto, folded, perf-script, "),
    option_case("choice-typo", "flamegraph", PERF_SCRIPT, "weight: periods", "did you mean 'period'?"),
    option_case("unknown-format", "bench", HYPERFINE, "format: hyperfin",
                "unknown format 'hyperfin' (did you mean 'hyperfine'"),
    file_case("wrong-format", "bench", HYPERFINE, unchanged, "missing 'benchmarks'", "format: gbench"),
    option_case("bad-fraction", "bench", HYPERFINE, "noise-threshold: 2", "'noise-threshold' should be a fraction"),
    option_case("bad-significance", "bench", HYPERFINE, "significance: often", "'significance' should be a fraction"),
    option_case("bad-better", "bench", HYPERFINE, "better: sideways", "'better' should be 'lower', 'higher'"),
    option_case("benchmark-typo", "bench", HYPERFINE, "benchmarks: python3 slwo.py",
                "no benchmark result matches 'python3 slwo.py' in benchmarks (did you mean 'python3 slow.py'"),
    option_case("metric-typo", "bench", HYPERFINE, "metrics: tiem", "no benchmark result matches 'tiem' in metrics"),
    option_case("unknown-baseline", "bench", HYPERFINE, "baseline: python3 medium.py",
                "no benchmark 'python3 medium.py' to compare against"),
    diff_option_case("bad-rename", "rename: main", "'rename' takes 'old = new' pairs"),
    diff_option_case("bad-fallback", "fallback: ignore", "'fallback' must be one of warn, side-by-side, not 'ignore'"),
    diff_option_case("bad-normalize", "normalize: perhaps", "'normalize' must be yes or no"),
    option_case("calltree-depth-zero", "calltree", FOLDED, "depth: 0", "'depth' must be a whole number from 1 to 64"),
    option_case("calltree-bad-threshold", "calltree", FOLDED, "threshold: 150%", "'threshold' must be a share"),
    option_case("max-frames-zero", "flamegraph", FOLDED, "max-frames: 0", "'max-frames' must be a whole number"),
    file_case("hotfunctions-file-and-before", "hotfunctions", FOLDED, unchanged,
              "give either 'file:' or 'before:' and 'after:', not both", f"before: data/{FOLDED.name}"),
    data_case("criterion-unknown-version", "bench", "data/criterion#nwe", criterion_copy("data/criterion"),
              "has no version 'nwe' (did you mean 'new'?)"),
    Case("missing-required-option", fenced("flamegraph-diff", "before: data/before.folded"), FENCE,
         "needs an 'after:' line", (copied(FOLDED, "data/before.folded"),)),
    Case("flamegraph-without-file", fenced("flamegraph", "caption: Where the time goes"), FENCE,
         "the flamegraph block needs a 'file:' line"),
    Case("bench-without-data", fenced("bench", "caption: Startup time"), FENCE,
         "needs a 'file:' line, inline data, or 'before:' and 'after:'"),
    Case("before-without-after", fenced("bench", f"before: data/{HYPERFINE.name}"), FENCE + 1,
         "'after' is missing", (copied(HYPERFINE, f"data/{HYPERFINE.name}"),)),
    Case("version-of-no-data", fenced("bench", "before: #slow", "after: #fast"), FENCE + 1,
         "names a version of the block's data, but there is none"),
    Case("inline-table-short-row", fenced("bench", "caption: Typed by hand", "",
                                          "| benchmark | before (ms) | after (ms) |", "|---|---|---|",
                                          "| python3 slow.py | 421.3 |"), FENCE + 5,
         "this row has 2 cells but the header has 3"),
    # --- journey and environment ----------------------------------------------------------------
    Case("journey-one-version", fenced("journey", f"versions: Only = data/{HYPERFINE.name}"), FENCE + 1,
         "a journey needs at least two versions", (copied(HYPERFINE, f"data/{HYPERFINE.name}"),)),
    Case("journey-without-versions", fenced("journey", "caption: Three attempts"), FENCE,
         "the journey block needs 'versions:'"),
    Case("journey-missing-file", fenced("journey", f"versions: A = data/{HYPERFINE.name}, B = data/gone.json"),
         FENCE + 1, "no such file: data/gone.json", (copied(HYPERFINE, f"data/{HYPERFINE.name}"),)),
    Case("environment-without-facts", fenced("environment", "caption: The machine"), FENCE, "no environment facts"),
    Case("environment-bad-fact", fenced("environment", "caption: The machine", "", "CPU: AMD EPYC", "just words"),
         FENCE + 4, "expected 'Key: value'"),
    file_case("environment-truncated-gbench", "environment", GBENCH, truncated, "malformed JSON"),
    # --- images ---------------------------------------------------------------------------------
    Case("compare-text-as-png", fenced("compare", "before: data/before.png", f"after: data/{SVG.name}", *ALTS),
         FENCE + 1, "data/before.png is not a PNG, JPEG, GIF, WebP or SVG image",
         (copied(HYPERFINE_MD, "data/before.png"), copied(SVG, f"data/{SVG.name}"))),
    Case("compare-missing-alt", fenced("compare", f"before: data/{SVG.name}", f"after: data/{SVG.name}"), FENCE,
         "needs 'before-alt:'", (copied(SVG, f"data/{SVG.name}"),)),
    file_case("svg-without-size", "flamegraph-svg", SVG, SVG_NO_SIZE, "is not an SVG image with a size",
              "alt: a flame graph"),
    file_case("svg-names-home-folder", "flamegraph-svg", SVG, unchanged, "names local folders (/home/demo",
              "alt: a flame graph", level="WARNING"),
    file_case("svg-missing-alt", "flamegraph-svg", SVG, unchanged, "needs 'alt:'", line=FENCE),
    file_case("memory-of-times-only", "memory", HYPERFINE, unchanged, "the data has no figures this block shows",
              line=FENCE),
    # --- paths ----------------------------------------------------------------------------------
    Case("path-outside-content", fenced("bench", "file: ../../../../etc/passwd"), FENCE + 1,
         "'../../../../etc/passwd' is outside the content folder"),
    Case("path-missing", fenced("bench", "file: data/nope.json"), FENCE + 1, "no such file: data/nope.json"),
    data_case("path-folder-flamegraph", "flamegraph", "data", copied(FOLDED, f"data/{FOLDED.name}"),
              "cannot read data"),
    data_case("path-folder-hyperfine", "bench", "data", copied(HYPERFINE, f"data/{HYPERFINE.name}"),
              "is a folder, but this format is a single file", "format: hyperfine"),
    data_case("path-fifo", "bench", "data/pipe.json", fifo("data/pipe.json"), "is not a regular file or folder",
              build="fifo"),
    # --- block syntax ---------------------------------------------------------------------------
    Case("info-word-typo", fenced("flamegrpah", f"file: data/{FOLDED.name}"), FENCE, "(did you mean 'flamegraph'?)",
         (copied(FOLDED, f"data/{FOLDED.name}"),), level="WARNING"),
    Case("block-never-closed", f"```bench\nfile: data/{HYPERFINE.name}\n\nMore prose.\n", FENCE,
         "the bench block opened here is never closed", (copied(HYPERFINE, f"data/{HYPERFINE.name}"),)),
    Case("fence-on-list-item-line", f"- ```bench\n  file: data/{HYPERFINE.name}\n  ```\n", FENCE,
         "cannot start on the list item's own line", (copied(HYPERFINE, f"data/{HYPERFINE.name}"),)),
    # --- the post itself ------------------------------------------------------------------------
    Case("post-bad-date", "Some prose.\n", 2, "cannot read Date: 'next tuesday'", meta=(("date", "next tuesday"),)),
    Case("post-bad-modified", "Some prose.\n", 5, "cannot read Modified: 'soonish'", meta=(("modified", "soonish"),)),
    Case("post-not-utf8", "Some prose.\nCaf\udce9 au lait.\n", FENCE + 1, "not UTF-8 text"),
    Case("post-reading-time-word", "Some prose.\n", 5, "Reading_time must be a whole number",
         meta=(("reading_time", "soon"),)),
    Case("post-duplicate-slug", "Some prose.\n", 3, "the slug 'duplicate' is also used by",
         (neighbour("post-duplicate-slug-first", "duplicate"),), meta=(("slug", "duplicate"),), build="duplicate-slug"),
    # --- limits the settings set ----------------------------------------------------------------
    file_case("input-over-limit", "flamegraph", PERF_SCRIPT_LARGE, unchanged, "over the limit of 1 MB",
              build="limits"),
    file_case("frames-over-cap", "flamegraph", FOLDED_WIDE, unchanged, "only the 15 widest frames are drawn",
              line=FENCE, level="WARNING", build="limits"),
]
